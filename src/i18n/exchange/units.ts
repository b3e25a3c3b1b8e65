/**
 * The strings a translator exchanges: one unit per key and target language, with the English source,
 * the current translation and a note. Both file formats (csv.ts, xliff.ts) read and write these. Pure.
 */
import type { Catalog } from '../catalog';
import { leavesOf } from '../locale-texts';
import { expectedKeys, splitPluralKey } from '../plurals';
import { translatorNote, typedWordIndex } from '../translator-notes';

/** One string to translate. */
export interface ExchangeUnit {
  /** `namespace.entry` (`slack.shifts.title`). */
  key: string;
  language: string;
  /** The default language's text. */
  source: string;
  /** The current translation; empty when there is none yet. */
  translation: string;
  note: string;
}

/** A unit read back from a file, with where it was written. */
export interface ImportedUnit {
  key: string;
  language: string;
  translation: string;
  /** The source text the file carries, if any (to warn when English changed since the export). */
  source?: string;
  /** 1-based line in the imported file (CSV record start, XLIFF <trans-unit>). */
  line: number;
}

/** Every string leaf of a language, in file order. */
export function stringLeaves(catalog: Catalog, language: string): [string, string][] {
  return Object.entries(catalog[language] ?? {})
    .flatMap(([ns, tree]) => leavesOf(ns, tree))
    .filter((e): e is [string, string] => typeof e[1] === 'string');
}

/**
 * The English text a key of another language translates: the same key, or for a plural form the
 * language has and English lacks (Arabic `_few`), the English `_other` form.
 */
export function sourceOf(english: Map<string, string>, key: string): string | undefined {
  if (english.has(key)) return english.get(key);
  const plural = splitPluralKey(key);
  return plural ? english.get(`${plural.base}_other`) : undefined;
}

/** The units of each language, in the default language's key order. */
export function exportUnits(catalog: Catalog, defaultLanguage: string, languages: string[], budget: number): ExchangeUnit[] {
  const englishLeaves = stringLeaves(catalog, defaultLanguage);
  const english = new Map(englishLeaves);
  const typedWords = typedWordIndex(englishLeaves);
  const units: ExchangeUnit[] = [];
  for (const language of languages) {
    const current = new Map(stringLeaves(catalog, language));
    for (const key of expectedKeys([...english.keys()], language)) {
      const source = sourceOf(english, key) ?? '';
      units.push({ key, language, source, translation: current.get(key) ?? '', note: translatorNote(key, source, { language, budget, typedWords }) });
    }
  }
  return units;
}
