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
}
