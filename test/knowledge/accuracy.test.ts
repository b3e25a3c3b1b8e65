/**
 * The matcher measured on the natural-question test sets (test/knowledge/questions/<lang>.yaml),
 * dev and held-out splits reported, the targets asserted on the held-out split, and the
 * issue's done-when questions matched and identified.
 */
import { join } from 'node:path';
import { loadLocales } from '../../src/i18n/catalog';
import { loadKnowledge } from '../../src/knowledge/load';
import { createMatcher } from '../../src/knowledge/matcher';
import { DONE_WHEN, evaluate, evaluateLanguageId, formatLanguageIdReports, formatReports, loadTestQuestions } from './evaluate';
import { GIBBERISH_LANGUAGES, GIBBERISH_WITH_NUMBER, GREETINGS } from './must-not-answer';

const root = join(__dirname, '../..');
const base = loadKnowledge(join(root, 'knowledge'), loadLocales(join(root, 'locales')).catalog);
const matcher = createMatcher(base);
const sets = loadTestQuestions(root);
const languages = Object.keys(sets).filter((l) => base.languages.includes(l));

/**
 * The targets, asserted on the held-out split: right answers at least 85% in every
 * language, out-of-scope questions answered as if known under 5% (all languages together). Met
 * since stop 30 (docs/knowledge.md: ar 85.0% is the closest, and 6 of 125 out of scope): a change
 * that makes either worse fails.
 */
const TARGET_RIGHT = 0.85;
const TARGET_OOS_WRONG = 0.05;

describe('accuracy on the natural-question test sets', () => {
  const dev = languages.map((l) => evaluate(matcher, sets[l], 'dev'));
  const heldOut = languages.map((l) => evaluate(matcher, sets[l], 'held-out'));

  test('report (dev split: tuned on; held-out split: measured only)', () => {
    console.log(`${formatReports(dev, 'dev split')}\n\n${formatReports(heldOut, 'held-out split')}`);
    expect(languages.length).toBeGreaterThan(0);
  });

  test.each(languages)('%s: right answers on the held-out split', (language) => {
    const r = heldOut.find((x) => x.language === language)!;
    if (r.right / r.inScope < TARGET_RIGHT) console.log(`target missed: ${language} right ${((100 * r.right) / r.inScope).toFixed(1)}% (target ${100 * TARGET_RIGHT}%)`);
    expect(r.right / r.inScope).toBeGreaterThanOrEqual(TARGET_RIGHT);
  });

  test('out-of-scope questions answered as if known, on the held-out split (all languages together)', () => {
    const wrong = heldOut.reduce((n, r) => n + r.oosWrong, 0);
    const total = heldOut.reduce((n, r) => n + r.outOfScope, 0);
    expect(total).toBeGreaterThan(0);
    if (wrong / total >= TARGET_OOS_WRONG) console.log(`target missed: ${wrong} of ${total} out-of-scope questions answered (target under ${100 * TARGET_OOS_WRONG}%)`);
    expect(wrong / total).toBeLessThan(TARGET_OOS_WRONG);
  });

  test('no example line is a test question (the test sets measure, they do not teach)', () => {
    const norm = (t: string) => t.toLowerCase().replace(/[\p{P}\p{S}]/gu, '').replace(/\s+/g, ' ').trim();
    // Every language's copies at once (a failure names them all, not the first language's only).
    const copied = languages.map((language) => {
      const questions = new Set(sets[language].map((q) => norm(q.text)));
      return { language, copied: base.topics.flatMap((t) => (t.texts[language]?.examples ?? []).filter((e) => questions.has(norm(e)))) };
    });
    expect(copied.filter((c) => c.copied.length)).toEqual([]);
  });
});

