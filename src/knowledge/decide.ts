/**
 * From the topics' evidence to an answer, a "did you mean", or an honest "I don't know".
 *
 * Two ways to an answer. The thresholds: coverage, closeness to the runner-up and to the
 * out-of-scope examples, grid-searched per language. And a small logistic model that reads the
 * same evidence and more (how far the best topic leads, whether its best single example is the best
 * one, how close the out-of-scope examples come...) and says how likely the best-ranked topic is
 * the right answer: a message the thresholds leave unanswered is answered when it is likely enough.
 * Both are learned from training data by `test/knowledge/tune.ts` and stored in `tuning.ts`; the
 * decision itself is pure arithmetic on one message's evidence.
 */
import type { Evidence, MatchResult, TopicScore } from './types';

/** What the model reads, in the order of `DecisionModel.weights`. */
export const FEATURES = [
  'coverage', // share of the message the best topic explains (typos and prefixes partly)
  'exact', // the same, exact matches only
  'runnerUp', // runner-up score / best score
  'third', // third score / best score
  'notCovered', // best out-of-scope examples' score / best score (0 when none matched)
  'unknown', // share of the message no topic explains at all
  'score', // ln(1 + best score)
  'length', // ln(1 + the message's weight)
  'exampleAgrees', // 1 when the best topic also has the best single example
  'textAgrees', // 1 when the best topic's texts taken together also score best
  'exampleLead', // ln(1 + best topic's best example) - ln(1 + best other topic's best example)
  'margin', // coverage × (1 − runnerUp): the old confidence
  'runnerUpNear', // how far runnerUp is above 0.8 (a near tie: hinge)
  'notCoveredNear', // how far notCovered is above 0.5 (hinge)
  'notCoveredExample', // the out-of-scope examples' best single example / the best topic's
  'notCoveredCoverage', // how much of the message the out-of-scope examples explain
  'votes', // share of the ten best-matching example lines that are the best topic's
  'classP', // the classifier's probability of the best topic (classifier.ts)
  'classAgrees', // 1 when the classifier's most probable class is the best topic
  'classNotCovered', // the classifier's probability of the out-of-scope classes
] as const;
export type Feature = (typeof FEATURES)[number];

/** The learned model of one language: weights (FEATURES order), bias, and the probability from which it answers. */
export interface DecisionModel {
  weights: readonly number[];
  bias: number;
  answerAt: number;
}

/** The message's evidence as the model's features (in FEATURES order). */
export function features(evidence: Evidence, notCovered: ReadonlySet<string>): number[] {
  const [top, second, third] = evidence.topics;
  if (!top || top.score <= 0) return FEATURES.map(() => 0);
  const ratio = (s: TopicScore | undefined) => (s ? s.score / top.score : 0);
  const nc = evidence.topics.find((s) => notCovered.has(s.topic));
  const bestBy = (key: 'example' | 'text') => evidence.topics.reduce((a, b) => ((b[key] ?? 0) > (a[key] ?? 0) ? b : a));
  const otherExample = Math.max(0, ...evidence.topics.slice(1).map((s) => s.example ?? 0));
  const classes = evidence.classes ?? [];
  const f: Record<Feature, number> = {
    coverage: top.coverage,
    exact: top.exact ?? top.coverage,
    runnerUp: ratio(second),
    third: ratio(third),
    notCovered: ratio(nc),
    unknown: 1 - evidence.known,
    score: Math.log1p(top.score),
    length: Math.log1p(evidence.weight),
    exampleAgrees: bestBy('example').topic === top.topic ? 1 : 0,
    textAgrees: bestBy('text').topic === top.topic ? 1 : 0,
    exampleLead: Math.log1p(top.example ?? 0) - Math.log1p(otherExample),
    margin: top.coverage * (1 - ratio(second)),
    runnerUpNear: Math.max(0, ratio(second) - 0.8),
    notCoveredNear: Math.max(0, ratio(nc) - 0.5),
    notCoveredExample: nc && top.example ? Math.min(2, (nc.example ?? 0) / top.example) : 0,
    notCoveredCoverage: nc?.coverage ?? 0,
    votes: top.votes ?? 0,
    classP: classes.find((c) => c.topic === top.topic)?.p ?? 0,
    classAgrees: classes[0]?.topic === top.topic ? 1 : 0,
    classNotCovered: classes.filter((c) => notCovered.has(c.topic)).reduce((sum, c) => sum + c.p, 0),
  };
  return FEATURES.map((name) => f[name]);
}

