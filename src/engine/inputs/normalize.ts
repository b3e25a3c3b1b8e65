/** Text normalisation shared by every matcher (inputs, choices, keywords). */

// Punctuation that may surround a word: ASCII plus Spanish inverted marks and CJK full-width forms.
const EDGE_PUNCT = /^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu;

// Digits people's keyboards type besides 0-9: Arabic-Indic (٠-٩) and Extended/Persian (۰-۹).
// Full-width digits (０-９, CJK keyboards) become 0-9 through NFKD.
const OTHER_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;
const toAsciiDigit = (d: string) => String((d.codePointAt(0)! - 0x0660) % 0x90);
// Invisible format characters: direction marks (U+200E/F, U+061C), bidi embeddings and isolates,
// zero-width joiners, BOM. Phones and copy-paste add them around right-to-left words.
const FORMAT_CHARS = /\p{Cf}/gu;
// Arabic tatweel (ـ) only stretches a word.
const TATWEEL = /\u0640/g;

/** The text with Arabic-Indic and full-width digits as 0-9 (for numeric inputs: ZIP, rating, number). */
export function foldDigits(text: string): string {
  return text.replace(/[\uFF10-\uFF19]/g, (d) => String(d.codePointAt(0)! - 0xff10)).replace(OTHER_DIGITS, toAsciiDigit);
}

/**
 * Normalise for matching: compatibility forms folded (full-width letters and digits), lower case,
 * no diacritics (but Hangul syllables kept whole), ASCII digits, trimmed, single spaces, no
 * surrounding punctuation.
 */
export function normalizeWords(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC')
    .replace(OTHER_DIGITS, toAsciiDigit)
    .replace(TATWEEL, '')
    .replace(FORMAT_CHARS, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(EDGE_PUNCT, '')
    .trim();
}
