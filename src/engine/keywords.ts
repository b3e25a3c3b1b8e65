import { normalizeWords } from './inputs/normalize';
import type { Lexicon } from './lexicon';

/** Words that work in the middle of any conversation, in any shipped language. */
export const GLOBAL_KEYWORDS = ['stop', 'start', 'help', 'menu', 'language', 'agent'] as const;
export type GlobalKeyword = (typeof GLOBAL_KEYWORDS)[number];

/**
 * Classifies a whole message as a global keyword (`keywords.<name>` in any language).
 * Only the entire message counts, as carriers do it: "stop by tomorrow?" is not STOP.
 * Opt-out words are checked first, so a word listed twice can never block opting out.
 */
export function classifyGlobal(text: string, lexicon: Lexicon): { keyword: GlobalKeyword; word: string } | null {
  const word = normalizeWords(text);
  if (!word) return null;
  for (const keyword of GLOBAL_KEYWORDS) {
    for (const language of lexicon.keywordLanguages ?? lexicon.languages) {
      if (lexicon.words(language, `keywords.${keyword}`).includes(word)) return { keyword, word: word.toUpperCase() };
    }
  }
  return null;
}

/** The flow whose `keywords` entry contains the whole message, in the given language first, then any. */
export function flowForKeyword(
  text: string,
  lexicon: Lexicon,
  flows: { id: string; keywordsKey?: string }[],
  language: string | null,
): string | null {
  const word = normalizeWords(text);
  if (!word) return null;
  const all = lexicon.keywordLanguages ?? lexicon.languages;
  const order = language ? [language, ...all.filter((l) => l !== language)] : all;
  for (const lang of order) {
    for (const flow of flows) {
      if (flow.keywordsKey && lexicon.words(lang, flow.keywordsKey).includes(word)) return flow.id;
    }
  }
  return null;
}
