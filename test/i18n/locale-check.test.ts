import { join } from 'node:path';
import { loadLocales } from '../../src/i18n/catalog';
import { jsonKeyLines } from '../../src/i18n/json-lines';
import { checkLocaleTexts } from '../../src/i18n/locale-check';
import { localeTexts } from '../../src/i18n/locale-texts';
import { expectedKeys, pluralCategories } from '../../src/i18n/plurals';
import { budgetIssues, formatSegmentTable, isSmsText, segmentRows } from '../../src/i18n/segment-table';
import { baseLocales, clone, withOptOutLists, writeLocales, type Locales } from './fixtures';

/** Writes the locales to a temp dir and checks them as `locales check` does; returns `file:line: message` with the temp prefix cut. */
function check(locales: Locales, budget?: number): string[] {
  const tmp = writeLocales(locales);
  try {
    const texts = localeTexts(loadLocales(tmp.dir, 'en'), 'en', tmp.dir);
    const issues = checkLocaleTexts(texts);
    if (budget) issues.push(...budgetIssues(segmentRows(texts), texts, budget));
    return issues.map((i) => `${i.file.replace(`${tmp.dir}/`, '')}:${i.line}: ${i.message}`);
  } finally {
    tmp.cleanup();
  }
}

const has = (found: string[], expected: string) => {
  if (!found.some((m) => m.startsWith(expected))) throw new Error(`expected "${expected}" in:\n${found.join('\n')}`);
};

describe('locales check', () => {
  test('the fixture languages are clean', () => {
    expect(check(baseLocales(), 3)).toEqual([]);
  });

  test('a key missing in a language', () => {
    const l = baseLocales();
    delete (l.es.common as any).no;
    has(check(l), 'es/common.json:1: text "common.no" is missing in "es" (present in "en")');
  });

  test('a key in a language that the default language lacks, at its line', () => {
    const l = baseLocales();
    (l.es.system as any).old = 'Texto viejo';
    has(check(l), 'es/system.json:4: text "system.old" is in "es" but not in "en"');
  });

  test('different {{variables}} than the English text', () => {
    const l = baseLocales();
    l.es.system.help = 'Asistente de {{organizacion}}.';
    has(check(l), 'es/system.json:2: text "system.help" uses {{organizacion}} in "es" but {{org_name}} in "en"');
  });

  test('a broken placeholder in a nested Slack text, at its own line', () => {
    const l = baseLocales();
    (l.es.slack.home as any).line = '*{{title}}*\n{{when}';
    has(check(l), 'es/slack.json:4: text "slack.home.line" uses {{title}} in "es" but {{title, when}} in "en"');
  });

  test('plural forms: a form the language does not have, and one it lacks', () => {
    const l = baseLocales();
    (l.zh.shifts as any).left_one = '{{title}} 还剩 1 个名额';
    delete (l.ar.shifts as any).left_few;
    const found = check(l);
    has(found, 'zh/shifts.json:4: plural form "shifts.left_one" is not used in "zh" (zh uses only _other)');
    has(found, 'ar/shifts.json:6: plural form "shifts.left_few" is missing in "ar" (ar uses _zero, _one, _two, _few, _many, _other)');
  });

  test('a plural form may leave out {{count}} but no other variable', () => {
    const l = baseLocales();
    (l.ar.shifts as any).left_zero = 'لا أماكن';
    has(check(l), 'ar/shifts.json:2: text "shifts.left_zero" uses {{-}} in "ar" but {{count, title}} in "en"');
  });

  test('empty and whitespace-only texts', () => {
    const l = baseLocales();
    l.es.common.yes = '';
    l.zh.system.bye = ' \n ';
    const found = check(l);
    has(found, 'es/common.json:2: text "common.yes" is empty in "es"');
    has(found, 'zh/system.json:3: text "system.bye" is empty in "zh"');
  });

  test('non-string leaves', () => {
    const l = baseLocales();
    (l.es.common as any).no = 5;
    (l.es.system as any).bye = ['Adiós'];
    (l.en.system as any).bye = null;
    const found = check(l);
    has(found, 'es/common.json:3: text "common.no" is a number in "es", not a text');
    has(found, 'es/system.json:3: text "system.bye" is a list in "es", not a text');
    has(found, 'en/system.json:3: text "system.bye" is null in "en", not a text');
  });

  test('a global keyword that is an everyday answer in another language: both places', () => {
    const l = baseLocales();
    l.es.keywords.stop = 'PARAR,OK';
    has(check(l), 'es/keywords.json:2: keyword "ok" of keywords.stop ("es") is also an answer word in common.yes_words ("en", ');
    const found = check(l).find((m) => m.includes('keyword "ok"'))!;
    expect(found).toMatch(/en\/common\.json:4\): sent alone in any language it would opt the person out/);
  });

  test('a global keyword that is another global keyword elsewhere', () => {
    const l = baseLocales();
    l.es.keywords.help = 'AYUDA,MENU';
    has(check(l), 'es/keywords.json:4: keyword "menu" of keywords.help ("es") is also the MENU keyword in keywords.menu');
  });

  test('keywords are compared after normalisation (case, accents, punctuation)', () => {
    const l = baseLocales();
    l.zh.keywords.agent = '人工, Sí!';
    has(check(l), 'zh/keywords.json:7: keyword "si" of keywords.agent ("zh") is also an answer word in common.yes_words ("es"');
  });

  test('a language folder whose name is not a language code', () => {
    const l = baseLocales();
    l.pt_br = clone(l.es);
    has(check(l), 'pt_br/:1: "pt_br" is not a language code');
  });

  test('opt-out lists in every language are clean together', () => {
    expect(check(withOptOutLists({ stop_phrases: 'stop texting,remove me', stop_fillers: 'please,now', stop_negations: "don't stop,bus stop" }))).toEqual([]);
  });

  test('an answer that contains an opt-out phrase would opt the person out: at the answer', () => {
    const l = withOptOutLists({ stop_phrases: 'stop text*,remove me' });
    l.en.common.skip_words = 'skip,pass,remove me from this question';
    has(check(l), 'en/common.json:8: "remove me from this question" of common.skip_words ("en") reads as an opt-out ("remove me" of keywords.stop_phrases ("en"))');
  });

  test('an answer made of an opt-out word and fillers, or an opt-out word mistyped, would opt out', () => {
    const l = withOptOutLists({ stop_fillers: 'please' });
    l.es.common.yes_words = 'si,s,vale,stop please';
    l.zh.common.no_words = '否,不,unsubscibe';
    const found = check(l);
    has(found, 'es/common.json:4: "stop please" of common.yes_words ("es") reads as an opt-out ("STOP" of keywords.stop ("en"))');
    has(found, 'zh/common.json:5: "unsubscibe" of common.no_words ("zh") reads as an opt-out ("UNSUBSCRIBE" of keywords.stop');
  });

  test('an opt-out phrase that a negation undoes is reported where the phrase is', () => {
    const l = withOptOutLists({ stop_phrases: 'stop sending*', stop_negations: 'stop send*' });
    has(check(l), 'en/keywords.json:8: "stop sending*" of keywords.stop_phrases ("en") does not opt out when sent on its own: a negation in keywords.stop_negations undoes it');
  });

  test('an answer written with accents is not the opt-out word it strips to (đúng is not dừng)', () => {
    const l = baseLocales();
    l.es.keywords.stop = 'PARAR,ALTO,DỪNG';
    l.es.common.yes_words = 'si,s,vale,đúng';
    expect(check(l)).toEqual([]);
  });

  test('SMS segment budget: an error per text over it, Slack texts not counted', () => {
    const l = baseLocales();
    l.es.system.bye = 'Adiós y gracias por escribir. '.repeat(4); // ó: UCS-2, 120 characters = 2 segments
    (l.es.slack.home as any).title = 'x'.repeat(400);
    const found = check(l, 1);
    has(found, 'es/system.json:3: text "system.bye" takes 2 SMS segments (UCS-2, 120 UTF-16 units) in "es", over the budget of 1');
    expect(found.filter((m) => m.includes('slack.'))).toEqual([]);
  });

  test('the segment table counts GSM-7 and UCS-2 per language and lists the longest texts', () => {
    const tmp = writeLocales(baseLocales());
    try {
      const texts = localeTexts(loadLocales(tmp.dir, 'en'), 'en', tmp.dir);
      const rows = segmentRows(texts);
      const table = formatSegmentTable(rows, texts.languages, 3);
      expect(table).toMatch(/^en\s+8\s+8\s+0\s+8\s+1\s+0$/m); // word lists and Slack texts are not counted
      expect(table).toMatch(/^zh\s+7\s+0\s+7\s+7\s+1\s+0$/m);
      expect(table).toContain('Longest texts per language:');
      expect(rows.find((r) => r.language === 'es' && r.key === 'common.yes')).toMatchObject({ encoding: 'UCS-2', segments: 1 });
    } finally {
      tmp.cleanup();
    }
  });
});

