/**
 * The locale checks shared by `civic-engage locales check` and `flows check`: every language has
 * exactly the default language's keys (plural keys in its own CLDR categories), the same
 * `{{variables}}`, no empty or non-string texts, and no global keyword that swallows an answer. Pure.
 */
import { dirname } from 'node:path';
import { checkKeywordCollisions } from './keyword-collisions';
import type { LocaleIssue } from './locale-issue';
import type { LocaleTexts } from './locale-texts';
import { formatVariables, variablesOf } from './placeholders';
import { expectedKeys, pluralBases, pluralCategories, splitPluralKey } from './plurals';

const kindOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`);

/**
 * True when `code` is a well-formed BCP 47 language tag in the standard case (`pt-BR`, not `pt_br`
 * or `pt-br`). Deprecated aliases stay allowed: `tl` is what people and phones use for Tagalog,
 * even though CLDR canonicalises it to `fil`.
 */
export function isLanguageCode(code: string): boolean {
  try {
    const canonical = Intl.getCanonicalLocales(code)[0];
    return canonical === code || canonical.toLowerCase() !== code.toLowerCase();
  } catch {
    return false;
  }
}

/** Every problem of the shipped texts; errors only (the SMS budget is checked separately, see segment-table.ts). */
export function checkLocaleTexts(texts: LocaleTexts): LocaleIssue[] {
  const issues: LocaleIssue[] = [];
  const { defaultLanguage } = texts;
  const reference = new Map(texts.entries(defaultLanguage));
  const referenceKeys = [...reference.keys()];
  const bases = pluralBases(referenceKeys);
  const issue = (language: string, key: string, kind: LocaleIssue['kind'], message: string, line = texts.lineOf(language, key)) =>
    issues.push({ file: texts.fileOf(language, key), line, severity: 'error', kind, language, key, message });

  for (const language of texts.languages) {
    const entries = texts.entries(language);
    if (!isLanguageCode(language)) {
      const canonical = (() => {
        try {
          return Intl.getCanonicalLocales(language)[0];
        } catch {
          return null;
        }
      })();
      issues.push({
        file: `${dirname(texts.fileOf(language, 'common.x'))}/`,
        line: 1,
        severity: 'error',
        kind: 'language',
        language,
        key: '',
        message: `"${language}" is not a language code${canonical ? ` written the standard way (use "${canonical}")` : ' (BCP 47, like "es", "zh" or "pt-BR")'}`,
      });
    }
    const categories = pluralCategories(language);
    const expected = new Set(expectedKeys(referenceKeys, language));
    const present = new Map(entries);

    for (const key of expected) {
      if (present.has(key)) continue;
      const split = splitPluralKey(key);
      if (split && bases.has(split.base)) {
        issue(language, key, 'plural', `plural form "${key}" is missing in "${language}" (${language} uses ${categories.map((c) => `_${c}`).join(', ')})`, texts.lineOf(language, `${split.base}_other`));
      } else issue(language, key, 'missing', `text "${key}" is missing in "${language}"${language === defaultLanguage ? '' : ` (present in "${defaultLanguage}")`}`, 1);
    }

    for (const [key, value] of entries) {
      const split = splitPluralKey(key);
      const plural = split && bases.has(split.base) ? split : null;
      if (!expected.has(key)) {
        if (plural) issue(language, key, 'plural', `plural form "${key}" is not used in "${language}" (${language} uses only ${categories.map((c) => `_${c}`).join(', ')}): remove it`);
        else issue(language, key, 'extra', `text "${key}" is in "${language}" but not in "${defaultLanguage}": remove it, or add it to "${defaultLanguage}" first`);
        continue;
      }
      if (typeof value !== 'string') {
        issue(language, key, 'not_string', `text "${key}" is ${kindOf(value)} in "${language}", not a text`);
        continue;
      }
      if (!value.trim()) {
        issue(language, key, 'empty', `text "${key}" is empty in "${language}"`);
        continue;
      }
      if (language === defaultLanguage) continue;
      const mismatch = variableMismatch(reference, key, value, plural?.base ?? null);
      if (mismatch) issue(language, key, 'variables', `text "${key}" uses ${formatVariables(variablesOf(value))} in "${language}" but ${formatVariables(mismatch)} in "${defaultLanguage}"`);
    }
  }
  issues.push(...checkKeywordCollisions(texts));
  return issues;
}

/**
 * The reference variables a translation fails to match, or null when it matches. A plural form is
 * compared with all the reference's forms: any variable they use is allowed, and those every form
 * uses are required except `count` (Arabic's `_zero` may say "no spots" without the number).
 */
export function variableMismatch(reference: Map<string, unknown>, key: string, text: string, pluralBase: string | null): string[] | null {
  const used = variablesOf(text);
  if (pluralBase === null) {
    const ref = reference.get(key);
    if (typeof ref !== 'string') return null;
    const wanted = variablesOf(ref);
    return wanted.join('\u0000') === used.join('\u0000') ? null : wanted;
  }
  const forms = [...reference].filter(([k, v]) => splitPluralKey(k)?.base === pluralBase && typeof v === 'string').map(([, v]) => variablesOf(v as string));
  if (!forms.length) return null;
  const allowed = new Set(forms.flat());
  const required = forms.reduce((acc, f) => acc.filter((v) => f.includes(v))).filter((v) => v !== 'count');
  const ok = used.every((v) => allowed.has(v)) && required.every((v) => used.includes(v));
  return ok ? null : [...allowed].sort();
}