/** How likely the best-ranked topic is the right answer (0..1), by the model. */
export function probability(x: readonly number[], model: Pick<DecisionModel, 'weights' | 'bias'>): number {
  const z = x.reduce((sum, v, i) => sum + v * (model.weights[i] ?? 0), model.bias);
  return 1 / (1 + Math.exp(-z));
}

/** The thresholds of the decision (tuned on training data by test/knowledge/tune.ts; see docs/knowledge.md). */
export interface DecisionThresholds {
  /** Below this share of the message explained by the best topic, nothing is close enough: none. */
  minCoverage: number;
  /** An answer needs at least this share explained; between the two, at most a "did you mean". */
  answerCoverage: number;
  /** Topics scoring at least this fraction of the best one are "close" to it. */
  closeRatio: number;
  /**
   * A message whose best out-of-scope example (`notCovered` topics) scores at least this fraction
   * of the best topic's best example gets none, even when they are not close enough to be offered (default:
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
  /** The learned model: the best topic is answered, whatever the thresholds say, when it is likely enough. */
  model?: DecisionModel;
  /**
   * A "did you mean" whose choices include the classifier's most probable class, at this
   * probability or more, answers that topic instead (the classifier breaks the near tie). Default:
   * no tie-break.
   */
  tieBreak?: number;
}

/**
 * Decides from topic evidence sorted best first (an Evidence, or its topics alone). One close topic
 * explaining enough of the message is an answer; two or three close ones are a choice; more than
 * three close ones, or too little of the message explained, is none (a voter-help line says "I
 * don't know" rather than guess), and so is a message close to the examples of what the line does
 * not answer (`notCovered` topics). When the thresholds do not answer, the learned model
 * (`t.model`) answers the best topic if it is likely enough right (never a `notCovered` one).
 */
export function decide(evidence: Evidence | TopicScore[], t: DecisionThresholds, notCovered: ReadonlySet<string> = new Set()): MatchResult {
  const e: Evidence = Array.isArray(evidence) ? { topics: evidence, known: 1, weight: 1 } : evidence;
  const top = e.topics[0];
  if (!top || top.score <= 0) return { kind: 'none' };
  const byThresholds = thresholdDecision(e.topics, t, notCovered);
  if (byThresholds.kind === 'answer' || !t.model || notCovered.has(top.topic)) return byThresholds;
  const p = probability(features(e, notCovered), t.model);
  if (p >= t.model.answerAt) return { kind: 'answer', topic: top.topic, confidence: round(p * (1 - (e.topics[1]?.score ?? 0) / top.score)) };
  return byThresholds.kind === 'choices' ? tieBreak(byThresholds, e, t) : byThresholds;
}

/** Two or three close topics, and the classifier sure enough of one of them: that one is answered. */
function tieBreak(choices: Extract<MatchResult, { kind: 'choices' }>, e: Evidence, t: DecisionThresholds): MatchResult {
  const best = e.classes?.[0];
  if (t.tieBreak === undefined || !best || best.p < t.tieBreak || !choices.topics.includes(best.topic)) return choices;
  return { kind: 'answer', topic: best.topic, confidence: round(best.p * (e.topics.find((s) => s.topic === best.topic)?.coverage ?? 0)) };
}

function thresholdDecision(scores: TopicScore[], t: DecisionThresholds, notCovered: ReadonlySet<string>): MatchResult {
  const top = scores[0];
  // Whatever is decided, the best-ranked topic is named with a none: the organizers' reports group by it.
  const none: MatchResult = { kind: 'none', nearest: top.topic };
  if (top.coverage < t.minCoverage) return none;
  const close = scores.filter((s) => s.score >= top.score * t.closeRatio && s.coverage >= t.minCoverage);
  // Close to something the line does not answer: say so rather than guess a neighbour.
  const guard = t.noneRatio ?? t.closeRatio;
  // Compared on their best single example: the out-of-scope topic is one long text of where / when
  // / who lines, which taken together scores close to any short question that shares a word with it.
  const example = (x: TopicScore) => x.example ?? x.score; // scores made without examples: their score
  if (scores.some((s) => notCovered.has(s.topic) && example(s) > 0 && example(s) >= example(top) * guard && s.coverage >= t.minCoverage)) return none;
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
