/** Text folding shared by every language's analysis: compatibility forms, case, accents, scripts. */

// Invisible format characters (direction marks, zero-width joiners, BOM): phones add them around
// right-to-left words, and they would split or glue words.
const FORMAT_CHARS = /\p{Cf}/gu;
// Apostrophes inside a word vanish ("what's" = "whats", "I'm" = "im"): people type both.
const APOSTROPHES = /['\u2018\u2019\u02BC`´]/g;
// Arabic tatweel (ـ) only stretches a word; it is not even an Arabic-script character to Unicode.
const TATWEEL = /\u0640/g;
// Arabic-Indic (٠-٩) and Persian (۰-۹) digits as 0-9; full-width ones fold through NFKC.
const OTHER_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;

/**
 * Whether a word is a number. A number alone says little about a topic ("8" is in "do polls close
 * at 8", and in "zzz 8"; "1" in "prop 1" and in "zzz 1"): the analyzers count it as a function
 * word, matched exactly.
 */
export const isNumber = (word: string): boolean => /^\d+$/.test(word);

/**
 * A word table's entry for a message's word, looked up on the table's own keys: a word such as
 * "constructor" or "toString" finds nothing, not Object's method.
 */
export function own<T>(table: Readonly<Record<string, T>>, word: string): T | undefined {
  return Object.hasOwn(table, word) ? table[word] : undefined;
}

/** NFKC (full-width and compatibility forms folded), lower case, no format characters, ASCII digits. */
export function foldCompat(text: string): string {
  return text
    .normalize('NFKC')
    .replace(FORMAT_CHARS, '')
    .replace(TATWEEL, '')
    .replace(OTHER_DIGITS, (d) => String((d.codePointAt(0)! - 0x0660) % 0x90))
    .toLowerCase();
}

/** Latin letters without accents or tone marks (é -> e, ñ -> n, ệ -> e, đ -> d). */
export function stripMarks(word: string): string {
  return word.normalize('NFD').replace(/\p{M}+/gu, '').replace(/đ/g, 'd').normalize('NFC');
}

/** A run of one script in a message: Latin-alphabet and digit words, Han, Hangul or Arabic text. */
export interface ScriptRun {
  script: 'latin' | 'han' | 'hangul' | 'arabic' | 'other';
  text: string;
}

const RUN = /(\p{Script=Han}+)|(\p{Script=Hangul}+)|([\p{Script=Arabic}\p{M}]+)|([\p{Script=Latin}\p{N}\p{M}]+)|([^\s\p{P}\p{S}\p{Script=Han}\p{Script=Hangul}\p{Script=Arabic}\p{Script=Latin}\p{N}]+)/gu;

/**
 * The message split into words of one script each, punctuation and spaces dropped. Han and Hangul
 * runs stay whole (their word boundaries are found by the language's own analysis).
 */
export function scriptRuns(text: string): ScriptRun[] {
  const runs: ScriptRun[] = [];
  for (const m of foldCompat(text).replace(APOSTROPHES, '').matchAll(RUN)) {
    const script = m[1] ? 'han' : m[2] ? 'hangul' : m[3] ? 'arabic' : m[4] ? 'latin' : 'other';
    runs.push({ script, text: m[0] });
  }
  return runs;
}
