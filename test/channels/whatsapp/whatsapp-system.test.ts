/**
 * WhatsApp through the whole system (HTTP, PostgreSQL, Redis queues, workers, engine, shipped flows
 * and locales) with the real twilio SDK sending to the fake Twilio on 127.0.0.1. SMS is on too,
 * on the same account, so the tests can show the two identities of one number stay apart and that
 * a `whatsapp:` sender reaching the SMS webhook is answered on WhatsApp, never by SMS.
 *
 * One system (one boot); each case uses its own number and waits on conditions (`settled`,
 * `eventually`), never on fixed sleeps. Time is the injected clock.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { parse } from 'yaml';
import { previewCampaign } from '../../../src/campaigns/preview';
import { parseCampaignYaml as parseCampaign } from '../../../src/campaigns/definition';
import { renderAsText } from '../../../src/channels/render-text';
import { whatsappLimiter } from '../../../src/channels/whatsapp/whatsapp-adapter';
import { parseDuration } from '../../../src/engine/duration';
import type { OutboundMessage } from '../../../src/engine/types';
import { QUEUES } from '../../../src/queue/jobs';
import { queueMessage } from '../../../src/runtime/outbound';
import { findIdentity, findOrCreateIdentity, getContact, updateContact } from '../../../src/store/contacts';
import type { Identity, Message } from '../../../src/store/schema';
import { startFakeTwilio, statusReport, type AcceptedMessage, type FakeTwilio } from '../../helpers/fake-twilio';
import { walkEveryFlowInEveryLanguage } from '../../helpers/flow-walk';
import { eventually, startTestSystem, type TestSystem } from '../../helpers/system';

// ---- harness ------------------------------------------------------------------------------

const ACCOUNT_SID = `AC${'7'.repeat(32)}`;
const AUTH_TOKEN = 'whatsapp-system-test-auth-token';
const OUR_NUMBER = '+15005550006';
const OUR_WHATSAPP = `whatsapp:${OUR_NUMBER}`;
const PUBLIC_URL = 'https://engage.example.org';
const INBOUND = '/webhooks/twilio/whatsapp';
const STATUS = '/webhooks/twilio/whatsapp/status';
const SMS_INBOUND = '/webhooks/twilio/sms';
/** A June weekday, noon in New York. */
const NOON_NEW_YORK = '2030-06-04T16:00:00Z';
const HOUR = 3600_000;

/** Approved templates: system.help in English and Spanish; the language menu (quick replies) in English. */
const HELP_EN = `HX${'a'.repeat(32)}`;
const HELP_ES = `HX${'b'.repeat(32)}`;
const TEMPLATES = `
system.help:
  en: { sid: ${HELP_EN}, variables: [org_name, org_contact] }
  es: { sid: ${HELP_ES}, variables: [org_name, org_contact] }
campaign.announcement:
  en: { sid: HX${'c'.repeat(32)}, variables: [] }
`;

/** A clock at real speed from a chosen instant (the tests live in 2030). */
class TestClock {
  private base = Date.parse(NOON_NEW_YORK);
  private realStart = Date.now();
  now = (): Date => new Date(this.base + (Date.now() - this.realStart));
  set(iso: string | number): void {
    this.base = typeof iso === 'number' ? iso : Date.parse(iso);
    this.realStart = Date.now();
  }
}

let system: TestSystem;
let fake: FakeTwilio;
let dir: string;
const clock = new TestClock();

const db = () => system.runtime.db.kysely;
const newSid = () => `SM${randomBytes(16).toString('hex')}`;
let phones = 0;
/** A fresh, valid New York (212) number for each case. */
const newPhone = () => `+1212556${String(1000 + ++phones)}`;

type SignMode = 'valid' | 'forged' | 'missing';

/** Posts a webhook as Twilio does: form-encoded, signed over PUBLIC_URL + path and every parameter. */
async function post(path: string, params: Record<string, string>, sign: SignMode = 'valid'): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (sign !== 'missing') headers['x-twilio-signature'] = twilio.getExpectedTwilioSignature(sign === 'valid' ? AUTH_TOKEN : 'not-the-token', `${PUBLIC_URL}${path}`, params);
  return fetch(`${system.url}${path}`, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
}

