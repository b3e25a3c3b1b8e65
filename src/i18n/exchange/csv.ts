/**
 * Translations as CSV, for spreadsheets: one row per key and language with the English source,
 * the translation and the note. Written by the one CSV writer (src/lib/csv.ts: RFC 4180 with CRLF,
 * UTF-8 with a byte-order mark so Excel reads every script, cells neutralised against formula
 * injection in the form import undoes); read back from whatever a spreadsheet saves (BOM or not,
 * `,` `;` or tab, quoted newlines, reordered or extra columns). Pure.
 */
import { parse } from 'csv-parse/sync';
import { unsafeCell, writeCsv } from '../../lib/csv';
import type { ExchangeUnit, ImportedUnit } from './units';

/** The columns, in order. `source` and `note` are for the translator; import reads key, language and translation. */
export const CSV_COLUMNS = ['key', 'language', 'source', 'translation', 'note'] as const;

/** The units as CSV text (with BOM). */
export function unitsToCsv(units: ExchangeUnit[]): string {
  // Round-trip cells: `locales import` reads the file back (unsafeCell), so a translation that
  // starts with an apostrophe survives. Keys and language codes never start like a formula.
  return writeCsv(
    units.map((u) => ({ key: u.key, language: u.language, source: u.source, translation: u.translation, note: u.note })),
    { columns: CSV_COLUMNS, cells: 'round-trip' },
  );
}

/** A problem with the file itself, or with one of its rows. */
export interface FileIssue {
  line: number;
  message: string;
}

/** The units of a CSV file, each with the line its record starts on, and the problems that stop reading it. */
export function csvToUnits(data: Buffer | string): { units: ImportedUnit[]; issues: FileIssue[] } {
  let buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  // Excel's "Unicode Text" is UTF-16LE (tab-separated); read it as the same text in UTF-8.
  if (buffer[0] === 0xff && buffer[1] === 0xfe) buffer = Buffer.from(buffer.subarray(2).toString('utf16le'), 'utf8');
  const text = buffer.toString('utf8');
  const broken = text.indexOf('\uFFFD');
  if (broken >= 0) {
    // Excel's plain "CSV" is the Windows code page: accents would arrive as garbage.
    return { units: [], issues: [{ line: text.slice(0, broken).split('\n').length, message: 'the file is not UTF-8: save it as "CSV UTF-8" (Excel) or with the UTF-8 character set' }] };
  }
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
  // Spreadsheets in many locales save with ";" (the decimal comma takes ","); some tools use tabs.
  const delimiter = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const).sort((a, b) => b[1] - a[1])[0][0];

  let records: { record: string[]; info: { bytes: number } }[];
  try {
    records = parse(buffer, { bom: true, delimiter, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as Error & { lines?: number };
    return { units: [], issues: [{ line: e.lines ?? 1, message: `not readable as CSV: ${e.message}` }] };
  }

  // csv-parse reports the bytes consumed after each record; a record starts at the first
  // non-blank line after the previous one.
  const lineAt = lineCounter(buffer);
  let offset = 0;
  const rows = records.map(({ record, info }) => {
    let start = offset;
    while (start < buffer.length && (buffer[start] === 0x0a || buffer[start] === 0x0d)) start++;
    offset = info.bytes;
    return { record, line: lineAt(start) };
  });
  if (!rows.length) return { units: [], issues: [{ line: 1, message: 'the file is empty' }] };

  const header = rows[0].record.map((h) => h.trim().toLowerCase());
  const column = Object.fromEntries(CSV_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof CSV_COLUMNS)[number], number>;
  const missing = (['key', 'language', 'translation'] as const).filter((c) => column[c] < 0);
  if (missing.length) {
    return { units: [], issues: [{ line: rows[0].line, message: `the header must name the columns ${CSV_COLUMNS.join(', ')} (missing: ${missing.join(', ')})` }] };
  }

  const units: ImportedUnit[] = [];
  for (const { record, line } of rows.slice(1)) {
    if (record.every((cell) => !cell.trim())) continue; // a blank row a spreadsheet left
    const cell = (i: number) => (i >= 0 ? record[i] ?? '' : '');
    const unit: ImportedUnit = {
      key: cell(column.key).trim(),
      language: cell(column.language).trim(),
      translation: unsafeCell(cell(column.translation)).replace(/\r\n?/g, '\n'),
      line,
    };
    if (column.source >= 0) unit.source = unsafeCell(cell(column.source)).replace(/\r\n?/g, '\n');
    units.push(unit);
  }
  return { units, issues: [] };
}

/** A function from byte offset to 1-based line (offsets are asked for in increasing order). */
function lineCounter(buffer: Buffer): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    for (; at < offset && at < buffer.length; at++) if (buffer[at] === 0x0a) line++;
    return line;
  };
}
