/**
 * LANGUAGES: an organizer offers a subset of the shipped languages on first contact. The menu lists
 * only those, but every shipped language's STOP still opts out, and a contact who already has a
 * language that is not offered still gets texts in it.
 */
import { step } from '../../src/engine/step';
import type { ContactView } from '../../src/engine/types';
import { loadEngine } from '../../src/app/engine';

const base = { FLOWS_DIR: 'flows', LOCALES_DIR: 'locales', DEFAULT_LANGUAGE: 'en', ORG_NAME: 'Org', ORG_CONTACT: 'x' };
const now = new Date('2030-01-01T12:00:00Z');
const fresh: ContactView = { language: null, vars: {}, optedOut: false };

it('lists only the offered languages (the default always) in the first-contact menu', () => {
  const { env, translator } = loadEngine({ ...base, LANGUAGES: ['es', 'vi'] });
  expect(translator.languages).toEqual(['en', 'es', 'vi']);
  const { replies } = step(env, { contact: fresh, state: null, event: { type: 'message', text: 'hello' }, now });
  expect(replies[0].choices!.map((c) => c.value)).toEqual(['lang_en', 'lang_es', 'lang_vi']);
  expect(translator.render(replies[0], 'en').text.split('\n')).toHaveLength(3);
});

it("still honours every shipped language's opt-out words, and renders a contact's own language", () => {
  const { env, translator } = loadEngine({ ...base, LANGUAGES: ['es'] });
  const stopWord = translator.locales.catalog.ar.keywords.stop as string;
  const result = step(env, { contact: { ...fresh, language: 'ar' }, state: null, event: { type: 'message', text: stopWord.split(',')[0] }, now });
  expect(result.contact.optedOut).toBe(true);
  expect(result.replies.map((r) => r.key)).toEqual(['system.opted_out']);
  expect(translator.t('ar', 'system.help', { org_name: 'O', org_contact: 'c' })).toBe(
    (translator.locales.catalog.ar.system.help as string).replace('{{org_name}}', 'O').replace('{{org_contact}}', 'c'),
  );
});

it('refuses a language that is not shipped, naming it', () => {
  expect(() => loadEngine({ ...base, LANGUAGES: ['es', 'fr'] })).toThrow(/fr/);
});

it('offers every shipped language when unset', () => {
  const { translator } = loadEngine(base);
  expect(translator.languages).toEqual(['en', 'es', 'zh', 'vi', 'ko', 'tl', 'ar']);
});
