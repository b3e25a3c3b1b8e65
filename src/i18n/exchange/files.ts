/**
 * The translators' files, end to end, for every caller (`civic-engage locales export|import` and
 * the console's translations page): which languages an export holds and its CSV or XLIFF text; an
 * imported file read by its extension, validated as a whole and planned (planImport); the planned
 * files written all or nothing.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import type { LoadedLocales } from '../catalog';
import { isLanguageCode } from '../locale-check';
import { csvToUnits, unitsToCsv, type FileIssue } from './csv';
import { planImport, type ImportPlan, type PlannedWrite } from './import-plan';
import { exportUnits, type ExchangeUnit } from './units';
import { unitsToXliff, xliffToUnits } from './xliff';

/** A request the exchange cannot do (a wrong format, language or file type), said in one sentence. */
export class ExchangeError extends Error {}

/** The file formats: CSV for spreadsheets, XLIFF 1.2 for CAT tools. */
export const EXCHANGE_FORMATS = ['csv', 'xliff'] as const;
export type ExchangeFormat = (typeof EXCHANGE_FORMATS)[number];

/** The extensions an import reads, and the format of each. */
export const IMPORT_EXTENSIONS: Record<string, ExchangeFormat> = { '.csv': 'csv', '.xlf': 'xliff', '.xliff': 'xliff' };

/** The format of a file to import, from its name's extension; throws ExchangeError for one it does not read. */
export function importFormatOf(fileName: string): ExchangeFormat {
  const format = IMPORT_EXTENSIONS[extname(fileName).toLowerCase()];
  if (!format) throw new ExchangeError(`${fileName}: the format comes from the extension: .csv, .xlf or .xliff`);
  return format;
}

/** An export: its text, what it holds, and the file name it is offered as. */
export interface LocaleExport {
  body: string;
  units: ExchangeUnit[];
  languages: string[];
  format: ExchangeFormat;
  /** `translations-vi.csv`, `translations-es-ko.xlf`. */
  fileName: string;
}

/**
 * The strings of `languages` (default: every language but the default one) as CSV or XLIFF.
 * Throws ExchangeError for an unknown format, the default language, or a code that is none.
 */
export function exportLocales(loaded: LoadedLocales, opts: { defaultLanguage: string; format: string; languages?: string[]; budget: number }): LocaleExport {
  const { defaultLanguage, budget } = opts;
  const format = opts.format.toLowerCase();
  if (!(EXCHANGE_FORMATS as readonly string[]).includes(format)) throw new ExchangeError('the format must be csv or xliff');
  const languages = opts.languages?.length ? opts.languages : loaded.languages.filter((l) => l !== defaultLanguage);
  for (const language of languages) {
    if (language === defaultLanguage) throw new ExchangeError(`"${defaultLanguage}" is the source language: export the others`);
    if (!isLanguageCode(language)) throw new ExchangeError(`"${language}" is not a language code (BCP 47, like "es", "zh" or "pt-BR")`);
  }
  if (!languages.length) throw new ExchangeError(`no language to export besides "${defaultLanguage}": name a new one`);
  const units = exportUnits(loaded.catalog, defaultLanguage, languages, budget);
  const body = format === 'csv' ? unitsToCsv(units) : unitsToXliff(units, defaultLanguage);
  const fileName = `translations-${languages.join('-')}.${format === 'csv' ? 'csv' : 'xlf'}`;
  return { body, units, languages, format: format as ExchangeFormat, fileName };
}

/** What an import would do: the problems that stop it (with the file's lines), or the plan. */
export interface ImportCheck {
  errors: FileIssue[];
  /** Null when there are errors. */
  plan: ImportPlan | null;
}

/**
 * Reads a translated file (the format from the name's extension) and plans its import against the
 * loaded locales. Nothing is written. Throws ExchangeError for an extension it does not read.
 */
export function checkImport(fileName: string, data: Buffer, loaded: LoadedLocales, opts: { defaultLanguage: string; dir: string; budget: number }): ImportCheck {
  const format = importFormatOf(fileName);
  const read = format === 'csv' ? csvToUnits(data) : xliffToUnits(data.toString('utf8'), opts.defaultLanguage);
  if (read.issues.length) return { errors: read.issues, plan: null };
  const plan = planImport(read.units, loaded, opts);
  return plan.errors.length ? { errors: plan.errors, plan: null } : { errors: [], plan };
}

/** The planned files could not be written (a read-only locales folder, a full disk): nothing was changed. */
export class LocaleWriteError extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
  ) {
    super(`${path} could not be written (${code}): nothing was changed`);
  }
}

/**
 * Writes an import's planned files, all or nothing: every file is first written beside its target
 * (a temporary name), and only when all are there are they renamed over the targets. A failure
 * before the renames removes the temporary files and throws LocaleWriteError; the locales stay as
 * they were. `tag` makes the temporary names unique to the caller (a process id).
 */
export function writeImport(writes: PlannedWrite[], tag: string | number = process.pid): void {
  const written: string[] = [];
  const createdDirs: string[] = [];
  try {
    for (const w of writes) {
      const dir = dirname(w.path);
      if (!existsSync(dir)) {
        mkdirSync(dir, { recursive: true });
        createdDirs.push(dir);
      }
      const tmp = `${w.path}.${tag}.tmp`;
      writeFileSync(tmp, w.content);
      written.push(tmp);
    }
  } catch (err) {
    for (const tmp of written) rmSync(tmp, { force: true });
    for (const dir of createdDirs.reverse()) rmSync(dir, { recursive: true, force: true });
    const e = err as NodeJS.ErrnoException;
    throw new LocaleWriteError(e.path ?? writes[written.length]?.path ?? '', e.code ?? 'EIO');
  }
  writes.forEach((w, i) => renameSync(written[i], w.path));
}
