/**
 * Logs never contain full phone numbers, tokens or message bodies. Whole conversations run at
 * LOG_LEVEL=debug (web simulator, SMS through the real twilio SDK, Telegram through real grammY,
 * the admin API), including failures whose provider errors quote an address, with every log line
 * captured; then the lines are searched for everything personal or secret that went through.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { createLogger, scrubLogLine } from '../../src/log';
import { startSystem, type System } from '../../src/app/system';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram';
import { startFakeTwilio, type FakeTwilio } from '../helpers/fake-twilio';
import { freshDatabase, type FreshDatabase } from '../helpers/postgres';
import { cleanPrefix, freshPrefix, testRedisUrl } from '../helpers/redis';
import { eventually, type TestSystem } from '../helpers/system';
import { TELEGRAM, TWILIO, channelEnv, converse, messagesOf, newPerson, sendAs, settled, writeContent } from '../feedback/harness';


const ADMIN_TOKEN = `adm_${randomBytes(20).toString('hex')}`;
const lines: string[] = [];
let system: System;
let database: FreshDatabase;
let prefix: string;
let twilioFake: FakeTwilio;
let telegramFake: FakeTelegram;
let slackFake: FakeSlack;
const HANDOFF = 'C0HANDOFF1';
/** A workspace member's profile as users.info gives it: e-mail and phone must never reach a log. */
const PROFILE = { email: 'vera.volunteer@example.org', phone: '(212) 555-0177', real_name: 'Vera Volunteer' };

beforeAll(async () => {
  twilioFake = await startFakeTwilio({});
  telegramFake = await startFakeTelegram({ token: TELEGRAM.TOKEN });
  slackFake = await startFakeSlack();
  slackFake.handle('users.info', (body) => ({ user: { id: body.user, name: 'vera', real_name: PROFILE.real_name, locale: 'en-US', tz: 'America/New_York', tz_offset: -18000, profile: PROFILE } }));
  database = await freshDatabase();
  prefix = freshPrefix('logs');
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: ':memory:',
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'debug',
    ADMIN_TOKEN,
    ...writeContent(),
    ...channelEnv({ twilioUrl: twilioFake.url, telegramUrl: telegramFake.url, slackApiUrl: slackFake.apiUrl }),
    SLACK_HANDOFF_CHANNEL: HANDOFF,
  });
  const log = createLogger('debug', { write: (line: string) => void lines.push(line) });
  system = await startSystem({ config, web: true, workers: true, log });
});

afterAll(async () => {
  await system?.stop();
  await cleanPrefix(prefix);
  await database?.drop();
  await twilioFake?.close();
  await telegramFake?.close();
  await slackFake?.close();
});

