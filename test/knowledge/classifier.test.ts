/** The naive Bayes classifier beside retrieval (src/knowledge/classifier.ts), trained on example lines. */
import { analyzerFor } from '../../src/knowledge/analyze';
import { classifierFeatures, trainClassifier } from '../../src/knowledge/classifier';

const en = analyzerFor('en');
const opts = { alpha: 0.03, ngramWeight: 0.5, ngramFrom: 4, temper: 0 };
const lines = (topic: string, texts: string[]) => texts.map((text) => ({ topic, analysis: en.analyze(text) }));
const classifier = trainClassifier(
  [
    ...lines('polling_place', ['where do I vote', 'where is my polling place', 'polling location near me', 'which place do I go to vote']),
    ...lines('mail_ballot', ['can I vote by mail', 'how do I get an absentee ballot', 'mail in ballot request', 'send my ballot by mail']),
    ...lines('not_covered', ["what's the weather", 'how do I renew my passport', 'weather tomorrow', 'passport office hours']),
  ],
  opts,
);

describe('the classifier', () => {
  test('the most probable class is the topic whose lines use the message words, probabilities summing to 1', () => {
    const classes = classifier.classify(en.analyze('where can i vote near me'));
    expect(classes[0].topic).toBe('polling_place');
    expect(classes.reduce((sum, c) => sum + c.p, 0)).toBeCloseTo(1);
    expect(classifier.classify(en.analyze('absentee ballot by mail'))[0].topic).toBe('mail_ballot');
  });

  test('out-of-scope lines are a class of their own', () => {
    expect(classifier.classify(en.analyze('weather for my passport trip'))[0].topic).toBe('not_covered');
  });

  test('a typo keeps most of the word through its character trigrams', () => {
    // "absentey" is no term of the lines; its trigrams are those of "absentee".
    const features = [...classifierFeatures(en.analyze('absentey'), opts).keys()];
    expect(features.filter((f) => f.startsWith('\u0002')).length).toBeGreaterThan(3);
    expect(classifier.classify(en.analyze('absentey'))[0].topic).toBe('mail_ballot');
  });

  test('a message of words no line uses: no classes', () => {
    expect(classifier.classify(en.analyze('zzzz qqqq'))).toEqual([]);
  });
});
