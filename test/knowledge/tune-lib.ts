/**
 * The steps of the tuning (tune.ts), as functions, so that the stability check (tune-stability.ts)
 * runs the very same pipeline on perturbed training data. TRAINING data only: the example lines
 * cross-validated and the dev split; the held-out split is never read.
 */
import { decide, features, FEATURES, probability, type DecisionThresholds } from '../../src/knowledge/decide';
import { createMatcher, type KnowledgeMatcher } from '../../src/knowledge/matcher';
import { DEFAULT_TUNING, thresholdsFor, type Tuning } from '../../src/knowledge/tuning';
import type { Evidence, KnowledgeBase, TopicScore } from '../../src/knowledge/types';
import { DONE_WHEN, inSplit, OUT_OF_SCOPE, outcomeOf, type Outcome, type TestQuestion } from './evaluate';
import { mustNotAnswerOf } from './must-not-answer';
import { select, type GridPoint, type Selection } from './tune-select';

/** One training question and its evidence. */
export interface Item {
  q: TestQuestion;
  /** Every topic's evidence (the model's features). */
  evidence: Evidence;
  /** The topics the grid can see (pruned: see prune). */
  scores: TopicScore[];
}

/** The knowledge base's out-of-scope topics. */
export const notCoveredOf = (base: KnowledgeBase) => new Set(base.topics.filter((t) => t.kind === 'none').map((t) => t.id));

/**
 * Training questions by language: the example lines cross-validated in `folds` (a fold's lines
 * taken out, the matcher rebuilt, each line matched as a message) and the dev split.
 */
export function collect(base: KnowledgeBase, untuned: Tuning, dev: Record<string, TestQuestion[]>, folds: number, train: string): Record<string, Item[]> {
  const notCovered = notCoveredOf(base);
  const items: Record<string, Item[]> = Object.fromEntries(base.languages.map((l) => [l, []]));
  const add = (q: TestQuestion, evidence: Evidence) => items[q.language]?.push({ q, evidence, scores: evidence.topics });
  if (train !== 'dev') {
    // The base without the fold's example lines (every K-th line of each topic, from `fold`).
    const without = (fold: number): KnowledgeBase => ({
      ...base,
      topics: base.topics.map((t) => ({
        ...t,
        texts: Object.fromEntries(Object.entries(t.texts).map(([l, x]) => [l, { ...x, examples: x.examples.filter((_, i) => i % folds !== fold) }])),
      })),
    });
    for (let fold = 0; fold < folds; fold++) {
      const matcher = createMatcher(without(fold), untuned);
      for (const topic of base.topics)
        for (const [language, texts] of Object.entries(topic.texts))
          texts.examples.forEach((text, position) => {
            if (position % folds !== fold) return;
            add({ language, topic: notCovered.has(topic.id) ? OUT_OF_SCOPE : topic.id, text, position }, matcher.evidence(text, language));
          });
    }
  }
  if (train !== 'examples') {
    const matcher = createMatcher(base, untuned);
    for (const [language, all] of Object.entries(dev)) if (items[language]) for (const q of all.filter((q) => inSplit(q, 'dev'))) add(q, matcher.evidence(q.text, language));
  }
  return items;
}