it('a full day of conversations leaves no phone number, token or message body in the logs', async () => {
  const sys = system as TestSystem;
  const db = system.runtime.db.kysely;
  const bodies: string[] = [];
  const say = async (p: ReturnType<typeof newPerson>, text: string) => {
    bodies.push(text);
    return converse(sys, p, text);
  };

  // The web simulator: a rating, a comment full of personal details, a request for a person.
  const web = newPerson('web', 'en');
  await say(web, 'Hello-there-7731');
  await say(web, '2');
  await say(web, '4');
  await say(web, 'Call Rosa Quintero at +1 (212) 555-0187 or rosa.q@example.org');
  await say(web, 'AGENT');

  // SMS: the language menu, a rating with a comment, then STOP.
  const sms = newPerson('sms');
  await say(sms, 'Hola-desde-sms-4410');
  await say(sms, '2');
  await say(sms, '2');
  await say(sms, '5');
  await say(sms, 'Mi vecino Jorge Ibarra necesita ayuda: 212-555-0111');
  await say(sms, 'PARAR');

  // SMS to a number Twilio refuses, with an error that quotes the number (as Twilio's does).
  const bad = newPerson('sms');
  twilioFake.fail({ to: bad.address, status: 400, code: 21211, message: `The 'To' number ${bad.address} is not a valid phone number.` });
  await sendAs(sys, bad, 'HELP-me-9921');
  bodies.push('HELP-me-9921');
  await settled(db, bad);
  await eventually(async () => lines.some((l) => l.includes('job failed') || l.includes('send failed permanently')));

  // Telegram: a conversation, then the person blocks the bot.
  const tg = newPerson('telegram', 'es');
  await say(tg, 'Saludos-telegram-5521');
  telegramFake.fail({ chatId: Number(tg.address), status: 403, description: 'Forbidden: bot was blocked by the user' });
  await sendAs(sys, tg, '2');
  bodies.push('2');
  await settled(db, tg, 2);

  // Slack (issue #13: at debug the Slack SDK logged its request and response bodies): a person
  // writes to the bot in a DM and asks for a person; the ticket, with what they wrote, is posted to
  // the handoff channel through the real WebClient, and users.info answers a profile with e-mail and phone.
  const sl = newPerson('slack', 'en');
  await say(sl, 'Slack-hello-6620');
  await say(sl, 'AGENT');
  await say(sl, 'I need a ride to the polls, call (212) 555-0166');
  await eventually(async () => slackFake.requests.some((r) => r.method === 'chat.postMessage' && (r.body as { channel?: string }).channel === HANDOFF));

  // The admin API, with a wrong token and the right one; and a forget.
  await fetch(`${system.url}/api/admin/contacts`, { headers: { authorization: 'Bearer not-the-token' } });
  const list = await fetch(`${system.url}/api/admin/contacts?q=${encodeURIComponent(sms.address)}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const [contact] = ((await list.json()) as any).contacts;
  expect((await fetch(`${system.url}/api/admin/contacts/${contact.id}/forget`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(200);
  expect(await messagesOf(db, sms)).toEqual([]);

  const logs = lines.join('');
  // The capture works, at debug level, and the logs say what happened.
  expect(logs).toContain('civic-engage started');
  expect(logs).toContain('"level":20');
  expect(logs).toContain('contact opted out');
  expect(logs).toContain('contact forgotten');
  // The provider's error is still there for whoever debugs it, with the number masked.
  expect(logs).toMatch(/The 'To' number \+\*{7}\d{4} is not a valid phone number/);

  const phones = [web, sms, bad].filter((p) => p.channel === 'sms').map((p) => p.address);
  const needles = [
    ...phones,
    ...phones.map((p) => p.slice(2)), // national digits
    ...phones.map((p) => `${p.slice(5, 8)}-${p.slice(8)}`),
    '+12125550187',
    '555-0187',
    '2125550187',
    '212-555-0111',
    web.address, // the simulator session id
    tg.address, // the Telegram chat id
    'rosa.q@example.org',
    'Rosa Quintero',
    'Jorge Ibarra',
    '555-0166',
    PROFILE.email,
    PROFILE.phone,
    '555-0177',
    ...bodies.filter((b) => b.length > 3),
    ADMIN_TOKEN,
    TWILIO.AUTH_TOKEN,
    TELEGRAM.TOKEN,
    TELEGRAM.TOKEN.split(':')[1],
    TELEGRAM.SECRET,
  ];
  const found = needles.filter((n) => logs.includes(n));
  expect({ found, where: found.map((n) => lines.find((l) => l.includes(n))) }).toEqual({ found: [], where: [] });
});

describe('scrubLogLine: what field redaction cannot see', () => {
  it.each([
    ['{"err":"The \'To\' number +12125550123 is not a valid phone number."}', '{"err":"The \'To\' number +*******0123 is not a valid phone number."}'],
    ['{"err":"to +447911123456 failed"}', '{"err":"to +********3456 failed"}'],
    ['{"url":"https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage"}', '{"url":"https://api.telegram.org/bot[redacted]/sendMessage"}'],
    ['{"err":"invalid_auth for xoxb-1234-5678-abcdefghijkl"}', '{"err":"invalid_auth for [redacted]"}'],
    ['{"h":"Bearer abcdef0123456789"}', '{"h":"Bearer [redacted]"}'],
    ['{"msg":"Basic information missing"}', '{"msg":"Basic information missing"}'],
    // Regression (issue #13): only numbers written +... were masked.
    ['{"err":"call (212) 555-0123 or 212-555-0124, 212.555.0125, 2125550126, 555-0127"}', '{"err":"call (***) ***-0123 or ***-***-0124, ***.***.0125, ******0126, ***-0127"}'],
    ['{"err":"profile of rosa.q@example.org"}', '{"err":"profile of [email]"}'],
    ['{"at":"2030-06-04T16:00:00.000Z","id":"5f0c2a1e-1234-5678-9abc-123456789012","ts":"1796573305.123456"}', '{"at":"2030-06-04T16:00:00.000Z","id":"5f0c2a1e-1234-5678-9abc-123456789012","ts":"1796573305.123456"}'],
    ['{"time":1795536547394,"jobId":"timeout-uuid-1795536547394-nudge","n":+5}', '{"time":1795536547394,"jobId":"timeout-uuid-1795536547394-nudge","n":+5}'],
  ])('%s', (line, expected) => {
    expect(scrubLogLine(line)).toBe(expected);
  });
});
