/**
 * What the engine needs to know about the shipped languages, without depending on i18next:
 * which languages exist and the word lists (comma-separated entries) used to match answers.
 * src/i18n implements it over the loaded locale files.
 */
export interface Lexicon {
  /** Languages offered (language menu, locale hints), in menu order. */
  readonly languages: readonly string[];
  /**
   * Every shipped language, offered or not: global words (STOP above all) are matched in all of
   * them, so opting out works in any language a person writes. Defaults to `languages`.
   */
  readonly keywordLanguages?: readonly string[];
  readonly defaultLanguage: string;
  /** Normalised words of a comma-separated entry in one language ([] when absent). */
  words(language: string, key: string): string[];
  /** True when the key has text in that language. */
  has(language: string, key: string): boolean;
  /**
   * The raw text of a key, accents kept: the opt-out matcher compares accents when a message has
   * them (src/engine/opt-out.ts). Optional: without it, `words` is used and accents never count.
   */
  text?(language: string, key: string): string | undefined;
  /**
   * Every entry, as written, of the language's word lists other than the opt-out lists (answers,
   * choice matches, flow and other global keywords): the everyday words an opt-out word typed
   * without its accents may be mistaken for. Optional: the common answer lists are used without it.
   */
  ordinaryWords?(language: string): readonly string[];
}
