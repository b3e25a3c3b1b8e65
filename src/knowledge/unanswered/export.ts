/**
 * The export of unanswered questions (`civic-engage questions export`, GET
 * /api/admin/questions/unanswered): every question in a window with its group, as CSV through the
 * one CSV writer (src/lib/csv.ts: cells that start like a formula are neutralised) or as JSON with
 * the groups per language, most asked first. No contact id and no address: exports travel; phone
 * numbers and e-mail addresses in the text were replaced when it was stored, and are again here.
 * Pure.
 */
import { writeCsv } from '../../lib/csv';
import { localDateTime } from '../../lib/time-zones';
import { groupUnanswered, type UnansweredGroup } from './group';
import { scrubPersonal } from './scrub';
import type { UnansweredRow } from './store';

export type QuestionsFormat = 'csv' | 'json';

/** The columns of the CSV export, in order. */
export const QUESTION_COLUMNS = ['id', 'created_at', 'local_time', 'language', 'channel', 'text', 'group', 'nearest_topic'] as const;

/** The window an export covers and when it was made. */
export interface ExportWindow {
  since?: Date;
  until?: Date;
  exportedAt: Date;
}

function records(rows: readonly UnansweredRow[], groupOf: Map<string, string>, timeZone: string) {
  return rows.map((r) => ({
    id: r.id,
    created_at: r.created_at.toISOString(),
    local_time: localDateTime(r.created_at, timeZone),
    language: r.language,
    channel: r.channel,
    text: scrubPersonal(r.text),
    group: groupOf.get(r.id) ?? null,
    nearest_topic: r.nearest_topic,
  }));
}

function groupRecord(g: UnansweredGroup) {
  return { key: g.key, count: g.count, people: g.people, example: g.example, nearest_topic: g.nearestTopic, channels: g.channels, first_at: g.firstAt.toISOString(), last_at: g.lastAt.toISOString() };
}

/** CSV, UTF-8 with a byte-order mark (Excel needs it for accents and non-Latin scripts), one row per question. */
export function questionsCsv(rows: readonly UnansweredRow[], timeZone: string): string {
  const { groupOf } = groupUnanswered(rows);
  return writeCsv(records(rows, groupOf, timeZone), { columns: QUESTION_COLUMNS });
}

/** JSON: the groups per language (most asked first; the first five are the digest's) and every question. */
export function questionsJson(rows: readonly UnansweredRow[], timeZone: string, window: ExportWindow): string {
  const report = groupUnanswered(rows);
  return `${JSON.stringify(
    {
      exported_at: window.exportedAt.toISOString(),
      since: window.since?.toISOString() ?? null,
      until: window.until?.toISOString() ?? null,
      time_zone: timeZone,
      count: rows.length,
      languages: report.languages.map((l) => ({ language: l.language, total: l.total, groups: l.groups.map(groupRecord) })),
      questions: records(rows, report.groupOf, timeZone),
    },
    null,
    2,
  )}\n`;
}

/** The export in `format`, with its content type and a file name for downloads. */
export function renderQuestionsExport(rows: readonly UnansweredRow[], format: QuestionsFormat, timeZone: string, window: ExportWindow) {
  const stamp = window.exportedAt.toISOString().slice(0, 10);
  if (format === 'csv') return { body: questionsCsv(rows, timeZone), contentType: 'text/csv; charset=utf-8', filename: `unanswered-questions-${stamp}.csv` };
  return { body: questionsJson(rows, timeZone, window), contentType: 'application/json; charset=utf-8', filename: `unanswered-questions-${stamp}.json` };
}
