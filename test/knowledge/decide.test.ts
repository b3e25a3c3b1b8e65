/** The decision rules: answer, "did you mean", or an honest none. */
import { decide, features, FEATURES, probability, type Feature } from '../../src/knowledge/decide';
import { DEFAULT_TUNING, thresholdsFor, type Tuning } from '../../src/knowledge/tuning';
import type { Evidence, TopicScore } from '../../src/knowledge/types';

const t = { minCoverage: 0.4, answerCoverage: 0.6, closeRatio: 0.8 };
const s = (topic: string, score: number, coverage: number): TopicScore => ({ topic, score, coverage });

describe('decide', () => {
  // Every row has its four values: a test function of more arguments than a row would get `done`.
  test.each<[string, TopicScore[], ReturnType<typeof decide>['kind'], string[]]>([
    ['nothing matched', [], 'none', []],
    ['one topic clearly best', [s('polling_place', 10, 0.9), s('early_voting', 4, 0.5)], 'answer', ['polling_place']],
    ['best explains too little of the message', [s('polling_place', 10, 0.3), s('early_voting', 2, 0.2)], 'none', []],
    ['best alone but between the two coverages', [s('polling_place', 10, 0.5), s('early_voting', 2, 0.2)], 'none', []],
    ['two close', [s('register', 10, 0.8), s('deadlines', 9, 0.7), s('moved', 3, 0.5)], 'choices', ['register', 'deadlines']],
    ['three close', [s('a', 10, 0.8), s('b', 9, 0.7), s('c', 8.5, 0.6)], 'choices', ['a', 'b', 'c']],
    ['four close: too vague to offer', [s('a', 10, 0.8), s('b', 9.5, 0.7), s('c', 9, 0.6), s('d', 8.5, 0.6)], 'none', []],
    ['a close one that explains too little is not offered', [s('a', 10, 0.8), s('b', 9, 0.1)], 'answer', ['a']],
    ['close to what the line does not answer', [s('id_requirements', 10, 0.8), s('not_covered', 9, 0.8)], 'none', []],
    ['what the line does not answer is best', [s('not_covered', 10, 0.9), s('register', 2, 0.3)], 'none', []],
    ['what the line does not answer is not close: answered', [s('moved', 10, 0.9), s('not_covered', 6, 0.8)], 'answer', ['moved']],
  ])('%s', (_name, scores, kind, topics) => {
    const result = decide(scores, t, new Set(['not_covered']));
    expect(result.kind).toBe(kind);
    if (result.kind === 'answer') expect([result.topic]).toEqual(topics);
    if (result.kind === 'choices') expect(result.topics).toEqual(topics);
    // A none names the best-ranked topic all the same: unanswered questions are grouped by it.
    if (result.kind === 'none') expect(result.nearest).toBe(scores[0]?.topic);
  });

  test('noneRatio: out-of-scope examples scoring that fraction of the best topic give none', () => {
    const scores = [s('moved', 10, 0.9), s('not_covered', 6, 0.8)];
    expect(decide(scores, { ...t, noneRatio: 0.5 }, new Set(['not_covered'])).kind).toBe('none');
    expect(decide(scores, { ...t, noneRatio: 0.7 }, new Set(['not_covered'])).kind).toBe('answer');
  });

  test('dominance: one topic far above the runner-up is answered though it explains less than answerCoverage', () => {
    const long = [s('mail_ballot', 15, 0.5), s('accessibility', 4, 0.45)];
    expect(decide(long, t).kind).toBe('none');
    expect(decide(long, { ...t, dominance: 3 })).toMatchObject({ kind: 'answer', topic: 'mail_ballot' });
    // Not below minCoverage, and not when the runner-up is near.
    expect(decide([s('mail_ballot', 15, 0.3), s('accessibility', 4, 0.2)], { ...t, dominance: 3 }).kind).toBe('none');
    expect(decide([s('mail_ballot', 15, 0.5), s('accessibility', 6, 0.45)], { ...t, dominance: 3 }).kind).toBe('none');
  });

  test('confidence grows with coverage and with the margin over the runner-up', () => {
    const clear = decide([s('a', 10, 0.9), s('b', 2, 0.5)], t);
    const narrow = decide([s('a', 10, 0.9), s('b', 7, 0.5)], t);
    expect(clear.kind === 'answer' && narrow.kind === 'answer' && clear.confidence > narrow.confidence).toBe(true);
  });

  describe('the learned model', () => {
    // A hand-made model: confident when the best topic explains the message and leads the
    // runner-up (margin), not when the out-of-scope examples come close (notCoveredNear).
    const weigh = (w: Partial<Record<Feature, number>>) => FEATURES.map((f) => w[f] ?? 0);
    const model = { weights: weigh({ margin: 10, notCoveredNear: -20 }), bias: -4, answerAt: 0.9 };
    const evidence = (topics: TopicScore[]): Evidence => ({ topics, known: 1, weight: 3 });
    const nc = new Set(['not_covered']);

    test('features read the evidence: margin, runner-up, out-of-scope closeness, agreement of the two views', () => {
      const x = features(evidence([{ ...s('a', 10, 0.8), example: 5, text: 6 }, { ...s('b', 5, 0.6), example: 6, text: 2 }, s('not_covered', 8, 0.5)]), nc);
      const f = (name: Feature) => x[FEATURES.indexOf(name)];
      expect(f('margin')).toBeCloseTo(0.4);
      expect(f('runnerUp')).toBeCloseTo(0.5);
      expect(f('notCovered')).toBeCloseTo(0.8);
      expect(f('notCoveredNear')).toBeCloseTo(0.3);
      expect(f('exampleAgrees')).toBe(0);
      expect(f('textAgrees')).toBe(1);
      expect(probability(weigh({}), { weights: weigh({}), bias: 0 })).toBeCloseTo(0.5);
    });

    test('a dominant topic the thresholds leave unanswered is answered by the model', () => {
      // Explains 95% of the message, far ahead of the runner-up, but answerCoverage is set above that.
      const dominant = evidence([s('polling_place', 10, 0.95), s('early_voting', 0.5, 0.3)]);
      const lowCoverage = { ...t, answerCoverage: 0.99 };
      expect(decide(dominant, lowCoverage, nc).kind).toBe('none');
      expect(decide(dominant, { ...lowCoverage, model }, nc)).toMatchObject({ kind: 'answer', topic: 'polling_place' });
    });

    test('an out-of-scope-looking message stays none: the model is not confident', () => {
      // The out-of-scope examples score 70% of the best topic: below noneRatio, but the model sees it.
      const oos = evidence([s('id_requirements', 10, 0.95), s('register', 1, 0.3), s('not_covered', 7, 0.9)]);
      const loose = { ...t, answerCoverage: 0.99, noneRatio: 0.75 };
      expect(decide(oos, loose, nc).kind).toBe('none');
      expect(decide(oos, { ...loose, model }, nc)).toMatchObject({ kind: 'none', nearest: 'id_requirements' });
    });

    test('the model never answers a best topic that is what the line does not answer', () => {
      const always = { ...model, bias: 100 };
      expect(decide(evidence([s('not_covered', 10, 1), s('register', 1, 0.2)]), { ...t, model: always }, nc)).toEqual({ kind: 'none', nearest: 'not_covered' });
    });

    test('the thresholds still offer a "did you mean" when the model is not confident', () => {
      const close = evidence([s('register', 10, 0.8), s('deadlines', 9, 0.7)]);
      expect(decide(close, { ...t, model }, nc)).toEqual({ kind: 'choices', topics: ['register', 'deadlines'] });
    });

    test('features read the classifier and the nearest examples: its probability of the best topic, of not_covered, the votes', () => {
      const e: Evidence = {
        ...evidence([{ ...s('a', 10, 0.8), votes: 0.6 }, s('b', 5, 0.6)]),
        classes: [{ topic: 'b', p: 0.5 }, { topic: 'a', p: 0.3 }, { topic: 'not_covered', p: 0.2 }],
      };
      const x = features(e, nc);
      const f = (name: Feature) => x[FEATURES.indexOf(name)];
      expect(f('votes')).toBeCloseTo(0.6);
      expect(f('classP')).toBeCloseTo(0.3);
      expect(f('classAgrees')).toBe(0);
      expect(f('classNotCovered')).toBeCloseTo(0.2);
    });

    test('tie-break: a "did you mean" becomes an answer when the classifier is sure enough of one of its topics', () => {
      const close = (p: number, topic = 'deadlines'): Evidence => ({
        ...evidence([s('register', 10, 0.8), s('deadlines', 9, 0.7)]),
        classes: [{ topic, p }, { topic: 'register', p: 1 - p }],
      });
      const tie = { ...t, model, tieBreak: 0.8 };
      expect(decide(close(0.9), tie, nc)).toMatchObject({ kind: 'answer', topic: 'deadlines' });
      // Not sure enough, or sure of a topic that is not among the choices: the "did you mean" stays.
      expect(decide(close(0.7), tie, nc)).toEqual({ kind: 'choices', topics: ['register', 'deadlines'] });
      expect(decide(close(0.95, 'moved'), tie, nc)).toEqual({ kind: 'choices', topics: ['register', 'deadlines'] });
      // Without a tie-break threshold the classifier does not decide.
      expect(decide(close(0.99), { ...t, model }, nc).kind).toBe('choices');
    });
  });
});

