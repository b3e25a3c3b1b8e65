/**
 * Feedback exports: CSV for spreadsheets and JSON for tools. CSV cells are neutralized against
 * formula injection by the one CSV writer (src/lib/csv.ts): a comment such as
 * `=HYPERLINK("http://evil","click")` must arrive as text, not run when an organizer opens the file.
 */
import { writeCsv } from '../lib/csv';
import type { FeedbackRow } from './query';
import { localDateTime } from '../lib/time-zones';

export type ExportFormat = 'csv' | 'json';

/** The columns of a feedback export, in order. */
export const FEEDBACK_COLUMNS = ['id', 'created_at', 'local_time', 'flow', 'question', 'rating', 'choice', 'comment', 'topic', 'channel', 'language'] as const;

/** The export's records: plain values, times as ISO (UTC) and as wall-clock time in `timeZone`. */
function records(rows: FeedbackRow[], timeZone: string) {
  return rows.map((r) => ({
    id: String(r.id),
    created_at: r.created_at.toISOString(),
    local_time: localDateTime(r.created_at, timeZone),
    flow: r.flow,
    question: r.question,
    rating: r.rating,
    choice: r.choice,
    comment: r.comment,
    topic: r.topic,
    channel: r.channel,
    language: r.language,
  }));
}

/**
 * CSV (RFC 4180: CRLF, quoted as needed) in UTF-8 with a byte-order mark, which Excel needs to
 * read accents and non-Latin scripts correctly. Every text cell is neutralized; numbers stay numbers.
 */
export function feedbackCsv(rows: FeedbackRow[], timeZone: string, opts: { bom?: boolean } = {}): string {
  return writeCsv(records(rows, timeZone), { columns: FEEDBACK_COLUMNS, bom: opts.bom });
}

/** JSON: the same records, text exactly as stored (JSON is not evaluated by spreadsheets). */
export function feedbackJson(rows: FeedbackRow[], timeZone: string, window: { since?: Date; until?: Date; exportedAt: Date }): string {
  return `${JSON.stringify(
    {
      exported_at: window.exportedAt.toISOString(),
      since: window.since?.toISOString() ?? null,
      until: window.until?.toISOString() ?? null,
      time_zone: timeZone,
      count: rows.length,
      feedback: records(rows, timeZone),
    },
    null,
    2,
  )}\n`;
}

/** The export in `format`, with its content type and a file name for downloads. */
export function renderFeedbackExport(rows: FeedbackRow[], format: ExportFormat, timeZone: string, window: { since?: Date; until?: Date; exportedAt: Date }) {
  const stamp = window.exportedAt.toISOString().slice(0, 10);
  if (format === 'csv') return { body: feedbackCsv(rows, timeZone), contentType: 'text/csv; charset=utf-8', filename: `feedback-${stamp}.csv` };
  return { body: feedbackJson(rows, timeZone, window), contentType: 'application/json; charset=utf-8', filename: `feedback-${stamp}.json` };
}
