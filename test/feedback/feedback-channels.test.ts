/**
 * Feedback end to end on every channel we have (web simulator, SMS through the real twilio SDK,
 * Telegram through real grammY, Slack DMs through Bolt and the real WebClient) and in every
 * fixture language: a rating with a comment, a
 * multiple-choice question with a topic tag, and a follow-up request scheduled through the queue
 * that respects consent (STOP before it is due: nothing is sent) and quiet hours (SMS at night:
 * it waits for the morning).
 */
import { JOB, QUEUES, jobIds, outboundQueue } from '../../src/queue/jobs';
import { findIdentity } from '../../src/store/contacts';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram';
import { startFakeTwilio, type FakeTwilio } from '../helpers/fake-twilio';
import { eventually, startTestSystem, type TestSystem } from '../helpers/system';
import { SLACK, channelEnv, converse, messagesOf, newPerson, sendAs, settled, writeContent, type Person } from './harness';


/** Noon in New York on a June weekday; the clock runs at real speed from there. */
const NOON_NEW_YORK = Date.parse('2030-06-04T16:00:00Z');
let base = NOON_NEW_YORK;
let realStart = Date.now();
const now = () => new Date(base + (Date.now() - realStart));
const setClock = (iso: string) => {
  base = Date.parse(iso);
  realStart = Date.now();
};

let system: TestSystem;
let twilioFake: FakeTwilio;
let telegramFake: FakeTelegram;
let slackFake: FakeSlack;
const db = () => system.runtime.db.kysely;

beforeAll(async () => {
  twilioFake = await startFakeTwilio({});
  telegramFake = await startFakeTelegram({ token: '123456:feedback-test-token' });
  slackFake = await startFakeSlack({ token: SLACK.BOT_TOKEN });
  system = await startTestSystem(
    'feedback-channels',
    { ...writeContent(), ...channelEnv({ twilioUrl: twilioFake.url, telegramUrl: telegramFake.url, slackApiUrl: slackFake.apiUrl }), DEFAULT_TIMEZONE: 'America/New_York' },
    { postgres: true, now },
  );
});

afterAll(async () => {
  await system?.close();
  await twilioFake?.close();
  await telegramFake?.close();
  await slackFake?.close();
});

afterEach(() => setClock('2030-06-04T16:00:00Z'));

/** First contact until the menu, in `lang`: SMS has no locale hint, so it goes through the language menu. */
async function reachMenu(p: Person, lang: 'en' | 'es'): Promise<void> {
  const first = await converse(system, p, lang === 'es' ? 'hola' : 'hello');
  if (p.channel === 'sms') {
    expect(first).toEqual(['language.prompt']);
    expect(await converse(system, p, lang === 'es' ? '2' : '1')).toEqual(['welcome.hello', 'menu.prompt']);
  } else expect(first).toEqual(['welcome.hello', 'menu.prompt']);
}

async function feedbackOf(p: Person) {
  const identity = (await findIdentity(db(), p.channel, p.address))!;
  return db().selectFrom('feedback').selectAll().where('contact_id', '=', identity.contact_id).orderBy('id').execute();
}

const COMMENTS = {
  en: '=HYPERLINK("http://x.example","win") the line was <b>long</b> & slow',
  es: 'La fila era larguísima 😕 pero el personal fue amable — ¡gracias!',
};

describe.each([
  ['web', 'en', 'four'],
  ['web', 'es', 'cuatro'],
  ['sms', 'en', '4'],
  ['sms', 'es', 'cuatro'],
  ['telegram', 'en', '4'],
  ['telegram', 'es', '4'],
  ['slack', 'en', '4'],
  ['slack', 'es', 'cuatro'],
] as const)('feedback on %s in %s', (channel, lang, four) => {
  const p = newPerson(channel, channel === 'sms' ? undefined : lang);
  // Slack tells the bot a member's locale through users.info.
  beforeAll(() => channel === 'slack' && slackFake.setUser({ id: p.address, locale: lang === 'es' ? 'es-LA' : 'en-US' }));

  it('a rating and a comment, stored with flow, question, channel, language and time; the comment as written', async () => {
    await reachMenu(p, lang);
    expect(await converse(system, p, '2')).toEqual(['fb.ask']);
    expect(await converse(system, p, four)).toEqual(['fb.comment']);
    const before = now().getTime();
    expect(await converse(system, p, COMMENTS[lang])).toEqual(['fb.thanks']);
    const [row] = await feedbackOf(p);
    expect(row).toMatchObject({ flow_id: 'fb', question: 'overall', rating: 4, comment: COMMENTS[lang], choice: null, topic: null, channel, language: lang });
    // The runtime's clock, not the database's: stored at the (injected) time it was given.
    expect(Math.abs(new Date(row.created_at).getTime() - before)).toBeLessThan(10_000);
  });

  it('a multiple-choice question with a topic tag', async () => {
    expect(await converse(system, p, lang === 'es' ? 'ENCUESTA' : 'POLL')).toEqual(['fbc.ask']);
    expect(await converse(system, p, '1')).toEqual(['fbc.thanks']);
    const rows = await feedbackOf(p);
    expect(rows[1]).toMatchObject({ flow_id: 'fb_choice', question: 'wait_time', choice: 'too_long', rating: null, comment: null, topic: 'polling_place', channel, language: lang });
  });
});