/** xorshift32, seeded: the same seed, the same sequence (0..1). */
export function xorshift(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** Each language's items dealt into K folds in a seeded random order (the same seed, the same folds). */
export function foldsOf(items: Record<string, Item[]>, k: number, seed: number): Record<string, number[]> {
  const random = xorshift(seed);
  return Object.fromEntries(
    Object.entries(items).map(([l, list]) => {
      const order = list.map((_, i) => ({ i, r: random() })).sort((a, b) => a.r - b.r);
      const fold = new Array<number>(list.length);
      order.forEach(({ i }, n) => (fold[i] = n % k));
      return [l, fold];
    }),
  );
}

/** The base with a share of every topic's example lines left out at random (seeded): a perturbed training set (`only`: in those languages only). */
export function dropLines(base: KnowledgeBase, share: number, seed: number, only?: ReadonlySet<string>): KnowledgeBase {
  // The same seed, the same lines dropped.
  const random = xorshift(seed);
  return {
    ...base,
    topics: base.topics.map((t) => ({
      ...t,
      texts: Object.fromEntries(Object.entries(t.texts).map(([l, x]) => [l, only && !only.has(l) ? x : { ...x, examples: x.examples.filter(() => random() >= share) }])),
    })),
  };
}

// The issue's done-when questions must be answered whatever the split they fall in, and its
// out-of-scope examples must get the fallback: they are the issue's requirement, not a sample of it
// (the accuracy test asserts them).
export const MUST: [language: string, text: string, topic: string | null][] = [
  ...DONE_WHEN,
  ['en', 'who should I vote for?', 'opinion'],
  ['en', "what's the weather?", null],
  ['en', 'is candidate X a criminal?', null],
  ['en', 'how do I renew my passport?', null],
  // Polling hours asked as a time of day (the accuracy test pins these too).
  ['ko', '투표는 몇시부터', 'election_day'],
  ['ko', '투표 몇시까지 해요', 'election_day'],
  ['en', 'what time does voting start', 'election_day'],
  ['en', 'what time do the polls close', 'election_day'],
  ['es', 'a que hora empieza la votacion', 'election_day'],
  ['es', 'hasta que hora puedo votar', 'election_day'],
  ['zh', '几点开始投票', 'election_day'],
  ['zh', '投票几点结束', 'election_day'],
  ['vi', 'mấy giờ bắt đầu bỏ phiếu', 'election_day'],
  ['vi', 'phòng phiếu mở cửa lúc mấy giờ', 'election_day'],
  ['tl', 'anong oras ang botohan', 'election_day'],
  ['tl', 'hanggang anong oras pwede bumoto', 'election_day'],
  ['ar', 'الساعة كم يبدأ التصويت', 'election_day'],
  ['ar', 'متى تفتح مراكز الاقتراع', 'election_day'],
];

/**
 * What a language's settings must keep, with its evidence: the done-when questions (MUST) answered,
 * and the messages that ask nothing (must-not-answer.ts: greetings, gibberish with a number) given
 * the fallback, neither an answer nor a "did you mean". A setting that fails one is not eligible.
 */
export type Must = { evidence: Evidence; scores: TopicScore[]; topic: string | null; text: string; mustNot: boolean }[];
export const mustOf = (matcher: KnowledgeMatcher, language: string): Must => [
  ...MUST.filter((m) => m[0] === language).map(([, text, topic]) => ({ text, topic, mustNot: false })),
  ...mustNotAnswerOf(language).map((text) => ({ text, topic: null, mustNot: true })),
].map(({ text, topic, mustNot }) => {
  const evidence = matcher.evidence(text, language);
  return { evidence, scores: evidence.topics, topic, text, mustNot };
});

/** The must-not-answer messages of `must` that a setting answers or offers a "did you mean" for (should be none). */
export const mustNotAnswered = (must: Must, t: DecisionThresholds, notCovered: ReadonlySet<string>): string[] =>
  must.filter((m) => m.mustNot && decide(m.evidence, t, notCovered).kind !== 'none').map((m) => m.text);

const keeps = (must: Must, t: DecisionThresholds, notCovered: ReadonlySet<string>, full = false) =>
  must.every(({ evidence, scores, topic }) => {
    const r = decide(full ? evidence : scores, t, notCovered);
    return topic ? r.kind === 'answer' && r.topic === topic : r.kind === 'none';
  });

// Only the topics the grid can see matter to the decision: the best, the runner-up, and those
// scoring at least the lowest ratio tried (noneRatio 0.2). Pruned once, the grid runs several
// times faster with the same results.
const LOWEST_RATIO = 0.2;
/** Keeps, for the grid, the topics it can see. */
export const prune = (scores: TopicScore[]) => scores.filter((x, i) => i < 2 || x.score >= scores[0].score * LOWEST_RATIO);

/** The tuning's knobs (tune.ts reads them from the environment). */
export interface TuneOptions {
  /** Out-of-scope share counted OOS_PENALTY times against the share right. */
  oosPenalty: number;
  /** Hard limit on the out-of-scope share answered (1: none). */
  oosMax: number;
  /** How many more out-of-scope training questions the model may answer than the thresholds alone. */
  oosModel: number;
  dominance: number[];
  step: number;
  closeFrom: number;
  l2: number;
  /** Features left out of the model. */
  drop: ReadonlySet<string>;
  /** How a setting is picked among near-equal ones (tune-select.ts). */
  selection: Selection;
  /** How far below the best value (a share of the language's in-scope questions) a plateau point of the grid may be. */
  near: number;
  /** The same for the one-dimensional scans (answerAt, tieBreak). */
  nearCut: number;
  /** How many steps (of 0.01) either way the plateau of a one-dimensional scan (answerAt, tieBreak) reaches. */
  cutRadius: number;
  /** Keep the shipped thresholds, learn the model only. */
  shippedGrid: boolean;
  tieBreak: boolean;
  /**
   * The out-of-scope count of the cut scans (answerAt, tieBreak) smoothed: each out-of-scope
   * question counts σ((logit p − logit cut) / cutSmooth) instead of a step at its probability p
   * (0: the step). The hard counts still decide what is allowed.
   */
  cutSmooth: number;
  /** Smooth the right and wrong answers of the cut scans as well (not only the out-of-scope ones). */
  cutSmoothAll: boolean;
  /** The model averaged over this many fits, each on the training items less a seeded tenth (1: one fit on all). */
  bag: number;
  /** answerAt: the lowest allowed cut whose extra answers have a mean model probability of at least this (0: the objective). */
  cutPrecision: number;
  /** How the model is shared between the languages (ModelShape). */
  model: ModelShape;
  /** `shrunk`: the L2 penalty of a language's delta toward the shared weights. */
  shrink: number;
}

/** The options as the environment sets them (documented in tune.ts). */
export function optionsFromEnv(env: NodeJS.ProcessEnv): TuneOptions {
  return {
    oosPenalty: Number(env.OOS_PENALTY ?? 2),
    oosMax: Number(env.OOS_MAX ?? 1),
    oosModel: Number(env.OOS_MODEL ?? 1),
    dominance: (env.DOMINANCE ?? '0,2,3,4,6').split(',').map(Number),
    step: Number(env.STEP ?? 0.05),
    closeFrom: Number(env.CLOSE_FROM ?? 0.8),
    l2: Number(env.L2 ?? 0.001),
    drop: new Set((env.DROP ?? '').split(',').filter(Boolean)),
    selection: (env.SELECT ?? 'best') as Selection,
    near: Number(env.NEAR ?? 0),
    nearCut: Number(env.NEAR_CUT ?? 0.003),
    cutRadius: Number(env.CUT_RADIUS ?? 3),
    shippedGrid: env.GRID === 'shipped',
    tieBreak: !env.NO_TIE_BREAK,
    cutSmooth: Number(env.CUT_SMOOTH ?? 0),
    cutSmoothAll: !!env.CUT_SMOOTH_ALL,
    bag: Number(env.BAG ?? 1),
    cutPrecision: Number(env.CUT_PRECISION ?? 0),
    model: (env.MODEL ?? 'pooled') as ModelShape,
    shrink: Number(env.SHRINK ?? 0.01),
  };
}

const range = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => +(from + i * step).toFixed(3));

