/** Text normalisation shared by every matcher (inputs, choices, keywords). */

// Punctuation that may surround a word: ASCII plus Spanish inverted marks and CJK full-width forms.
const EDGE_PUNCT = /^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu;

/** Normalise for matching: lower case, no diacritics, trimmed, single spaces, no surrounding punctuation. */
export function normalizeWords(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(EDGE_PUNCT, '')
    .trim();
}
