/**
 * Writing CSV that is safe to open in a spreadsheet, for every export (feedback, shift schedules
 * and rosters, translations). A cell that starts like a formula (`=HYPERLINK("http://evil",...)`,
 * `+1 555...`, `@SUM(...)`) would run, or at least be mangled, when an organizer opens the file:
 * OWASP "CSV Injection". Every string cell is neutralised by a leading apostrophe, which
 * spreadsheets read as "this is text", and quoted. Numbers stay numbers. RFC 4180 through
 * csv-stringify. Pure.
 */
import { stringify } from 'csv-stringify/sync';

/**
 * Characters that make a spreadsheet read a cell as a formula: = + - @, tab and carriage return
 * (OWASP's list), line feed, and their full-width forms, which some spreadsheet locales accept.
 */
const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

/** A string cell made safe for a spreadsheet: a leading apostrophe turns a would-be formula into text. */
export function neutralizeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * A cell safe to open in a spreadsheet that a later import reads back exactly: neutralizeCell's
 * apostrophe before = + - @ etc., also added to a text that already starts with apostrophes before
 * one of those, so that unsafeCell can always take exactly one off (`'=x` stays `'=x` through a
 * round trip).
 */
export function safeCell(value: string): string {
  const bare = value.replace(/^'+/, '');
  return neutralizeCell(bare) !== bare ? `'${value}` : value;
}

/** The inverse of safeCell, for files that were written with it and come back (imports). */
export function unsafeCell(value: string): string {
  const bare = value.replace(/^'+/, '');
  return value.startsWith("'") && neutralizeCell(bare) !== bare ? value.slice(1) : value;
}

/** A cell value: text is neutralised, numbers are written as numbers, null and undefined as empty. */
export type CsvValue = string | number | null | undefined;

export interface CsvOptions<C extends string> {
  /** The columns, in order; the first line names them. */
  columns: readonly C[];
  /** CRLF line ends, as RFC 4180 and Excel have them (default); false: LF. */
  crlf?: boolean;
  /** A UTF-8 byte-order mark first, without which Excel misreads accents and non-Latin scripts (default). */
  bom?: boolean;
  /**
   * 'neutralize' (default) for exports read by people; 'round-trip' for files that are imported
   * again, whose importer undoes it with unsafeCell.
   */
  cells?: 'neutralize' | 'round-trip';
}

/** Rows (objects keyed by column) as CSV text, every text cell safe for a spreadsheet. */
export function writeCsv<C extends string>(rows: readonly Partial<Record<C, CsvValue>>[], opts: CsvOptions<C>): string {
  const safe = opts.cells === 'round-trip' ? safeCell : neutralizeCell;
  const records = rows.map((row) => Object.fromEntries(opts.columns.map((c) => [c, cell(row[c], safe)])));
  // A neutralised cell is quoted too (OWASP's advice), so the apostrophe is read as part of the text.
  const csv = stringify(records, { header: true, columns: [...opts.columns], quoted_match: /^'/, ...(opts.crlf ?? true ? { record_delimiter: 'windows' as const } : {}) });
  return (opts.bom ?? true ? '\uFEFF' : '') + csv;
}

function cell(value: CsvValue, safe: (s: string) => string): string | number {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? safe(value) : value;
}
