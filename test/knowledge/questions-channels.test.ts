/**
 * Issue #15, done when: a new contact's first message, a question in their language, gets the
 * right topic's answer in that language by SMS (the real twilio SDK against the fake Twilio),
 * Telegram (grammY against the fake Bot API) and the web simulator (its HTTP API), with one line
 * on how to change language; a request for an opinion gets the nonpartisan answer and a question
 * the line does not cover the honest fallback. The whole system runs (HTTP, queues on the test
 * Redis, PGlite), with the shipped flows, texts and knowledge base.
 */
import { findIdentity } from '../../src/store/contacts';
import { channelEnv, converse, newPerson, type Person } from '../feedback/harness';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram';
import { startFakeTwilio, type FakeTwilio } from '../helpers/fake-twilio';
import { eventually, startTestSystem, type TestSystem } from '../helpers/system';


let system: TestSystem;
let twilioFake: FakeTwilio;
let telegramFake: FakeTelegram;

beforeAll(async () => {
  twilioFake = await startFakeTwilio({});
  telegramFake = await startFakeTelegram({ token: '123456:feedback-test-token' });
  system = await startTestSystem('questions-channels', channelEnv({ twilioUrl: twilioFake.url, telegramUrl: telegramFake.url }));
});

afterAll(async () => {
  await system?.close();
  await twilioFake?.close();
  await telegramFake?.close();
});

/** The six first messages of the issue, the language each is in, and the topic it asks about. */
const FIRST_MESSAGES: [string, string, string][] = [
  ['donde voto?', 'es', 'polling_place'],
  ['我需要带什么证件', 'zh', 'id_requirements'],
  ['có thể bỏ phiếu qua thư không', 'vi', 'mail_ballot'],
  ['투표소 어디예요', 'ko', 'polling_place'],
  ['pwede ba akong bumoto kahit lumipat ako', 'tl', 'moved'],
  ['هل أحتاج بطاقة هوية للتصويت', 'ar', 'id_requirements'],
];
const TAILORED = new Set(['polling_place', 'deadlines', 'early_voting', 'register', 'check_registration']);

/** What the provider received for the person: the bodies of the messages sent to them, in order. */
async function delivered(p: Person, count: number): Promise<string[]> {
  return eventually(async () => {
    const texts =
      p.channel === 'sms'
        ? twilioFake.messages.filter((m) => m.params.To === p.address).map((m) => String(m.params.Body))
        : p.channel === 'telegram'
          ? telegramFake.sent.filter((m) => String(m.chat.id) === p.address).map((m) => m.text)
          : (await system.runtime.db.kysely.selectFrom('messages').select('body').where('direction', '=', 'out').where('identity_id', '=', (await findIdentity(system.runtime.db.kysely, p.channel, p.address))!.id).orderBy('id').execute()).map((m) => m.body ?? '');
    return texts.length >= count && texts;
  }, 20_000);
}

/** The opening of a text up to its first variable: what any rendering of it starts with. */
function opening(language: string, key: string): string {
  const raw = system.runtime.translator.text(language, key)!;
  return raw.split('{{')[0].slice(0, 20);
}

describe.each(['sms', 'telegram', 'web'] as const)('a first message that is a question, on %s', (channel) => {
  it.each(FIRST_MESSAGES)('"%s" is answered in %s with the %s answer', async (text, language, topic) => {
    const p = newPerson(channel);
    const keys = await converse(system, p, text);
    expect(keys).toEqual([`knowledge.${topic}.answer`, 'questions.language_note', TAILORED.has(topic) ? 'questions.offer_state' : 'questions.anything_else']);
    const identity = (await findIdentity(system.runtime.db.kysely, p.channel, p.address))!;
    const contact = await system.runtime.db.kysely.selectFrom('contacts').select('language').where('id', '=', identity.contact_id).executeTakeFirstOrThrow();
    expect(contact.language).toBe(language);
    const [answer, note] = await delivered(p, 3);
    expect(answer.startsWith(opening(language, `knowledge.${topic}.answer`))).toBe(true);
    expect(note).toContain(opening(language, 'questions.language_note').slice(0, 8));
  });

  it('"who should I vote for?" gets the nonpartisan answer, never another topic\'s', async () => {
    const p = newPerson(channel);
    expect(await converse(system, p, 'who should I vote for?')).toEqual(['knowledge.opinion.answer', 'questions.language_note', 'questions.anything_else']);
  });

  it('"what\'s the weather?" gets the honest fallback', async () => {
    const p = newPerson(channel);
    expect(await converse(system, p, "what's the weather?")).toEqual(['questions.not_sure', 'questions.language_note']);
  });
});
