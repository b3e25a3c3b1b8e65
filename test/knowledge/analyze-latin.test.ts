/** The shared Latin word loop and the per-language rules plugged into it (latin.ts, english.ts, spanish.ts, tagalog.ts). */
import { analyzerFor } from '../../src/knowledge/analyze';
import { ENGLISH } from '../../src/knowledge/analyze/english';
import { addLatinWords, latinAnalyzer, type LatinRules } from '../../src/knowledge/analyze/latin';
import { SPANISH } from '../../src/knowledge/analyze/spanish';
import { TAGALOG } from '../../src/knowledge/analyze/tagalog';
import { AnalysisBuilder, FUNCTION_WORD_WEIGHT as FW, type Term } from '../../src/knowledge/analyze/term';

/** The terms of an analysis as [term, weight, units] (fuzzy and prefix follow from contentTerm/exactTerm). */
const rows = (terms: Term[]) => terms.map((t) => [t.term, t.weight, t.units]);

// A made-up language that uses every hook, so each one's place in the loop is pinned down.
const TOY: LatinRules = {
  language: 'en',
  shorthand: { u: 'you', ty: 'thank you', zz: 'sleep' },
  functionWords: new Set(['you', 'the', 'thank']),
  stem: (w) => w.replace(/ing$/, ''),
  text: (text) => text.replace('@', ' at '),
  message: (words) => ({
    functionWords: new Set(words.filter((w) => w.endsWith('x'))),
    fixed: new Map(words.flatMap((w, at) => (w === 'zz' ? [[at, { kind: 'function' as const, term: 'zz' }]] : []))),
  }),
  spell: (w) => w.replace(/^ph/, 'f'),
  word: (w, { functionWords }) =>
    w === 'nope' ? { kind: 'content', term: 'no' } : w === 'thee' && functionWords.has('the') ? { kind: 'function', term: 'the' } : undefined,
  alsoContent: (word, stemmed, unit) => (stemmed !== word ? [{ term: word, weight: 1, fuzzy: 0, prefix: false, units: [unit] }] : []),
};

describe('the shared Latin loop and its hooks', () => {
  const toy = latinAnalyzer(TOY);

  test('text-speak is expanded before a word is read, one unit a word it stands for', () => {
    // Repeats are merged by the builder: "you" stands for units 1 and 2.
    const a = toy.analyze('ty u');
    expect(a.units).toEqual([FW, FW, FW]);
    expect(rows(a.terms)).toEqual([['thank', FW, [0]], ['you', FW, [1, 2]]]);
  });

  test('spell runs after text-speak and before every reading', () => {
    expect(toy.analyze('phishing').terms.map((t) => t.term)).toEqual(['fish', 'fishing']);
  });

  test('the word hook decides first: a content reading is looked up unstemmed, a function reading as its term', () => {
    const a = toy.analyze('nope thee');
    expect(rows(a.terms)).toEqual([['no', 1, [0]], ['the', FW, [1]]]);
    expect(a.terms[0]).toMatchObject({ fuzzy: 0, prefix: false });
  });

  test('a word the hook leaves is a function word, a light number, or a stemmed content word with alsoContent on its unit', () => {
    const a = toy.analyze('the 8 voting');
    expect(rows(a.terms)).toEqual([['the', FW, [0]], ['8', FW, [1]], ['vot', 1, [2]], ['voting', 1, [2]]]);
    expect(a.units).toEqual([FW, FW, 1]);
  });

  test('message: its function words count for this message only; a fixed word is read as typed, its text-speak not expanded', () => {
    expect(rows(toy.analyze('max zz').terms)).toEqual([['max', FW, [0]], ['zz', FW, [1]]]);
    expect(rows(toy.analyze('max').terms)).toEqual([['max', FW, [0]]]);
    expect(rows(toy.analyze('maxi').terms)).toEqual([['maxi', 1, [0]]]);
  });

  test('text rewrites the message only in the language\'s own analyzer, not in addLatinWords', () => {
    expect(toy.analyze('me@home').terms.map((t) => t.term)).toEqual(['me', 'at', 'home']);
    const b = new AnalysisBuilder();
    addLatinWords(b, TOY, ['me', 'home']);
    expect(b.build().terms.map((t) => t.term)).toEqual(['me', 'home']);
  });

  // Regression: text-speak was looked up on a plain object, so "constructor" found
  // Object.prototype.constructor and every Latin analyzer (and zh, ko, ar through their English
  // words) threw "shorthand[typed]?.split is not a function".
  test.each(['en', 'es', 'tl', 'zh', 'ko', 'ar'])('%s: a word named like an Object property is a word ("constructor")', (language) => {
    expect(analyzerFor(language).analyze('how do I vote constructor').terms.map((t) => t.term)).toContain('constructor');
  });
  // Every language's own tables too (Vietnamese text-speak and Southern words threw "word.normalize
  // is not a function"), with the words Object.prototype has, in Arabizi and pinyin messages besides.
  const OBJECT_WORDS = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
  const FRAMES: Record<string, string[]> = {
    en: ['W', 'how do I W vote'], es: ['W', 'donde voto W'], tl: ['W', 'saan ako W boboto'], vi: ['W', 'bo phieu W khong'],
    zh: ['W', 'tou piao W zai nali'], ko: ['W', '투표 W 어디'], ar: ['W', 'wein W a9awet', 'وين W اصوت'],
  };
  test.each(Object.keys(FRAMES))('%s: words named like Object properties are analysed, never thrown on', (language) => {
    for (const frame of FRAMES[language])
      for (const word of OBJECT_WORDS) {
        const text = frame.replace('W', word);
        expect(() => analyzerFor(language).analyze(text)).not.toThrow();
        expect(analyzerFor(language).analyze(text).terms.length).toBeGreaterThan(0);
      }
  });
});

