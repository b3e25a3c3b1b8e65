/**
 * Opt-out by any reasonable means (FCC 2024 consent-revocation order): short messages whose
 * meaning is "stop messaging me", in each shipped language, from word lists a reviewer reads per
 * language in `locales/<lang>/keywords.json`:
 *
 * - `stop`: opt-out words. The whole message is one of them, possibly repeated and with filler
 *   words around it: "STOP", "STOP STOP", "please stop", "stop it now", "STOP!!!", "stpo".
 * - `stop_fillers`: words that add nothing to an opt-out word ("please", "now", "it", "por favor",
 *   "po", "请", "좀"). Masked swear words ("f***ing") count as fillers in every language.
 * - `stop_phrases`: phrases that mean "stop messaging me" anywhere in a short message
 *   ("stop texting", "remove me", "no more messages", "no me manden", "别再发", "그만 보내*").
 *   `word*` matches any word starting with it, a lone `*` any one word.
 * - `stop_negations`: phrases that undo it anywhere in the message ("don't stop", "can't stop",
 *   "bus stop", "stop by", "no pares"): the message is then not an opt-out.
 *
 * A bare opt-out word inside a sentence or a question ("where is the bus stop?", "can I stop by
 * the office?") never counts: only the whole-message rule reads `stop`. English (and the default
 * language's) opt-out words and negations work in every language ("stop na po", "STOP por favor").
 *
 * Accents: a word typed with accents or tone marks is compared with them, one typed without them
 * is compared stripped. When a stripped match is also, stripped, an everyday word of that
 * language's lists ("dung": "dừng" stop or "đúng" right), it is `ambiguous`: the engine asks
 * instead of opting out. Pure.
 */
import type { Lexicon } from './lexicon';
import { normalizeWords } from './inputs/normalize';
import { isHan, matchToken, tokenize, tokenizeEntry, type EntryToken, type Token } from './opt-out-tokens';

/** What an opt-out reading of a message found. */
export interface OptOutMatch {
  /** `ambiguous`: it reads as an opt-out only with the accents left off, and is also an everyday word. */
  kind: 'stop' | 'ambiguous';
  /** The language whose lists matched. */
  language: string;
  /** Which rule: the whole message is opt-out words (and fillers), or it contains an opt-out phrase. */
  rule: 'word' | 'phrase';
  /** The list entry that matched, as written. */
  entry: string;
}

/** The word lists the rules are read from (`keywords.<name>` in each language). */
export const OPT_OUT_LISTS = {
  words: 'keywords.stop',
  phrases: 'keywords.stop_phrases',
  fillers: 'keywords.stop_fillers',
  negations: 'keywords.stop_negations',
} as const;

/**
 * Phrases count only in short messages: at most this many words (a Chinese character counts as
 * half a word). A long letter that quotes "stop texting" is left to a person.
 */
export const MAX_PHRASE_MESSAGE_WORDS = 30;

interface Entry {
  text: string;
  tokens: EntryToken[];
  /** The entry without accents, to compare with the language's everyday words. */
  plain: string;
}

/** A list's entries by the first letter of their first word (`*` for a leading lone `*`): only those can start at a word. */
type EntryIndex = Map<string, Entry[]>;

interface Rules {
  language: string;
  words: EntryIndex;
  phrases: EntryIndex;
  fillers: EntryIndex;
  negations: EntryIndex;
  /** Stripped forms of the language's other word-list entries (answers, choices, other keywords). */
  ordinary: Set<string>;
}

/** Lists whose entries are everyday words, when the lexicon cannot list them all itself. */
const KNOWN_ORDINARY_LISTS = ['common.yes_words', 'common.no_words', 'common.skip_words', 'common.number_words', 'keywords.start', 'keywords.help', 'keywords.menu', 'keywords.language', 'keywords.agent'];

const cache = new WeakMap<Lexicon, Map<string, Rules>>();

/**
 * Reads a message as an opt-out in any shipped language: `stop`, `ambiguous` (see above) or null.
 * Every other global keyword stays whole-message only (src/engine/keywords.ts).
 */
