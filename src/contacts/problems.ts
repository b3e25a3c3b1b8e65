/**
 * Why a contacts file, or a row of it, is refused: a code and the values it names, so each place
 * that shows it says it in its reader's language (the console in the organizer's, the command line
 * and the admin API in English), from the texts under `console-contacts.import.problems` in
 * locales/. A list of column names (`columns`) is joined in that language ("phone, whatsapp or
 * telegram_id"; "phone、whatsapp 或 telegram_id").
 */

export type ImportProblemCode =
  /** File: the header names no address column. */
  | 'no_address_column'
  /** File: more than IMPORT_MAX_ROWS rows (`line`, `max`). */
  | 'too_many_rows'
  /** File: a record longer than IMPORT_MAX_RECORD_BYTES (`line`, `max`). */
  | 'record_too_long'
  /** File: consent columns without someone who attests them. */
  | 'attest_needed'
  /** File: no header, no rows. */
  | 'empty_file'
  /** Row: no address at all (`columns`). */
  | 'address_required'
  | 'phone_invalid'
  | 'chat_id_invalid'
  /** `languages`: the shipped ones. */
  | 'language_unknown'
  | 'state_invalid'
  | 'zip_invalid'
  | 'timezone_invalid'
  | 'tag_invalid'
  | 'registered_invalid'
  | 'consent_source_without_date'
  | 'consent_date_without_source'
  | 'consent_date_invalid'
  | 'consent_date_future'
  /** `max` characters. */
  | 'consent_source_too_long'
  /** `line`: the earlier row of the same person; `columns`: the address columns. */
  | 'duplicate'
  /** `columns`: the address columns, which name two different contacts already. */
  | 'two_contacts'
  /** `detail`: the CSV parser's words (English). */
  | 'csv_invalid';

/** A value a problem names: a cell as written, a number, or a list of column or language names. */
export type ProblemValue = string | number | readonly string[];

export interface ImportProblem {
  code: ImportProblemCode;
  /** `column`, `value`, `line`, `max`, `columns`, `languages`, `detail`, as the code needs. */
  vars?: Record<string, ProblemValue>;
}

export const problem = (code: ImportProblemCode, vars?: Record<string, ProblemValue>): ImportProblem => (vars ? { code, vars } : { code });

/** The lists a problem joins with "or" (any one of them would do); every other list with "and". */
const EITHER = new Set<ImportProblemCode>(['no_address_column', 'address_required', 'duplicate', 'language_unknown']);

/**
 * The problem in words, in `language`: `translate` gives a text by its full key in that language
 * (`console-contacts.import.problems.<code>`). Numbers are formatted for the language, lists joined
 * by Intl.ListFormat. A report stored before problems had codes holds English words: as they are.
 */
export function problemText(translate: (key: string, vars?: Record<string, string | number>) => string, language: string, p: ImportProblem | string): string {
  if (typeof p === 'string') return p;
  const vars: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(p.vars ?? {})) {
    if (Array.isArray(value)) vars[name] = new Intl.ListFormat(language, { type: EITHER.has(p.code) ? 'disjunction' : 'conjunction' }).format(value);
    else if (typeof value === 'number' && name !== 'line') vars[name] = value.toLocaleString(language);
    else vars[name] = value as string | number;
  }
  return translate(`console-contacts.import.problems.${p.code}`, vars);
}

/** A report's problems in English words, as the command line prints them and the admin API returns them. */
export function inEnglish<R extends { errors: { line: number; errors: (ImportProblem | string)[] }[]; fileErrors: (ImportProblem | string)[] }>(
  report: R,
  translate: (key: string, vars?: Record<string, string | number>) => string,
): Omit<R, 'errors' | 'fileErrors'> & { errors: { line: number; errors: string[] }[]; fileErrors: string[] } {
  const say = (p: ImportProblem | string) => problemText(translate, 'en', p);
  return { ...report, errors: report.errors.map((e) => ({ line: e.line, errors: e.errors.map(say) })), fileErrors: report.fileErrors.map(say) };
}