describe("a language's model in the tuning (thresholdsFor)", () => {
  const w = (x: number) => FEATURES.map(() => x);
  const model = (weights: NonNullable<Tuning['model']>['weights']): Tuning => ({
    ...DEFAULT_TUNING,
    model: { weights, bias: { en: -1, es: -2 }, answerAt: { en: 0.9, es: 0.8 }, tieBreak: { es: 0.7 } },
  });

  test('pooled: one array of weights for every language, its own bias, answerAt and tieBreak', () => {
    const tuning = model(w(1));
    expect(thresholdsFor(tuning, 'en')).toMatchObject({ model: { weights: w(1), bias: -1, answerAt: 0.9 } });
    expect(thresholdsFor(tuning, 'es')).toMatchObject({ model: { weights: w(1), bias: -2, answerAt: 0.8 }, tieBreak: 0.7 });
    expect(thresholdsFor(tuning, 'en').tieBreak).toBeUndefined();
  });

  test('per language: each language reads its own weights; one without weights has no model', () => {
    const tuning = model({ en: w(1), es: w(2) });
    expect(thresholdsFor(tuning, 'en').model?.weights).toEqual(w(1));
    expect(thresholdsFor(tuning, 'es').model?.weights).toEqual(w(2));
    expect(thresholdsFor(model({ en: w(1) }), 'es').model).toBeUndefined();
    expect(thresholdsFor(model({ en: w(1) }), 'es').tieBreak).toBeUndefined();
  });

  test('the shipped tuning gives every language a model', () => {
    for (const l of ['ar', 'en', 'es', 'ko', 'tl', 'vi', 'zh']) expect(thresholdsFor(DEFAULT_TUNING, l).model?.weights).toHaveLength(FEATURES.length);
  });
});
