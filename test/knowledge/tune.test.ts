/** The tuning's grid (counted loop by loop) and how it picks among near-equal settings. */
import { decide, features, FEATURES, probability } from '../../src/knowledge/decide';
import type { TopicScore } from '../../src/knowledge/types';
import { OUT_OF_SCOPE, outcomeOf } from './evaluate';
import type { KnowledgeMatcher } from '../../src/knowledge/matcher';
import { mustNotAnswerOf } from './must-not-answer';
import { foldsOf, grid, learnModel, mustNotAnswered, mustOf, optionsFromEnv, scan, type Item } from './tune-lib';
import { select, smoothed, type GridPoint } from './tune-select';

// A fixed pseudo-random sequence: the same items every run.
let state = 7;
const random = () => {
  state = (state * 48271) % 2147483647;
  return state / 2147483647;
};
const topics = ['a', 'b', 'c', 'd', 'not_covered'];
const notCovered = new Set(['not_covered']);
const items: Item[] = Array.from({ length: 300 }, (_, i) => {
  const scores: TopicScore[] = topics
    .map((topic) => ({ topic, score: +(random() * 10).toFixed(2), coverage: +random().toFixed(2), example: +(random() * 5).toFixed(2) }))
    .sort((x, y) => y.score - x.score);
  const topic = i % 7 === 0 ? OUT_OF_SCOPE : topics[Math.floor(random() * 4)];
  return { q: { language: 'xx', topic, text: `q${i}`, position: i }, evidence: { topics: scores, known: 1, weight: 1 }, scores };
});

describe('the tuning grid', () => {
  test('counts, for every setting, what decide() decides', () => {
    const o = { ...optionsFromEnv({}), step: 0.1, selection: 'plateau' as const };
    const points = grid(items, [], notCovered, o);
    expect(points.length).toBeGreaterThan(1000);
    const inScope = items.filter((d) => d.q.topic !== OUT_OF_SCOPE);
    for (const p of points.filter((_, i) => i % 37 === 0)) {
      const outcomes = items.map((d) => outcomeOf(d.q, decide(d.scores, p.setting.t, notCovered)));
      const right = outcomes.filter((x, i) => x === 'right' && items[i].q.topic !== OUT_OF_SCOPE).length;
      const choices = outcomes.filter((x) => x === 'choices').length;
      const oosWrong = outcomes.filter((x, i) => x === 'wrong' && items[i].q.topic === OUT_OF_SCOPE).length;
      expect([p.setting.right * inScope.length, p.setting.choices * inScope.length, p.setting.oosWrong].map(Math.round)).toEqual([right, choices, oosWrong]);
    }
  });
});

describe("the tuning's hard condition: messages that ask nothing get the fallback", () => {
  // Every message matches topic a alone, explaining half of it: answered from answerCoverage 0.5 down.
  const matcher = { evidence: () => ({ topics: [{ topic: 'a', score: 2, coverage: 0.5, example: 1 }], known: 1, weight: 1 }) } as unknown as KnowledgeMatcher;
  const must = mustOf(matcher, 'es');
  const t = { minCoverage: 0.2, closeRatio: 0.8 };

  test("a language's must-not-answer messages are among what its settings must keep", () => {
    expect(must.filter((m) => m.mustNot).map((m) => m.text)).toEqual(mustNotAnswerOf('es'));
    expect(mustNotAnswerOf('es')).toEqual(expect.arrayContaining(['hola', 'zzz 8']));
  });
  test('a setting that answers them is not eligible in the grid', () => {
    const mustNot = must.filter((m) => m.mustNot);
    expect(mustNotAnswered(mustNot, { ...t, answerCoverage: 0.5 }, notCovered)).toEqual(mustNotAnswerOf('es'));
    expect(mustNotAnswered(mustNot, { ...t, answerCoverage: 0.6 }, notCovered)).toEqual([]);
    const points = grid(items, mustNot, notCovered, { ...optionsFromEnv({}), step: 0.1, selection: 'plateau' as const });
    for (const p of points) expect(p.allowed && p.setting.t.answerCoverage <= 0.5 && !p.setting.t.dominance).toBe(false);
    expect(points.some((p) => p.allowed)).toBe(true);
  });
});

