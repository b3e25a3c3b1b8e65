/** The matcher's weights and thresholds, tuned on the dev split of `test/knowledge/questions`. */
import type { DecisionThresholds } from './decide';
import type { IdentifyTuning } from './identify';

/** Everything tunable about matching. */
export interface Tuning extends DecisionThresholds {
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
  /** Per-language overrides of the thresholds (the analyses differ: n-grams explain a message differently from stems). */
  languages: Record<string, Partial<DecisionThresholds>>;
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
  // From `npx tsx test/knowledge/tune.ts` on TRAINING data only (the example lines
  // cross-validated in 5 folds, not_covered lines as out-of-scope questions, plus the dev split),
  // per language: the most right answers less twice the share of out-of-scope questions answered,
  // the done-when question answered. noneRatio below closeRatio: a message whose
  // not_covered examples score even half as well as the best topic gets the honest fallback.
  languages: {
    ar: { minCoverage: 0.4, answerCoverage: 0.55, closeRatio: 0.9, noneRatio: 0.7, dominance: 3 },
    en: { minCoverage: 0.7, answerCoverage: 0.75, closeRatio: 0.95, noneRatio: 0.6, dominance: 3 },
    es: { minCoverage: 0.45, answerCoverage: 0.65, closeRatio: 0.95, noneRatio: 0.7, dominance: 3 },
    ko: { minCoverage: 0.1, answerCoverage: 0.55, closeRatio: 0.95, noneRatio: 0.4 },
    tl: { minCoverage: 0.1, answerCoverage: 0.65, closeRatio: 0.9, noneRatio: 0.6 },
    vi: { minCoverage: 0.55, answerCoverage: 0.75, closeRatio: 0.95, noneRatio: 0.5, dominance: 6 },
    zh: { minCoverage: 0.6, answerCoverage: 0.75, closeRatio: 0.95, noneRatio: 0.6, dominance: 2 },
  },
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
  };
}