export function matchOptOut(text: string, lexicon: Lexicon): OptOutMatch | null {
  const tokens = tokenize(text);
  if (!tokens.length) return null;
  let ambiguous: OptOutMatch | null = null;
  for (const language of lexicon.keywordLanguages ?? lexicon.languages) {
    const found = matchLanguage(tokens, rulesOf(lexicon, language));
    if (found?.kind === 'stop') return found;
    ambiguous ??= found;
  }
  return ambiguous;
}

/**
 * How the opt-out is recorded in the consent ledger: the message when it is only opt-out words and
 * fillers ("PLEASE STOP"), else the phrase that matched ("STOP TEXT*"), never the rest of a
 * sentence: the ledger outlives `contact forget`, and a sentence may name the person.
 */
export function optOutWord(text: string, match: OptOutMatch): string {
  return (match.rule === 'word' ? normalizeWords(text) : match.entry).toUpperCase().slice(0, 100);
}

type Found = { kind: 'stop' | 'ambiguous'; entry: string };

function matchLanguage(all: Token[], rules: Rules): OptOutMatch | null {
  const tokens = all.filter((t) => !t.expletive);
  const essential = dropFillers(tokens, rules.fillers);
  if (firstIn(all, rules.negations) || firstIn(essential, rules.negations)) return null;

  const bare = cover(tokens, rules);
  if (bare?.kind === 'stop') return { ...bare, language: rules.language, rule: 'word' };
  let phrase: Found | null = null;
  if (weight(tokens) <= MAX_PHRASE_MESSAGE_WORDS) {
    for (const sequence of [tokens, essential]) {
      const found = firstIn(sequence, rules.phrases, rules.ordinary);
      if (found?.kind === 'stop') return { ...found, language: rules.language, rule: 'phrase' };
      phrase ??= found;
    }
  }
  if (bare) return { ...bare, language: rules.language, rule: 'word' };
  return phrase && { ...phrase, language: rules.language, rule: 'phrase' };
}

/**
 * Whether the message is nothing but opt-out words and fillers, with at least one opt-out word:
 * `stop`, or `ambiguous` when every opt-out word in it matched only ambiguously.
 */
function cover(tokens: Token[], rules: Rules): Found | null {
  // reach[i]: how the message can be covered up to word i. Bit 1: no opt-out word yet; 2: only
  // ambiguous ones; 4: a clear one.
  const reach: number[] = new Array(tokens.length + 1).fill(0);
  const used: string[] = new Array(tokens.length + 1).fill('');
  reach[0] = 1;
  for (let i = 0; i < tokens.length; i++) {
    if (!reach[i]) continue;
    for (const filler of candidates(rules.fillers, tokens[i])) {
      if (at(tokens, i, filler) === null) continue;
      reach[i + filler.tokens.length] |= reach[i];
      used[i + filler.tokens.length] ||= used[i];
    }
    for (const word of candidates(rules.words, tokens[i])) {
      const stripped = at(tokens, i, word);
      if (stripped === null) continue;
      const clear = !(stripped && rules.ordinary.has(word.plain));
      const end = i + word.tokens.length;
      reach[end] |= (reach[i] & 4 ? 4 : 0) | (reach[i] & 3 ? (clear ? 4 : 2) : 0);
      if (clear || !used[end]) used[end] = word.text;
    }
  }
  const end = reach[tokens.length];
  if (end & 4) return { kind: 'stop', entry: used[tokens.length] };
  if (end & 2) return { kind: 'ambiguous', entry: used[tokens.length] };
  return null;
}

/** The message without its filler words (the first filler that fits at each place is taken out). */
function dropFillers(tokens: Token[], fillers: EntryIndex): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; ) {
    const filler = candidates(fillers, tokens[i]).find((f) => at(tokens, i, f) !== null);
    if (filler) i += filler.tokens.length;
    else out.push(tokens[i++]);
  }
  return out;
}

/**
 * The first entry found anywhere in the message, preferring a clear match: `ambiguous` when it
 * matched only without accents and is, so stripped, one of `ordinary` (absent: never ambiguous).
 */
