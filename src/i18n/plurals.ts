/**
 * i18next plural keys (JSON v4): `items_one`, `items_other`, ... one key per CLDR plural category
 * of the language (https://www.i18next.com/translation-function/plurals). A language must have
 * exactly its own categories: Chinese only `_other`, Arabic all six.
 */

/** CLDR plural categories in their canonical order (the order keys are written in). */
export const PLURAL_CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
export type PluralCategory = (typeof PLURAL_CATEGORIES)[number];

const SUFFIX = new RegExp(`^(.+)_(${PLURAL_CATEGORIES.join('|')})$`);

/** The cardinal plural categories of a language, in canonical order (Intl's CLDR data). */
export function pluralCategories(language: string): PluralCategory[] {
  let found: string[];
  try {
    found = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  } catch {
    found = ['one', 'other'];
  }
  return PLURAL_CATEGORIES.filter((c) => found.includes(c));
}

/** `base` and category of a key with a plural suffix, or null (`common.yes_words` is not one). */
export function splitPluralKey(key: string): { base: string; category: PluralCategory } | null {
  const m = SUFFIX.exec(key);
  return m ? { base: m[1], category: m[2] as PluralCategory } : null;
}

/**
 * The plural bases among a language's keys: a key counts as plural when the reference language
 * has `<base>_other` (every language has the `other` category).
 */
export function pluralBases(referenceKeys: Iterable<string>): Set<string> {
  const bases = new Set<string>();
  for (const key of referenceKeys) {
    const split = splitPluralKey(key);
    if (split?.category === 'other') bases.add(split.base);
  }
  return bases;
}

/** A few numbers that take `category` in `language`, for a translator's note ("3, 4, 5, ..."). */
export function sampleNumbers(language: string, category: PluralCategory, max = 4): number[] {
  let rules: Intl.PluralRules;
  try {
    rules = new Intl.PluralRules(language);
  } catch {
    return [];
  }
  const found: number[] = [];
  // Spanish, French and Portuguese "many" starts at a million (CLDR 42+), hence the large candidates.
  const candidates = [...Array.from({ length: 1001 }, (_, n) => n), 1e4, 1e5, 1e6, 2e6, 1e7, 1e9];
  for (const n of candidates) if (found.length < max && rules.select(n) === category) found.push(n);
  return found;
}

/**
 * The keys a language should have, given the reference language's keys: the same keys, except that
 * each plural group takes the language's own categories, at the place the group has in the reference.
 */
export function expectedKeys(referenceKeys: string[], language: string): string[] {
  const bases = pluralBases(referenceKeys);
  const categories = pluralCategories(language);
  const out: string[] = [];
  const done = new Set<string>();
  for (const key of referenceKeys) {
    const split = splitPluralKey(key);
    if (split && bases.has(split.base)) {
      if (!done.has(split.base)) {
        done.add(split.base);
        for (const c of categories) out.push(`${split.base}_${c}`);
      }
    } else out.push(key);
  }
  return out;
}
