/**
 * The ticket desk: what the organizer console will call (list, transcript, reply, close), acting
 * through the same functions as the Slack view, so the views stay in step: a reply and a close
 * made outside Slack show in the ticket's Slack thread, and the person gets both. The person texts
 * by SMS (signed Twilio webhook, real twilio SDK to the fake Twilio): a simulator ticket never
 * reaches Slack (test/channels/web/simulator-exposure.test.ts).
 */
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { ticketDesk } from '../../src/handoff/desk';
import { startFakeSlack, type FakeSlack, type SlackCall } from '../helpers/fake-slack';
import { startFakeTwilio, type FakeTwilio } from '../helpers/fake-twilio';
import { eventually, startTestSystem, type TestSystem } from '../helpers/system';
import { BOT_TOKEN, SIGNING_SECRET, slackFixtureDirs } from '../channels/slack/slack-helpers';

const HANDOFF = 'C0HANDOFF';
const ACCOUNT_SID = `AC${'5'.repeat(32)}`;
const AUTH_TOKEN = 'desk-twilio-token';
const PUBLIC_URL = 'https://engage.example.org';
const PHONE = '+12125550177';
const ORGANIZER = { view: 'console', id: 'organizer-1', name: 'Ana' };

let sys: TestSystem;
let fakeSlack: FakeSlack;
let fakeTwilio: FakeTwilio;
const dirs = slackFixtureDirs();
const db = () => sys.runtime.db.kysely;

beforeAll(async () => {
  fakeSlack = await startFakeSlack({ token: BOT_TOKEN });
  fakeTwilio = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  sys = await startTestSystem('handoff-desk', {
    FLOWS_DIR: dirs.flowsDir,
    LOCALES_DIR: dirs.localesDir,
    PUBLIC_URL,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_FROM: '+15005550006',
    TWILIO_API_URL: fakeTwilio.url,
    TWILIO_MPS: '100',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fakeSlack.apiUrl,
    SLACK_HANDOFF_CHANNEL: HANDOFF,
  }, { postgres: true });
});

afterAll(async () => {
  await sys?.close();
  await fakeSlack?.close();
  await fakeTwilio?.close();
});

/** The person texts, posted and signed as Twilio does. */
async function say(text: string): Promise<void> {
  const sid = `SM${randomBytes(16).toString('hex')}`;
  const params = { MessageSid: sid, SmsSid: sid, AccountSid: ACCOUNT_SID, From: PHONE, To: '+15005550006', Body: text, NumMedia: '0' };
  const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/webhooks/twilio/sms`, params);
  const res = await fetch(`${sys.url}/webhooks/twilio/sms`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() });
  expect(res.status).toBe(200);
}

/** What the person has been sent (by the fake Twilio), in order. */
async function received(): Promise<string[]> {
  return fakeTwilio.messages.filter((m) => m.params.To === PHONE).map((m) => String(m.params.Body));
}

const threadPosts = (ts: string) => fakeSlack.requests.filter((c: SlackCall) => c.method === 'chat.postMessage' && c.error === undefined && c.body.channel === HANDOFF && c.body.thread_ts === ts);

it('lists the ticket with its conversation; a reply and a close from the console reach the person and the Slack thread', async () => {
  await say('hi');
  await eventually(async () => (await received()).length >= 1);
  await say('1');
  await eventually(async () => (await received()).length >= 3);
  await say('AGENT');

  const desk = ticketDesk(sys.runtime);
  expect(desk.views.map((v) => v.name)).toEqual(['slack', 'console']);
  const [listed] = await eventually(async () => {
    const open = await desk.list();
    return open.length === 1 && open;
  });
  expect(listed).toMatchObject({ status: 'open', channel: 'sms', address: PHONE, language: 'en' });
  const ticket = (await desk.ticket(String(listed.id)))!;
  expect((await desk.transcript(ticket)).filter((l) => l.direction === 'in').map((l) => l.text)).toEqual(['hi', '1', 'AGENT']);
  const ts = await eventually(async () => (await db().selectFrom('slack_handoff_threads').select('ts').where('handoff_id', '=', ticket.id).executeTakeFirst())?.ts);

  expect(await desk.reply(ticket.id, 'We can drive you to the polls at 10.', ORGANIZER)).toBe('sent');
  await eventually(async () => (await received()).includes('We can drive you to the polls at 10.'));
  expect(threadPosts(ts).map((c) => c.body.text)).toContain('💬 Ana: We can drive you to the polls at 10.');

  expect(await desk.close(ticket.id, ORGANIZER)).toBe(true);
  const update = await eventually(async () => fakeSlack.requests.filter((c) => c.method === 'chat.update' && c.body.ts === ts).at(-1));
  expect((update.body.blocks as any[]).at(-1).elements[0].text).toBe('✅ Closed by Ana. The assistant answers them again.');
  expect(threadPosts(ts).map((c) => c.body.text)).toContain('✅ Closed by Ana. The assistant answers them again.');
  await eventually(async () => (await received()).some((t) => t.startsWith('Thanks for talking with us!')));

  expect(await desk.close(ticket.id, ORGANIZER)).toBe(false);
  expect(await desk.reply(ticket.id, 'one more thing', ORGANIZER)).toBe('closed');
  expect(await desk.list()).toEqual([]);
});
