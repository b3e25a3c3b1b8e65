/**
 * `civic-engage locales check|export|import`: the translators' tools (docs/translations.md).
 * check: every language against the default one, and what each SMS text costs;
 * export: the strings to translate as CSV (spreadsheets) or XLIFF 1.2 (CAT tools);
 * import: a translated file back into locales/, validated as a whole before anything is written.
 */
import 'dotenv/config';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadConfig } from '../config';
import { loadLocales } from '../i18n/catalog';
import type { FileIssue } from '../i18n/exchange/csv';
import { checkImport, ExchangeError, importFormatOf, exportLocales, LocaleWriteError, writeImport } from '../i18n/exchange/files';
import { formatLocaleIssues } from '../i18n/locale-issue';
import { localeReport, LocaleReportError } from '../i18n/locale-report';
import { DEFAULT_SEGMENT_BUDGET, formatSegmentTable } from '../i18n/segment-table';

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
  const { texts, rows, issues, keys } = asUsage(() => localeReport(dir, defaultLanguage, budget));
  out(`${formatSegmentTable(rows, texts.languages, budget)}\n`);
  if (issues.length) out(`\n${formatLocaleIssues(issues)}\n`);
  out(`\nlocales check: ${texts.languages.length} languages (${texts.languages.join(', ')}), ${keys} texts in "${defaultLanguage}": ${issues.length} errors\n`);
  if (issues.length) process.exitCode = 1;
}

/** `locales export`: every string of the given (default: every non-default) language, to stdout or --out. */
export function localesExportCommand(opts: Common & { format?: string; lang?: string[]; out?: string }): void {
  const { dir, budget, defaultLanguage } = settings(opts);
  const loaded = loadLocales(dir, defaultLanguage);
  const { body, units, languages } = asUsage(() => exportLocales(loaded, { defaultLanguage, format: opts.format ?? 'csv', languages: opts.lang, budget }));
  if (opts.out) {
    writeFileSync(opts.out, body);
    const empty = units.filter((u) => !u.translation).length;
    process.stderr.write(`${units.length} strings (${languages.join(', ')}; ${empty} not translated yet) written to ${opts.out}\n`);
  } else process.stdout.write(body);
}

/** `locales import`: validates the whole file, then writes locales/<lang>/<ns>.json (nothing on any error). */
export function localesImportCommand(file: string, opts: Common & { dryRun?: boolean }, out: (text: string) => void = (t) => process.stdout.write(t)): void {
  const { dir, budget, defaultLanguage } = settings(opts);
  const loaded = loadLocales(dir, defaultLanguage);
  const at = (kind: string, issues: FileIssue[]) => issues.map((i) => `${file}:${i.line}: ${kind}: ${i.message}\n`).join('');
  const { errors, plan } = asUsage(() => {
    importFormatOf(file); // a wrong extension is said before a missing file
    if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
    return checkImport(file, readFileSync(file), loaded, { defaultLanguage, dir, budget });
  });
  if (!plan) {
    out(at('error', errors));
    out(`locales import: ${errors.length} errors; nothing was written\n`);
    process.exitCode = 1;
    return;
  }
  out(at('warning', plan.warnings));
  for (const l of plan.languages) {
    out(`${l.language}${l.isNew ? ' (new language)' : ''}: ${l.translated} translated${l.untranslated ? `, ${l.untranslated} left empty (locales check reports them until they are translated)` : ''}\n`);
  }
  for (const w of plan.writes) out(`${opts.dryRun ? 'would write' : 'writing'} ${w.path}${w.created ? ' (new)' : ''}: ${w.changed} texts added or changed\n`);
  if (!plan.writes.length) out('nothing to change: every translation in the file is already in locales/\n');
  if (opts.dryRun) return;
  // Everything was validated above; the files are written all or nothing (src/i18n/exchange/files.ts).
  asUsage(() => writeImport(plan.writes));
  if (plan.writes.length) out(`locales import: ${plan.writes.length} files written; run "civic-engage locales check" and try it in "civic-engage chat --lang <code>"\n`);
}

/** Runs `fn`; the exchange's and the report's refusals become usage errors (one line, exit code 1). */
function asUsage<R>(fn: () => R): R {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ExchangeError || err instanceof LocaleReportError || err instanceof LocaleWriteError) throw new UsageError(err.message);
    throw err;
  }
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
