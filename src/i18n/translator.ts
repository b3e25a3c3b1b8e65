import { variablesOf } from './placeholders';
import i18next, { type i18n, type InitOptions } from 'i18next';
import type { Lexicon } from '../engine/lexicon';
import { normalizeWords } from '../engine/inputs/normalize';
import type { OutboundMessage, Reply } from '../engine/types';
import { loadLocales, lookup, type LoadedLocales } from './catalog';
import { leavesOf } from './locale-texts';
import { ordinaryWordEntries } from './word-lists';

/** Texts without variables kept at most (the keys are the catalog's; a bound all the same). */
const TEXT_CACHE_SIZE = 20_000;

/** Renders replies into text and answers the engine's word look-ups, over one loaded `locales/`. */
export class Translator implements Lexicon {
  /** The languages offered (menu order); see `offered` in the constructor. */
  readonly languages: readonly string[];
  /** Every shipped language: texts render in them and their keywords work, offered or not. */
  readonly keywordLanguages: readonly string[];
  private readonly i18n: i18n;
  private readonly wordCache = new Map<string, string[]>();
  /** Texts without variables by language and key (see t()). */
  private readonly textCache = new Map<string, string>();
  private readonly ordinaryCache = new Map<string, string[]>();

  /**
   * `offered` narrows the languages a campaign offers (the organizer's LANGUAGES setting: the first
   * contact's menu lists only those); the default language is always offered. Every shipped language
   * still renders for a contact who has it and its STOP words still work.
   */
  constructor(
    readonly locales: LoadedLocales,
    readonly defaultLanguage: string,
    offered?: readonly string[],
  ) {
    const unknown = (offered ?? []).filter((l) => !locales.languages.includes(l));
    if (unknown.length) throw new Error(`LANGUAGES names languages that are not in locales/: ${unknown.join(', ')} (shipped: ${locales.languages.join(', ')})`);
    this.keywordLanguages = locales.languages;
    this.languages = offered?.length ? locales.languages.filter((l) => l === defaultLanguage || offered.includes(l)) : locales.languages;
    const resources = Object.fromEntries(Object.entries(locales.catalog).map(([lang, nss]) => [lang, { translation: nss }]));
    this.i18n = i18next.createInstance();
    // Sync init: resources are in memory. Escaping is per channel (HTML for Telegram, mrkdwn for Slack), not here.
    // showSupportNotice (i18next's console notice) is read by i18next but missing from its InitOptions type.
    const options: InitOptions & { showSupportNotice: boolean } = {
      resources,
      lng: defaultLanguage,
      fallbackLng: defaultLanguage,
      supportedLngs: [...locales.languages],
      interpolation: { escapeValue: false },
      returnNull: false,
      initAsync: false,
      showSupportNotice: false,
    };
    this.i18n.init(options);
  }

  /** Loads `locales/` from disk. */
  static fromDir(dir: string, defaultLanguage = 'en', offered?: readonly string[]): Translator {
    return new Translator(loadLocales(dir, defaultLanguage), defaultLanguage, offered);
  }

  /** The text of a key in a language, interpolated; falls back to the default language, never to the raw key silently. */
  t(language: string, key: string, vars: Record<string, string | number> = {}): string {
    const lng = this.keywordLanguages.includes(language) ? language : this.defaultLanguage;
    // Without variables a text depends only on its language and key (the catalog never changes
    // after construction): i18next's lookup, nesting and formatting run once per pair, not per message.
    for (const _ in vars) return this.i18n.t(key, { ...vars, lng });
    const cacheKey = `${lng}\u0000${key}`;
    let text = this.textCache.get(cacheKey);
    if (text === undefined) {
      text = this.i18n.t(key, { lng });
      if (this.textCache.size >= TEXT_CACHE_SIZE) this.textCache.clear();
      this.textCache.set(cacheKey, text);
    }
    return text;
  }

  has(language: string, key: string): boolean {
    return lookup(this.locales.catalog, language, key) !== undefined;
  }

  words(language: string, key: string): string[] {
    const cacheKey = `${language}\u0000${key}`;
    let words = this.wordCache.get(cacheKey);
    if (!words) {
      const raw = lookup(this.locales.catalog, language, key) ?? '';
      words = raw.split(',').map(normalizeWords).filter(Boolean);
      this.wordCache.set(cacheKey, words);
    }
    return words;
  }

  text(language: string, key: string): string | undefined {
    return lookup(this.locales.catalog, language, key);
  }

  ordinaryWords(language: string): readonly string[] {
    let words = this.ordinaryCache.get(language);
    if (!words) {
      words = ordinaryWordEntries(Object.entries(this.locales.catalog[language] ?? {}).flatMap(([ns, tree]) => leavesOf(ns, tree)));
      this.ordinaryCache.set(language, words);
    }
    return words;
  }

  /** Text direction of a language (Arabic is right-to-left). */
  /** Every text of one namespace in `language` (keys of the default language's file), placeholders kept. */
  pageTexts(language: string, namespace: string): Record<string, string> {
    const english = this.locales.catalog[this.defaultLanguage]?.[namespace] ?? {};
    return Object.fromEntries(
      leavesOf(namespace, english)
        .filter(([, text]) => typeof text === 'string')
        .map(([key, text]) => {
          const keep = Object.fromEntries(variablesOf(text as string).map((v) => [v, `{{${v}}}`]));
          return [key.slice(namespace.length + 1), this.t(language, key, keep)];
        }),
    );
  }

  dir(language: string): 'ltr' | 'rtl' {
    return this.i18n.dir(language) as 'ltr' | 'rtl';
  }

  /** Renders an engine reply in the contact's language. */
  render(reply: Reply, language: string): OutboundMessage {
    const vars = reply.vars ?? {};
    const text = reply.allLanguages
      ? this.languages.map((l) => this.t(l, reply.key, vars)).join('\n')
      : this.t(reply.language ?? language, reply.key, vars);
    const message: OutboundMessage = { text, key: reply.key };
    if (reply.vars && Object.keys(reply.vars).length) message.vars = reply.vars;
    if (reply.choices?.length) {
      message.choices = reply.choices.map((c) => ({ value: c.value, label: this.t(c.labelLanguage ?? language, c.labelKey, vars) }));
    }
    return message;
  }
}
