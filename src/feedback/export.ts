/**
 * Feedback exports: CSV for spreadsheets and JSON for tools. CSV cells are neutralized against
 * formula injection: a comment such as `=HYPERLINK("http://evil","click")` must arrive as text,
 * not run when an organizer opens the file (OWASP "CSV Injection").
 */
import { stringify } from 'csv-stringify/sync';
import type { FeedbackRow } from './query';
import { localDateTime } from './time';

export type ExportFormat = 'csv' | 'json';

/** The columns of a feedback export, in order. */
export const FEEDBACK_COLUMNS = ['id', 'created_at', 'local_time', 'flow', 'question', 'rating', 'choice', 'comment', 'topic', 'channel', 'language'] as const;

/**
 * Characters that make a spreadsheet read a cell as a formula: = + - @, tab and carriage return
 * (OWASP's list), line feed, and their full-width forms, which some spreadsheet locales accept.
 */
const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

/** A string cell made safe for a spreadsheet: a leading apostrophe turns a would-be formula into text. */
export function neutralizeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

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
  return safeCsv(records(rows, timeZone), FEEDBACK_COLUMNS, opts);
}

/**
 * The CSV writer for files organizers open in a spreadsheet (feedback, the console's audit log):
 * `columns` in order, every text cell neutralized, numbers kept, CRLF, a BOM unless `bom: false`.
 */
export function safeCsv(rows: readonly Record<string, unknown>[], columns: readonly string[], opts: { bom?: boolean } = {}): string {
  const safe = rows.map((r) => Object.fromEntries(columns.map((k) => [k, typeof r[k] === 'string' ? neutralizeCell(r[k] as string) : r[k] ?? ''])));
  const csv = stringify(safe, { header: true, columns: [...columns], record_delimiter: 'windows', quoted_match: /^'/ });
  return (opts.bom ?? true ? '\uFEFF' : '') + csv;
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
