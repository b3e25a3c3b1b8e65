/**
 * The SMS channel through the whole system (HTTP, PGlite, Redis queues, workers, engine, shipped
 * flows and locales) with the real twilio SDK sending to the fake Twilio on 127.0.0.1. Cases are
 * tables in courier's style: what Twilio posts or answers, what must be stored and sent.
 *
 * Everything runs on one system (one boot); each case uses its own phone number, and waits with
 * `settled`/`eventually` (polling), never fixed sleeps.
 */
import { randomBytes } from 'node:crypto';
import type { Job } from 'bullmq';
import twilio from 'twilio';
import type { OutboundMessage } from '../../../src/engine/types';
import { jobIds, outboundQueue } from '../../../src/queue/jobs';
import { enqueueSend, queueMessage } from '../../../src/runtime/outbound';
import { findIdentity } from '../../../src/store/contacts';
import { insertOutbound } from '../../../src/store/messages';
import type { Identity, Message } from '../../../src/store/schema';
import { startFakeTwilio, type AcceptedMessage, type FakeTwilio } from '../../helpers/fake-twilio';
import { walkEveryFlowInEveryLanguage } from '../../helpers/flow-walk';
import { eventually, startTestSystem, type TestSystem } from '../../helpers/system';

// ---- harness ------------------------------------------------------------------------------

const ACCOUNT_SID = `AC${'5'.repeat(32)}`;
const AUTH_TOKEN = 'sms-system-test-auth-token';
const OUR_NUMBER = '+15005550006';
/** What Twilio calls. The server listens on 127.0.0.1:<port> "behind" it, as behind a proxy. */
const PUBLIC_URL = 'https://engage.example.org';
const INBOUND = '/webhooks/twilio/sms';
const STATUS = '/webhooks/twilio/status';
/** A June weekday, noon in New York. */
const NOON_NEW_YORK = '2030-06-04T16:00:00Z';

/**
 * A clock running at real speed from a chosen instant. The tests live in 2030, so a quiet-hours
 * deferral lies in BullMQ's real future, where a delayed job waits until the test promotes it.
 */
class TestClock {
  private base = Date.parse(NOON_NEW_YORK);
  private realStart = Date.now();
  now = (): Date => new Date(this.base + (Date.now() - this.realStart));
  set(iso: string): void {
    this.base = Date.parse(iso);
    this.realStart = Date.now();
  }
}

let system: TestSystem;
let fake: FakeTwilio;
const clock = new TestClock();

const db = () => system.runtime.db.kysely;
const newSid = () => `SM${randomBytes(16).toString('hex')}`;
let phones = 0;
/** A fresh, valid New York (212) number for each case. */
const newPhone = () => `+1212555${String(1000 + ++phones)}`;

type SignMode = 'valid' | 'forged' | 'missing' | 'internal-url' | 'stale-body';

/** Posts a webhook the way Twilio does: form-encoded, signed over PUBLIC_URL + path + query and every parameter. */
async function post(path: string, params: Record<string, string>, opts: { sign?: SignMode; query?: string; rawBody?: string; contentType?: string } = {}): Promise<Response> {
  const url = `${path}${opts.query ?? ''}`;
  const sign = opts.sign ?? 'valid';
  const signed = opts.rawBody === undefined ? params : {};
  const signature = (token: string, base: string, p: Record<string, string>) => twilio.getExpectedTwilioSignature(token, `${base}${url}`, p);
  const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/x-www-form-urlencoded' };
  if (sign === 'valid') headers['x-twilio-signature'] = signature(AUTH_TOKEN, PUBLIC_URL, signed);
  if (sign === 'forged') headers['x-twilio-signature'] = signature('not-the-auth-token', PUBLIC_URL, signed);
  // The right token, but the URL the server sees rather than the one Twilio was configured with.
  if (sign === 'internal-url') headers['x-twilio-signature'] = signature(AUTH_TOKEN, system.url!, signed);
  // Signed, then the Body changed on the way.
  if (sign === 'stale-body') headers['x-twilio-signature'] = signature(AUTH_TOKEN, PUBLIC_URL, { ...signed, Body: 'something else' });
  return fetch(`${system.url}${url}`, { method: 'POST', headers, body: opts.rawBody ?? new URLSearchParams(params).toString() });
}

