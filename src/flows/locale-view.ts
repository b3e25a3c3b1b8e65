import type { LocaleView } from './check';
import { keysOf, lookup } from '../i18n/catalog';
import { localeTexts } from '../i18n/locale-texts';
import type { Translator } from '../i18n/translator';

/** The locale view the checks need, over a Translator (leaves and lines as `locales check` sees them). */
export function localeView(t: Translator): LocaleView {
  const { catalog, files } = t.locales;
  const texts = localeTexts(t.locales, t.defaultLanguage);
  return {
    languages: t.languages,
    defaultLanguage: t.defaultLanguage,
    raw: (language, key) => lookup(catalog, language, key),
    keys: (language) => keysOf(catalog, language),
    fileOf: (language, key) => files[language]?.[key.split('.')[0]],
    entries: texts.entries,
    lineOf: texts.lineOf,
  };
}