/** The thresholds alone of the shipped tuning (the model and the tie-break are learned again). */
export const shipped = (language: string): DecisionThresholds => {
  const { model: _, tieBreak: __, ...t } = thresholdsFor(DEFAULT_TUNING, language);
  return t;
};

/** What the tuning chose, and what it measured. */
export interface Tuned {
  chosen: Record<string, DecisionThresholds>;
  /** Per language (the same array for every language when pooled). */
  weights: Record<string, number[]>;
  bias: Record<string, number>;
  answerAt: Record<string, number>;
  tieBreak: Record<string, number>;
  /** Training right and out-of-scope answered, thresholds alone -> with the model and tie-break. */
  before: Totals;
  after: Totals;
  perLanguage: Record<string, Totals>;
  /** Per language, the must-not-answer messages (must-not-answer.ts) its chosen setting answers or offers choices for: none, unless no setting was eligible. */
  mustNotAnswered: Record<string, string[]>;
}

/** Training counts. */
export interface Totals {
  right: number;
  inScope: number;
  oosWrong: number;
  oos: number;
}

/** A measured setting of the thresholds. */
export type GridSetting = { t: DecisionThresholds; right: number; choices: number; oosWrong: number };

/**
 * The grid over the thresholds of one language: every setting measured. The decision of
 * decide.ts's thresholds, taken apart by loop: what minCoverage, closeRatio and noneRatio decide
 * (none, a choice, or one close topic) is worked out once per item for all the answerCoverage and
 * dominance values, which only decide whether the one close topic is answered (tune.test.ts
 * checks that this counts what decide() decides).
 */
