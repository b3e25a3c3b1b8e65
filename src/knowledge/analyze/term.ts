/** The unit of analysis: a term the index stores and a query looks up, with how to look it up. */

/** One term of an analysed text. */
export interface Term {
  term: string;
  /** How much the term counts in a query (function words count little, so "how do I" does not decide). */
  weight: number;
  /** Edits allowed when looking it up (typos): 0, 1 or 2. */
  fuzzy: number;
  /** Whether it also matches longer indexed terms it starts (a truncated or differently inflected word). */
  prefix: boolean;
  /** The units of the message (words; characters in Chinese, syllables in Korean) the term stands for. */
  units: number[];
}

/** An analysed text: its terms, and the weight of each unit of the message (for how much of it a topic explains). */
export interface Analysis {
  terms: Term[];
  /** One weight per unit: 1 for content, FUNCTION_WORD_WEIGHT for function words. */
  units: number[];
}

/** Turns a text of one language into terms; the same analysis serves indexing and querying. */
export interface Analyzer {
  readonly language: string;
  analyze(text: string): Analysis;
}

/** How much a function word counts next to a content word. */
export const FUNCTION_WORD_WEIGHT = 0.3;

/** A content term: full weight, typo tolerance by length (1 edit from 4 letters, 2 from 8). */
export function contentTerm(term: string, units: number[], opts: { fuzzyFrom?: number; prefixFrom?: number } = {}): Term {
  const length = [...term].length;
  const fuzzyFrom = opts.fuzzyFrom ?? 4;
  const prefixFrom = opts.prefixFrom ?? 4;
  return { term, weight: 1, fuzzy: length >= 8 && fuzzyFrom <= 8 ? 2 : length >= fuzzyFrom ? 1 : 0, prefix: length >= prefixFrom, units };
}

/** A term matched exactly only (n-grams, function words), with the given weight. */
export function exactTerm(term: string, units: number[], weight = 1): Term {
  return { term, weight, fuzzy: 0, prefix: false, units };
}

/** Terms without repeats: one per term, at the highest weight and widest look-up any repeat had, covering all their units. */
export function uniqueTerms(terms: Term[]): Term[] {
  const seen = new Map<string, Term>();
  for (const t of terms) {
    const prev = seen.get(t.term);
    if (!prev) seen.set(t.term, { ...t, units: [...t.units] });
    else {
      prev.weight = Math.max(prev.weight, t.weight);
      prev.fuzzy = Math.max(prev.fuzzy, t.fuzzy);
      prev.prefix ||= t.prefix;
      for (const u of t.units) if (!prev.units.includes(u)) prev.units.push(u);
    }
  }
  return [...seen.values()];
}

/** Collects terms and unit weights while an analyzer walks a message. */
export class AnalysisBuilder {
  readonly terms: Term[] = [];
  readonly units: number[] = [];

  /** Adds a unit of the given weight and returns its index. */
  unit(weight: number): number {
    this.units.push(weight);
    return this.units.length - 1;
  }

  /** The analysis, repeats merged. */
  build(): Analysis {
    return { terms: uniqueTerms(this.terms), units: this.units };
  }
}
