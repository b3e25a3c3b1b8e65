/**
 * The console's texts: `locales/<lang>/console.json`, through the project's i18next translator
 * like every other text. Keys are typed from the English file, so a page cannot name a text that
 * does not exist. The language is the account's choice, else the browser's (Accept-Language)
 * among the shipped languages, else DEFAULT_LANGUAGE.
 */
import type { Translator } from '../i18n/translator';
import type english from '../../locales/en/console.json';

type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? (K extends `${infer Base}_${PluralSuffix}` ? `${P}${Base}` : `${P}${K}`) : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** The keys of a texts file (nested objects joined by dots, plural suffixes dropped). */
export type KeysOf<Json> = Leaves<Json>;

/** A key of locales/en/console.json, without the namespace (`sign_in.title`). */
export type ConsoleKey = Leaves<typeof english>;

/** Renders a console text in the page's language. Values are not escaped here: the templates escape. */
export type T = (key: ConsoleKey, vars?: Record<string, string | number>) => string;

/** A language the console can show, with its own name for it. */
export interface LanguageOption {
  code: string;
  name: string;
  dir: 'ltr' | 'rtl';
}

/** Every shipped language, in menu order, named in itself. */
export function languageOptions(translator: Translator): LanguageOption[] {
  return translator.keywordLanguages.map((code) => ({ code, name: translator.t(code, 'language.native_name'), dir: translator.dir(code) }));
}

/**
 * The best shipped language for an Accept-Language header: the highest-weighted tag that is
 * shipped, exactly or by its primary subtag (`es-MX` → `es`, `zh-Hant-TW` → `zh`); null if none.
 */
export function fromAcceptLanguage(header: string | undefined, shipped: readonly string[]): string | null {
  if (!header) return null;
  const wanted = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((w) => w.tag && w.tag !== '*' && w.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const lower = new Map(shipped.map((code) => [code.toLowerCase(), code]));
  for (const { tag } of wanted) {
    const found = lower.get(tag) ?? lower.get(tag.split('-')[0]);
    if (found) return found;
  }
  return null;
}

/** The page's language: the account's choice when shipped, else the browser's, else the default. */
export function pickLanguage(translator: Translator, chosen: string | null | undefined, acceptLanguage: string | undefined): string {
  const shipped = translator.keywordLanguages;
  if (chosen && shipped.includes(chosen)) return chosen;
  return fromAcceptLanguage(acceptLanguage, shipped) ?? translator.defaultLanguage;
}

/** The console's `t` for one language. */
export function consoleT(translator: Translator, language: string): T {
  return (key, vars) => translator.t(language, `console.${key}`, vars);
}

/**
 * A section's own texts: `locales/<lang>/console-<section>.json` (a namespace of its own, so
 * sections do not all edit console.json), typed from the English file:
 *
 *   import type english from '../../../locales/en/console-contacts.json';
 *   const t = sectionT<typeof english>(page, 'console-contacts');
 */
export function sectionT<Json>(page: { lang: string; translate(key: string, vars?: Record<string, string | number>): string }, namespace: `console-${string}`): (key: KeysOf<Json>, vars?: Record<string, string | number>) => string {
  return (key, vars) => page.translate(`${namespace}.${key}`, vars);
}