describe('the cut scans (answerAt, tieBreak)', () => {
  // A model that leans on the margin and the classifier, and classes for the tie-break.
  const model = { weights: FEATURES.map((f) => (f === 'margin' ? 6 : f === 'classP' ? 2 : 0)), bias: -1 };
  const t = { minCoverage: 0.3, answerCoverage: 0.8, closeRatio: 0.8, noneRatio: 0.9 };
  const withClasses: Item[] = items.map((d, i) => {
    const evidence = { ...d.evidence, classes: [{ topic: d.scores[i % 3]?.topic ?? 'a', p: (i * 0.37) % 1 }] };
    return { ...d, evidence };
  });
  const p = (d: Item) => probability(features(d.evidence, notCovered), model);
  const cuts = [1.01, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5];
  const counted = (at: (d: Item) => ReturnType<typeof decide>) => {
    const outcomes = withClasses.map((d) => ({ oos: d.q.topic === OUT_OF_SCOPE, o: outcomeOf(d.q, at(d)) }));
    return {
      right: outcomes.filter((x) => !x.oos && x.o === 'right').length,
      wrong: outcomes.filter((x) => !x.oos && x.o === 'wrong').length,
      oosWrong: outcomes.filter((x) => x.oos && x.o === 'wrong').length,
    };
  };

  test("counts at every cut what decide() decides, for the model's answerAt", () => {
    const s = scan(withClasses, t, { ...t, model: { ...model, answerAt: 0 } }, p, notCovered);
    for (const cut of cuts) {
      const tc = cut > 1 ? t : { ...t, model: { ...model, answerAt: cut } };
      expect(s.at(cut, 0)).toMatchObject(counted((d) => decide(d.evidence, tc, notCovered)));
    }
    // The cut matters here: the counts change along it.
    expect(new Set(cuts.map((c) => `${s.at(c, 0).right} ${s.at(c, 0).oosWrong}`)).size).toBeGreaterThan(2);
  });

  test("and for the classifier's tie-break", () => {
    const base = { ...t, model: { ...model, answerAt: 0.9 } };
    const s = scan(withClasses, base, { ...base, tieBreak: 0 }, (d) => d.evidence.classes?.[0]?.p ?? 0, notCovered);
    for (const at of cuts) {
      const tc = at > 1 ? base : { ...base, tieBreak: at };
      expect(s.at(at, 0)).toMatchObject(counted((d) => decide(d.evidence, tc, notCovered)));
    }
    expect(new Set(cuts.map((c) => `${s.at(c, 0).right} ${s.at(c, 0).wrong}`)).size).toBeGreaterThan(2);
  });

  test('smoothed, an out-of-scope question near the cut counts in part; right answers stay counted', () => {
    const s = scan(withClasses, t, { ...t, model: { ...model, answerAt: 0 } }, p, notCovered);
    const hard = cuts.map((c) => s.at(c, 0));
    const soft = cuts.map((c) => s.at(c, 0.3));
    expect(soft.map((m) => m.right)).toEqual(hard.map((m) => m.right));
    expect(soft[0].oosWrong).toBe(hard[0].oosWrong);
    expect(soft.some((m, i) => m.oosWrong !== hard[i].oosWrong && !Number.isInteger(m.oosWrong))).toBe(true);
  });
});

