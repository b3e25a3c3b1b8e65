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
    en: { minCoverage: 0.7, answerCoverage: 0.75, closeRatio: 0.95, noneRatio: 0.95, dominance: 2 },
    es: { minCoverage: 0.5, answerCoverage: 0.55, closeRatio: 0.95, noneRatio: 0.8, dominance: 2 },
    ko: { minCoverage: 0.35, answerCoverage: 0.5, closeRatio: 0.95, noneRatio: 0.5 },
    tl: { minCoverage: 0.7, answerCoverage: 0.7, closeRatio: 0.95, noneRatio: 0.95 },
    vi: { minCoverage: 0.65, answerCoverage: 0.7, closeRatio: 0.95, noneRatio: 0.8, dominance: 3 },
    zh: { minCoverage: 0.5, answerCoverage: 0.7, closeRatio: 0.95, noneRatio: 0.95, dominance: 2 },
  },
  model: {
    weights: [4.092, 1.151, 0.1045, 0.993, 0.3825, 0.5152, 0.02248, 0.1716, 0.7994, -0.2012, -0.6847, 3.707, -2.486, -3.72, -0.9616, -1.016, 2.362, 1.735, 0.3498, -7.451],
    bias: { ar: -5.715, en: -6.273, es: -6.047, ko: -5.791, tl: -5.387, vi: -6.001, zh: -6.198 },
    answerAt: { ar: 0.87, en: 0.86, es: 0.85, ko: 0.98, tl: 0.98, vi: 0.84, zh: 0.87 },
    tieBreak: { ar: 0.55, en: 0.82, es: 0.67, ko: 0.77, tl: 0.55, vi: 0.92, zh: 0.61 },
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
