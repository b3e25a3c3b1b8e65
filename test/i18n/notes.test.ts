import { translatorNote, typedWordIndex } from '../../src/i18n/translator-notes';

const english: [string, unknown][] = [
  ['keywords.stop', 'STOP,UNSUBSCRIBE'],
  ['common.skip_words', 'skip,pass'],
  ['faq.match_id', 'id,identification'],
];
const note = (key: string, text: string, language = 'es', budget = 3) => translatorNote(key, text, { language, budget, typedWords: typedWordIndex(english) });

describe('translator notes', () => {
  test('placeholders to keep, keyword replies, the SMS budget in characters', () => {
    const n = note('system.help', '{{org_name}} help. Reply STOP to opt out or SKIP. Bring your ID.');
    expect(n).toContain("Keep this placeholder exactly as written, untranslated: {{org_name}} (the organization's name).");
    expect(n).toContain('STOP is a keyword people reply with: use a word from keywords.stop in your language, or keep STOP');
    expect(n).toContain('SKIP is a word people reply with: write one that is in common.skip_words in your language.');
    expect(n).not.toContain('ID is'); // choice matches are not replies the text asks for
    expect(n).toContain('at most 3 segments, about 459 characters in plain Latin letters or 201');
  });

  test('global keywords: what they do and that they must not be everyday words', () => {
    const n = note('keywords.stop', 'STOP,UNSUBSCRIBE');
    expect(n).toContain('opt out of all messages');
    expect(n).toContain('never everyday words');
    expect(n).not.toContain('SMS');
  });

  test('word lists, Slack mrkdwn, plural forms', () => {
    expect(note('common.yes_words', 'yes,y')).toContain('Comma-separated list of what people may type');
    expect(note('slack.home.title', '*Shifts*')).toContain('Slack message (mrkdwn)');
    expect(note('slack.home.title', '*Shifts*')).not.toContain('SMS');
    expect(note('shifts.left_few', '{{count}} spots', 'ar')).toContain('Plural form "few" of shifts.left: used in ar for counts like 3, 4, 5, 6, ...');
  });
});