export function grid(list: Item[], must: Must, notCovered: ReadonlySet<string>, o: TuneOptions): GridPoint<GridSetting>[] {
  const inScope = list.filter((d) => d.q.topic !== OUT_OF_SCOPE).length;
  const oos = list.length - inScope;
  const points: GridPoint<GridSetting>[] = [];
  // No dominance rule (0) is the loosest end of that dimension: after the largest ratio.
  const dominanceAxis = (d: number) => (d ? d : 1000);
  const example = (x: TopicScore) => x.example ?? x.score;
  for (const minCoverage of range(0.1, 0.8, o.step))
    for (const closeRatio of range(o.closeFrom, 0.95, 0.05))
      for (const noneRatio of [...new Set([0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, closeRatio])].filter((r) => r <= closeRatio)) {
        // The items left with one close topic: whether it is answered depends on the loops below.
        const single: { coverage: number; score: number; runnerUp: number; right: boolean; oos: boolean }[] = [];
        let choices = 0;
        for (const d of list) {
          const top = d.scores[0];
          if (!top || top.score <= 0 || top.coverage < minCoverage) continue;
          if (d.scores.some((s) => notCovered.has(s.topic) && example(s) > 0 && example(s) >= example(top) * noneRatio && s.coverage >= minCoverage)) continue;
          const close = d.scores.filter((s) => s.score >= top.score * closeRatio && s.coverage >= minCoverage);
          const isOos = d.q.topic === OUT_OF_SCOPE;
          if (close.length === 1) single.push({ coverage: top.coverage, score: top.score, runnerUp: d.scores[1]?.score ?? 0, right: !isOos && top.topic === d.q.topic, oos: isOos });
          else if (close.length <= 3 && !isOos && close.some((s) => s.topic === d.q.topic)) choices++;
        }
        for (const answerCoverage of range(minCoverage, 0.9, o.step))
          for (const dominance of o.dominance) {
            const t: DecisionThresholds = { minCoverage, answerCoverage, closeRatio, noneRatio, ...(dominance ? { dominance } : {}) };
            const allowed = keeps(must, t, notCovered);
            // A setting that cannot be chosen is measured all the same only when it may be a plateau's neighbour.
            if (!allowed && o.selection === 'best') continue;
            let right = 0;
            let oosWrong = 0;
            for (const x of single) {
              if (x.coverage < answerCoverage && !(dominance && x.score >= dominance * x.runnerUp)) continue;
              if (x.oos) oosWrong++;
              else if (x.right) right++;
            }
            const share = oosWrong / Math.max(1, oos);
            points.push({
              coords: [minCoverage, answerCoverage, closeRatio, noneRatio, dominanceAxis(dominance)],
              value: right / inScope - o.oosPenalty * share,
              second: choices / inScope,
              allowed: allowed && share <= o.oosMax,
              setting: { t, right: right / inScope, choices: choices / inScope, oosWrong },
            });
          }
      }
  // In the order of the plain loops (minCoverage, answerCoverage, closeRatio, noneRatio ascending,
  // dominance as listed): the first of equal settings wins.
  const dominanceOrder = o.dominance.map(dominanceAxis);
  return points.sort((a, b) => {
    const x = a.coords;
    const y = b.coords;
    for (let j = 0; j < 4; j++) if (x[j] !== y[j]) return x[j] - y[j];
    return dominanceOrder.indexOf(x[4]) - dominanceOrder.indexOf(y[4]);
  });
}

/**
 * How the model is shared between the languages: `pooled` (one set of weights, a bias per
 * language), `unpooled` (a whole model per language, learned from its own items alone: a language's
 * model moves only with its own data), `shrunk` (the pooled weights plus a per-language delta,
 * L2-penalised by `shrink` toward them: still moved by the others' data through the shared part).
 */
export type ModelShape = 'pooled' | 'unpooled' | 'shrunk';

/** A learned model: per language its weights (raw units, FEATURES order) and bias. */
export interface LearnedModel {
  weights: Record<string, number[]>;
  bias: Record<string, number>;
  /** The standardised weights, for the log. */
  standardised: string;
}