describe('each Latin language\'s own rules', () => {
  const ctx = { at: 0, functionWords: TAGALOG.functionWords };

  test('English and Spanish read words with the shared loop alone (no word hook)', () => {
    expect(ENGLISH.word).toBeUndefined();
    expect(SPANISH.word).toBeUndefined();
    expect(analyzerFor('en').analyze('my I.D.').terms.map((t) => t.term)).toEqual(['my', 'id']);
  });

  test.each([
    ['botar', 'votar'], ['boto', 'voto'], ['rejistro', 'registro'], ['bota', 'bota'],
  ])('Spanish spelled by ear: %s reads as %s', (typed, spelled) => {
    expect(SPANISH.spell!(typed)).toBe(spelled);
  });

  test.each([
    ['mgparehistro', 'magparehistro'], ['takdang', 'takda'], ['rehistradong', 'rehistrado'], ['ngayon', 'ngayon'],
  ])('Tagalog spelling: %s reads as %s (clipped prefix, linker of a domain word)', (typed, spelled) => {
    expect(TAGALOG.spell!(typed)).toBe(spelled);
  });

  test.each([
    ['hindi', { kind: 'content', term: 'hindi' }],
    ['walang', { kind: 'content', term: 'wala' }],
    ['bang', { kind: 'function', term: 'ba' }],
    ['makakapag', { kind: 'function', term: 'makakapag' }],
    ['yes', { kind: 'function', term: 'yes' }],
    ['17', { kind: 'content', term: 'edad 17' }],
    ['20', undefined],
    ['ako', undefined],
    ['bumoto', undefined],
  ])('Tagalog word hook: %s', (word, reading) => {
    expect(TAGALOG.word!(word, ctx)).toEqual(reading);
  });

  test('Tagalog message: places are fixed as typed function words, affixes before a hyphen are function words', () => {
    const words = ['deadline', 'sa', 'san', 'diego', 'nagpa', 'register'];
    const message = TAGALOG.message!(words, 'deadline sa san diego, nagpa-register');
    expect([...message.fixed!]).toEqual([[2, { kind: 'function', term: 'san' }], [3, { kind: 'function', term: 'diego' }]]);
    expect([...message.functionWords!]).toEqual(['nagpa']);
    // "san" elsewhere is text-speak for saan (where), a content word.
    expect(analyzerFor('tl').analyze('san ako boboto').terms.find((t) => t.units[0] === 0)).toMatchObject({ term: 'saan', weight: 1 });
  });

  test('Tagalog alsoContent: the whole word beside its stem, and both readings of "pwd"', () => {
    expect(rows(TAGALOG.alsoContent!('bumoto', 'boto', 3))).toEqual([['bumoto', 1, [3]]]);
    expect(rows(TAGALOG.alsoContent!('pwd', 'pwd', 0))).toEqual([['pwede', FW, [0]]]);
    expect(TAGALOG.alsoContent!('boto', 'boto', 0)).toEqual([]);
  });
});
