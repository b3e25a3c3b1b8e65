/**
 * A supervised second opinion beside retrieval: a multinomial naive Bayes classifier per language,
 * trained at start-up on the topics' example lines (every topic, `kind: none` ones included, is its
 * own class) over the analyzer's terms plus character trigrams of its longer terms (a typo keeps
 * most of a word's trigrams). Retrieval asks "which texts share this message's words"; the
 * classifier asks "which topic's lines use words like these", weighing every word by how much it
 * tells the topics apart. Its posterior feeds the decision's model (decide.ts).
 *
 * Training is one pass of counting (a few milliseconds a language), so the organizer's examples
 * are learned where they are read: no weights are generated or stored.
 */
import type { Analysis } from './analyze';

/** How the classifier is built (see Tuning.classifier). */
export interface ClassifierOptions {
  /** Additive (Laplace/Lidstone) smoothing of each class's term counts. */
  alpha: number;
  /** The share of a term's weight its character trigrams carry together (0: terms only). */
  ngramWeight: number;
  /** Trigrams are taken from terms of at least this many characters. */
  ngramFrom: number;
  /**
   * Log-likelihoods are divided by (1 + message weight) ** this power before the softmax: naive
   * Bayes counts every word as independent evidence, so long messages get posteriors near 0 or 1.
   */
  temper: number;
}

/** A class and its posterior probability. */
export interface ClassProbability {
  topic: string;
  p: number;
}

/** A trained classifier of one language. */
export interface TopicClassifier {
  /** Every class's posterior for an analysed message, most probable first (empty when nothing is known). */
  classify(analysis: Analysis): ClassProbability[];
}

/** The weighted features of an analysed text: its terms, and the character trigrams of its longer terms. */
export function classifierFeatures(analysis: Analysis, opts: Pick<ClassifierOptions, 'ngramWeight' | 'ngramFrom'>): Map<string, number> {
  const out = new Map<string, number>();
  const add = (f: string, w: number) => out.set(f, (out.get(f) ?? 0) + w);
  for (const t of analysis.terms) {
    add(t.term, t.weight);
    const chars = [...t.term];
    if (opts.ngramWeight <= 0 || chars.length < opts.ngramFrom) continue;
    const padded = ['<', ...chars, '>'];
    const n = padded.length - 2;
    for (let i = 0; i < n; i++) add(`\u0002${padded[i]}${padded[i + 1]}${padded[i + 2]}`, (t.weight * opts.ngramWeight) / n);
  }
  return out;
}

/** Trains one language's classifier on its topics' analysed example lines (counting: no iterations). */
export function trainClassifier(lines: { topic: string; analysis: Analysis }[], opts: ClassifierOptions): TopicClassifier {
  const classes = [...new Set(lines.map((l) => l.topic))];
  const counts = new Map<string, Float64Array>();
  const totals = new Float64Array(classes.length);
  for (const line of lines) {
    const c = classes.indexOf(line.topic);
    for (const [f, w] of classifierFeatures(line.analysis, opts)) {
      let row = counts.get(f);
      if (!row) counts.set(f, (row = new Float64Array(classes.length)));
      row[c] += w;
      totals[c] += w;
    }
  }
  // Each feature's smoothed log-likelihood in every class, once, in one flat array (a row a
  // feature: typed arrays of their own would cost more than their numbers): a look-up is then one
  // sum a class.
  const v = counts.size;
  const k = classes.length;
  const denominators = [...totals].map((total) => Math.log(total + opts.alpha * v));
  const rows = new Map<string, number>();
  const logLikelihood = new Float32Array(v * k);
  for (const [f, row] of counts) {
    const at = rows.size * k;
    rows.set(f, at);
    for (let c = 0; c < k; c++) logLikelihood[at + c] = Math.log(row[c] + opts.alpha) - denominators[c];
  }
  // Uniform priors: a topic with more example lines is not more likely to be asked.
  return {
    classify(analysis) {
      const log = new Float64Array(k);
      let known = false;
      for (const [f, w] of classifierFeatures(analysis, opts)) {
        const at = rows.get(f);
        if (at === undefined) continue;
        known = true;
        for (let c = 0; c < k; c++) log[c] += w * logLikelihood[at + c];
      }
      if (!known) return [];
      const scale = 1 / (1 + analysis.units.reduce((a, b) => a + b, 0)) ** opts.temper;
      const max = Math.max(...log) * scale;
      const exp = [...log].map((x) => Math.exp(x * scale - max));
      const z = exp.reduce((a, b) => a + b, 0);
      return classes.map((topic, c) => ({ topic, p: exp[c] / z })).sort((a, b) => b.p - a.p);
    },
  };
}