/** The model of the decision, in the shape `o.model` asks for (see ModelShape). */
export function learnModel(items: Record<string, Item[]>, notCovered: ReadonlySet<string>, o: TuneOptions): LearnedModel {
  if (o.model !== 'unpooled') return learnShared(items, notCovered, o, o.model === 'shrunk' ? o.shrink : undefined);
  // Each language alone: its own standardisation, weights and bias, from its own items only.
  const fits = Object.entries(items).map(([l, list]) => [l, learnShared({ [l]: list }, notCovered, o)] as const);
  return {
    weights: Object.fromEntries(fits.map(([l, m]) => [l, m.weights[l]])),
    bias: Object.fromEntries(fits.map(([l, m]) => [l, m.bias[l]])),
    standardised: fits.map(([l, m]) => `${l}: ${m.standardised}`).join('; '),
  };
}

/**
 * Standardised features, one bias per language, L2, full-batch gradient descent (Adam); weights in
 * raw units. With `shrink`, each language also gets a delta on the shared weights, penalised by
 * shrink/2 · |delta|² (the loss being the mean over all the items).
 */
function learnShared(items: Record<string, Item[]>, notCovered: ReadonlySet<string>, o: TuneOptions, shrink?: number): LearnedModel {
  const languages = Object.keys(items);
  const all = Object.values(items).flat();
  const x = all.map((it) => features(it.evidence, notCovered).map((v, j) => (o.drop.has(FEATURES[j]) ? 0 : v)));
  const y = all.map((it) => (it.q.topic !== OUT_OF_SCOPE && it.evidence.topics[0]?.topic === it.q.topic ? 1 : 0));
  const d = FEATURES.length;
  const L = languages.length;
  const mean = FEATURES.map((_, j) => x.reduce((s, v) => s + v[j], 0) / Math.max(1, x.length));
  const sd = FEATURES.map((_, j) => Math.sqrt(x.reduce((s, v) => s + (v[j] - mean[j]) ** 2, 0) / Math.max(1, x.length)) || 1);
  const z = x.map((v) => v.map((a, j) => (a - mean[j]) / sd[j]));
  const lang = all.map((it) => languages.indexOf(it.q.language));
  // Parameters: the shared weights (d), a bias per language (L), then with shrink a delta per language (L × d).
  const deltas = shrink !== undefined;
  const delta = (l: number) => d + L + l * d;
  // One fit: full-batch Adam over the items `use` keeps.
  const fit = (use: (i: number) => boolean) => {
    const params: number[] = new Array(d + L + (deltas ? L * d : 0)).fill(0);
    const m1 = params.map(() => 0);
    const m2 = params.map(() => 0);
    const rows = z.map((_, i) => i).filter(use);
    for (let step = 1; step <= 2000; step++) {
      const grad = params.map(() => 0);
      for (const i of rows) {
        const v = z[i];
        const l = lang[i];
        let s = params[d + l];
        for (let j = 0; j < d; j++) s += params[j] * v[j];
        if (deltas) for (let j = 0; j < d; j++) s += params[delta(l) + j] * v[j];
        const err = 1 / (1 + Math.exp(-s)) - y[i];
        for (let j = 0; j < d; j++) grad[j] += err * v[j];
        if (deltas) for (let j = 0; j < d; j++) grad[delta(l) + j] += err * v[j];
        grad[d + l] += err;
      }
      for (let j = 0; j < params.length; j++) {
        const penalty = j < d ? o.l2 : j >= d + L ? shrink ?? 0 : 0;
        const g = grad[j] / Math.max(1, rows.length) + penalty * params[j];
        m1[j] = 0.9 * m1[j] + 0.1 * g;
        m2[j] = 0.999 * m2[j] + 0.001 * g * g;
        params[j] -= (0.05 * (m1[j] / (1 - 0.9 ** step))) / (Math.sqrt(m2[j] / (1 - 0.999 ** step)) + 1e-8);
      }
    }
    return params;
  };
  let params: number[];
  if (o.bag > 1) {
    // Bagging: the mean of the fits, each without a seeded tenth of the items (the scale is the whole data's).
    const fits = Array.from({ length: o.bag }, (_, b) => {
      const random = xorshift(b + 1);
      const keep = z.map(() => random() >= 0.1);
      return fit((i) => keep[i]);
    });
    params = fits[0].map((_, j) => fits.reduce((sum, f) => sum + f[j], 0) / fits.length);
  } else params = fit(() => true);
  // Back to raw units: w·(x − mean)/sd + b = (w/sd)·x + (b − Σ w·mean/sd).
  const sig = (v: number) => +v.toPrecision(4);
  const own = (l: number) => FEATURES.map((_, j) => params[j] + (deltas ? params[delta(l) + j] : 0));
  const weights = Object.fromEntries(languages.map((l, i) => [l, own(i).map((w, j) => sig(w / sd[j]))]));
  const shift = (l: number) => own(l).reduce((s, w, j) => s + (w * mean[j]) / sd[j], 0);
  const bias = Object.fromEntries(languages.map((l, i) => [l, sig(params[d + i] - shift(i))]));
  const spread = deltas ? `; per-language deltas' norms: ${languages.map((l, i) => `${l} ${Math.hypot(...params.slice(delta(i), delta(i) + d)).toFixed(2)}`).join(', ')}` : '';
  return { weights, bias, standardised: FEATURES.map((f, j) => `${f} ${params[j].toFixed(2)}`).join(', ') + spread };
}

