/**
 * What `civic-engage locales check` reports, computed once for every caller (the CLI prints it,
 * the console's translations page shows it): every language checked against the default one
 * (checkLocaleTexts), what each SMS text costs and the texts over the segment budget. Reads the
 * locales folder as it is on disk now.
 */
import { loadLocales, type LoadedLocales } from './catalog';
import { checkLocaleTexts } from './locale-check';
import type { LocaleIssue } from './locale-issue';
import { localeTexts, type LocaleTexts } from './locale-texts';
import { budgetIssues, segmentRows, type SegmentRow } from './segment-table';

/** The outcome of the locale checks over one locales folder. */
export interface LocaleReport {
  loaded: LoadedLocales;
  texts: LocaleTexts;
  rows: SegmentRow[];
  /** The checks' errors, then the texts over the budget. */
  issues: LocaleIssue[];
  /** Texts of the default language (what every other language should have). */
  keys: number;
}

/** Why the folder cannot be checked at all (no default language). */
export class LocaleReportError extends Error {}

/** Runs the locale checks over `dir`. Throws LocaleReportError when the default language is missing. */
export function localeReport(dir: string, defaultLanguage: string, budget: number): LocaleReport {
  const loaded = loadLocales(dir, defaultLanguage);
  if (!loaded.catalog[defaultLanguage]) throw new LocaleReportError(`${dir}/${defaultLanguage}/ is missing: every language is checked against the default language "${defaultLanguage}"`);
  const texts = localeTexts(loaded, defaultLanguage, dir);
  const rows = segmentRows(texts);
  const issues = [...checkLocaleTexts(texts), ...budgetIssues(rows, texts, budget)];
  return { loaded, texts, rows, issues, keys: texts.entries(defaultLanguage).length };
}

/** A language's share of a report: its problems by kind, for a summary per language. */
export interface LanguageSummary {
  language: string;
  /** Texts it has of the default language's (plural forms counted in its own categories). */
  missing: number;
  /** Placeholders that differ from the default language's text. */
  variables: number;
  /** SMS texts over the budget. */
  overBudget: number;
  /** Every other problem (extra keys, plural forms, empty texts, keywords, ...). */
  other: number;
  issues: LocaleIssue[];
}

/** The report per language, in the report's language order (the default language first). */
export function summaryByLanguage(report: Pick<LocaleReport, 'texts' | 'issues'>): LanguageSummary[] {
  return report.texts.languages.map((language) => {
    const issues = report.issues.filter((i) => i.language === language);
    const count = (kind: LocaleIssue['kind']) => issues.filter((i) => i.kind === kind).length;
    const missing = count('missing');
    const variables = count('variables');
    const overBudget = count('segments');
    return { language, missing, variables, overBudget, other: issues.length - missing - variables - overBudget, issues };
  });
}