describe('locale helpers', () => {
  test('plural categories come from CLDR', () => {
    expect(pluralCategories('zh')).toEqual(['other']);
    expect(pluralCategories('ar')).toEqual(['zero', 'one', 'two', 'few', 'many', 'other']);
    expect(pluralCategories('en')).toEqual(['one', 'other']);
    expect(expectedKeys(['a.x', 'a.n_one', 'a.n_other', 'a.y_words'], 'zh')).toEqual(['a.x', 'a.n_other', 'a.y_words']);
  });

  test('json key lines: nested keys, arrays, escapes', () => {
    const lines = jsonKeyLines('{\n  "a": "x \\" }",\n  "b": {\n    "c": [1, {"d": 2}],\n    "e": "y"\n  }\n}\n');
    expect([...lines]).toEqual([
      ['a', 2],
      ['b', 3],
      ['b.c', 4],
      ['b.e', 5],
    ]);
  });

  test('which texts go out by SMS', () => {
    expect(isSmsText('system.help')).toBe(true);
    expect(isSmsText('slack.home.title')).toBe(false);
    expect(isSmsText('slack.reminder.sms')).toBe(true);
    expect(isSmsText('campaign.footer_telegram')).toBe(false);
    expect(isSmsText('common.yes_words')).toBe(false);
    expect(isSmsText('keywords.stop')).toBe(false);
  });

  test('shipped locales load and check without throwing', () => {
    const dir = join(__dirname, '../../locales');
    const texts = localeTexts(loadLocales(dir, 'en'), 'en', dir);
    expect(() => checkLocaleTexts(texts)).not.toThrow();
  });
});