/**
 * A one-dimensional cut (answerAt, tieBreak) over the items: each item's outcome is `above`'s
 * decision while the cut is above its switch value `s` (the model's or the classifier's probability)
 * and `below`'s from there down (decide() is monotone in the cut). Counts at a cut, hard (smooth 0)
 * or with each switch smoothed: σ((logit s − logit cut) / smooth) of the way to its `below` outcome
 * (out-of-scope ones only, unless `all`). A cut above 1 is "not used": `above` for every item.
 */
export function scan(list: Item[], above: DecisionThresholds, below: DecisionThresholds, switchOf: (d: Item) => number, notCovered: ReadonlySet<string>) {
  const logit = (p: number) => {
    const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
    return Math.log(q / (1 - q));
  };
  const rows = list.map((d) => {
    const oos = d.q.topic === OUT_OF_SCOPE;
    const a: Outcome = outcomeOf(d.q, decide(d.evidence, above, notCovered));
    const b: Outcome = outcomeOf(d.q, decide(d.evidence, below, notCovered));
    const s = switchOf(d);
    return { oos, a, b, s, l: logit(s) };
  });
  // Only the items whose outcome depends on the cut.
  const moving = rows.filter((r) => r.a !== r.b);
  const fixed = { right: 0, wrong: 0, oosWrong: 0 };
  for (const r of rows)
    if (r.a === r.b) {
      if (r.oos) fixed.oosWrong += r.a === 'wrong' ? 1 : 0;
      else if (r.a === 'right') fixed.right++;
      else if (r.a === 'wrong') fixed.wrong++;
    }
  return {
    at(cut: number, smooth: number, all = false) {
      const m = { ...fixed, extra: 0, extraP: 0 };
      const lc = logit(cut);
      for (const r of moving) {
        const hard = cut <= 1 && r.s >= cut ? 1 : 0;
        const w = cut > 1 ? 0 : smooth > 0 && (r.oos || all) ? 1 / (1 + Math.exp(-(r.l - lc) / smooth)) : hard;
        const o = (x: Outcome, k: number) => {
          if (r.oos) m.oosWrong += x === 'wrong' ? k : 0;
          else if (x === 'right') m.right += k;
          else if (x === 'wrong') m.wrong += k;
        };
        o(r.a, 1 - w);
        o(r.b, w);
        if (hard && (r.b === 'right' || r.b === 'wrong')) {
          m.extra++;
          m.extraP += r.s;
        }
      }
      return m;
    },
  };
}

/**
 * The whole tuning on training items: per language the thresholds (grid), then the model (pooled or not: o.model),
 * then per language its answer threshold and the classifier's tie-break (one-dimensional scans,
 * picked by the same selection rule). `log` receives what tune.ts prints.
 */
