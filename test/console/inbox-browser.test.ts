/**
 * The inbox in a real headless Chromium, used as volunteers use it, against the whole system
 * (workers included), the fake Twilio and the fake Slack:
 *  - a person texts AGENT on the fake Twilio: the conversation appears in the open inbox without a
 *    reload; an agent sees a masked number, claims it, inserts a canned reply, sees the SMS segment
 *    count as they type, replies (the reply reaches the fake Twilio and the Slack thread), sees the
 *    person's next message arrive, closes, and the bot answers the person's next message;
 *  - a Slack volunteer's thread reply shows in the console, and Close in Slack closes it there;
 *  - an opted-out person's conversation is read-only with the reason, and their Arabic words carry
 *    their language and direction;
 *  - every page passes axe-core (no serious or critical violation) at 1280 and 390 px wide.
 * CONSOLE_SCREENSHOTS=<dir> saves the inbox pages' screenshots (docs/console).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import twilio from 'twilio';
import { consoleDb } from '../../src/console/store/tables';
import { startFakeSlack, type FakeSlack, type SlackCall } from '../helpers/fake-slack';
import { startFakeTwilio, type FakeTwilio } from '../helpers/fake-twilio';
import { eventually, startTestSystem, type TestSystem } from '../helpers/system';
import { blockAction, BOT_TOKEN, SIGNING_SECRET, SlackClient } from '../channels/slack/slack-helpers';
import { addAccount, PASSWORD } from './helpers';
import { checkBothWidths, closeTab as close, DESKTOP, h1, newTab, signInAs, type Tab } from './browser';
import { HANG_GUARD_MS } from '../helpers/guard';


const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** How long the browser waits for anything: a guard against a hang, never a margin (a busy machine is slower). */
const WAIT_MS = HANG_GUARD_MS;
const ACCOUNT_SID = `AC${'4'.repeat(32)}`;
const AUTH_TOKEN = 'inbox-twilio-token';
// http: over https the console's cookies are Secure, and the test browser talks plain http.
const PUBLIC_URL = 'http://engage.example.org';
const HANDOFF = 'C0HANDOFF';
const VOLUNTEER = 'U0HELPER1';

let system: TestSystem;
let browser: Browser;
let fakeTwilio: FakeTwilio;
let fakeSlack: FakeSlack;
let slack: SlackClient;
const db = () => system.runtime.db.kysely;

async function openTab(viewport = DESKTOP, opts: { javaScriptEnabled?: boolean } = {}): Promise<Tab> {
  return newTab(browser, { viewport, locale: 'en-US', javaScriptEnabled: opts.javaScriptEnabled ?? true }, WAIT_MS);
}

async function signIn(page: Page, email: string): Promise<void> {
  await signInAs(page, `${system.url}/console/sign-in`, email, PASSWORD);
}