/** An incoming WhatsApp message as Twilio posts it. */
function inbound(phone: string, body: string, extra: Record<string, string> = {}): Record<string, string> {
  const sid = newSid();
  return {
    SmsMessageSid: sid,
    NumMedia: '0',
    ProfileName: 'Ana',
    MessageType: 'text',
    SmsSid: sid,
    WaId: phone.slice(1),
    SmsStatus: 'received',
    Body: body,
    To: OUR_WHATSAPP,
    NumSegments: '1',
    ReferralNumMedia: '0',
    MessageSid: sid,
    AccountSid: ACCOUNT_SID,
    From: `whatsapp:${phone}`,
    ApiVersion: '2010-04-01',
    ...extra,
  };
}

async function identity(phone: string, channel = 'whatsapp'): Promise<Identity | undefined> {
  return findIdentity(db(), channel, phone);
}

async function messagesOf(phone: string, channel = 'whatsapp'): Promise<Message[]> {
  const who = await identity(phone, channel);
  if (!who) return [];
  return db().selectFrom('messages').selectAll().where('identity_id', '=', who.id).orderBy('id').execute();
}

/** Waits until all a number sent is processed and all queued for it has left the queue. */
async function settled(phone: string): Promise<Message[]> {
  return eventually(async () => {
    const rows = await messagesOf(phone);
    const busy = rows.some((m) => (m.direction === 'in' ? m.status === 'received' : m.status === 'pending'));
    return rows.length > 0 && !busy && rows;
  }, 15_000);
}

/** Writes in (Body, or extra params) and waits until the system is done; the outbound messages it caused. */
async function converse(phone: string, body: string, extra: Record<string, string> = {}, path = INBOUND): Promise<Message[]> {
  const before = (await messagesOf(phone)).length;
  const res = await post(path, inbound(phone, body, extra));
  expect(res.status).toBe(200);
  await eventually(async () => (await messagesOf(phone)).length > before);
  return (await settled(phone)).slice(before).filter((m) => m.direction === 'out');
}

const sentTo = (phone: string): AcceptedMessage[] => fake.messages.filter((m) => m.params.To === `whatsapp:${phone}`);
const smsTo = (phone: string): AcceptedMessage[] => fake.messages.filter((m) => m.params.To === phone);
const keys = (rows: Message[]) => rows.filter((m) => m.direction === 'out').map((m) => m.key);

/** Queues a message on our initiative (a reminder, a nudge) and waits for its outcome. */
/** A time zone where every one of `times` falls between 10:00 and 18:59 (quiet hours are at night). */
function daytimeZone(...times: Date[]): string {
  const zones = ['Pacific/Honolulu', 'America/Los_Angeles', 'America/Chicago', 'America/Sao_Paulo', 'Atlantic/Azores', 'Europe/London', 'Europe/Athens', 'Asia/Dubai', 'Asia/Kolkata', 'Asia/Bangkok', 'Asia/Tokyo', 'Pacific/Noumea'];
  const hour = (zone: string, at: Date) => Number(new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' }).format(at));
  const zone = zones.find((z) => times.every((at) => hour(z, at) >= 10 && hour(z, at) < 19));
  if (!zone) throw new Error('no listed time zone has these times in the day');
  return zone;
}

async function notify(phone: string, message: { text: string; key?: string; vars?: Record<string, string> }): Promise<Message> {
  const who = (await identity(phone))!;
  const id = await queueMessage(system.runtime, { contactId: who.contact_id, identityId: who.id, channel: 'whatsapp', message, kind: 'notification' });
  return eventually(async () => {
    const row = await db().selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
    return row && row.status !== 'pending' && row;
  });
}

const helpVars = { org_name: 'Test Org', org_contact: 'help@example.org' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wa-templates-'));
  writeFileSync(join(dir, 'templates.yaml'), TEMPLATES);
  fake = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  system = await startTestSystem(
    'whatsapp',
    {
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: OUR_NUMBER,
      TWILIO_WHATSAPP_FROM: OUR_WHATSAPP,
      TWILIO_API_URL: fake.url,
      TWILIO_MPS: '100',
      TWILIO_WHATSAPP_MPS: '100',
      WHATSAPP_TEMPLATES: join(dir, 'templates.yaml'),
      PUBLIC_URL,
      DEFAULT_TIMEZONE: 'America/New_York',
      SIMULATOR: 'false',
      ORG_DISCLAIMER: 'Paid for by Test Org',
    },
    // PostgreSQL: PGlite's dynamic WASM import needs --experimental-vm-modules under jest.
    { now: clock.now, postgres: true },
  );
});