export function tune(
  items: Record<string, Item[]>,
  matcher: KnowledgeMatcher,
  notCovered: ReadonlySet<string>,
  o: TuneOptions,
  log: (line: string) => void = () => {},
  /** Grids measured before on the same items (with every point measured: SELECT=plateau), reused. */
  grids: Record<string, ReturnType<typeof grid>> = {},
): Tuned {
  for (const list of Object.values(items)) for (const item of list) item.scores = prune(item.evidence.topics);
  const chosen: Record<string, DecisionThresholds> = {};
  const musts: Record<string, Must> = Object.fromEntries(Object.keys(items).map((l) => [l, mustOf(matcher, l)]));
  for (const [language, list] of Object.entries(items)) {
    if (o.shippedGrid) {
      chosen[language] = shipped(language);
      continue;
    }
    grids[language] ??= grid(list, musts[language], notCovered, o);
    const best = select(grids[language], o.selection, o.near);
    if (!best) {
      // No setting answers the done-when questions: say so, and keep the shipped thresholds.
      log(`${language}: WARNING no thresholds keep the done-when questions; the shipped ones are kept`);
      chosen[language] = shipped(language);
      continue;
    }
    const { t, right, choices, oosWrong } = best.setting;
    chosen[language] = t;
    const oos = list.filter((d) => d.q.topic === OUT_OF_SCOPE).length;
    log(`${language}: ${JSON.stringify(t)} right ${(100 * right).toFixed(1)}%, right one in a "did you mean" ${(100 * choices).toFixed(1)}%, out-of-scope answered ${oosWrong} of ${oos}`);
  }

  const { weights, bias, standardised } = learnModel(items, notCovered, o);
  log(`model, standardised weights: ${standardised}`);

  const answerAt: Record<string, number> = {};
  const tieBreak: Record<string, number> = {};
  const before: Totals = { right: 0, inScope: 0, oosWrong: 0, oos: 0 };
  const after: Totals = { ...before };
  const perLanguage: Record<string, Totals> = {};
  const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;
  // The cuts scanned, "not used" first (1.01), then from 0.99 down to 0.5.
  const cuts = [1.01, ...range(0.5, 0.99, 0.01).reverse()];
  for (const language of Object.keys(items)) {
    const list = items[language];
    const inScope = list.filter((d) => d.q.topic !== OUT_OF_SCOPE);
    const oos = list.filter((d) => d.q.topic === OUT_OF_SCOPE);
    const must = musts[language];
    const withModel = (cut: number): DecisionThresholds => (cut > 1 ? chosen[language] : { ...chosen[language], model: { weights: weights[language], bias: bias[language], answerAt: cut } });
    const count = (t: DecisionThresholds) => {
      const outcomes = inScope.map((d) => outcomeOf(d.q, decide(d.evidence, t, notCovered)));
      const right = outcomes.filter((x) => x === 'right').length;
      const wrong = outcomes.filter((x) => x === 'wrong').length;
      const oosWrong = oos.filter((d) => outcomeOf(d.q, decide(d.evidence, t, notCovered)) === 'wrong').length;
      return { right, wrong, oosWrong };
    };
    const alone = count(chosen[language]);
    const value = (m: { right: number; oosWrong: number }, wrong = 0) => (m.right - wrong) / inScope.length - o.oosPenalty * (m.oosWrong / Math.max(1, oos.length));
    // The model's probability of each item, for the scan's switches.
    const modelP = (d: Item) => probability(features(d.evidence, notCovered), { weights: weights[language], bias: bias[language] });
    const modelScan = scan(list, withModel(1.01), withModel(0), modelP, notCovered);
    const modelPoints = cuts.map((cut, i) => {
      const m = modelScan.at(cut, 0);
      const soft = modelScan.at(cut, o.cutSmooth, o.cutSmoothAll);
      const allowed = cut > 1 || (keeps(must, withModel(cut), notCovered, true) && m.oosWrong <= alone.oosWrong + o.oosModel && m.oosWrong <= o.oosMax * oos.length);
      return { coords: [i], value: value(soft), allowed, setting: { cut, ...m, precision: m.extra ? m.extraP / m.extra : 1 } };
    });
    let best = o.cutPrecision
      ? // The lowest allowed cut whose extra answers the model deems right on average at least cutPrecision.
        ([...modelPoints].reverse().find((p) => p.allowed && p.setting.cut <= 1 && p.setting.precision >= o.cutPrecision) ?? modelPoints[0]).setting
      : select(modelPoints, o.selection, o.nearCut, o.cutRadius)!.setting;
    if (best.cut <= 1) answerAt[language] = best.cut;
    log(`${language}: model answers from ${best.cut <= 1 ? best.cut : '(not used)'}: right ${pct(alone.right, inScope.length)} -> ${pct(best.right, inScope.length)}, out-of-scope answered ${alone.oosWrong} -> ${best.oosWrong} of ${oos.length}`);
    // The classifier's tie-break of a "did you mean" (decide.ts): turning a choice into an answer can
    // turn a right topic offered into a wrong answer, so here wrong answers count against right ones,
    // and no more out-of-scope question may be answered.
    if (best.cut <= 1 && o.tieBreak) {
      const base = withModel(best.cut);
      const tieScan = scan(list, base, { ...base, tieBreak: 0 }, (d) => d.evidence.classes?.[0]?.p ?? 0, notCovered);
      const tiePoints = cuts.map((at, i) => {
        const t = at > 1 ? base : { ...base, tieBreak: at };
        const m = tieScan.at(at, 0);
        const soft = tieScan.at(at, o.cutSmooth, o.cutSmoothAll);
        const allowed = at > 1 || (keeps(must, t, notCovered, true) && m.oosWrong <= best.oosWrong);
        return { coords: [i], value: value(soft, soft.wrong), allowed, setting: { at, ...m } };
      });
      const tie = select(tiePoints, o.selection, o.nearCut, o.cutRadius)!.setting;
      if (tie.at <= 1) {
        tieBreak[language] = tie.at;
        log(`${language}: the classifier breaks ties from ${tie.at}: right ${pct(best.right, inScope.length)} -> ${pct(tie.right, inScope.length)}, wrong answers ${tie.wrong} of ${inScope.length}`);
        best = { ...best, right: tie.right, oosWrong: tie.oosWrong };
      }
    }
    perLanguage[language] = { right: best.right, inScope: inScope.length, oosWrong: best.oosWrong, oos: oos.length };
    for (const [total, m] of [[before, alone], [after, best]] as const) {
      total.right += m.right;
      total.inScope += inScope.length;
      total.oosWrong += m.oosWrong;
      total.oos += oos.length;
    }
  }
  log(`all languages: right ${before.right} -> ${after.right} of ${after.inScope}, out-of-scope answered ${before.oosWrong} -> ${after.oosWrong} of ${after.oos}`);
  const mustNot = Object.fromEntries(Object.keys(items).map((l) => [l, mustNotAnswered(musts[l], thresholdsOf({ chosen, weights, bias, answerAt, tieBreak }, l), notCovered)]));
  return { chosen, weights, bias, answerAt, tieBreak, before, after, perLanguage, mustNotAnswered: mustNot };
}