/** An SMS from `phone`, posted and signed as Twilio does. */
async function textIn(phone: string, body: string): Promise<void> {
  const sid = `SM${randomBytes(16).toString('hex')}`;
  const params = { MessageSid: sid, SmsSid: sid, AccountSid: ACCOUNT_SID, From: phone, To: '+15005550006', Body: body, NumMedia: '0' };
  const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/webhooks/twilio/sms`, params);
  const res = await fetch(`${system.url}/webhooks/twilio/sms`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() });
  expect(res.status).toBe(200);
}

/** What `phone` has been sent by SMS, in order. */
const smsTo = (phone: string) => fakeTwilio.messages.filter((m) => m.params.To === phone).map((m) => String(m.params.Body));

/** Waits until `phone` has received at least `n` texts; returns them. */
async function received(phone: string, n: number): Promise<string[]> {
  return eventually(async () => smsTo(phone).length >= n && smsTo(phone), 20_000);
}

/** The person picks a language from the first menu, asks for a person and says why (the flow asks): the ticket opens. */
async function askForAPerson(phone: string, languageChoice: string, agentWord: string, why: string): Promise<string> {
  await textIn(phone, 'hi');
  await received(phone, 1);
  await textIn(phone, languageChoice);
  await received(phone, 3); // welcome + menu
  await textIn(phone, agentWord);
  await received(phone, 4); // "in a few words, what do you need help with?"
  await textIn(phone, why);
  const row = await eventually(async () => db().selectFrom('handoffs as h').innerJoin('identities as i', 'i.id', 'h.identity_id').select('h.id').where('i.address', '=', phone).where('h.status', '=', 'open').executeTakeFirst(), 20_000);
  return String(row.id);
}

async function auditActions(): Promise<string[]> {
  const rows = await consoleDb(db()).selectFrom('console_audit_log').select('action').orderBy('id').execute();
  return rows.map((r) => r.action);
}

const threadPosts = (pred: (c: SlackCall) => boolean) => fakeSlack.requests.filter((c) => c.method === 'chat.postMessage' && c.error === undefined && c.body.channel === HANDOFF && pred(c));

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
  fakeSlack = await startFakeSlack({ token: BOT_TOKEN });
  fakeTwilio = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  system = await startTestSystem(
    'console-inbox',
    {
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
    { postgres: true },
  );
  slack = new SlackClient(system.url!, () => new Date());
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: HANG_GUARD_MS,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await addAccount(system, 'agatha@example.org', 'agent', 'Agatha Agent');
  await addAccount(system, 'olu@example.org', 'organizer', 'Olu Organizer');
});

afterAll(async () => {
  await browser?.close();
  await system?.close();
  await fakeSlack?.close();
  await fakeTwilio?.close();
});

describe('the inbox in Chromium', () => {
  it('takes a person who typed AGENT from the inbox to a reply by SMS and back to the bot', async () => {
    const phone = '+12125550123';
    const page = await openTab();
    await signIn(page, 'agatha@example.org');
    expect(await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link').allTextContents()).toEqual(['Home', 'Inbox']);
    await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Inbox' }).click();
    expect(await h1(page)).toBe('Inbox');
    await page.getByText('Nobody is waiting.').waitFor();
    await checkBothWidths(page, 'inbox-empty');

    // The person asks for a human; the open inbox shows them without a reload.
    const id = await askForAPerson(phone, '1', 'AGENT', 'I need a ride to the polls');
    const row = page.getByRole('row', { name: /Someone/ });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells.slice(0, 3)).toEqual(['SMS', 'English (en)', expect.stringMatching(/min/)]);
    expect(await row.getByRole('rowheader').textContent()).toContain('+1******0123');
    expect(await page.locator('main').textContent()).not.toContain('2125550123');
    await checkBothWidths(page, 'inbox');

    // The conversation: the person's words and the bot's, in order, with delivery status.
    await row.getByRole('link', { name: 'Someone' }).click();
    await page.waitForURL(`${system.url}/console/inbox/${id}`);
    expect(await h1(page)).toBe('Conversation with Someone');
    const transcript = page.locator('#transcript');
    const authors = await transcript.locator('.message-author').allTextContents();
    expect(authors.slice(-2)).toEqual(['Someone', 'Assistant']);
    expect(await transcript.locator('.message-person .message-text').allTextContents()).toEqual(['hi', '1', 'AGENT', 'I need a ride to the polls']);
    // Each of our messages shows its delivery status (the fake Twilio answers "queued").
    expect(await transcript.locator('.message-bot').last().locator('.delivery').textContent()).toMatch(/^(Queued|Sent|Delivered|Waiting to be sent)$/);

    await page.getByRole('button', { name: 'Claim: I will answer' }).click();
    expect(await page.getByRole('status').first().textContent()).toBe('You are answering this person now.');
    expect(await page.getByText('You are answering this person.').count()).toBe(1);

    // A canned reply, in the person's language, inserted at once; the SMS cost follows the typing.
    await page.getByLabel('Canned reply').selectOption({ label: 'The official election site' });
    await page.getByRole('button', { name: 'Insert' }).click();
    expect(await page.getByLabel('Your reply').inputValue()).toBe('Here is the official site with the election information for your state: https://vote.gov');
    expect(new URL(page.url()).search).toBe('?claimed=1');
    await page.getByLabel('Your reply').fill('We can drive you to the polls at 10. Reply here with your address €');
    // € is in GSM-7's extension table: it counts 2.
    expect(await page.locator('#reply-segments').textContent()).toBe('SMS parts: 1 · encoding: GSM-7 · characters: 68');
    await page.getByLabel('Your reply').fill('x'.repeat(161));
    expect(await page.locator('#reply-segments').textContent()).toBe('SMS parts: 2 · encoding: GSM-7 · characters: 161');
    await page.getByLabel('Your reply').fill('We can drive you to the polls at 10. ¿Dónde?');
    // ó is not in GSM-7: the whole message goes as UCS-2.
    expect(await page.locator('#reply-segments').textContent()).toBe('SMS parts: 1 · encoding: UCS-2 · characters: 44');
    await page.getByLabel('Your reply').fill('We can drive you to the polls at 10.');
    await checkBothWidths(page, 'conversation');
    const before = smsTo(phone).length;
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.waitForURL(/\?sent=1$/);
    expect(await page.getByRole('status').first().textContent()).toBe('Your reply is on its way. Its delivery status shows in the messages.');
    expect((await received(phone, before + 1)).at(-1)).toBe('We can drive you to the polls at 10.');
    await transcript.locator('.message-volunteer', { hasText: 'We can drive you to the polls at 10.' }).waitFor();
    // Slack is another view of the same ticket: the reply is in its thread too.
    await eventually(async () => threadPosts((c) => c.body.text === '💬 Agatha Agent: We can drive you to the polls at 10.').length === 1);

    // The person answers: it appears without a reload.
    await textIn(phone, 'Great, 12 Main St');
    await transcript.locator('.message-person', { hasText: 'Great, 12 Main St' }).waitFor();
    await checkBothWidths(page, 'conversation-live');

    // Close: the person hears the bot is back, and the bot answers their next message.
    const beforeClose = smsTo(phone).length;
    await page.getByRole('button', { name: 'Close conversation' }).click();
    await page.waitForURL(`${system.url}/console/inbox?closed=${id}`);
    expect(await page.getByRole('status').first().textContent()).toBe('The conversation is closed. The assistant answers them again.');
    expect((await received(phone, beforeClose + 1)).at(-1)).toMatch(/^Thanks for talking with us!/);
    await textIn(phone, 'MENU');
    expect((await received(phone, beforeClose + 2)).at(-1)).toMatch(/Check my registration/);
    await page.getByRole('link', { name: 'Closed conversations' }).click();
    expect(await h1(page)).toBe('Closed conversations');
    await page.getByRole('row', { name: /Someone/ }).waitFor();

    const actions = await auditActions();
    expect(actions).toEqual(expect.arrayContaining(['handoff_claimed', 'handoff_replied', 'handoff_closed']));
    const replied = await consoleDb(db()).selectFrom('console_audit_log').selectAll().where('action', '=', 'handoff_replied').executeTakeFirstOrThrow();
    expect(replied.target_label).toBe(`#${id} sms +1******0123`);
    expect(JSON.stringify(replied.detail)).not.toContain('polls');
    await close(page);
  });

  it('shows a Slack volunteer’s reply and a close in Slack; the organizer sees the whole number', async () => {
    const phone = '+12125550188';
    const id = await askForAPerson(phone, '1', 'AGENT', 'A question about my ballot');
    const ts = await eventually(async () => (await db().selectFrom('slack_handoff_threads').select('ts').where('handoff_id', '=', id).executeTakeFirst())?.ts, 20_000);

    const page = await openTab();
    await signIn(page, 'olu@example.org');
    await page.goto(`${system.url}/console/inbox/${id}`);
    expect(await page.locator('.details').textContent()).toContain(phone);

    const before = smsTo(phone).length;
    await slack.event({ type: 'message', channel: HANDOFF, channel_type: 'channel', user: VOLUNTEER, text: 'Hi from Slack, how can I help?', ts: slack.ts(), thread_ts: ts });
    expect((await received(phone, before + 1)).at(-1)).toBe('Hi from Slack, how can I help?');
    await page.locator('#transcript .message-volunteer', { hasText: 'Hi from Slack, how can I help?' }).waitFor();

    // Closed in Slack: the open page reloads itself to show the conversation closed.
    await slack.interaction(blockAction(VOLUNTEER, { action_id: 'handoff_close', value: id }, { kind: 'message', channel: HANDOFF, ts, blocks: [] }));
    await page.getByText('This conversation is closed. The assistant answers this person again.').waitFor();
    expect(await page.getByRole('button', { name: 'Send reply' }).count()).toBe(0);
    await close(page);
  });

  it('keeps an opted-out person’s conversation read-only, with the reason; their Arabic words keep their direction', async () => {
    const phone = '+12125550199';
    const id = await askForAPerson(phone, '7', 'متطوع', 'أحتاج مساعدة في التسجيل');
    // Written while the ticket is open: relayed to the volunteers (Slack's thread and the console's view).
    await textIn(phone, 'هل يمكنكم مساعدتي؟');
    await eventually(async () => (await db().selectFrom('messages').select('id').where('body', '=', 'هل يمكنكم مساعدتي؟').where('status', '=', 'relayed').executeTakeFirst()) !== undefined, 20_000);

    const page = await openTab();
    await signIn(page, 'agatha@example.org');
    await page.goto(`${system.url}/console/inbox/${id}`);
    const arabic = page.locator('#transcript .message-person .message-text', { hasText: 'أحتاج مساعدة في التسجيل' });
    expect([await arabic.getAttribute('lang'), await arabic.getAttribute('dir')]).toEqual(['ar', 'auto']);
    expect(await arabic.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    // The same person's Latin letters ("hi") stay left to right: dir="auto" looks at each message.
    expect(await page.locator('#transcript .message-person .message-text', { hasText: /^hi$/ }).evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
    const lastBot = page.locator('#transcript .message-bot .message-text').last();
    expect([await lastBot.getAttribute('lang'), await lastBot.getAttribute('dir')]).toEqual(['ar', 'rtl']);
    // The first menu, in every language and sent before they chose Arabic, starts in English: left to right.
    expect(await page.locator('#transcript .message-bot .message-text').first().evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
    // The canned replies are in Arabic.
    expect(await page.locator('#canned option').first().getAttribute('data-text')).toMatch(/^شكرًا على انتظارك/);

    await textIn(phone, 'STOP');
    await eventually(async () => (await db().selectFrom('identities').select('opted_out').where('address', '=', phone).executeTakeFirst())?.opted_out, 20_000);
    await page.reload();
    expect(await page.getByRole('heading', { name: 'Read-only: this person opted out' }).count()).toBe(1);
    expect(await page.getByRole('note').textContent()).toContain('by sending “STOP”');
    expect(await page.getByLabel('Your reply').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Claim: I will answer' }).count()).toBe(0);
    await checkBothWidths(page, 'conversation-opted-out');
    await close(page);
  });

  it('inserts a canned reply without script, and refuses a reply without its CSRF token', async () => {
    const phone = '+12125550177';
    const id = await askForAPerson(phone, '2', 'AGENTE', 'Necesito ayuda');
    const page = await openTab(DESKTOP, { javaScriptEnabled: false });
    await signIn(page, 'agatha@example.org');
    await page.goto(`${system.url}/console/inbox/${id}`);
    await page.getByLabel('Canned reply').selectOption({ label: 'Thank you' });
    await page.getByRole('button', { name: 'Insert' }).click();
    await page.waitForURL(/canned=thank_you/);
    expect(await page.getByLabel('Your reply').inputValue()).toMatch(/^¡Gracias por escribir a Test Org!/);

    await page.locator('form[action$="/reply"] input[name="_csrf"]').evaluate((input) => input.remove());
    const before = smsTo(phone).length;
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Send reply' }).click()]);
    expect(response.status()).toBe(403);
    expect(await h1(page)).toBe('This form has expired');
    expect(smsTo(phone)).toHaveLength(before);
    await close(page);
  });
});
