/**
 * The shipped texts as the locale checks and the exchange formats see them: every leaf of every
 * language (strings or not, so a number or a list where a text belongs is caught), with the file
 * and line it is written at.
 */
import { readFileSync } from 'node:fs';
import type { LoadedLocales } from './catalog';
import { jsonKeyLines } from './json-lines';

/** What the checks read. `src/flows/check.ts`'s LocaleView is adapted to it for `flows check`. */
export interface LocaleTexts {
  /** Every language found, the default one included. */
  languages: readonly string[];
  defaultLanguage: string;
  /** Every leaf of a language as `[namespace.entry, value]`, in file order; objects are walked into, anything else is a leaf. */
  entries(language: string): [string, unknown][];
  /** The file a key lives (or would live) in. */
  fileOf(language: string, key: string): string;
  /** 1-based line of the key in its file (1 when unknown). */
  lineOf(language: string, key: string): number;
}

/** Leaves of one namespace tree, as `[prefix.path, value]` in the tree's order. */
export function leavesOf(prefix: string, tree: unknown): [string, unknown][] {
  const out: [string, unknown][] = [];
  const walk = (path: string, node: unknown) => {
    if (node && typeof node === 'object' && !Array.isArray(node)) for (const [k, v] of Object.entries(node)) walk(`${path}.${k}`, v);
    else out.push([path, node]);
  };
  walk(prefix, tree);
  return out;
}

/** The namespace of a key (`common` of `common.yes`). */
export const namespaceOf = (key: string): string => key.split('.')[0];

/**
 * LocaleTexts over locales loaded from `dir`. Reads each file once more, lazily, for line numbers.
 * The default language comes first, then the others in menu order.
 */
export function localeTexts(loaded: LoadedLocales, defaultLanguage: string, dir = 'locales'): LocaleTexts {
  const lineMaps = new Map<string, Map<string, number>>();
  const fileOf = (language: string, key: string) => loaded.files[language]?.[namespaceOf(key)] ?? `${dir}/${language}/${namespaceOf(key)}.json`;
  const languages = [...new Set([defaultLanguage, ...loaded.languages].filter((l) => loaded.catalog[l]))];
  return {
    languages,
    defaultLanguage,
    entries: (language) => Object.entries(loaded.catalog[language] ?? {}).flatMap(([ns, tree]) => leavesOf(ns, tree)),
    fileOf,
    lineOf: (language, key) => {
      const file = loaded.files[language]?.[namespaceOf(key)];
      if (!file) return 1;
      let lines = lineMaps.get(file);
      if (!lines) {
        try {
          lines = jsonKeyLines(readFileSync(file, 'utf8'));
        } catch {
          lines = new Map();
        }
        lineMaps.set(file, lines);
      }
      return lines.get(key.split('.').slice(1).join('.')) ?? 1;
    },
  };
}