/** A language's whole decision as tuned: its thresholds, its model with its cut, its tie-break. */
export function thresholdsOf(tuned: Pick<Tuned, 'chosen' | 'weights' | 'bias' | 'answerAt' | 'tieBreak'>, language: string): DecisionThresholds {
  const cut = tuned.answerAt[language];
  const tie = tuned.tieBreak[language];
  return {
    ...tuned.chosen[language],
    ...(cut !== undefined ? { model: { weights: tuned.weights[language], bias: tuned.bias[language], answerAt: cut } } : {}),
    ...(tie !== undefined ? { tieBreak: tie } : {}),
  };
}

/** A tuning's training counts on other items (the stability check: chosen on perturbed data, counted on the whole). */
export function measure(items: Record<string, Item[]>, tuned: Pick<Tuned, 'chosen' | 'weights' | 'bias' | 'answerAt' | 'tieBreak'>, notCovered: ReadonlySet<string>): Record<string, Totals> {
  const out: Record<string, Totals> = {};
  for (const [language, list] of Object.entries(items)) {
    const t = thresholdsOf(tuned, language);
    const totals: Totals = { right: 0, inScope: 0, oosWrong: 0, oos: 0 };
    for (const d of list) {
      const outcome = outcomeOf(d.q, decide(d.evidence, t, notCovered));
      if (d.q.topic === OUT_OF_SCOPE) {
        totals.oos++;
        if (outcome === 'wrong') totals.oosWrong++;
      } else {
        totals.inScope++;
        if (outcome === 'right') totals.right++;
      }
    }
    out[language] = totals;
  }
  return out;
}
