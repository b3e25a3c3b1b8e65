/**
 * The knowledge index built one language at a time (createMatcherInSteps, KnowledgePort.prepare):
 * a server's first question must not hold its event loop for the whole build, during which its
 * webhooks and its database connections' timers wait (a pool's connection timeout fired while a
 * busy machine built every language's index in one go, and a simulator poll got a 503).
 */
import { join } from 'node:path';
import { knowledgePort } from '../../src/app/knowledge';
import { loadLocales } from '../../src/i18n/catalog';
import { Translator } from '../../src/i18n/translator';
import { loadKnowledge, readTopicDefinitions } from '../../src/knowledge/load';
import { createMatcher, createMatcherInSteps } from '../../src/knowledge/matcher';

const root = join(__dirname, '../..');
const base = loadKnowledge(join(root, 'knowledge'), loadLocales(join(root, 'locales')).catalog);

const messages: [string, string][] = [
  ['donde voto?', 'es'],
  ['我需要带什么证件', 'zh'],
  ['có thể bỏ phiếu qua thư không', 'vi'],
  ['투표소 어디예요', 'ko'],
  ['pwede ba akong bumoto kahit lumipat ako', 'tl'],
  ['هل أحتاج بطاقة هوية للتصويت', 'ar'],
  ["what's the weather tomorrow", 'en'],
];

/** Counts the turns of the event loop (setImmediate callbacks) until stopped. */
function loopTurns() {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  return {
    stop: () => {
      running = false;
      return turns;
    },
  };
}

test('built in steps, the matcher answers exactly as one built at once, pausing before each language', async () => {
  const pauses: number[] = [];
  const stepped = await createMatcherInSteps(base, async () => void pauses.push(pauses.length));
  expect(pauses).toHaveLength(base.languages.length);
  expect(stepped.languages).toEqual(base.languages);
  const whole = createMatcher(base);
  for (const [text, language] of messages) {
    expect(stepped.match(text, language)).toEqual(whole.match(text, language));
    expect(stepped.identifyLanguage(text)).toEqual(whole.identifyLanguage(text));
  }
});

test("the port's prepare lets the event loop turn between languages, builds once, and match then answers", async () => {
  const translator = Translator.fromDir(join(root, 'locales'), 'en');
  const port = knowledgePort(readTopicDefinitions(join(root, 'knowledge')), translator);
  const turns = loopTurns();
  const first = port.prepare!();
  const second = port.prepare!();
  await Promise.all([first, second]);
  // Other callbacks ran while it was being built: at least once between every two languages.
  expect(turns.stop()).toBeGreaterThanOrEqual(base.languages.length - 1);
  expect(port.match('donde voto?', 'es')).toMatchObject({ kind: 'answer', topic: 'polling_place' });
  expect(port.identifyLanguage('투표소 어디예요')).toEqual({ language: 'ko', confident: true });
  // Built: a later prepare has nothing to do.
  const later = loopTurns();
  await port.prepare!();
  expect(later.stop()).toBe(0);
});