describe('the model', () => {
  // None of the variants was steadier in both modes of tune-stability.ts at the same training numbers (docs/knowledge.md, "How steady the choice is").
  test('the defaults: L2 0.001, one fit, the step count of the cut scans', () =>
    expect(optionsFromEnv({})).toMatchObject({ l2: 0.001, bag: 1, cutSmooth: 0, cutSmoothAll: false, cutPrecision: 0, model: 'pooled' }));

  const withClasses: Record<string, Item[]> = { xx: items.map((d, i) => ({ ...d, evidence: { ...d.evidence, classes: [{ topic: d.scores[i % 2].topic, p: (i * 0.37) % 1 }] } })) };
  const norm = (standardised: string) => Math.hypot(...standardised.split(', ').map((x) => Number(x.split(' ')[1])));
  test('a stronger L2 shrinks the standardised weights', () => {
    const o = optionsFromEnv({});
    expect(norm(learnModel(withClasses, notCovered, { ...o, l2: 0.1 }).standardised)).toBeLessThan(norm(learnModel(withClasses, notCovered, { ...o, l2: 0.001 }).standardised));
  });
  test('bagging is seeded: the same weights twice', () => {
    const o = { ...optionsFromEnv({}), bag: 3 };
    expect(learnModel(withClasses, notCovered, o)).toEqual(learnModel(withClasses, notCovered, o));
  });

  // Two languages: xx as above, yy the same items with their labels reshuffled (another language's data).
  const yy = withClasses.xx.map((d, i) => ({ ...d, q: { ...d.q, language: 'yy', topic: withClasses.xx[(i * 7) % 300].q.topic } }));
  const two = { xx: withClasses.xx, yy };
  // yy's data changed: every other item left out.
  const twoChanged = { xx: withClasses.xx, yy: yy.filter((_, i) => i % 2 === 0) };
  const o = optionsFromEnv({});
  test('pooled: one set of weights for every language, moved by any language\'s data', () => {
    const m = learnModel(two, notCovered, o);
    expect(m.weights.xx).toEqual(m.weights.yy);
    expect(learnModel(twoChanged, notCovered, o).weights.xx).not.toEqual(m.weights.xx);
  });
  test("unpooled: a language's model is learned from its own items alone, whatever the others' data", () => {
    const u = { ...o, model: 'unpooled' as const };
    const m = learnModel(two, notCovered, u);
    expect(m.weights.xx).not.toEqual(m.weights.yy);
    const changed = learnModel(twoChanged, notCovered, u);
    expect([changed.weights.xx, changed.bias.xx]).toEqual([m.weights.xx, m.bias.xx]);
    const alone = learnModel({ xx: withClasses.xx }, notCovered, u);
    expect([alone.weights.xx, alone.bias.xx]).toEqual([m.weights.xx, m.bias.xx]);
    expect(changed.weights.yy).not.toEqual(m.weights.yy);
  });
  test('shrunk: per-language weights, pulled toward the shared ones as the penalty grows', () => {
    const gap = (shrink: number) => {
      const m = learnModel(two, notCovered, { ...o, model: 'shrunk', shrink });
      return Math.hypot(...m.weights.xx.map((w, j) => w - m.weights.yy[j]));
    };
    expect(gap(0.001)).toBeGreaterThan(0);
    expect(gap(1)).toBeLessThan(gap(0.001));
  });
});

describe('the cross-validation folds (tune-cv.ts)', () => {
  const lists = { xx: items, yy: items.slice(0, 101) };
  test('every item in one fold, the folds of a language within one item of each other in size', () => {
    const folds = foldsOf(lists, 5, 1);
    for (const [l, list] of Object.entries(lists)) {
      expect(folds[l]).toHaveLength(list.length);
      const sizes = [0, 1, 2, 3, 4].map((k) => folds[l].filter((f) => f === k).length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });
  test('seeded: the same seed, the same folds; another seed, others', () => {
    expect(foldsOf(lists, 5, 1)).toEqual(foldsOf(lists, 5, 1));
    expect(foldsOf(lists, 5, 2)).not.toEqual(foldsOf(lists, 5, 1));
  });
});

describe('picking a setting', () => {
  const point = (x: number, value: number, allowed = true): GridPoint<number> => ({ coords: [x], value, allowed, setting: x });
  // A lone spike at 1 and a broad plateau from 5 to 9 just below it.
  const points = [point(0, 0.5), point(1, 0.9), point(2, 0.5), point(3, 0.6), point(4, 0.85), point(5, 0.89), point(6, 0.895), point(7, 0.895), point(8, 0.89), point(9, 0.6)];

  test('the best value, when asked for', () => expect(select(points, 'best', 0.01)?.setting).toBe(1));
  test('the centre of the near-best plateau rather than a lone spike', () => expect(select(points, 'plateau', 0.01)?.setting).toBe(6));
  test('never far below the best value', () => expect(select(points, 'plateau', 0.001)?.setting).toBe(1));
  test('never a setting that is not allowed', () => {
    const without = points.map((p) => (p.setting === 6 ? { ...p, allowed: false } : p));
    expect(select(without, 'plateau', 0.01)?.setting).toBe(7);
  });
  test('a wider neighbourhood: up to `radius` steps either way', () => {
    expect(smoothed(points, 2)[6]).toBeCloseTo((0.85 + 0.89 + 0.895 + 0.895 + 0.89) / 5);
    expect(select(points, 'plateau', 0.01, 2)?.setting).toBe(6);
  });
  test('a neighbourhood is one step either way in every dimension', () => {
    const square = [point(0, 1), point(1, 0)].flatMap((p) => [0, 1].map((y) => ({ ...p, coords: [...p.coords, y] })));
    expect(smoothed(square)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });
});
