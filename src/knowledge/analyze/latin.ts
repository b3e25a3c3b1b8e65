/**
 * The word loop English, Spanish and Tagalog share: accents folded, text-speak expanded, function
 * words light, numbers light, content words stemmed and typo-tolerant. What one language reads
 * differently (Spanish spelled by ear, Tagalog's linkers, negation and places) is that language's
 * own, in its file (english.ts, spanish.ts, tagalog.ts), handed to the loop as `LatinRules`.
 */
import { AnalysisBuilder, contentTerm, exactTerm, FUNCTION_WORD_WEIGHT, type Analyzer, type Term } from './term';
import { isNumber, own, scriptRuns, stripMarks } from './text';

/** A language's own reading of one word, in place of the shared one. */
export type LatinReading =
  /** A function word: matched exactly, at function-word weight, as `term`. */
  | { kind: 'function'; term: string }
  /** A content word looked up as `term` as it is: not stemmed, nothing added. */
  | { kind: 'content'; term: string };

/** What a language's word hook is told about the word it reads. */
export interface LatinWordContext {
  /** The word's position among the message's words (as typed, before text-speak is expanded). */
  readonly at: number;
  /** The language's function words, with the message's own (`LatinMessage.functionWords`). */
  readonly functionWords: ReadonlySet<string>;
}

/** What a language's rules find in a whole message, once, before its words are read. */
export interface LatinMessage {
  /** Function words of this message only (Tagalog affixes typed before a hyphen: "nagpa-register"). */
  readonly functionWords?: ReadonlySet<string>;
  /** Words read as typed, their text-speak not expanded, by position, with the reading they get. */
  readonly fixed?: ReadonlyMap<number, LatinReading>;
}

/**
 * A Latin-script language as the shared loop reads it: its word lists and stemmer, and hooks where
 * it reads a word its own way. Every hook is optional; without them a word is read as English is.
 */
export interface LatinRules {
  readonly language: 'en' | 'es' | 'tl';
  /** Text-speak that stands for other words, expanded before a word is read ("u" = you); values may hold several words. */
  readonly shorthand: Readonly<Record<string, string>>;
  /** The language's function words, folded: light, matched exactly. */
  readonly functionWords: ReadonlySet<string>;
  /** The stem a content word is looked up by. */
  stem(word: string): string;
  /** The message rewritten before it is split into words (English "I.D."); only the language's own analyzer applies it. */
  text?(text: string): string;
  /** What the whole message says about its words (Tagalog: places, affixes before a hyphen). */
  message?(words: readonly string[], text: string): LatinMessage;
  /** The spelling a word is read in, after its text-speak is expanded (Spanish by ear: "botar" is votar). */
  spell?(word: string): string;
  /** The language's own reading of a (spelled) word, or undefined for the shared one. */
  word?(word: string, ctx: LatinWordContext): LatinReading | undefined;
  /** Terms a content word adds on its unit besides its stem (Tagalog: the whole word, a second reading). */
  alsoContent?(word: string, stemmed: string, unit: number): Term[];
}

/** A list of function words as the loop compares them: folded (no accents). */
export function foldedWords(words: readonly string[]): ReadonlySet<string> {
  return new Set(words.map(stripMarks));
}

/** The words of a Latin-script text, folded (lower case, no accents), apostrophes dropped. */
export function latinWords(text: string): string[] {
  return scriptRuns(text)
    .filter((r) => r.script === 'latin')
    .map((r) => stripMarks(r.text));
}

const read = (b: AnalysisBuilder, reading: LatinReading): void => {
  if (reading.kind === 'function') b.terms.push(exactTerm(reading.term, [b.unit(FUNCTION_WORD_WEIGHT)], FUNCTION_WORD_WEIGHT));
  else b.terms.push(contentTerm(reading.term, [b.unit(1)]));
};

/**
 * Adds the terms of Latin-script words in one language to an analysis, one unit a word (also used
 * for English words inside other scripts). `text` is the message the words came from, for the
 * language's `message` hook (the words joined by spaces when not given).
 */
export function addLatinWords(b: AnalysisBuilder, rules: LatinRules, words: string[], text = words.join(' ')): void {
  const message = rules.message?.(words, text);
  const messageWords = message?.functionWords;
  const functionWords = messageWords?.size ? new Set([...rules.functionWords, ...messageWords]) : rules.functionWords;
  for (const [at, typed] of words.entries()) {
    const fixed = message?.fixed?.get(at);
    if (fixed) {
      read(b, fixed);
      continue;
    }
    const expanded = own(rules.shorthand, typed)?.split(' ') ?? [typed];
    for (const raw of expanded) {
      const word = rules.spell?.(raw) ?? raw;
      const reading = rules.word?.(word, { at, functionWords });
      if (reading) {
        read(b, reading);
        continue;
      }
      if (functionWords.has(word) || isNumber(word)) {
        read(b, { kind: 'function', term: word });
        continue;
      }
      const unit = b.unit(1);
      const stemmed = rules.stem(word);
      b.terms.push(contentTerm(stemmed, [unit]));
      if (rules.alsoContent) b.terms.push(...rules.alsoContent(word, stemmed, unit));
    }
  }
}

/** The analyzer of a Latin-alphabet language, from its rules. */
export function latinAnalyzer(rules: LatinRules): Analyzer {
  return {
    language: rules.language,
    analyze(text) {
      const b = new AnalysisBuilder();
      addLatinWords(b, rules, latinWords(rules.text?.(text) ?? text), text);
      return b.build();
    },
  };
}
