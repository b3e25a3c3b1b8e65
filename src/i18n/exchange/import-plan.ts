/**
 * Importing translations, all or nothing: every unit of the file is validated against the default
 * language first (known key, language code, same placeholders, plural forms, no string removed,
 * no keyword that swallows an answer), and only a file with no error produces writes. Pure: the
 * caller reads the file and writes the returned contents.
 */
import { join } from 'node:path';
import { templateSegments } from '../../lib/sms-segments';
import type { Catalog, LoadedLocales } from '../catalog';
import { checkKeywordCollisions } from '../keyword-collisions';
import { isLanguageCode, variableMismatch } from '../locale-check';
import { leavesOf, type LocaleTexts } from '../locale-texts';
import { formatVariables, variablesOf } from '../placeholders';
import { expectedKeys, pluralBases, pluralCategories, splitPluralKey } from '../plurals';
import { isSmsText } from '../segment-table';
import type { FileIssue } from './csv';
import { layoutNamespace } from './layout';
import { sourceOf, stringLeaves, type ImportedUnit } from './units';

/** A file the import would write. */
export interface PlannedWrite {
  path: string;
  content: string;
  language: string;
  namespace: string;
  /** Texts added or changed in it. */
  changed: number;
  /** True when the file (and maybe its language folder) does not exist yet. */
  created: boolean;
  /** Each text added or changed: its key, the text now (none when it is new) and the imported one. */
  changes: { key: string; before?: string; after: string }[];
}

/** What an import would do, or why it must not. */
export interface ImportPlan {
  errors: FileIssue[];
  warnings: FileIssue[];
  writes: PlannedWrite[];
  /** Per language: whether it is new, how many of its strings the file translates and leaves empty. */
  languages: { language: string; isNew: boolean; translated: number; untranslated: number }[];
}

export interface ImportOptions {
  defaultLanguage: string;
  /** The locales folder, for the paths of new files. */
  dir: string;
  /** SMS segment budget: longer translations are imported with a warning (`locales check` fails on them). */
  budget: number;
}

/** Validates the units against the loaded locales and plans the writes. */
export function planImport(units: ImportedUnit[], locales: LoadedLocales, opts: ImportOptions): ImportPlan {
  const { defaultLanguage } = opts;
  const { catalog } = locales;
  const errors: FileIssue[] = [];
  const warnings: FileIssue[] = [];
  const english = new Map(stringLeaves(catalog, defaultLanguage));
  const englishKeys = [...english.keys()];
  const bases = pluralBases(englishKeys);

  const badLanguages = new Set<string>();
  const expectedByLanguage = new Map<string, Set<string>>();
  const seen = new Map<string, number>();
  const updates = new Map<string, Map<string, { text: string; line: number }>>();
  const counts = new Map<string, { translated: number; untranslated: number }>();

  for (const unit of units) {
    const { language, key, translation, line } = unit;
    if (!expectedByLanguage.has(language) && !badLanguages.has(language)) {
      const problem = languageProblem(language, catalog, defaultLanguage);
      if (problem) {
        errors.push({ line, message: problem });
        badLanguages.add(language);
      } else expectedByLanguage.set(language, new Set(expectedKeys(englishKeys, language)));
    }
    const expected = expectedByLanguage.get(language);
    if (!expected) continue;
    const count = counts.get(language) ?? { translated: 0, untranslated: 0 };
    counts.set(language, count);

    const id = `${language}\u0000${key}`;
    if (seen.has(id)) {
      errors.push({ line, message: `"${key}" in "${language}" is also on line ${seen.get(id)}: keep one` });
      continue;
    }
    seen.set(id, line);

    const plural = splitPluralKey(key);
    if (!expected.has(key)) {
      if (plural && bases.has(plural.base)) {
        errors.push({ line, message: `plural form "${key}" is not used in "${language}" (${language} has ${pluralCategories(language).map((c) => `_${c}`).join(', ')})` });
      } else errors.push({ line, message: `unknown key "${key}": it is not in locales/${defaultLanguage} (renamed or removed since the export?)` });
      continue;
    }

    const current = valueAt(catalog, language, key);
    if (!translation.trim()) {
      if (typeof current === 'string' && current.trim()) {
        errors.push({ line, message: `"${key}" has no translation in the file but has one in locales/${language}: an import never removes a text; fill it in or delete the row` });
      } else count.untranslated++;
      continue;
    }
    const source = sourceOf(english, key) ?? '';
    const mismatch = variableMismatch(english as Map<string, unknown>, key, translation, plural && bases.has(plural.base) ? plural.base : null);
    if (mismatch) {
      errors.push({ line, message: `"${key}" (${language}) uses ${formatVariables(variablesOf(translation))} but the English text uses ${formatVariables(mismatch)}: keep every {{placeholder}} exactly as in the English text` });
      continue;
    }
    if (unit.source !== undefined && unit.source.trim() && unit.source !== source) {
      warnings.push({ line, message: `the English text of "${key}" changed since this file was exported; check that the ${language} translation still says the same` });
    }
    if (isSmsText(key)) {
      const { segments, encoding } = templateSegments(translation);
      if (segments > opts.budget) warnings.push({ line, message: `"${key}" (${language}) takes ${segments} SMS segments (${encoding}), over the budget of ${opts.budget}: locales check will fail until it is shorter` });
    }
    count.translated++;
    if (translation !== current) {
      if (!updates.has(language)) updates.set(language, new Map());
      updates.get(language)!.set(key, { text: translation, line });
    }
  }

  // Plural groups must end up complete in the language's own forms.
  for (const [language, changed] of updates) {
    const categories = pluralCategories(language);
    const reported = new Set<string>();
    for (const [key, { line }] of changed) {
      const plural = splitPluralKey(key);
      if (!plural || !bases.has(plural.base) || reported.has(plural.base)) continue;
      reported.add(plural.base);
      const missing = categories.filter((c) => {
        const form = `${plural.base}_${c}`;
        return !changed.has(form) && typeof valueAt(catalog, language, form) !== 'string';
      });
      if (missing.length) errors.push({ line, message: `"${plural.base}" in "${language}" needs every plural form of ${language} (${categories.map((c) => `_${c}`).join(', ')}); missing ${missing.map((c) => `_${c}`).join(', ')}` });
    }
  }

  // Keywords that would newly swallow an answer (or answers newly swallowed by a keyword).
  const merged = mergeCatalog(catalog, updates);
  const before = new Set(checkKeywordCollisions(textsOf(catalog, defaultLanguage)).map((i) => i.message));
  for (const issue of checkKeywordCollisions(textsOf(merged, defaultLanguage))) {
    if (before.has(issue.message)) continue;
    const line =
      updates.get(issue.language)?.get(issue.key)?.line ??
      [...updates].flatMap(([language, changed]) => [...changed].filter(([key]) => issue.message.includes(`${key} ("${language}"`)).map(([, u]) => u.line))[0] ??
      1;
    errors.push({ line, message: issue.message.replace(/ \([^()]*, [^()]*:\d+\)/, '') });
  }

  const plan: ImportPlan = {
    errors: errors.sort((a, b) => a.line - b.line),
    warnings: warnings.sort((a, b) => a.line - b.line),
    writes: [],
    languages: [...counts].map(([language, c]) => ({ language, isNew: !catalog[language], ...c })),
  };
  if (errors.length) return plan;

  for (const [language, changed] of updates) {
    const byNamespace = new Map<string, number>();
    for (const key of changed.keys()) byNamespace.set(key.split('.')[0], (byNamespace.get(key.split('.')[0]) ?? 0) + 1);
    for (const [ns, count] of byNamespace) {
      const existing = locales.files[language]?.[ns];
      const changes = [...changed]
        .filter(([key]) => key.split('.')[0] === ns)
        .map(([key, { text }]) => {
          const before = valueAt(catalog, language, key);
          return { key, ...(typeof before === 'string' ? { before } : {}), after: text };
        });
      const tree = layoutNamespace(ns, catalog[defaultLanguage][ns], merged[language][ns], language, bases);
      plan.writes.push({
        path: existing ?? join(opts.dir, language, `${ns}.json`),
        content: `${JSON.stringify(tree, null, 2)}\n`,
        language,
        namespace: ns,
        changed: count,
        created: !existing,
        changes,
      });
    }
  }
  return plan;
}