describe("the issue's done-when questions, as a first message", () => {
  test.each(DONE_WHEN)('%s %s -> %s', (language, text, topic) => {
    expect(matcher.identifyLanguage(text)).toEqual({ language, confident: true });
    expect(matcher.match(text, language)).toMatchObject({ kind: 'answer', topic });
  });

  test.each(['hi', 'ok', '?', 'hello', 'thanks', 'yes', '👍'])('%s is not clear enough to pick a language', (text) => {
    expect(matcher.identifyLanguage(text).confident).toBe(false);
  });

  test.each([
    ['hola', 'es'],
    ['kumusta', 'tl'],
    ['xin chào', 'vi'],
  ])('a greeting in a clear language (%s) counts as clear', (text, language) => {
    expect(matcher.identifyLanguage(text)).toEqual({ language, confident: true });
  });

  test.each([
    ['como hago el register para votar', 'es'],
    ['donde queda mi polling place', 'es'],
    ['paano mag-register para makaboto', 'tl'],
    ['saan ako boboto sa election day', 'tl'],
  ])('code-switched %s -> %s', (text, language) => {
    expect(matcher.identifyLanguage(text).language).toBe(language);
  });

  test.each(['wein a9awet', 'kif asajel lel intikhabat', 'emta el intikhabat', 'ana 3ayez a3raf fein el lagna'])('a first message in Arabizi (%s) is Arabic', (text) => {
    expect(matcher.identifyLanguage(text)).toEqual({ language: 'ar', confident: true });
  });

  test.each([
    ['menu', 'en'],
    ['can i vote 2day', 'en'],
    ['i moved to apt 5b, where do i vote', 'en'],
    ['polls close at 7pm?', 'en'],
    ['hala, saan ako boboto', 'tl'],
    ['ana no se donde votar', 'es'],
  ])('words Arabizi shares with other languages do not make a first message Arabic: %s', (text, language) => {
    expect(matcher.identifyLanguage(text).language).toBe(language);
  });

  // Greetings and fillers ask nothing, whatever examples contain them ("hi, how do I register"),
  // and an English greeting in another language's conversation must not meet a word by a typo
  // ("hello" / Spanish "sello", a stamp). The list is shared with the tuning (must-not-answer.ts),
  // which may choose no setting that answers one of them.
  test.each(GREETINGS)('%s %s asks nothing: the fallback, no topic', (language, text) => {
    expect(matcher.match(text, language)).toMatchObject({ kind: 'none' });
  });

  // A number is not a question: "zzz 8" met "do polls close at 8" and was answered as election day.
  test.each(GIBBERISH_LANGUAGES)('%s: gibberish with a number asks nothing', (language) => {
    for (const text of GIBBERISH_WITH_NUMBER) expect({ text, result: matcher.match(text, language) }).toMatchObject({ text, result: { kind: 'none' } });
  });

  test('out-of-scope questions from the issue get the honest fallback', () => {
    for (const text of ["what's the weather?", 'is candidate X a criminal?', 'how do I renew my passport?']) {
      expect({ text, result: matcher.match(text, 'en') }).toMatchObject({ text, result: { kind: 'none' } });
    }
  });

  // Polling hours asked as a time of day ("투표는 몇시부터": from what time is voting) were missed
  // in several languages: the time words met the out-of-scope "what time is it" examples.
  test.each([
    ['ko', '투표는 몇시부터'],
    ['ko', '투표 몇시까지 해요'],
    ['en', 'what time does voting start'],
    ['en', 'what time do the polls close'],
    ['es', 'a que hora empieza la votacion'],
    ['es', 'hasta que hora puedo votar'],
    ['zh', '几点开始投票'],
    ['zh', '投票几点结束'],
    ['vi', 'mấy giờ bắt đầu bỏ phiếu'],
    ['vi', 'phòng phiếu mở cửa lúc mấy giờ'],
    ['tl', 'anong oras ang botohan'],
    ['tl', 'hanggang anong oras pwede bumoto'],
    ['ar', 'الساعة كم يبدأ التصويت'],
    ['ar', 'متى تفتح مراكز الاقتراع'],
  ])('polling hours as a time of day (%s) %s -> election_day', (language, text) => {
    expect(matcher.match(text, language)).toMatchObject({ kind: 'answer', topic: 'election_day' });
  });

  test('a request for a recommendation gets the nonpartisan topic', () => {
    expect(matcher.match('who should I vote for?', 'en')).toMatchObject({ kind: 'answer', topic: 'opinion' });
  });
});

describe('language identification on the test sets', () => {
  test('report', () => {
    const reports = languages.map((l) => evaluateLanguageId(matcher, sets[l], 'held-out'));
    console.log(formatLanguageIdReports(reports, 'held-out split (questions written wholly in English count as misses here)'));
    for (const r of reports) expect(r.confidentRight / r.questions).toBeGreaterThan(0.8);
  });
});
