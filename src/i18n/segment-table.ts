/**
 * What each SMS text costs, per language: GSM-7 or UCS-2, and the segments it is billed as, with
 * each `{{variable}}` counted as VARIABLE_ALLOWANCE characters. Pure.
 */
import { templateSegments, VARIABLE_ALLOWANCE } from '../lib/sms-segments';
import type { LocaleIssue } from './locale-issue';
import type { LocaleTexts } from './locale-texts';
import { isExampleList, isWordList } from './word-lists';

/** Segments a message may take before `locales check` fails; the same default as SMS_SEGMENT_BUDGET (3 = 459 GSM-7 or 201 UCS-2 characters). */
export const DEFAULT_SEGMENT_BUDGET = 3;

/** One SMS text's cost. */
export interface SegmentRow {
  language: string;
  key: string;
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
  /** GSM-7 septets or UTF-16 units, variables included at their allowance. */
  units: number;
}

/**
 * True for texts that can be sent by SMS: everything but Slack's texts (except Slack's own SMS
 * reminder, `slack.reminder.sms`), web page texts, and the other channels' variants (`campaign.footer_telegram`).
 */
export function isSmsText(key: string): boolean {
  const entry = key.slice(key.lastIndexOf('.') + 1);
  if (isWordList(key) || isExampleList(key)) return false;
  if (entry === 'sms' || entry.endsWith('_sms')) return true;
  if (key.startsWith('slack.') || isPageText(key)) return false;
  return !/_(telegram|web|slack)$/.test(entry);
}

/** True for the texts of web pages (the organizer console and its sections' console-<section> files, the simulator page): never sent as messages. */
export function isPageText(key: string): boolean {
  return key.startsWith('console.') || key.startsWith('console-') || key.startsWith('simulator.');
}

/** The cost of every SMS text of every language, in file order. */
export function segmentRows(texts: LocaleTexts): SegmentRow[] {
  const rows: SegmentRow[] = [];
  for (const language of texts.languages) {
    for (const [key, value] of texts.entries(language)) {
      if (typeof value !== 'string' || !value.trim() || !isSmsText(key)) continue;
      const { encoding, segments, units } = templateSegments(value);
      rows.push({ language, key, encoding, segments, units });
    }
  }
  return rows;
}

/** An error for every text over the budget. */
export function budgetIssues(rows: SegmentRow[], texts: LocaleTexts, budget: number): LocaleIssue[] {
  return rows
    .filter((r) => r.segments > budget)
    .map((r) => ({
      file: texts.fileOf(r.language, r.key),
      line: texts.lineOf(r.language, r.key),
      severity: 'error' as const,
      kind: 'segments' as const,
      language: r.language,
      key: r.key,
      message: `text "${r.key}" takes ${r.segments} SMS segments (${r.encoding}, ${r.units} ${r.encoding === 'GSM-7' ? 'characters' : 'UTF-16 units'}) in "${r.language}", over the budget of ${budget}: shorten it`,
    }));
}

/** The per-language table and each language's longest texts, as printed by `locales check`. */
export function formatSegmentTable(rows: SegmentRow[], languages: readonly string[], budget: number, worst = 3): string {
  const header = ['lang', 'texts', 'GSM-7', 'UCS-2', 'segments', 'max', `over ${budget}`];
  const table = languages.map((language) => {
    const mine = rows.filter((r) => r.language === language);
    return [
      language,
      mine.length,
      mine.filter((r) => r.encoding === 'GSM-7').length,
      mine.filter((r) => r.encoding === 'UCS-2').length,
      mine.reduce((sum, r) => sum + r.segments, 0),
      Math.max(0, ...mine.map((r) => r.segments)),
      mine.filter((r) => r.segments > budget).length,
    ].map(String);
  });
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [`SMS segments per text (budget ${budget}; each {{variable}} counted as ${VARIABLE_ALLOWANCE} characters):`, line(header), ...table.map(line)];
  out.push(`Longest texts per language:`);
  for (const language of languages) {
    const longest = rows
      .filter((r) => r.language === language)
      .sort((a, b) => b.segments - a.segments || b.units - a.units)
      .slice(0, worst);
    for (const r of longest) out.push(`  ${language.padEnd(widths[0])}  ${String(r.segments).padStart(2)} seg  ${r.encoding}  ${String(r.units).padStart(4)}  ${r.key}${r.segments > budget ? '  OVER BUDGET' : ''}`);
  }
  return out.join('\n');
}