function firstIn(tokens: Token[], index: EntryIndex, ordinary?: Set<string>): Found | null {
  let found: Found | null = null;
  for (let i = 0; i < tokens.length; i++) {
    for (const entry of candidates(index, tokens[i])) {
      const stripped = at(tokens, i, entry);
      if (stripped === null) continue;
      if (!(stripped && ordinary?.has(entry.plain))) return { kind: 'stop', entry: entry.text };
      found ??= { kind: 'ambiguous', entry: entry.text };
    }
  }
  return found;
}

/** Whether the entry's words are the message's words from `i` on: null if not, else whether any was compared stripped. */
function at(tokens: Token[], i: number, entry: Entry): boolean | null {
  if (i + entry.tokens.length > tokens.length) return null;
  let stripped = false;
  for (let k = 0; k < entry.tokens.length; k++) {
    const m = matchToken(tokens[i + k], entry.tokens[k]);
    if (!m) return null;
    stripped ||= m.stripped;
  }
  return stripped;
}

const NONE: Entry[] = [];

/** The entries that may start at this word: the same first letter (matches keep it, slips too), or a leading `*`. */
function candidates(index: EntryIndex, token: Token): Entry[] {
  const same = index.get(token.plain[0]) ?? NONE;
  const any = index.get('*');
  return any ? [...same, ...any] : same;
}

function indexOf(entries: Entry[]): EntryIndex {
  const index: EntryIndex = new Map();
  for (const entry of entries) {
    const key = entry.tokens[0].any ? '*' : entry.tokens[0].plain[0];
    index.set(key, [...(index.get(key) ?? []), entry]);
  }
  return index;
}

/** Message length in words, a Chinese character counting half. */
const weight = (tokens: Token[]) => tokens.reduce((sum, t) => sum + (isHan(t) ? 0.5 : 1), 0);

function rulesOf(lexicon: Lexicon, language: string): Rules {
  let byLanguage = cache.get(lexicon);
  if (!byLanguage) cache.set(lexicon, (byLanguage = new Map()));
  let rules = byLanguage.get(language);
  if (!rules) byLanguage.set(language, (rules = compileRules(lexicon, language)));
  return rules;
}

function compileRules(lexicon: Lexicon, language: string): Rules {
  // The carriers' English words (and the default language's) work whatever the language.
  const shared = [...new Set([lexicon.defaultLanguage, 'en'])].filter((l) => l !== language && (lexicon.keywordLanguages ?? lexicon.languages).includes(l));
  const list = (key: string, languages: string[]) => indexOf(unique(languages.flatMap((l) => rawList(lexicon, l, key)).map(entryOf).filter((e) => e.tokens.length > 0 && e.plain !== '')));
  const ordinaryEntries = lexicon.ordinaryWords?.(language) ?? KNOWN_ORDINARY_LISTS.flatMap((key) => rawList(lexicon, language, key));
  return {
    language,
    words: list(OPT_OUT_LISTS.words, [language, ...shared]),
    phrases: list(OPT_OUT_LISTS.phrases, [language]),
    fillers: list(OPT_OUT_LISTS.fillers, [language]),
    negations: list(OPT_OUT_LISTS.negations, [language, ...shared]),
    ordinary: new Set(ordinaryEntries.map((w) => entryOf(w).plain).filter(Boolean)),
  };
}

/** A list's entries as written (accents kept) when the lexicon has the raw text, else its normalised words. */
function rawList(lexicon: Lexicon, language: string, key: string): string[] {
  const raw = lexicon.text ? lexicon.text(language, key) : lexicon.words(language, key).join(',');
  return (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function entryOf(text: string): Entry {
  const tokens = tokenizeEntry(text);
  return { text, tokens, plain: tokens.map((t) => t.plain).join(' ') };
}

function unique(entries: Entry[]): Entry[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    const key = e.tokens.map((t) => `${t.marked}${t.prefix ? '*' : ''}`).join(' ');
    return !seen.has(key) && !!seen.add(key);
  });
}
