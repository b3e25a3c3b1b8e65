/**
 * Human handoff, round trip: a person texts AGENT by SMS (signed Twilio webhook, real twilio SDK
 * sending to the fake Twilio), the ticket appears in the organizers' Slack channel with the number
 * masked and the conversation so far, the person's next texts appear in its thread, a volunteer's
 * thread reply reaches the person by SMS, and Close gives the person back to the bot.
 */
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { slackAppFor } from '../../src/channels/slack/app-for';
import { startFakeSlack, type FakeSlack, type SlackCall } from '../helpers/fake-slack';
import { startFakeTwilio, type FakeTwilio } from '../helpers/fake-twilio';
import { eventually, startTestSystem, type TestSystem } from '../helpers/system';
import { blockAction, BOT_TOKEN, SIGNING_SECRET, slackFixtureDirs, SlackClient, TestClock } from '../channels/slack/slack-helpers';

const ACCOUNT_SID = `AC${'3'.repeat(32)}`;
const AUTH_TOKEN = 'handoff-twilio-token';
const PUBLIC_URL = 'https://engage.example.org';
const HANDOFF = 'C0HANDOFF';
const VOLUNTEER = 'U0HELPER1';
const PHONE = '+12125550123';

let sys: TestSystem;
let fakeSlack: FakeSlack;
let fakeTwilio: FakeTwilio;
let slack: SlackClient;
const clock = new TestClock('2030-06-04T16:00:00Z');
const dirs = slackFixtureDirs();
const db = () => sys.runtime.db.kysely;
const idle = () => slackAppFor(sys.runtime)!.idle();

beforeAll(async () => {
  fakeSlack = await startFakeSlack({ token: BOT_TOKEN });
  fakeTwilio = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  sys = await startTestSystem(
    'slack-handoff',
    {
      FLOWS_DIR: dirs.flowsDir,
      LOCALES_DIR: dirs.localesDir,
      SIMULATOR: 'false',
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
    },
    // PostgreSQL here (ids come back as strings), PGlite in test/shifts (ids as numbers).
    { now: clock.now, postgres: true },
  );
  slack = new SlackClient(sys.url!, clock.now);
});

afterAll(async () => {
  await sys?.close();
  await fakeSlack?.close();
  await fakeTwilio?.close();
});

