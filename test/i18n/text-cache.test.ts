/**
 * Translator.t keeps texts without variables by language and key (src/i18n/translator.ts): the
 * answer is the same as i18next's every time, a text with variables is interpolated each time,
 * and an unknown language still falls back to the default one.
 */
import { Translator } from '../../src/i18n/translator';

const t = Translator.fromDir('locales', 'en');

test('texts without variables: the same answer as the first time, per language', () => {
  const keys = ['common.invalid', 'language.prompt', 'common.slow_down', 'common.text_only'];
  const first = keys.flatMap((key) => t.languages.map((l) => t.t(l, key)));
  expect(new Set(first).size).toBeGreaterThan(keys.length); // the languages differ
  for (let round = 0; round < 3; round++) expect(keys.flatMap((key) => t.languages.map((l) => t.t(l, key)))).toEqual(first);
  // An unknown language: the default language's text (cached under it, not under the unknown one).
  expect(t.t('xx', 'common.invalid')).toBe(t.t('en', 'common.invalid'));
  // A fresh i18next over the same catalog agrees.
  const fresh = Translator.fromDir('locales', 'en');
  expect(keys.map((key) => fresh.t('es', key))).toEqual(keys.map((key) => t.t('es', key)));
});

test('texts with variables are interpolated each time; the same key without them is not mixed up with them', () => {
  const key = 'campaign.footer';
  const a = t.t('en', key, { sender: 'Org A', disclaimer: 'Paid for by A.' });
  const b = t.t('en', key, { sender: 'Org B', disclaimer: 'Paid for by B.' });
  expect(a).toBe('Org A. Paid for by A.');
  expect(b).toBe('Org B. Paid for by B.');
  const bare = t.t('en', key);
  expect(bare).not.toBe(a);
  expect(t.t('en', key, { sender: 'Org C', disclaimer: 'C.' })).toBe('Org C. C.');
  expect(t.t('en', key)).toBe(bare);
});