describe('a follow-up feedback request through the queue', () => {
  const timers = () => system.runtime.queues.get(QUEUES.timers);

  it('arrives after the delay as a notification, and its answer is stored', async () => {
    const p = newPerson('web', 'en');
    expect(await converse(system, p, 'VISIT')).toEqual(['visit.info']);
    const ask = await eventually(async () => (await messagesOf(db(), p)).find((m) => m.key === 'fb.ask' && m.status !== 'pending'));
    expect(ask.kind).toBe('notification');
    expect(await converse(system, p, '5')).toEqual(['fb.comment']);
    expect(await converse(system, p, 'skip')).toEqual(['fb.thanks']);
    expect(await feedbackOf(p)).toEqual([expect.objectContaining({ flow_id: 'fb', rating: 5, comment: null, channel: 'web', language: 'en' })]);
  });

  it('is not sent to someone who opted out before it was due', async () => {
    const p = newPerson('web', 'en');
    await sendAs(system, p, 'VISIT');
    await sendAs(system, p, 'STOP');
    const contactId = (await findIdentity(db(), 'web', p.address))!.contact_id;
    // The start-flow job ran (and did nothing): the person had opted out.
    await eventually(async () => (await timers().getJobs(['completed'])).some((j) => j.name === JOB.startFlow && j.data.contactId === contactId));
    const rows = await settled(db(), p, 2);
    expect(rows.filter((m) => m.direction === 'out').map((m) => m.key)).toEqual(['visit.info', 'system.opted_out']);
    expect(await feedbackOf(p)).toEqual([]);
  });

  it('on SMS at night it waits for the morning (quiet hours), while a reply goes at once', async () => {
    const p = newPerson('sms');
    await reachMenu(p, 'en');
    // Finish the menu's conversation (a keyword starts a flow only when none is going on).
    expect(await converse(system, p, '2')).toEqual(['fb.ask']);
    expect(await converse(system, p, '3')).toEqual(['fb.comment']);
    expect(await converse(system, p, 'skip')).toEqual(['fb.thanks']);
    const sentBefore = twilioFake.messages.filter((m) => m.params.To === p.address).length;
    const lastId = BigInt((await messagesOf(db(), p)).at(-1)!.id);
    setClock('2030-06-05T03:30:00Z'); // 23:30 in New York
    expect(await converse(system, p, 'VISIT')).toEqual(['visit.info']); // a reply: sent now
    expect(twilioFake.messages.filter((m) => m.params.To === p.address).map((m) => String(m.params.Body))).toContainEqual(expect.stringContaining('polling place'));
    const ask = await eventually(async () => (await messagesOf(db(), p)).find((m) => m.key === 'fb.ask' && BigInt(m.id) > lastId));
    expect(ask).toMatchObject({ kind: 'notification', status: 'pending' });
    // Read the job after it is delayed: a copy fetched while it was still active has a stale delay.
    const queue = system.runtime.queues.get(outboundQueue('sms'));
    await eventually(async () => (await queue.getJobState(jobIds.send(ask.id))) === 'delayed');
    const job = (await queue.getJob(jobIds.send(ask.id)))!;
    // Deferred to 08:00 New York time (12:00 UTC) the next morning (BullMQ counts from its real clock).
    expect(Math.abs(Date.now() + job.delay - Date.parse('2030-06-05T12:00:00Z'))).toBeLessThan(5000);
    expect(twilioFake.messages.filter((m) => m.params.To === p.address)).toHaveLength(sentBefore + 1); // only visit.info
  });
});
