/**
 * `civic-engage locales check|export|import`: the translators' tools (docs/translations.md).
 * check: every language against the default one, and what each SMS text costs;
 * export: the strings to translate as CSV (spreadsheets) or XLIFF 1.2 (CAT tools);
 * import: a translated file back into locales/, validated as a whole before anything is written.
 */
import 'dotenv/config';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { loadConfig } from '../config';
import { loadLocales } from '../i18n/catalog';
import { csvToUnits, unitsToCsv, type FileIssue } from '../i18n/exchange/csv';
import { planImport } from '../i18n/exchange/import-plan';
import { exportUnits } from '../i18n/exchange/units';
import { unitsToXliff, xliffToUnits } from '../i18n/exchange/xliff';
import { checkLocaleTexts, isLanguageCode } from '../i18n/locale-check';
import { formatLocaleIssues } from '../i18n/locale-issue';
import { localeTexts } from '../i18n/locale-texts';
import { budgetIssues, DEFAULT_SEGMENT_BUDGET, formatSegmentTable, segmentRows } from '../i18n/segment-table';

/** A command-line mistake: printed without a stack, exit code 1. */
class UsageError extends Error {}

interface Common {
  dir?: string;
  budget?: string;
}

function settings(opts: Common) {
  const config = loadConfig();
  const dir = opts.dir ?? config.LOCALES_DIR;
  const budget = Number(opts.budget ?? config.SMS_SEGMENT_BUDGET ?? DEFAULT_SEGMENT_BUDGET);
  if (!Number.isInteger(budget) || budget < 1) throw new UsageError('--budget must be a whole number of segments, 1 or more');
  if (!existsSync(dir)) throw new UsageError(`no locales folder at ${dir}`);
  return { dir, budget, defaultLanguage: config.DEFAULT_LANGUAGE };
}

/** `locales check`: file:line errors, the SMS segment table; exit code 1 on any error. */
export function localesCheckCommand(opts: Common, out: (text: string) => void = (t) => process.stdout.write(t)): void {
  const { dir, budget, defaultLanguage } = settings(opts);
  const loaded = loadLocales(dir, defaultLanguage);
  if (!loaded.catalog[defaultLanguage]) throw new UsageError(`${dir}/${defaultLanguage}/ is missing: every language is checked against the default language "${defaultLanguage}"`);
  const texts = localeTexts(loaded, defaultLanguage, dir);
  const rows = segmentRows(texts);
  const issues = [...checkLocaleTexts(texts), ...budgetIssues(rows, texts, budget)];
  out(`${formatSegmentTable(rows, texts.languages, budget)}\n`);
  if (issues.length) out(`\n${formatLocaleIssues(issues)}\n`);
  const keys = texts.entries(defaultLanguage).length;
  out(`\nlocales check: ${texts.languages.length} languages (${texts.languages.join(', ')}), ${keys} texts in "${defaultLanguage}": ${issues.length} errors\n`);
  if (issues.length) process.exitCode = 1;
}

/** `locales export`: every string of the given (default: every non-default) language, to stdout or --out. */
export function localesExportCommand(opts: Common & { format?: string; lang?: string[]; out?: string }): void {
  const { dir, budget, defaultLanguage } = settings(opts);
  const format = (opts.format ?? 'csv').toLowerCase();
  if (format !== 'csv' && format !== 'xliff') throw new UsageError('--format must be csv or xliff');
  const loaded = loadLocales(dir, defaultLanguage);
  const languages = opts.lang?.length ? opts.lang : loaded.languages.filter((l) => l !== defaultLanguage);
  for (const language of languages) {
    if (language === defaultLanguage) throw new UsageError(`"${defaultLanguage}" is the source language: export the others`);
    if (!isLanguageCode(language)) throw new UsageError(`"${language}" is not a language code (BCP 47, like "es", "zh" or "pt-BR")`);
  }
  if (!languages.length) throw new UsageError(`no language to export besides "${defaultLanguage}": name a new one with --lang <code>`);
  const units = exportUnits(loaded.catalog, defaultLanguage, languages, budget);
  const body = format === 'csv' ? unitsToCsv(units) : unitsToXliff(units, defaultLanguage);
  if (opts.out) {
    writeFileSync(opts.out, body);
    const empty = units.filter((u) => !u.translation).length;
    process.stderr.write(`${units.length} strings (${languages.join(', ')}; ${empty} not translated yet) written to ${opts.out}\n`);
  } else process.stdout.write(body);
}

/** `locales import`: validates the whole file, then writes locales/<lang>/<ns>.json (nothing on any error). */
export function localesImportCommand(file: string, opts: Common & { dryRun?: boolean }, out: (text: string) => void = (t) => process.stdout.write(t)): void {
  const { dir, budget, defaultLanguage } = settings(opts);
  const ext = extname(file).toLowerCase();
  if (!['.csv', '.xlf', '.xliff'].includes(ext)) throw new UsageError(`${file}: the format comes from the extension: .csv, .xlf or .xliff`);
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  const data = readFileSync(file);
  const read = ext === '.csv' ? csvToUnits(data) : xliffToUnits(data.toString('utf8'), defaultLanguage);
  const loaded = loadLocales(dir, defaultLanguage);
  const plan = read.issues.length ? null : planImport(read.units, loaded, { defaultLanguage, dir, budget });
  const at = (kind: string, issues: FileIssue[]) => issues.map((i) => `${file}:${i.line}: ${kind}: ${i.message}\n`).join('');

  const errors = read.issues.length ? read.issues : plan!.errors;
  if (errors.length) {
    out(at('error', errors));
    out(`locales import: ${errors.length} errors; nothing was written\n`);
    process.exitCode = 1;
    return;
  }
  out(at('warning', plan!.warnings));
  for (const l of plan!.languages) {
    out(`${l.language}${l.isNew ? ' (new language)' : ''}: ${l.translated} translated${l.untranslated ? `, ${l.untranslated} left empty (locales check reports them until they are translated)` : ''}\n`);
  }
  for (const w of plan!.writes) out(`${opts.dryRun ? 'would write' : 'writing'} ${w.path}${w.created ? ' (new)' : ''}: ${w.changed} texts added or changed\n`);
  if (!plan!.writes.length) out('nothing to change: every translation in the file is already in locales/\n');
  if (opts.dryRun) return;
  // Everything was validated above; each file is replaced whole (temp file + rename), never half-written.
  for (const w of plan!.writes) {
    mkdirSync(dirname(w.path), { recursive: true });
    const tmp = `${w.path}.${process.pid}.tmp`;
    writeFileSync(tmp, w.content);
    renameSync(tmp, w.path);
  }
  if (plan!.writes.length) out(`locales import: ${plan!.writes.length} files written; run "civic-engage locales check" and try it in "civic-engage chat --lang <code>"\n`);
}

/** Runs a locales command: a usage mistake is printed without a stack trace, exit code 1. */
export function withUsageErrors(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  }
}
