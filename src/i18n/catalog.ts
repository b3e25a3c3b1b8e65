import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every string of every shipped language: language -> namespace -> entry -> text. */
export type Catalog = Record<string, Record<string, Record<string, unknown>>>;

/** The shipped languages and their texts, as read from `locales/`. */
export interface LoadedLocales {
  /** Menu order: `locales/languages.json` when present, else the default first, then by code. */
  languages: string[];
  catalog: Catalog;
  /** Where each namespace file lives, for file:line messages in checks. */
  files: Record<string, Record<string, string>>;
}

/** Reads `locales/<lang>/<namespace>.json`. Throws with the file name on malformed JSON. */
export function loadLocales(dir: string, defaultLanguage = 'en'): LoadedLocales {
  const catalog: Catalog = {};
  const files: LoadedLocales['files'] = {};
  const found = readdirSync(dir).filter((d) => statSync(join(dir, d)).isDirectory()).sort();
  for (const language of found) {
    catalog[language] = {};
    files[language] = {};
    for (const file of readdirSync(join(dir, language)).filter((f) => f.endsWith('.json')).sort()) {
      const path = join(dir, language, file);
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(path, 'utf8'));
      } catch (err) {
        throw new Error(`${path}: ${(err as Error).message}`);
      }
      const ns = file.replace(/\.json$/, '');
      catalog[language][ns] = parsed as Record<string, unknown>;
      files[language][ns] = path;
    }
  }
  const orderFile = join(dir, 'languages.json');
  const listed: string[] = existsSync(orderFile) ? JSON.parse(readFileSync(orderFile, 'utf8')) : [];
  const languages = [
    ...listed.filter((l) => catalog[l]),
    ...(listed.length ? [] : [defaultLanguage].filter((l) => catalog[l])),
    ...found.filter((l) => !listed.includes(l) && (listed.length || l !== defaultLanguage)),
  ];
  return { languages, catalog, files };
}

/** The raw text of `namespace.entry[.sub...]` in one language, or undefined. */
export function lookup(catalog: Catalog, language: string, key: string): string | undefined {
  const [ns, ...rest] = key.split('.');
  let node: unknown = catalog[language]?.[ns];
  for (const part of rest) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

/** Every leaf key of one language (`namespace.entry`), for completeness checks. */
export function keysOf(catalog: Catalog, language: string): string[] {
  const keys: string[] = [];
  const walk = (prefix: string, node: unknown) => {
    if (typeof node === 'string') keys.push(prefix);
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(`${prefix}.${k}`, v);
  };
  for (const [ns, tree] of Object.entries(catalog[language] ?? {})) walk(ns, tree);
  return keys.sort();
}
