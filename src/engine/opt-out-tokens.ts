/**
 * Words as the opt-out matcher compares them (src/engine/opt-out.ts). Unlike `normalizeWords`,
 * accents are kept beside the stripped form: a word typed with its marks is compared with them
 * ("dừng" is not "đúng"), one typed without them is compared stripped. Pure.
 */
import { foldDigits } from './inputs/normalize';

/** One word of a message. */
export interface Token {
  /** Lower case, accents kept (NFC). */
  marked: string;
  /** Lower case, accents removed, đ as d. */
  plain: string;
  /** True when the word was typed with accents or tone marks. */
  hasMarks: boolean;
  /** Only the letters a-z once accents are removed (typing slips are forgiven in these). */
  latin: boolean;
  /** A masked swear word ("f***ing"): it only adds emphasis. */
  expletive?: boolean;
}

/** One word of a list entry: `text*` matches any word starting with "text", a lone `*` any one word. */
export interface EntryToken extends Token {
  prefix?: boolean;
  any?: boolean;
}

/** How one message word met one entry word. */
export interface TokenMatch {
  /** Compared without accents while the entry has them ("dung" for "dừng"). */
  stripped: boolean;
}

// Harakat and Quranic marks are optional in Arabic writing: never part of the comparison. The
// letter forms people use interchangeably (hamza seats, taa marbuta, alif maqsura) are folded.
const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]/g;
const ARABIC_FOLDS: Record<string, string> = { 'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ة': 'ه', 'ى': 'ي' };
const ARABIC_FOLD = /[أإآٱةى]/g;
// Direction marks, zero-width joiners, BOM; tatweel only stretches a word; emoji variation selectors and keycaps.
const INVISIBLE = /[\p{Cf}\u0640\uFE00-\uFE0F\u20D0-\u20FF]/gu;
// Apostrophes inside a word are dropped: "don't" is written "dont" in the lists.
const APOSTROPHE = /(?<=\p{L})['’‘`´](?=\p{L})/gu;
// A word masked with symbols, as people write swear words: f***, f***ing, f#@%ing, sh*t (not "stop*").
const MASKED = /^\p{L}{1,3}[*#@$%]{2,}\p{L}*$|^\p{L}+[*#@$%]+\p{L}+$/u;
// Punctuation around a word, but not the symbols a masked word is made of.
const EDGES = /^[^\p{L}\p{N}*#@$%]+|[^\p{L}\p{N}*#@$%]+$/gu;
const HAN = /(\p{Script=Han})/gu;
// A letter typed three or more times in a row is typed once ("stooop", "STOPPPP").
const REPEATS = /(\p{L})\1{2,}/gu;

function forms(word: string): Token {
  const marked = word.normalize('NFC');
  const decomposed = marked.normalize('NFD');
  const plain = decomposed.replace(/\p{M}+/gu, '').replace(/đ/g, 'd').normalize('NFC');
  return { marked, plain, hasMarks: plain !== marked, latin: /^[a-z]+$/.test(plain) };
}

/** The text as lower-case words: punctuation, emoji and symbols are spaces, each Chinese character a word of its own. */
export function tokenize(text: string): Token[] {
  const cleaned = foldDigits(text.normalize('NFKC'))
    .replace(INVISIBLE, '')
    .replace(ARABIC_MARKS, '')
    .replace(ARABIC_FOLD, (c) => ARABIC_FOLDS[c])
    .toLowerCase()
    .replace(APOSTROPHE, '');
  const tokens: Token[] = [];
  for (const chunk of cleaned.split(/\s+/)) {
    const bare = chunk.replace(EDGES, '');
    if (MASKED.test(bare)) {
      tokens.push({ ...forms(bare), expletive: true });
      continue;
    }
    const words = chunk.replace(/[\p{P}\p{S}]/gu, ' ').replace(HAN, ' $1 ').replace(REPEATS, '$1').split(' ');
    for (const word of words) if (word) tokens.push(forms(word));
  }
  return tokens;
}

/** An entry of a word list as words; `*` at the end of a word makes it a prefix, a lone `*` any word. */
export function tokenizeEntry(entry: string): EntryToken[] {
  const out: EntryToken[] = [];
  for (const chunk of entry.trim().split(/\s+/)) {
    if (chunk === '*') {
      out.push({ marked: '*', plain: '*', hasMarks: false, latin: false, any: true });
      continue;
    }
    const prefix = chunk.endsWith('*');
    const words: EntryToken[] = tokenize(prefix ? chunk.slice(0, -1) : chunk);
    if (prefix && words.length) words[words.length - 1] = { ...words[words.length - 1], prefix: true };
    out.push(...words);
  }
  return out;
}

/** True for a word of a script that writes no spaces (counted as half a word for message length). */
export const isHan = (token: Token): boolean => /^\p{Script=Han}$/u.test(token.marked);

/**
 * Whether a message word is an entry word: with accents when the message word has them, else
 * without; a Latin word of four letters or more may have one slip (see `nearMiss`). Null when not.
 */
export function matchToken(word: Token, entry: EntryToken): TokenMatch | null {
  if (entry.any) return { stripped: false };
  if (word.expletive) return null;
  const [a, b] = word.hasMarks ? [word.marked, entry.marked] : [word.plain, entry.plain];
  const stripped = !word.hasMarks && entry.hasMarks;
  if (entry.prefix ? b.length > 0 && a.startsWith(b) : a === b) return { stripped };
  if (!entry.prefix && !word.hasMarks && word.latin && entry.latin && nearMiss(a, entry.plain)) return { stripped };
  return null;
}

/**
 * A typing slip of a Latin word, first letter right: for words of 7+ letters any single edit
 * ("unsubscibe", "unsuscribe"); for 4-6 letters only two neighbours swapped ("stpo") or one letter
 * doubled ("stopp"), since one changed letter turns short words into others (stop/step, cancel/cancer).
 */
export function nearMiss(typed: string, word: string): boolean {
  if (word.length < 4 || Math.abs(typed.length - word.length) > 1 || typed === word || typed[0] !== word[0] || !/^[a-z]+$/.test(word) || !/^[a-z]+$/.test(typed)) return false;
  if (swapped(typed, word) || doubled(typed, word)) return true;
  return word.length >= 7 && oneEdit(typed, word);
}

function swapped(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
  return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]];
}

function doubled(a: string, b: string): boolean {
  if (a.length !== b.length + 1) return false;
  for (let i = 0; i < b.length; i++) if (a[i] !== b[i]) return a[i] === a[i - 1] && a.slice(i + 1) === b.slice(i);
  return a[b.length] === b[b.length - 1];
}

/** One letter inserted, removed or changed. */
function oneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