/** An SMS from the person, posted and signed as Twilio does. */
async function textIn(body: string): Promise<void> {
  const sid = `SM${randomBytes(16).toString('hex')}`;
  const params = { MessageSid: sid, SmsSid: sid, AccountSid: ACCOUNT_SID, From: PHONE, To: '+15005550006', Body: body, NumMedia: '0' };
  const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/webhooks/twilio/sms`, params);
  const res = await fetch(`${sys.url}/webhooks/twilio/sms`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() });
  expect(res.status).toBe(200);
}

const smsBodies = () => fakeTwilio.messages.filter((m) => m.params.To === PHONE).map((m) => String(m.params.Body));
const posts = (pred: (c: SlackCall) => boolean = () => true) => fakeSlack.requests.filter((c) => c.method === 'chat.postMessage' && c.error === undefined && c.body.channel === HANDOFF && pred(c));
const handoffRow = () => db().selectFrom('handoffs').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();

/** Waits until nothing is left to do for the person (inbound processed, outbound sent). */
async function settled(): Promise<void> {
  await eventually(async () => {
    const busy = await db()
      .selectFrom('messages')
      .select('id')
      .where((eb) => eb.or([eb.and([eb('direction', '=', 'in'), eb('status', '=', 'received')]), eb.and([eb('direction', '=', 'out'), eb('status', '=', 'pending')])]))
      .execute();
    return busy.length === 0;
  });
}

it('SMS -> Slack thread -> SMS, then Close gives the person back to the bot', async () => {
  await textIn('hi');
  await fakeTwilio.waitFor(1); // the language menu
  await textIn('1');
  await fakeTwilio.waitFor(3); // welcome + menu, in English
  await textIn('AGENT');

  // The ticket: channel, masked number, language, the conversation so far, a Close button.
  const [ticket] = await eventually(async () => posts((c) => !c.body.thread_ts).length === 1 && posts((c) => !c.body.thread_ts));
  const blocks = ticket.body.blocks as any[];
  const shown = JSON.stringify(blocks);
  expect(shown).not.toContain('2125550123');
  expect(blocks[1].text.text).toMatch(/^\*Channel:\* sms · \*From:\* \+1\*\*\*\*\*\*0123 · \*Language:\* English \(en\)/);
  expect(blocks[2].text.text).toBe('*The conversation so far:*\n>Person: hi\n>Assistant: Pick a language\n>Elige un idioma\n>Person: 1\n>Assistant: Hi from Test Org\n>Assistant: Menu\n>Person: AGENT\n>Assistant: A person will reply');
  expect(blocks.at(-1).elements[0]).toMatchObject({ action_id: 'handoff_close', value: String((await handoffRow()).id) });
  const thread = { channel: HANDOFF, ts: await eventually(async () => (await db().selectFrom('slack_handoff_threads' as any).select('ts').executeTakeFirst())?.ts as string) };
  await settled();
  const smsAfterTicket = smsBodies().length;

  // While the ticket is open the bot is quiet; what the person writes appears in the thread.
  await textIn('I need a ride to the polls');
  const [relayed] = await eventually(async () => posts((c) => c.body.thread_ts === thread.ts).length === 1 && posts((c) => c.body.thread_ts === thread.ts));
  expect(relayed.body.text).toBe('👤 I need a ride to the polls');
  await settled();
  expect(smsBodies()).toHaveLength(smsAfterTicket);

  // A volunteer answers in the thread: the person gets it by SMS, as plain text.
  await slack.event({ type: 'message', channel: HANDOFF, channel_type: 'channel', user: VOLUNTEER, text: 'Hi! We can pick you up at 10 &amp; bring water: <https://rides.example.org|rides>', ts: slack.ts(), thread_ts: thread.ts });
  await fakeTwilio.waitFor(smsAfterTicket + 1);
  expect(smsBodies().at(-1)).toBe('Hi! We can pick you up at 10 & bring water: rides (https://rides.example.org)');
  // The bot's own posts in the thread (the relays) are not sent back.
  await slack.event({ type: 'message', channel: HANDOFF, channel_type: 'channel', user: 'U0000BOT1', bot_id: 'B0000BOT1', text: '👤 I need a ride to the polls', ts: slack.ts(), thread_ts: thread.ts });
  await idle();
  await settled();
  expect(smsBodies()).toHaveLength(smsAfterTicket + 1);

  // Close: the ticket says who closed it, the person hears the bot is back, and it answers again.
  const closeButton = blocks.at(-1).elements[0];
  await slack.interaction(blockAction(VOLUNTEER, { action_id: 'handoff_close', value: closeButton.value }, { kind: 'message', channel: HANDOFF, ts: thread.ts, blocks }));
  await idle();
  const row = await handoffRow();
  expect([row.status, row.closed_at?.toISOString()]).toEqual(['closed', expect.stringMatching(/^2030-06-04T16:/)]);
  const update = fakeSlack.requests.filter((c) => c.method === 'chat.update' && c.body.ts === thread.ts).at(-1)!;
  const closedBlocks = update.body.blocks as any[];
  expect(closedBlocks.some((b) => b.type === 'actions')).toBe(false);
  expect(closedBlocks.at(-1).elements[0].text).toBe(`✅ Closed by <@${VOLUNTEER}>. The assistant answers them again.`);
  await fakeTwilio.waitFor(smsAfterTicket + 2);
  expect(smsBodies().at(-1)).toMatch(/^Thanks for talking with us!/);

  await textIn('MENU');
  await fakeTwilio.waitFor(smsAfterTicket + 3);
  expect(smsBodies().at(-1)).toMatch(/^Menu\n1\) Register\n2\) Rate us$/);
  await settled();
  expect(posts((c) => c.body.thread_ts === thread.ts && String(c.body.text).startsWith('👤'))).toHaveLength(1);

  // A late reply in the closed thread is not sent; the volunteer is told so, privately.
  await slack.event({ type: 'message', channel: HANDOFF, channel_type: 'channel', user: VOLUNTEER, text: 'one more thing', ts: slack.ts(), thread_ts: thread.ts });
  await idle();
  await settled();
  expect(smsBodies()).toHaveLength(smsAfterTicket + 3);
  expect(fakeSlack.requests.filter((c) => c.method === 'chat.postEphemeral').at(-1)!.body).toMatchObject({ channel: HANDOFF, user: VOLUNTEER, text: 'This request is closed, so your reply was not sent.' });
});