/** Why a language code cannot be imported, or null. */
function languageProblem(language: string, catalog: Catalog, defaultLanguage: string): string | null {
  if (!language) return 'a row without a language code';
  if (language === defaultLanguage) return `the file translates into "${defaultLanguage}", the default language: edit locales/${defaultLanguage} directly`;
  if (!isLanguageCode(language)) return `"${language}" is not a language code (BCP 47, written like "es", "zh" or "pt-BR")`;
  const base = language.split('-')[0];
  if (!catalog[language] && base !== language && catalog[base]) {
    return `"${language}" is not in locales/, but "${base}" is: use "${base}" (to add "${language}" as a language of its own, create the folder locales/${language} first)`;
  }
  return null;
}

/** The value at a dotted key in one language, or undefined. */
function valueAt(catalog: Catalog, language: string, key: string): unknown {
  let node: unknown = catalog[language];
  for (const part of key.split('.')) node = node && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>)[part] : undefined;
  return node;
}

/** A copy of the catalog with the updates set (new namespaces and languages created as needed). */
function mergeCatalog(catalog: Catalog, updates: Map<string, Map<string, { text: string }>>): Catalog {
  const merged: Catalog = JSON.parse(JSON.stringify(catalog));
  for (const [language, changed] of updates) {
    for (const [key, { text }] of changed) {
      const parts = key.split('.');
      let node = ((merged[language] ??= {}) as Record<string, unknown>);
      for (const part of parts.slice(0, -1)) {
        if (!node[part] || typeof node[part] !== 'object' || Array.isArray(node[part])) node[part] = {};
        node = node[part] as Record<string, unknown>;
      }
      node[parts[parts.length - 1]] = text;
    }
  }
  return merged;
}

/** A LocaleTexts over an in-memory catalog (positions are the import file's, so none here). */
function textsOf(catalog: Catalog, defaultLanguage: string): LocaleTexts {
  return {
    languages: [defaultLanguage, ...Object.keys(catalog).filter((l) => l !== defaultLanguage)],
    defaultLanguage,
    entries: (language) => Object.entries(catalog[language] ?? {}).flatMap(([ns, tree]) => leavesOf(ns, tree)),
    fileOf: (language, key) => `${language}/${key.split('.')[0]}.json`,
    lineOf: () => 0,
  };
}