/** An incoming SMS as Twilio posts it (its parameter set, trimmed of location fields). */
function inbound(from: string, body: string, extra: Record<string, string> = {}): Record<string, string> {
  const sid = newSid();
  return {
    ToCountry: 'US',
    SmsMessageSid: sid,
    NumMedia: '0',
    SmsSid: sid,
    SmsStatus: 'received',
    Body: body,
    FromCountry: 'US',
    To: OUR_NUMBER,
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: ACCOUNT_SID,
    From: from,
    ApiVersion: '2010-04-01',
    ...extra,
  };
}

/** Texts in; expects Twilio's answer to be the empty TwiML. Returns the MessageSid. */
async function textIn(from: string, body: string, extra: Record<string, string> = {}): Promise<string> {
  const params = inbound(from, body, extra);
  const res = await post(INBOUND, params);
  expect(res.status).toBe(200);
  return params.MessageSid;
}

async function identity(phone: string): Promise<Identity | undefined> {
  return findIdentity(db(), 'sms', phone);
}

async function messagesOf(phone: string): Promise<Message[]> {
  const who = await identity(phone);
  if (!who) return [];
  return db().selectFrom('messages').selectAll().where('identity_id', '=', who.id).orderBy('id').execute();
}

async function countMessages(): Promise<number> {
  const row = await db().selectFrom('messages').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Waits until all a number sent is processed and all queued for it has left the queue; its messages. */
async function settled(phone: string, timeoutMs = 15_000): Promise<Message[]> {
  return eventually(async () => {
    const rows = await messagesOf(phone);
    const busy = rows.some((m) => (m.direction === 'in' ? m.status === 'received' : m.status === 'pending'));
    return rows.length > 0 && !busy && rows;
  }, timeoutMs);
}

/** Texts in and waits until the system is done with it; the outbound messages it caused. */
async function converse(phone: string, body: string): Promise<Message[]> {
  const before = (await messagesOf(phone)).length;
  await textIn(phone, body);
  await eventually(async () => (await messagesOf(phone)).length > before);
  return (await settled(phone)).slice(before).filter((m) => m.direction === 'out');
}

const smsTo = (phone: string): AcceptedMessage[] => fake.messages.filter((m) => m.params.To === phone);
const attemptsTo = (phone: string): number => fake.requests.filter((r) => r.params.To === phone).length;
const keys = (rows: Message[]) => rows.filter((m) => m.direction === 'out').map((m) => m.key);

async function consentOf(phone: string) {
  const who = (await identity(phone))!;
  return db().selectFrom('consent_events').selectAll().where('identity_id', '=', who.id).orderBy('id').execute();
}

function sendJob(messageId: string): Promise<Job | undefined> {
  return system.runtime.queues.get(outboundQueue('sms')).getJob(jobIds.send(messageId));
}

beforeAll(async () => {
  fake = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  system = await startTestSystem(
    'sms',
    {
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: OUR_NUMBER,
      TWILIO_API_URL: fake.url,
      // Pacing is unit-tested (smsLimiter); here it must not slow the conversations down.
      TWILIO_MPS: '100',
      PUBLIC_URL,
      DEFAULT_TIMEZONE: 'America/New_York',
      SIMULATOR: 'false',
    },
    // PostgreSQL: PGlite's dynamic WASM import needs --experimental-vm-modules under jest.
    { now: clock.now, postgres: true },
  );
});

afterAll(async () => {
  await system?.close();
  await fake?.close();
});

afterEach(() => clock.set(NOON_NEW_YORK));

// ---- incoming messages ------------------------------------------------------------------------

describe('POST /webhooks/twilio/sms: only what Twilio signed is stored', () => {
  it.each<[string, number, { sign: SignMode; query?: string }]>([
    ['signed for the public URL', 200, { sign: 'valid' }],
    ['signed for the public URL with its query string', 200, { sign: 'valid', query: '?campaign=fall&v=2' }],
    ['signed with another auth token (forged)', 403, { sign: 'forged' }],
    ['no X-Twilio-Signature', 403, { sign: 'missing' }],
    ['signed for the internal URL, not the public one', 403, { sign: 'internal-url' }],
    ['Body changed after signing', 403, { sign: 'stale-body' }],
  ])('%s → %p', async (_name, status, opts) => {
    const phone = newPhone();
    const params = inbound(phone, 'HELP');
    const rowsBefore = await countMessages();
    const started = Date.now();
    const res = await post(INBOUND, params, opts);
    expect(res.status).toBe(status);
    if (status === 200) {
      expect(Date.now() - started).toBeLessThan(2000); // answered once stored, not after processing
      expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
      expect(await res.text()).toContain('<Response/>');
      const rows = await settled(phone);
      expect(rows.filter((m) => m.direction === 'in').map((m) => [m.provider_id, m.body])).toEqual([[params.MessageSid, 'HELP']]);
      expect(keys(rows)).toEqual(['system.help']);
    } else {
      expect(await countMessages()).toBe(rowsBefore);
      expect(await identity(phone)).toBeUndefined();
    }
  });

  it.each<[string, number, Record<string, string | undefined>, { rawBody?: string; contentType?: string; sign?: SignMode }]>([
    ['no From', 400, { From: undefined }, {}],
    ['no MessageSid (nor SmsSid)', 400, { MessageSid: undefined, SmsSid: undefined, SmsMessageSid: undefined }, {}],
    ['From is not a phone number', 400, { From: 'someone' }, {}],
    ['a JSON body (signed over no parameters)', 400, {}, { rawBody: '{"From":"+12125550100"}', contentType: 'application/json' }],
    ['a JSON body, unsigned', 403, {}, { rawBody: '{"From":"+12125550100"}', contentType: 'application/json', sign: 'missing' }],
    ['an empty body', 400, {}, { rawBody: '' }],
  ])('malformed: %s → %p, nothing stored, no crash', async (_name, status, change, opts) => {
    const params = Object.fromEntries(Object.entries({ ...inbound(newPhone(), 'hi'), ...change }).filter(([, v]) => v !== undefined)) as Record<string, string>;
    const rowsBefore = await countMessages();
    const res = await post(INBOUND, params, opts);
    expect(res.status).toBe(status);
    expect(await countMessages()).toBe(rowsBefore);
  });

  // Regression (issue 14): a WhatsApp message reaching this webhook (a Messaging Service posts
  // every channel to one URL) was stored as an SMS and answered by SMS. WhatsApp is off here.
  it('a whatsapp: sender while WhatsApp is off: acknowledged, nothing stored, nothing sent', async () => {
    const phone = newPhone();
    const rowsBefore = await countMessages();
    const res = await post(INBOUND, inbound(`whatsapp:${phone}`, 'HELP', { To: `whatsapp:${OUR_NUMBER}` }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<Response/>');
    expect(await countMessages()).toBe(rowsBefore);
    expect(await identity(phone)).toBeUndefined();
    expect(attemptsTo(phone) + fake.requests.filter((r) => r.params.To === `whatsapp:${phone}`).length).toBe(0);
  });

  it('a national-format From is stored as E.164', async () => {
    const phone = newPhone();
    const national = `(${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`;
    await textIn(national, 'HELP');
    const rows = await settled(phone);
    expect(keys(rows)).toEqual(['system.help']);
    expect(smsTo(phone)).toHaveLength(1);
  });
});

describe('the same MessageSid twice is processed once', () => {
  it.each([
    ['one after the other (a Twilio retry)', false],
    ['both at once', true],
  ])('%s: one stored message, one reply', async (_name, together) => {
    const phone = newPhone();
    const params = inbound(phone, 'HELP');
    const answers = together ? await Promise.all([post(INBOUND, params), post(INBOUND, params)]) : [await post(INBOUND, params), await post(INBOUND, params)];
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const rows = await settled(phone);
    expect(rows.filter((m) => m.direction === 'in')).toHaveLength(1);
    expect(keys(rows)).toEqual(['system.help']);
    expect(smsTo(phone)).toHaveLength(1);
  });
});

// ---- consent ------------------------------------------------------------------------------------

describe('opting out by SMS, in English and Spanish', () => {
  it.each([['STOP'], ['stop.'], ['  Stop!'], ['PARAR'], ['ALTO'], ['CANCELAR']])('%p opts out with exactly one confirmation', async (word) => {
    const phone = newPhone();
    await converse(phone, 'Hello');
    const sentBefore = smsTo(phone).length;

    const confirmation = await converse(phone, word);
    expect(keys(confirmation)).toEqual(['system.opted_out']);
    expect(smsTo(phone)).toHaveLength(sentBefore + 1);
    expect((await identity(phone))!.opted_out).toBe(true);
    expect((await consentOf(phone)).map((c) => [c.action, c.source])).toEqual([['opt_out', 'keyword']]);

    // Saying it again, or anything else, gets no answer at all.
    expect(await converse(phone, word)).toEqual([]);
    expect(await converse(phone, 'hello?')).toEqual([]);
    expect(smsTo(phone)).toHaveLength(sentBefore + 1);
  });

  it.each([['stop by tomorrow?'], ["Don't stop"], ['please stop the bus at 5th']])('%p is not an opt-out', async (text) => {
    const phone = newPhone();
    await converse(phone, 'Hello');
    const replies = await converse(phone, text);
    expect(keys(replies)).not.toContain('system.opted_out');
    expect(replies.length).toBeGreaterThan(0);
    expect((await identity(phone))!.opted_out).toBe(false);
    expect(await consentOf(phone)).toEqual([]);
  });

  it('START opts back in (one confirmation), and the ledger keeps both', async () => {
    const phone = newPhone();
    await converse(phone, 'Hello');
    expect(keys(await converse(phone, 'STOP'))).toEqual(['system.opted_out']);
    expect(keys(await converse(phone, 'START'))).toEqual(['system.opted_in']);
    expect((await identity(phone))!.opted_out).toBe(false);
    expect((await consentOf(phone)).map((c) => [c.action, c.word, c.source])).toEqual([
      ['opt_out', 'STOP', 'keyword'],
      ['opt_in', 'START', 'keyword'],
    ]);
    expect((await converse(phone, 'HELP')).length).toBe(1); // talking again
  });

  // Regression (issue 13): HELP after STOP got no answer at all.
  it('HELP after an opt-out in their own words: the help text reaches the person, nothing else is sent', async () => {
    const phone = newPhone();
    await converse(phone, 'Hello');
    expect(keys(await converse(phone, 'please stop texting me'))).toEqual(['system.opted_out']);
    const sentBefore = smsTo(phone).length;

    const help = await converse(phone, 'HELP');
    expect(help.map((m) => [m.key, m.kind, m.status])).toEqual([['system.help_opted_out', 'consent', 'queued']]);
    const text = system.runtime.translator.t('en', 'system.help_opted_out', { org_name: 'Test Org', org_contact: 'help@example.org' });
    expect(smsTo(phone).slice(sentBefore).map((m) => m.params.Body)).toEqual([text]);

    expect(await converse(phone, 'hello?')).toEqual([]);
    expect(smsTo(phone)).toHaveLength(sentBefore + 1);
    expect((await identity(phone))!.opted_out).toBe(true);
    expect((await consentOf(phone)).map((c) => [c.action, c.word, c.source])).toEqual([['opt_out', 'STOP TEXT*', 'keyword']]);
  });

  it("Twilio's Advanced Opt-Out verdict (OptOutType) counts even for a word our lists lack", async () => {
    const phone = newPhone();
    await converse(phone, 'Hello');
    const sentBefore = smsTo(phone).length;
    await textIn(phone, 'STOPPEN', { OptOutType: 'STOP' });
    const rows = await settled(phone);
    expect((await identity(phone))!.opted_out).toBe(true);
    expect((await consentOf(phone)).map((c) => c.action)).toEqual(['opt_out']);
    expect(keys(rows).slice(-1)).toEqual(['system.opted_out']);
    expect(smsTo(phone)).toHaveLength(sentBefore + 1);
  });

  it('a notification queued before STOP is suppressed when its turn comes', async () => {
    const phone = newPhone();
    await converse(phone, 'Hello');
    const who = (await identity(phone))!;
    // Queued now, due in a minute (a reminder); the person opts out meanwhile.
    const reminder = await insertOutbound(db(), { contactId: who.contact_id, identityId: who.id, channel: 'sms', kind: 'notification', body: 'Reminder: vote Tuesday', key: 'test.reminder', payload: { text: 'Reminder: vote Tuesday', key: 'test.reminder' } });
    await enqueueSend(system.runtime, 'sms', reminder, 60_000);
    await textIn(phone, 'STOP');
    // (not `converse`: the reminder keeps the number from settling until it is promoted)
    await eventually(async () => (await messagesOf(phone)).some((m) => m.key === 'system.opted_out' && m.status === 'queued'));
    expect((await identity(phone))!.opted_out).toBe(true);
    await (await sendJob(reminder))!.promote();
    const row = await eventually(async () => {
      const m = (await messagesOf(phone)).find((x) => x.id === reminder)!;
      return m.status !== 'pending' && m;
    });
    expect(row).toMatchObject({ status: 'suppressed', error_code: 'opted_out' });
    expect(smsTo(phone).map((m) => m.params.Body)).not.toContain('Reminder: vote Tuesday');
  });
});

// ---- what Twilio answers ------------------------------------------------------------------------

describe("Twilio's answers to a send", () => {
  type Expect = { status: string; errorCode: string | null; attempts: number; optedOut?: boolean; unreachable?: string; consentSource?: string };
  it.each<[string, Parameters<FakeTwilio['fail']>[0][], Expect]>([
    ['21610 unsubscribed → opted out, ledger source provider', [{ status: 400, code: 21610 }], { status: 'failed', errorCode: '21610', attempts: 1, optedOut: true, consentSource: 'provider:21610' }],
    ['21211 invalid number → unreachable', [{ status: 400, code: 21211 }], { status: 'failed', errorCode: '21211', attempts: 1, unreachable: '21211' }],
    ['21614 not a mobile → unreachable', [{ status: 400, code: 21614 }], { status: 'failed', errorCode: '21614', attempts: 1, unreachable: '21614' }],
    ['21408 region not enabled → rejected, contact untouched', [{ status: 400, code: 21408 }], { status: 'failed', errorCode: '21408', attempts: 1 }],
    ['429 (Retry-After: 1) → retried, then delivered', [{ status: 429, retryAfter: 1, times: 1 }], { status: 'queued', errorCode: '20429', attempts: 2 }],
    ['500 → retried, then delivered', [{ status: 500, times: 1 }], { status: 'queued', errorCode: '20500', attempts: 2 }],
    ['500 then 503 → retried twice, then delivered', [{ status: 500, times: 1 }, { status: 503, times: 1 }], { status: 'queued', errorCode: '20503', attempts: 3 }],
  ])('%s', async (_name, failures, want) => {
    const phone = newPhone();
    for (const f of failures) fake.fail({ ...f, to: phone });
    await textIn(phone, 'HELP'); // one reply
    const rows = await settled(phone, 20_000);
    const reply = rows.find((m) => m.direction === 'out')!;
    expect(reply.key).toBe('system.help');
    expect(reply.status).toBe(want.status);
    // A delivered retry keeps the last error code it met (the log of what happened).
    expect(reply.error_code).toBe(want.errorCode);
    expect(attemptsTo(phone)).toBe(want.attempts);
    const who = (await identity(phone))!;
    expect(who.opted_out).toBe(!!want.optedOut);
    expect(who.unreachable_reason).toBe(want.unreachable ?? null);
    expect((await consentOf(phone)).map((c) => c.source)).toEqual(want.consentSource ? [want.consentSource] : []);
    if (want.status === 'queued') expect(reply.provider_id).toBe(smsTo(phone)[0].resource.sid);
  });

  it('a send a crash interrupted (provider called, answer never recorded) is found at Twilio, not sent again', async () => {
    const phone = newPhone();
    const [reply] = await converse(phone, 'HELP');
    expect(smsTo(phone)).toHaveLength(1);
    // As a worker killed right after Twilio accepted it would leave it: pending, send started.
    await db().updateTable('messages').set({ status: 'pending', provider_id: null, send_started_at: new Date() } as any).where('id', '=', reply.id).execute();
    await system.runtime.queues.get(outboundQueue('sms')).remove(jobIds.send(reply.id));
    await enqueueSend(system.runtime, 'sms', reply.id);
    const row = await eventually(async () => (await messagesOf(phone)).find((m) => m.id === reply.id && m.status !== 'pending'));
    expect(row.provider_id).toBe(smsTo(phone)[0].resource.sid);
    expect(smsTo(phone)).toHaveLength(1);
  });

  it('a send that never reached Twilio before the crash is sent on retry', async () => {
    const phone = newPhone();
    const [reply] = await converse(phone, 'HELP');
    const id = await insertOutbound(db(), { contactId: reply.contact_id!, identityId: reply.identity_id!, channel: 'sms', kind: 'notification', body: 'Not sent yet', payload: { text: 'Not sent yet' } });
    await db().updateTable('messages').set({ send_started_at: new Date() } as any).where('id', '=', id).execute();
    await enqueueSend(system.runtime, 'sms', id);
    await eventually(async () => smsTo(phone).some((m) => m.resource.body === 'Not sent yet'));
    expect(smsTo(phone).filter((m) => m.resource.body === 'Not sent yet')).toHaveLength(1);
  });

  it('after 21211 nothing more is attempted for that number', async () => {
    const phone = newPhone();
    fake.fail({ to: phone, status: 400, code: 21211 });
    await converse(phone, 'HELP');
    const later = await converse(phone, 'HELP');
    expect(later.map((m) => [m.status, m.error_code])).toEqual([['suppressed', 'unreachable']]);
    expect(attemptsTo(phone)).toBe(1);
  });
});

describe('POST /webhooks/twilio/status: delivery reports', () => {
  it('each send asks for reports at the public status URL, from our number', async () => {
    const phone = newPhone();
    await converse(phone, 'HELP');
    expect(smsTo(phone)[0].params).toMatchObject({ From: OUR_NUMBER, To: phone, StatusCallback: `${PUBLIC_URL}${STATUS}` });
  });

  it.each<[string, number, Record<string, string>, SignMode, { status: string; error_code: string | null }]>([
    ['sent', 200, { MessageStatus: 'sent' }, 'valid', { status: 'sent', error_code: null }],
    ['delivered', 200, { MessageStatus: 'delivered' }, 'valid', { status: 'delivered', error_code: null }],
    ['undelivered with 30003', 200, { MessageStatus: 'undelivered', ErrorCode: '30003' }, 'valid', { status: 'undelivered', error_code: '30003' }],
    ['forged', 403, { MessageStatus: 'delivered' }, 'forged', { status: 'queued', error_code: null }],
    ['unsigned', 403, { MessageStatus: 'delivered' }, 'missing', { status: 'queued', error_code: null }],
    ['no MessageStatus', 400, {}, 'valid', { status: 'queued', error_code: null }],
    // Regression (issue #13): any [a-z_-] word was written as the message's status.
    ['an unknown MessageStatus', 400, { MessageStatus: 'exploded' }, 'valid', { status: 'queued', error_code: null }],
    ['another unknown MessageStatus, with an ErrorCode', 400, { MessageStatus: 'hacked', ErrorCode: '30003' }, 'valid', { status: 'queued', error_code: null }],
  ])('%s → %p', async (_name, httpStatus, report, sign, want) => {
    const phone = newPhone();
    const [reply] = await converse(phone, 'HELP');
    const sid = reply.provider_id!;
    const res = await post(STATUS, { AccountSid: ACCOUNT_SID, MessageSid: sid, SmsSid: sid, From: OUR_NUMBER, To: phone, ApiVersion: '2010-04-01', ...report }, { sign });
    expect(res.status).toBe(httpStatus);
    const row = (await messagesOf(phone)).find((m) => m.id === reply.id)!;
    expect({ status: row.status, error_code: row.error_code }).toEqual(want);
  });

  it('reports arriving out of order never move a message back: sent after delivered keeps delivered', async () => {
    const phone = newPhone();
    const [reply] = await converse(phone, 'HELP');
    const sid = reply.provider_id!;
    for (const MessageStatus of ['delivered', 'sent', 'queued']) {
      expect((await post(STATUS, { AccountSid: ACCOUNT_SID, MessageSid: sid, MessageStatus })).status).toBe(200);
    }
    expect((await messagesOf(phone)).find((m) => m.id === reply.id)!.status).toBe('delivered');
  });

  it.each([
    ['30005 (unknown number)', '30005', 'delivery:30005'],
    ['30006 (landline)', '30006', 'delivery:30006'],
    ['30003 (handset off: may come back)', '30003', null],
  ])('undelivered with %s: unreachable is %p', async (_name, code, reason) => {
    const phone = newPhone();
    const [reply] = await converse(phone, 'HELP');
    const res = await post(STATUS, { AccountSid: ACCOUNT_SID, MessageSid: reply.provider_id!, MessageStatus: 'undelivered', ErrorCode: code });
    expect(res.status).toBe(200);
    expect((await identity(phone))!.unreachable_reason).toBe(reason);
    if (reason) expect((await converse(phone, 'HELP')).map((m) => [m.status, m.error_code])).toEqual([['suppressed', 'unreachable']]);
  });

  it('a report for a message we do not know is acknowledged', async () => {
    const res = await post(STATUS, { AccountSid: ACCOUNT_SID, MessageSid: newSid(), MessageStatus: 'delivered' });
    expect(res.status).toBe(200);
  });
});

// ---- quiet hours ------------------------------------------------------------------------------

describe('quiet hours through the system (injected clock)', () => {
  it('at 23:30 in New York a reply goes at once; a notification waits for 08:00 and then goes', async () => {
    clock.set('2030-06-05T03:30:00Z'); // 23:30 EDT on 4 June
    const phone = newPhone();
    expect((await converse(phone, 'HELP')).map((m) => m.status)).toEqual(['queued']);

    const who = (await identity(phone))!;
    const message: OutboundMessage = { text: 'Reminder: the registration deadline is Friday', key: 'test.reminder' };
    const id = await queueMessage(system.runtime, { contactId: who.contact_id, identityId: who.id, channel: 'sms', message, kind: 'notification' });
    const job = await eventually(async () => {
      const j = await sendJob(id);
      return j && (await j.getState()) === 'delayed' && j;
    });
    // Delayed until 08:00 EDT = 12:00Z (BullMQ counts the delay from its own, real, clock).
    expect(Math.abs(Date.now() + job.delay - Date.parse('2030-06-05T12:00:00Z'))).toBeLessThan(5000);
    expect((await messagesOf(phone)).find((m) => m.id === id)!.status).toBe('pending');
    expect(smsTo(phone)).toHaveLength(1);

    clock.set('2030-06-05T12:00:01Z'); // the morning comes
    await job.promote();
    await settled(phone);
    expect(smsTo(phone).map((m) => m.params.Body)).toContain(message.text);
  });
});

// ---- end to end: every shipped flow, in every shipped language, by SMS --------------------------

/** The walk itself (test/helpers/flow-walk.ts) is shared with WhatsApp. */
describe('end to end: a person texts through every shipped flow in every shipped language', () => {
  it('language menu, menu, faq, register, feedback, ..., handoff: every message checked', async () => {
    await walkEveryFlowInEveryLanguage({
      system,
      now: clock.now,
      newAddress: newPhone,
      converse,
      sentTexts: (phone) => smsTo(phone).map((m) => m.params.Body as string),
      identity,
      messagesOf,
      settled,
    });
  });
});
