/** The matcher's weights and thresholds, learned on training data (`test/knowledge/tune.ts`). */
import type { ClassifierOptions } from './classifier';
import type { DecisionThresholds } from './decide';
import type { IdentifyTuning } from './identify';

/** Everything tunable about matching. */
export interface Tuning extends Omit<DecisionThresholds, 'model'> {
  /** How much the English index's score adds for a message in another language (code-switching). */
  englishWeight: number;
  /** Share of a topic's score from its texts together rather than its best single example. */
  topicMix: number;
  /** How many of a topic's best-matching examples count (their mean). */
  topExamples: number;
  /** How much a word found only through a typo or as a prefix explains, next to an exact match (1). */
  inexactCredit: number;
  /** A topic's score is multiplied by its coverage to this power (0: BM25 alone ranks). */
  coveragePower: number;
  /** Whether a topic's answer text is indexed with its examples (its words are the topic's words too). */
  indexAnswers: boolean;
  /** Language identification of a first message. */
  identify: IdentifyTuning;
  /** The naive Bayes classifier trained on the example lines at start-up (classifier.ts); its posterior feeds the model. */
  classifier: ClassifierOptions;
  /** Per-language overrides of the thresholds (the analyses differ: n-grams explain a message differently from stems). */
  languages: Record<string, Partial<Omit<DecisionThresholds, 'model'>>>;
  /**
   * The learned model of the decision (decide.ts): weights in FEATURES order, either one array
   * shared by the languages (pooled) or one per language (each language's own model), and a bias
   * and an answer threshold per language. Without a language's weights, bias or threshold, the
   * model is not used for it.
   */
  model?: { weights: number[] | Record<string, number[]>; bias: Record<string, number>; answerAt: Record<string, number>; tieBreak?: Record<string, number> };
}

/** The shipped tuning. */
export const DEFAULT_TUNING: Tuning = {
  minCoverage: 0.3,
  answerCoverage: 0.45,
  closeRatio: 0.8,
  englishWeight: 0.5,
  topicMix: 0.5,
  topExamples: 3,
  inexactCredit: 0.6,
  indexAnswers: true,
  coveragePower: 1,
  identify: { indexWeight: 1.5, switchRatio: 0.9, markerWeight: 1, markerShare: 0.15, minEvidence: 0.3 },
  classifier: { alpha: 0.03, ngramWeight: 0.5, ngramFrom: 4, temper: 0 },
  // From `WRITE=1 npx tsx test/knowledge/tune.ts` on TRAINING data only (the example lines
  // cross-validated in 5 folds, not_covered lines as out-of-scope questions, plus the dev split),
  // per language: the most right answers less twice the share of out-of-scope questions answered,
  // the done-when question answered. noneRatio below closeRatio: a message whose
  // not_covered examples score even half as well as the best topic gets the honest fallback.
  // Then the model, on the same data: a logistic regression pooled over the languages (a bias per
  // language), and per language the answer threshold with the same objective. The script rewrites
  // the block between BEGIN and END generated (2-4 minutes on the shared 2 cores).
  // BEGIN generated
  languages: {
    ar: { minCoverage: 0.55, answerCoverage: 0.6, closeRatio: 0.95, noneRatio: 0.95, dominance: 3 },
    en: { minCoverage: 0.7, answerCoverage: 0.75, closeRatio: 0.95, noneRatio: 0.95, dominance: 3 },
    es: { minCoverage: 0.5, answerCoverage: 0.65, closeRatio: 0.9, noneRatio: 0.9, dominance: 2 },
    ko: { minCoverage: 0.1, answerCoverage: 0.5, closeRatio: 0.95, noneRatio: 0.4 },
    tl: { minCoverage: 0.1, answerCoverage: 0.7, closeRatio: 0.95, noneRatio: 0.95 },
    vi: { minCoverage: 0.7, answerCoverage: 0.8, closeRatio: 0.95, noneRatio: 0.8, dominance: 2 },
    zh: { minCoverage: 0.5, answerCoverage: 0.75, closeRatio: 0.95, noneRatio: 0.95, dominance: 3 },
  },
  model: {
    weights: [4.129, 0.9886, -0.1325, 1.203, 0.4697, 0.5869, 0.04681, 0.5325, 0.8968, -0.3158, -0.6715, 4.046, -1.89, -3.436, -0.9659, -1.074, 2.397, 1.458, 0.4014, -7.37],
    bias: { ar: -6.348, en: -6.86, es: -6.545, ko: -6.567, tl: -6.245, vi: -6.68, zh: -6.974 },
    answerAt: { ar: 0.86, en: 0.87, es: 0.83, ko: 0.97, tl: 0.97, vi: 0.83, zh: 0.92 },
    tieBreak: { ar: 0.86, en: 0.82, es: 0.67, ko: 0.51, tl: 0.63, zh: 0.59 },
  },
  // END generated
};

/** The thresholds that apply to one language. */
export function thresholdsFor(tuning: Tuning, language: string): DecisionThresholds {
  const own = tuning.languages[language] ?? {};
  return {
    minCoverage: own.minCoverage ?? tuning.minCoverage,
    answerCoverage: own.answerCoverage ?? tuning.answerCoverage,
    closeRatio: own.closeRatio ?? tuning.closeRatio,
    noneRatio: own.noneRatio ?? tuning.noneRatio,
    dominance: own.dominance ?? tuning.dominance,
    ...modelFor(tuning, language),
  };
}

function modelFor(tuning: Tuning, language: string): Pick<DecisionThresholds, 'model' | 'tieBreak'> {
  const m = tuning.model;
  const weights = m && (Array.isArray(m.weights) ? m.weights : m.weights[language]);
  const bias = m?.bias[language];
  const answerAt = m?.answerAt[language];
  const tieBreak = m?.tieBreak?.[language];
  return weights && bias !== undefined && answerAt !== undefined ? { model: { weights, bias, answerAt }, ...(tieBreak !== undefined ? { tieBreak } : {}) } : {};
}
