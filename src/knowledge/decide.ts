/** From the topics' evidence to an answer, a "did you mean", or an honest "I don't know". */
import type { MatchResult, TopicScore } from './types';

/** The thresholds of the decision (tuned on the dev split of the test sets; see docs/knowledge.md). */
export interface DecisionThresholds {
  /** Below this share of the message explained by the best topic, nothing is close enough: none. */
  minCoverage: number;
  /** An answer needs at least this share explained; between the two, at most a "did you mean". */
  answerCoverage: number;
  /** Topics scoring at least this fraction of the best one are "close" to it. */
  closeRatio: number;
  /**
   * A message whose out-of-scope examples (`notCovered` topics) score at least this fraction of
   * the best topic gets none, even when they are not close enough to be offered (default:
   * closeRatio). Lower than closeRatio, it keeps near-domain questions ("what's the capital of
   * Texas", "how do I enrol my child in school") from a neighbouring topic's answer.
   */
  noneRatio?: number;
  /**
   * One close topic scoring at least this many times the runner-up is answered even when it
   * explains less than answerCoverage of the message (never less than minCoverage): a long
   * message with words of its own ("my grandma can't leave the house, can she vote by mail") that
   * only one topic explains part of. Default: no such rule.
   */
  dominance?: number;
}

/**
 * Decides from topic evidence sorted best first. One close topic explaining enough of the message
 * is an answer; two or three close ones are a choice; more than three close ones, or too little
 * of the message explained, is none (a voter-help line says "I don't know" rather than guess), and
 * so is a message close to the examples of what the line does not answer (`notCovered` topics).
 */
export function decide(scores: TopicScore[], t: DecisionThresholds, notCovered: ReadonlySet<string> = new Set()): MatchResult {
  const top = scores[0];
  if (!top || top.score <= 0) return { kind: 'none' };
  // Whatever is decided, the best-ranked topic is named with a none: the organizers' reports group by it.
  const none: MatchResult = { kind: 'none', nearest: top.topic };
  if (top.coverage < t.minCoverage) return none;
  const close = scores.filter((s) => s.score >= top.score * t.closeRatio && s.coverage >= t.minCoverage);
  // Close to something the line does not answer: say so rather than guess a neighbour.
  const guard = t.noneRatio ?? t.closeRatio;
  if (scores.some((s) => notCovered.has(s.topic) && s.score >= top.score * guard && s.coverage >= t.minCoverage)) return none;
  if (close.length === 1) {
    const runnerUp = scores[1]?.score ?? 0;
    const dominant = t.dominance !== undefined && top.score >= t.dominance * runnerUp;
    if (top.coverage < t.answerCoverage && !dominant) return none;
    return { kind: 'answer', topic: top.topic, confidence: round(top.coverage * (1 - runnerUp / top.score)) };
  }
  if (close.length <= 3) return { kind: 'choices', topics: close.map((s) => s.topic) };
  return none;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