afterAll(async () => {
  await system?.close();
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

afterEach(() => clock.set(NOON_NEW_YORK));

// ---- incoming -----------------------------------------------------------------------------------

describe('POST /webhooks/twilio/whatsapp', () => {
  it.each<[SignMode, number]>([
    ['valid', 200],
    ['forged', 403],
    ['missing', 403],
  ])('signature %s → %p; only a signed message is stored', async (sign, status) => {
    const phone = newPhone();
    const res = await post(INBOUND, inbound(phone, 'HELP'), sign);
    expect(res.status).toBe(status);
    if (status !== 200) {
      expect(await identity(phone)).toBeUndefined();
      return;
    }
    expect(await res.text()).toContain('<Response/>');
    const rows = await settled(phone);
    expect(keys(rows)).toEqual(['system.help']);
    // Answered on WhatsApp, from the WhatsApp sender, as free text (the window is open).
    const text = system.runtime.translator.t('en', 'system.help', helpVars);
    expect(sentTo(phone).map((m) => [m.params.From, m.params.Body, m.params.ContentSid])).toEqual([[OUR_WHATSAPP, text, undefined]]);
    expect(smsTo(phone)).toEqual([]);
    expect((await identity(phone))!.address).toBe(phone); // stored as E.164, without the prefix
  });

  it('the same MessageSid twice (a Twilio retry) is processed once', async () => {
    const phone = newPhone();
    const params = inbound(phone, 'HELP');
    expect((await Promise.all([post(INBOUND, params), post(INBOUND, params)])).map((r) => r.status)).toEqual([200, 200]);
    expect((await post(INBOUND, params)).status).toBe(200);
    const rows = await settled(phone);
    expect(rows.filter((m) => m.direction === 'in')).toHaveLength(1);
    expect(sentTo(phone)).toHaveLength(1);
  });

  it('a photo with a caption is read as its caption', async () => {
    const phone = newPhone();
    const replies = await converse(phone, 'HELP', { NumMedia: '1', MediaUrl0: 'https://api.twilio.com/media/1', MediaContentType0: 'image/jpeg', MessageType: 'image' });
    expect(keys(replies)).toEqual(['system.help']);
  });

  it('a photo without text gets one answer, in their language, that the assistant reads text; nothing else', async () => {
    const phone = newPhone();
    const extra = { NumMedia: '1', MediaUrl0: 'https://api.twilio.com/media/2', MediaContentType0: 'image/jpeg', MessageType: 'image' };
    const first = await post(INBOUND, inbound(phone, '', extra));
    expect(first.status).toBe(200);
    expect(await first.text()).toContain(`<Message>${system.runtime.translator.t('en', 'system.text_only')}</Message>`);

    // Someone who chose Spanish is answered in Spanish.
    await converse(phone, 'HELP');
    await db().updateTable('contacts').set({ language: 'es' }).where('id', '=', (await identity(phone))!.contact_id).execute();
    const again = await post(INBOUND, inbound(phone, '', extra));
    expect(await again.text()).toContain(`<Message>${system.runtime.translator.t('es', 'system.text_only')}</Message>`);
    // Neither photo is a message to the flows.
    expect((await messagesOf(phone)).filter((m) => m.direction === 'in').map((m) => m.body)).toEqual(['HELP']);
  });

  it('a quick-reply button press reaches the flows as its payload', async () => {
    const phone = newPhone();
    const first = await converse(phone, 'Hello');
    const choices = (first.at(-1)!.payload as { choices?: { value: string }[] }).choices;
    expect(choices?.length).toBeGreaterThan(0);
    const pressed = await converse(phone, '', { ButtonPayload: choices![0].value, ButtonText: 'whatever the button said', MessageType: 'button' });
    expect(pressed.length).toBeGreaterThan(0);
    const inRow = (await messagesOf(phone)).filter((m) => m.direction === 'in').at(-1)!;
    expect(inRow.body).toBe('whatever the button said');
  });
});

describe('one number, two channels: the WhatsApp identity is its own', () => {
  it('SMS and WhatsApp from one number are two identities of two contacts, each with its own consent', async () => {
    const phone = newPhone();
    await converse(phone, 'STOP');
    expect((await identity(phone))!.opted_out).toBe(true);
    // The same number by SMS is someone who has not opted out.
    const sms = inbound(phone, 'HELP', { From: phone, To: OUR_NUMBER });
    expect((await post(SMS_INBOUND, sms)).status).toBe(200);
    await eventually(async () => smsTo(phone).length === 1);
    const bySms = (await identity(phone, 'sms'))!;
    expect(bySms.opted_out).toBe(false);
    expect(bySms.contact_id).not.toBe((await identity(phone))!.contact_id);
  });
});

describe('a whatsapp: sender on the SMS webhook (one Messaging Service URL for both)', () => {
  it('is handed to WhatsApp: a WhatsApp identity, answered on WhatsApp, never by SMS', async () => {
    const phone = newPhone();
    const replies = await converse(phone, 'HELP', {}, SMS_INBOUND);
    expect(keys(replies)).toEqual(['system.help']);
    expect(sentTo(phone)).toHaveLength(1);
    expect(smsTo(phone)).toEqual([]);
    expect(await identity(phone, 'sms')).toBeUndefined();
  });
  // With WhatsApp off, the SMS webhook drops it: test/channels/sms/sms-system.test.ts.
});

// ---- the 24-hour window -------------------------------------------------------------------------

describe('the 24-hour window', () => {
  it('within 24 h of their last message a notification goes as free text', async () => {
    const phone = newPhone();
    await converse(phone, 'HELP');
    clock.set(clock.now().getTime() + 23 * HOUR);
    const row = await notify(phone, { text: 'Reminder', key: 'test.reminder' });
    expect(row.status).toBe('queued');
    expect(sentTo(phone).at(-1)!.params.Body).toBe('Reminder');
  });

  it('after 24 h it goes as the approved template of its key and language, with its variables in order', async () => {
    const phone = newPhone();
    await converse(phone, 'HELP');
    clock.set(clock.now().getTime() + 25 * HOUR);
    const row = await notify(phone, { text: 'help text', key: 'system.help', vars: helpVars });
    expect(row.status).toBe('queued');
    const sent = sentTo(phone).at(-1)!;
    expect(sent.params.ContentSid).toBe(HELP_EN);
    expect(JSON.parse(String(sent.params.ContentVariables))).toEqual({ 1: 'Test Org', 2: 'help@example.org' });
    expect(sent.params.Body).toBeUndefined();
  });

  it('after 24 h with no template for its key and language: refused with a reason, never sent as free text', async () => {
    const phone = newPhone();
    await converse(phone, 'HELP');
    const sentBefore = sentTo(phone).length;
    clock.set(clock.now().getTime() + 25 * HOUR);
    const row = await notify(phone, { text: 'Reminder', key: 'test.reminder' });
    expect([row.status, row.error_code]).toEqual(['failed', 'whatsapp_no_template']);
    // Spanish reader, a key with only an English template: refused too, not sent in English.
    await db().updateTable('contacts').set({ language: 'es' }).where('id', '=', (await identity(phone))!.contact_id).execute();
    const es = await notify(phone, { text: 'x', key: 'campaign.announcement' });
    expect([es.status, es.error_code]).toEqual(['failed', 'whatsapp_no_template']);
    expect(sentTo(phone)).toHaveLength(sentBefore);
  });

  it('when Redis has lost the mark, the message log says when they last wrote (then kept in Redis)', async () => {
    // The log's times are the database's clock: this case runs at the real time, for a person whose
    // declared time zone has it in the day now and 25 hours on, so quiet hours keep out of it.
    clock.set(Date.now());
    const phone = newPhone();
    await converse(phone, 'HELP');
    const timezone = daytimeZone(new Date(), new Date(Date.now() + 25 * HOUR));
    await db().updateTable('contacts').set({ timezone }).where('id', '=', (await identity(phone))!.contact_id).execute();
    const key = `${system.runtime.queues.prefix}:wa:last-in:${phone}`;
    await system.runtime.queues.connection.del(key);
    expect((await notify(phone, { text: 'Reminder', key: 'test.reminder' })).status).toBe('queued');
    expect(sentTo(phone).at(-1)!.params.Body).toBe('Reminder');
    expect(Number(await system.runtime.queues.connection.get(key))).toBeGreaterThan(1);
    await system.runtime.queues.connection.del(key);
    clock.set(Date.now() + 25 * HOUR);
    const late = await notify(phone, { text: 'Reminder', key: 'test.reminder' });
    expect([late.status, late.error_code]).toEqual(['failed', 'whatsapp_no_template']);
  });

  it('Twilio refusing free text (63016) on the request: sent as the template instead when there is one', async () => {
    const phone = newPhone();
    await converse(phone, 'HELP');
    fake.fail({ to: `whatsapp:${phone}`, status: 400, code: 63016, times: 1 });
    const row = await notify(phone, { text: 'help text', key: 'system.help', vars: helpVars });
    expect(row.status).toBe('queued');
    expect(sentTo(phone).at(-1)!.params.ContentSid).toBe(HELP_EN);
    fake.fail({ to: `whatsapp:${phone}`, status: 400, code: 63016, times: 1 });
    const none = await notify(phone, { text: 'Reminder', key: 'test.reminder' });
    expect([none.status, none.error_code]).toEqual(['failed', '63016']);
  });

  it('63016 in a status callback: recorded, and the free text resent as its template', async () => {
    const phone = newPhone();
    const replies = await converse(phone, 'HELP');
    const sent = sentTo(phone).at(-1)!;
    expect((await post(STATUS, statusReport(sent, 'undelivered', 63016))).status).toBe(200);
    const row = await eventually(async () => {
      const r = await db().selectFrom('messages').selectAll().where('id', '=', replies[0].id).executeTakeFirst();
      return r?.status === 'undelivered' && r;
    });
    expect(row.error_code).toBe('63016');
    await eventually(async () => sentTo(phone).at(-1)!.params.ContentSid === HELP_EN);
  });
});

// ---- status callbacks and errors ------------------------------------------------------------------

describe('status callbacks: delivered, then read', () => {
  it('moves forward only, and read is kept', async () => {
    const phone = newPhone();
    const [reply] = await converse(phone, 'HELP');
    const sent = sentTo(phone).at(-1)!;
    const statusOf = async () => (await db().selectFrom('messages').select('status').where('id', '=', reply.id).executeTakeFirstOrThrow()).status;
    for (const status of ['sent', 'delivered', 'read']) expect((await post(STATUS, statusReport(sent, status))).status).toBe(200);
    expect(await statusOf()).toBe('read');
    await post(STATUS, statusReport(sent, 'delivered')); // a late report does not move it back
    expect(await statusOf()).toBe('read');
    expect((await post(STATUS, statusReport(sent, 'read'), 'forged')).status).toBe(403);
  });

  it('a status Twilio does not send, or no sid, gets a 400 and moves nothing (the SMS rule)', async () => {
    const phone = newPhone();
    const [reply] = await converse(phone, 'HELP');
    const sent = sentTo(phone).at(-1)!;
    const before = await db().selectFrom('messages').select(['status', 'error_code']).where('id', '=', reply.id).executeTakeFirstOrThrow();
    const unknown = await post(STATUS, statusReport(sent, 'exploded', 63024));
    expect([unknown.status, await unknown.text()]).toEqual([400, 'MessageStatus is not one Twilio sends']);
    const { MessageSid: _sid, SmsSid: _smsSid, ...noSid } = statusReport(sent, 'delivered');
    expect((await post(STATUS, noSid)).status).toBe(400);
    expect(await db().selectFrom('messages').select(['status', 'error_code']).where('id', '=', reply.id).executeTakeFirstOrThrow()).toEqual(before);
    expect((await identity(phone))!.unreachable_at).toBeNull();
  });

  it('undelivered 63024 (invalid recipient) marks the number unreachable', async () => {
    const phone = newPhone();
    await converse(phone, 'HELP');
    await post(STATUS, statusReport(sentTo(phone).at(-1)!, 'undelivered', 63024));
    await eventually(async () => (await identity(phone))!.unreachable_at);
  });
});

describe('send errors', () => {
  it.each<[string, number, number, (phone: string) => Promise<unknown>]>([
    ['63024 invalid recipient → unreachable', 400, 63024, async (phone) => (await identity(phone))!.unreachable_at],
    ['21610 unsubscribed → opted out', 400, 21610, async (phone) => (await identity(phone))!.opted_out],
  ])('%s', async (_name, status, code, check) => {
    const phone = newPhone();
    await converse(phone, 'HELP');
    fake.fail({ to: `whatsapp:${phone}`, status, code });
    const row = await notify(phone, { text: 'Reminder', key: 'test.reminder' });
    expect([row.status, row.error_code]).toEqual(['failed', String(code)]);
    expect(await check(phone)).toBeTruthy();
  });
});

describe('STOP over WhatsApp', () => {
  it('one confirmation, then nothing, and a later notification is suppressed', async () => {
    const phone = newPhone();
    await converse(phone, 'Hello');
    expect(keys(await converse(phone, 'PARAR'))).toEqual(['system.opted_out']);
    const sentBefore = sentTo(phone).length;
    expect(await converse(phone, 'hola?')).toEqual([]);
    const row = await notify(phone, { text: 'Reminder', key: 'test.reminder' });
    expect([row.status, row.error_code]).toEqual(['suppressed', 'opted_out']);
    expect(sentTo(phone)).toHaveLength(sentBefore);
  });
});

describe('quiet hours and pacing, as for SMS', () => {
  it('a notification at 3 am New York waits for the morning; a reply does not', () => {
    const adapter = system.runtime.channels.get('whatsapp')!;
    const target = { address: '+12125550100', contactId: '1', identityId: '1', language: 'en', timezone: null };
    const night = new Date('2030-06-04T07:00:00Z');
    expect(adapter.deferUntil!(target, 'notification', night)?.toISOString()).toBe('2030-06-04T12:00:00.000Z');
    expect(adapter.deferUntil!(target, 'reply', night)).toBeNull();
  });

  it('TWILIO_WHATSAPP_MPS paces the outbound queue', () => {
    expect(system.runtime.channels.get('whatsapp')!.limiter).toEqual({ max: 100, duration: 1000 });
    expect(whatsappLimiter(0.5)).toEqual({ max: 1, duration: 2000 });
  });
});

// ---- campaigns --------------------------------------------------------------------------------------

describe('campaign preview', () => {
  it('refuses a WhatsApp campaign whose message has no template in a language its people may read', async () => {
    const def = parseCampaign(`id: wa-announce\nname: WA\naudience: { channels: [whatsapp] }\nmessage: campaign.announcement\n`);
    const preview = await previewCampaign(system.runtime, def);
    const problem = preview.problems.find((p) => p.includes('WhatsApp'));
    expect(problem).toMatch(/campaign\.announcement.*no approved template for es, zh, vi, ko, tl, ar/);
    expect(problem).not.toMatch(/\ben\b,/);
  });

  it('an SMS campaign is not concerned', async () => {
    const def = parseCampaign(`id: sms-announce\nname: SMS\naudience: { channels: [sms] }\nmessage: campaign.announcement\n`);
    expect((await previewCampaign(system.runtime, def)).problems.filter((p) => p.includes('WhatsApp'))).toEqual([]);
  });
});

// ---- the conversation transcripts, over WhatsApp ----------------------------------------------------

/**
 * Every transcript of flows/tests (what `civic-engage flows test` replays against the pure engine)
 * replayed through the WhatsApp webhook: each `user` line posted as Twilio does, each `wait` moving
 * the clock and bringing the timers due in it (nudges, expiries), and the replies compared with the
 * transcript's `bot` keys. What reached Twilio is checked too: each reply the rendered text within
 * the window, and past it refused (no template for it here), never sent as free text.
 */
describe('every transcript in flows/tests, replayed over WhatsApp', () => {
  interface Step {
    user?: string | number;
    press?: string;
    wait?: string;
    bot?: string[];
    language?: string;
    saved?: Record<string, string | number>;
  }
  const dirOf = 'flows/tests';
  const transcripts = readdirSync(dirOf)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => [f, parse(readFileSync(join(dirOf, f), 'utf8')) as { lang?: string; vars?: Record<string, string | number>; steps: Step[] }] as const);
  /** When transcripts start (src/flows/transcript.ts): a Monday afternoon. */
  const START = Date.parse('2026-01-05T18:00:00Z');

  it('there are transcripts to replay', () => expect(transcripts.length).toBeGreaterThan(10));

  it.each(transcripts)('%s', async (file, t) => {
    const phone = newPhone();
    let now = START;
    clock.set(now);
    const timers = system.runtime.queues.get(QUEUES.timers);
    // A person the transcript already knows (its lang and vars), as an import would give them.
    const { identity: who } = await findOrCreateIdentity(db(), 'whatsapp', phone);
    if (t.lang || t.vars) await updateContact(db(), who.contact_id, { ...(t.lang ? { language: t.lang } : {}), ...(t.vars ? { vars: t.vars } : {}) });
    /** Timer jobs seen, with the transcript time they fall due at. */
    const due = new Map<string, number>();
    const noteTimers = async () => {
      for (const job of await timers.getDelayed()) {
        if (job.data.contactId === who.contact_id && !due.has(job.id!)) due.set(job.id!, now + (job.opts.delay ?? 0));
      }
    };
    const outRows = async () => (await messagesOf(phone)).filter((m) => m.direction === 'out');

    for (const [i, s] of t.steps.entries()) {
      const where = `${file} step ${i + 1} (${s.user ?? s.press ?? `wait ${s.wait}`})`;
      const before = (await outRows()).length;
      if (s.wait !== undefined) {
        now += parseDuration(s.wait)!;
        clock.set(now);
        for (const [id, at] of [...due.entries()].sort((a, b) => a[1] - b[1])) {
          if (at > now) continue;
          due.delete(id);
          const job = await timers.getJob(id);
          if (!job || !(await job.isDelayed())) continue;
          await job.promote();
          await eventually(async () => ['completed', 'failed', 'unknown'].includes(await job.getState()));
          await settled(phone);
          await noteTimers();
        }
      } else {
        now += 1000;
        clock.set(now);
        const sentBefore = (await messagesOf(phone)).length;
        const res = await post(INBOUND, s.press !== undefined ? inbound(phone, '', { ButtonPayload: s.press, ButtonText: s.press }) : inbound(phone, String(s.user)));
        expect({ where, status: res.status }).toEqual({ where, status: 200 });
        await eventually(async () => (await messagesOf(phone)).length > sentBefore);
        await settled(phone);
        await noteTimers();
      }
      const out = (await outRows()).slice(before);
      if (s.bot) expect({ where, bot: out.map((m) => m.key) }).toEqual({ where, bot: s.bot });
      if (s.language) expect({ where, language: (await getContact(db(), who.contact_id))!.language }).toEqual({ where, language: s.language });
      for (const [field, value] of Object.entries(s.saved ?? {})) {
        expect({ where, field, value: (await getContact(db(), who.contact_id))!.vars[field] }).toEqual({ where, field, value });
      }
      // Each reply: its text at Twilio on WhatsApp, or refused past the window; never anything else.
      for (const m of out) {
        const text = renderAsText(m.payload as OutboundMessage);
        if (m.status === 'failed') expect({ where, key: m.key, error: m.error_code }).toEqual({ where, key: m.key, error: 'whatsapp_no_template' });
        else expect({ where, key: m.key, sent: sentTo(phone).some((a) => a.params.Body === text) }).toEqual({ where, key: m.key, sent: true });
      }
    }
    expect(smsTo(phone)).toEqual([]);
  });
});

// ---- end to end: every shipped flow, in every shipped language, over WhatsApp -------------------------

/** The same walk as SMS's (test/helpers/flow-walk.ts): choices as numbered lines, typed back. */
describe('end to end: a person writes through every shipped flow in every shipped language on WhatsApp', () => {
  it('language menu, menu, faq, register, feedback, ..., handoff: every message checked', async () => {
    clock.set(NOON_NEW_YORK);
    await walkEveryFlowInEveryLanguage({
      system,
      now: clock.now,
      newAddress: newPhone,
      converse: (phone, text) => converse(phone, text),
      sentTexts: (phone) => sentTo(phone).map((m) => m.params.Body as string),
      identity: (phone) => identity(phone),
      messagesOf: (phone) => messagesOf(phone),
      settled,
    });
  });
});
