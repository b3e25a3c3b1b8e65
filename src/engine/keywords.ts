import { normalizeWords } from './inputs/normalize';
import type { Lexicon } from './lexicon';
import { matchOptOut, optOutWord } from './opt-out';

/** Words that work in the middle of any conversation, in any shipped language. */
export const GLOBAL_KEYWORDS = ['stop', 'start', 'help', 'menu', 'language', 'agent'] as const;
export type GlobalKeyword = (typeof GLOBAL_KEYWORDS)[number];

/**
 * Classifies a message as a global keyword (`keywords.<name>` in any language). STOP is any
 * reasonable request to stop (src/engine/opt-out.ts: "please stop texting me", "STOP STOP", but not
 * "stop by tomorrow?"); the others count only as the entire message, as carriers do it.
 * Opt-out is checked first, so a word listed twice can never block opting out. A message that is
 * an opt-out only with its accents left off and ambiguous ("dung") is not STOP here: the engine asks.
 */
export function classifyGlobal(text: string, lexicon: Lexicon): { keyword: GlobalKeyword; word: string } | null {
  const word = normalizeWords(text);
  if (!word) return null;
  const optOut = matchOptOut(text, lexicon);
  if (optOut?.kind === 'stop') return { keyword: 'stop', word: optOutWord(text, optOut) };
  for (const keyword of GLOBAL_KEYWORDS) {
    if (keyword === 'stop') continue;
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
