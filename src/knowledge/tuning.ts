/** The matcher's weights and thresholds, tuned on the dev split of `test/knowledge/questions`. */
import type { DecisionThresholds } from './decide';
import type { IdentifyTuning } from './identify';

/** Everything tunable about matching. */
export interface Tuning extends DecisionThresholds {
  /** How much the English index's score adds for a message in another language (code-switching). */
  englishWeight: number;
  /** Share of a topic's score from its texts together rather than its best single example. */
  topicMix: number;
  /** How much a word found only through a typo or as a prefix explains, next to an exact match (1). */
  inexactCredit: number;
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
  inexactCredit: 0.6,
  indexAnswers: true,
  identify: { indexWeight: 1.5, switchRatio: 0.9, markerWeight: 1, markerShare: 0.15, minEvidence: 0.3 },
  languages: {},
};

/** The thresholds that apply to one language. */
export function thresholdsFor(tuning: Tuning, language: string): DecisionThresholds {
  const own = tuning.languages[language] ?? {};
  return {
    minCoverage: own.minCoverage ?? tuning.minCoverage,
    answerCoverage: own.answerCoverage ?? tuning.answerCoverage,
    closeRatio: own.closeRatio ?? tuning.closeRatio,
  };
}
