/**
 * Fault: garbage at the three webhook endpoints of a `node bin/civic-engage.js web` process:
 * Twilio's /webhooks/twilio/sms, Telegram's /webhooks/telegram and Slack's /slack/events. Thousands
 * of malformed, oversized (2 MB), wrongly encoded (invalid UTF-8, wrong content type, truncated
 * JSON, form bodies with repeated and bracketed fields, huge numbers, deep nesting, nulls) bodies,
 * unsigned and with VALID signatures over the garbage (Twilio's HMAC-SHA1 of URL and parameters,
 * Telegram's secret header, Slack's v0 HMAC-SHA256).
 *
 * Never a 5xx, never a crash, nothing stored (messages, contacts, identities, consent events) and
 * no job queued. The generator is seeded: the seed is printed, and FUZZ_SEED=<n> replays a run.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import twilio from 'twilio';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { writeFixtureDirs } from '../engine/fixtures';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram';
import { startFakeTwilio, type FakeTwilio } from '../helpers/fake-twilio';
import { freshDatabase, type FreshDatabase } from '../helpers/postgres';
import { cleanPrefix, freshPrefix, testRedisUrl } from '../helpers/redis';
import { ChildSystem, freePort, prng, tempDir } from './helpers';
import { HANG_GUARD_MS } from '../helpers/guard';


const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Requests per endpoint and signing mode. */
const PER_CASE = 400;
const TWILIO_TOKEN = 'fuzz-token';
const TELEGRAM_SECRET = 'fuzz-secret';
const SLACK_SECRET = 'fuzz-signing-secret';
const QUEUES = ['inbound', 'timers', 'handoffs', 'outbound-sms', 'outbound-telegram', 'outbound-slack', 'shifts', 'campaigns'];

type Rand = ReturnType<typeof prng>;

/** A fuzz case: what to send. `sign` decides whether the request carries a valid signature over it. */
interface Case {
  what: string;
  contentType?: string;
  body: Buffer;
}

const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

function randomBytes(r: Rand, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(r() * 256);
  return b;
}

/** Byte sequences that are not UTF-8: a lone continuation byte, an overlong form, a surrogate, a truncated sequence. */
const BAD_UTF8 = [Buffer.from([0xff]), Buffer.from([0xc3, 0x28]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xe2, 0x82]), Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80])];

function junkString(r: Rand): string {
  return pick(r, [
    '',
    ' ',
    'null',
    'undefined',
    '0',
    '-1',
    '1e309',
    '123456789012345678901234567890',
    'NaN',
    '💥'.repeat(int(r, 1, 50)),
    '\u0000\u0001\u0002',
    '\uFEFF',
    'a'.repeat(int(r, 1, 5000)),
    '%',
    '%zz',
    '%ff%fe',
    '{"a":',
    '<Response/>',
    '../../etc/passwd',
    "'; DROP TABLE messages; --",
    String(r()),
  ]);
}

/** JSON values of every shape, some huge or deep. */
function junkValue(r: Rand, depth = 0): unknown {
  const k = int(r, 0, depth > 3 ? 6 : 9);
  switch (k) {
    case 0:
      return null;
    case 1:
      return pick(r, [0, -1, 1.5, 2 ** 53 + 1, 1e20, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 12345678901234567890]);
    case 2:
      return junkString(r);
    case 3:
      return r() < 0.5;
    case 4:
      return [];
    case 5:
      return {};
    case 6:
      return pick(r, ['message', 'event_callback', 'private', 'im', 'block_actions', 'view_submission']);
    case 7:
      return Array.from({ length: int(r, 1, 4) }, () => junkValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = int(r, 1, 4); i > 0; i--) o[pick(r, ['type', 'id', 'text', 'chat', 'from', 'user', 'event', 'message', 'channel', 'update_id', 'message_id', 'callback_query', 'data', junkString(r).slice(0, 10)])] = junkValue(r, depth + 1);
      return o;
    }
  }
}

function deep(n: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(n) + ']'.repeat(n) : '{"a":'.repeat(n) + '1' + '}'.repeat(n);
}

/** Garbage that is not specific to an endpoint. */
function genericCase(r: Rand): Case {
  const kind = int(r, 0, 11);
  switch (kind) {
    case 0:
      return { what: 'random bytes', contentType: pick(r, [undefined, 'application/json', 'application/x-www-form-urlencoded', 'application/octet-stream']), body: randomBytes(r, int(r, 0, 2000)) };
    case 1:
      return { what: 'invalid UTF-8 in JSON', contentType: 'application/json', body: Buffer.concat([Buffer.from('{"update_id":1,"message":{"text":"'), pick(r, BAD_UTF8), Buffer.from('"}}')]) };
    case 2:
      return { what: 'invalid UTF-8 in a form', contentType: 'application/x-www-form-urlencoded', body: Buffer.concat([Buffer.from('From=%2B1212555'), pick(r, BAD_UTF8), Buffer.from('&Body='), pick(r, BAD_UTF8)]) };
    case 3:
      return { what: 'JSON primitive', contentType: 'application/json', body: Buffer.from(pick(r, ['null', '0', '-0', '1e309', '"x"', 'true', '[]', '{}', '12345678901234567890123456789', '""', ' '])) };
    case 4:
      return { what: 'deep nesting', contentType: pick(r, ['application/json', 'application/x-www-form-urlencoded']), body: Buffer.from(r() < 0.5 ? deep(int(r, 1000, 20000), 'array') : `payload=${encodeURIComponent(deep(int(r, 1000, 5000), 'object'))}`) };
    case 5:
      return { what: 'wrong content type', contentType: pick(r, ['text/plain', 'text/xml', 'multipart/form-data; boundary=x', 'multipart/form-data', 'application/JSON', 'application/json; charset=latin1', 'APPLICATION/X-WWW-FORM-URLENCODED', 'image/png', ';;;', '']), body: Buffer.from(JSON.stringify(junkValue(r))) };
    case 6:
      return { what: 'multipart with a broken boundary', contentType: 'multipart/form-data; boundary=abc', body: Buffer.from('--abc\r\nContent-Disposition: form-data; name="Body"\r\n\r\nhi\r\n--ab') };
    case 7:
      return { what: 'empty', contentType: pick(r, [undefined, 'application/json', 'application/x-www-form-urlencoded']), body: Buffer.alloc(0) };
    case 8:
      return { what: 'junk JSON', contentType: 'application/json', body: Buffer.from(JSON.stringify(junkValue(r))) };
    case 9:
      return { what: 'junk form', contentType: 'application/x-www-form-urlencoded', body: Buffer.from(Array.from({ length: int(r, 1, 30) }, () => `${encodeURIComponent(junkString(r).slice(0, 40))}=${encodeURIComponent(junkString(r))}`).join('&')) };
    case 10:
      return { what: 'just over the body limit', contentType: pick(r, ['application/json', 'application/x-www-form-urlencoded']), body: Buffer.alloc(256 * 1024 + int(r, 1, 1000), 0x61) };
    default:
      return { what: 'NUL bytes', contentType: 'application/json', body: Buffer.from(`{"update_id":1,"message":{"message_id":1,"chat":{"id":1,"type":"private"},"text":"\u0000"`) };
  }
}

/** Twilio-shaped forms, always missing or breaking what an incoming message needs (a valid MessageSid and From). */
function smsCase(r: Rand): Case {
  if (r() < 0.3) return genericCase(r);
  const fields: [string, string][] = [];
  const goodSid = `SM${'0123456789abcdef'.repeat(2)}`;
  const badSid = pick(r, ['', 'SM', 'SMxyz', `SM${'g'.repeat(32)}`, `XX${'a'.repeat(50)}`, junkString(r), '1e309', `SM${'a'.repeat(32)}\n`]);
  const badFrom = pick(r, ['', 'not a number', '+', '+0', `+${'9'.repeat(40)}`, '1e309', junkString(r), '[object Object]', 'null']);
  // One of the two is broken or missing; when present, the broken value comes first (the one read).
  const broken = pick(r, ['sid', 'from', 'both', 'no-sid', 'no-from']);
  if (broken !== 'no-sid') fields.push(['MessageSid', broken === 'sid' || broken === 'both' ? badSid : goodSid]);
  if (broken !== 'no-from') fields.push(['From', broken === 'from' || broken === 'both' ? badFrom : '+12125550100']);
  const keys = ['MessageSid', 'From', 'Body', 'To', 'NumMedia', 'MediaUrl0', 'OptOutType', 'AccountSid', 'Body[]', 'From[0]', 'a[b][c]', '__proto__', 'constructor'].filter((k) => !(broken === 'no-sid' && k === 'MessageSid') && !(broken === 'no-from' && k === 'From'));
  for (let i = int(r, 0, 12); i > 0; i--) {
    const key = r() < 0.9 ? pick(r, keys) : junkString(r).slice(0, 20);
    const value = pick(r, [junkString(r), 'STOP', 'START', '+12125550100', goodSid, JSON.stringify(junkValue(r)), String(2 ** 64)]);
    fields.push([key, value]);
  }
  const body = fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return { what: `twilio form, ${broken}`, contentType: pick(r, ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-8']), body: Buffer.from(body) };
}

/** Telegram-shaped updates, each with something essential of the wrong type or missing. */
function telegramCase(r: Rand): Case {
  if (r() < 0.3) return genericCase(r);
  const chatId = pick(r, [5_000_001, 5_000_002]);
  const message: Record<string, unknown> = { message_id: int(r, 1, 1e6), date: 1_700_000_000, chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'F' }, text: 'hello' };
  const breakIt = int(r, 0, 11);
  const bad = junkValue(r);
  switch (breakIt) {
    case 0:
      message.chat = bad === null || typeof bad !== 'object' ? bad : { ...(bad as object), type: 'private' };
      break;
    case 1:
      (message.chat as Record<string, unknown>).id = pick(r, ['5000001', null, [], {}, true, 'x', 1e20, -1e20, 1.5, 2 ** 53 + 2, 1e308]);
      break;
    case 2:
      message.message_id = pick(r, ['1', null, [], {}, true]);
      break;
    case 3:
      message.text = pick(r, [null, 1, [], { a: 1 }, true]);
      break;
    case 4:
      (message.chat as Record<string, unknown>).type = pick(r, ['group', 'supergroup', 'channel', null, 1, '']);
      break;
    case 5:
      message.text = pick(r, ['', '   ', undefined]);
      break;
    case 6:
      (message.from as Record<string, unknown>).is_bot = true;
      break;
    default:
      break;
  }
  const update: Record<string, unknown> = { update_id: int(r, 1, 1e9) };
  if (breakIt === 7) update.update_id = pick(r, [-1, 1.5, '1', null, 1e309, []]);
  if (breakIt === 8) update.callback_query = { id: pick(r, [null, 1, [], '']), from: junkValue(r), data: junkValue(r), message: junkValue(r) };
  else if (breakIt === 9) update[pick(r, ['edited_message', 'channel_post', 'my_chat_member', 'poll', 'inline_query'])] = message;
  else if (breakIt === 10) update.message = junkValue(r);
  else if (breakIt === 11) update.callback_query = { id: 'cb', from: { id: chatId, is_bot: false, first_name: 'F' }, data: pick(r, ['', undefined]), message: { message_id: 1, chat: { id: chatId, type: 'private' } } };
  else if (breakIt <= 6) update.message = message;
  let text = JSON.stringify(update);
  if (r() < 0.2) text = text.slice(0, int(r, 1, text.length - 1)); // truncated
  return { what: `telegram update, break ${breakIt}`, contentType: pick(r, ['application/json', 'application/json; charset=utf-8']), body: Buffer.from(text) };
}

/** Slack-shaped requests (events, interactivity, slash commands) that mean nothing. */
function slackCase(r: Rand): Case {
  if (r() < 0.3) return genericCase(r);
  const kind = int(r, 0, 5);
  if (kind === 0) {
    // An Events API envelope around a junk event (never a well-formed DM).
    const event = pick(r, [null, 1, 'message', [], {}, { type: junkValue(r) }, { type: 'message', channel_type: 'im', user: junkValue(r), text: { nested: true }, channel: junkValue(r) }, { type: 'message', channel_type: 'im', text: 'hi' }, { type: 'app_home_opened', user: junkValue(r) }, junkValue(r)]);
    const body: Record<string, unknown> = { type: 'event_callback', team_id: pick(r, ['T0000FAKE', null, 1]), event, event_id: pick(r, [`Ev${int(r, 0, 1e9)}`, null, 1, [], '']), event_time: pick(r, [1, 'x', null]) };
    if (r() < 0.3) delete body.event;
    return { what: 'slack event_callback', contentType: 'application/json', body: Buffer.from(JSON.stringify(body)) };
  }
  if (kind === 1) return { what: 'slack url_verification / ssl_check', contentType: pick(r, ['application/json', 'application/x-www-form-urlencoded']), body: Buffer.from(r() < 0.5 ? JSON.stringify({ type: 'url_verification', challenge: junkValue(r) }) : `ssl_check=${encodeURIComponent(junkString(r))}&token=x`) };
  if (kind === 2) {
    // Interactivity: payload= junk JSON (or not JSON).
    const payload = pick(r, [JSON.stringify(junkValue(r)), '{', 'null', '123', '"str"', JSON.stringify({ type: pick(r, ['block_actions', 'view_submission', 'shortcut', 'message_action', 'zzz']), user: junkValue(r), actions: junkValue(r), view: junkValue(r) }), junkString(r)]);
    return { what: 'slack interactivity', contentType: 'application/x-www-form-urlencoded', body: Buffer.from(`payload=${encodeURIComponent(payload)}${r() < 0.3 ? `&payload=${encodeURIComponent(payload)}` : ''}`) };
  }
  if (kind === 3) {
    // A form with no command, or commands nobody registered, repeated fields.
    const fields = [`command=${encodeURIComponent(pick(r, ['', '/nope', '/' + junkString(r).slice(0, 20)]))}`, `user_id=${encodeURIComponent(junkString(r))}`, `text=${encodeURIComponent(junkString(r))}`, 'user_id=U1&user_id=U2', 'team_id[]=x'];
    return { what: 'slack form', contentType: 'application/x-www-form-urlencoded', body: Buffer.from(fields.filter(() => r() < 0.8).join('&')) };
  }
  if (kind === 4) return { what: 'slack junk JSON', contentType: 'application/json', body: Buffer.from(JSON.stringify({ type: junkValue(r), ...(junkValue(r) as object) })) };
  return { what: 'slack truncated event', contentType: 'application/json', body: Buffer.from(JSON.stringify({ type: 'event_callback', event_id: 'Ev1', event: { type: 'message', channel_type: 'im', user: 'U0FUZZ', text: 'hi', channel: 'D1' } }).slice(0, int(r, 1, 90))) };
}

interface Answer {
  status: number | string;
}

function post(agent: http.Agent, port: number, path: string, headers: Record<string, string | string[]>, body: Buffer): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) }, timeout: HANG_GUARD_MS }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      res.on('error', () => resolve({ status: res.statusCode ?? 'response error' }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve({ status: `error: ${(err as NodeJS.ErrnoException).code ?? err.message}` }));
    req.end(body);
  });
}

describe('webhook fuzzing', () => {
  let fakes: { twilio: FakeTwilio; telegram: FakeTelegram; slack: FakeSlack };
  let database: FreshDatabase;
  let web: ChildSystem | undefined;
  let pg: Client | undefined;
  const prefix = freshPrefix('fault-fuzz');

  afterAll(async () => {
    await web?.kill9();
    await pg?.end().catch(() => undefined);
    await Promise.all([fakes?.twilio.close(), fakes?.telegram.close(), fakes?.slack.close()]);
    await cleanPrefix(prefix);
    await database?.drop();
  });

  it(`garbage, signed or not, never gets a 5xx, a crash, or a stored row (seed ${SEED})`, async () => {
    process.stderr.write(`[faults] webhook fuzz: FUZZ_SEED=${SEED}\n`);
    const [twilioFake, telegramFake, slackFake, db] = await Promise.all([startFakeTwilio(), startFakeTelegram(), startFakeSlack(), freshDatabase()]);
    fakes = { twilio: twilioFake, telegram: telegramFake, slack: slackFake };
    database = db;
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const dirs = writeFixtureDirs();
    web = await ChildSystem.start('web', 'web', {
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix,
      DATA_DIR: tempDir('fuzz'),
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: publicUrl,
      FLOWS_DIR: dirs.flowsDir,
      LOCALES_DIR: dirs.localesDir,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
      SIMULATOR: 'false',
      TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
      TWILIO_FROM: '+15005550006',
      TWILIO_API_URL: twilioFake.url,
      TELEGRAM_BOT_TOKEN: '123:fuzz',
      TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
      TELEGRAM_API_URL: telegramFake.url,
      SLACK_BOT_TOKEN: 'xoxb-fuzz',
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_API_URL: slackFake.apiUrl,
    });
    pg = new Client({ connectionString: database.url });
    await pg.connect();
    const queues = QUEUES.map((name) => new Queue(name, { connection: { url: testRedisUrl() }, prefix }));
    const snapshot = async () => {
      const { rows } = await pg!.query<{ t: string; n: string }>(
        `SELECT 'messages' AS t, count(*) AS n FROM messages UNION ALL SELECT 'contacts', count(*) FROM contacts UNION ALL SELECT 'identities', count(*) FROM identities UNION ALL SELECT 'consent_events', count(*) FROM consent_events`,
      );
      const jobs = await Promise.all(queues.map(async (q) => Object.values(await q.getJobCounts()).reduce((a, b) => a + b, 0)));
      return { ...Object.fromEntries(rows.map((row) => [row.t, Number(row.n)])), jobs: jobs.reduce((a, b) => a + b, 0) };
    };
    const before = await snapshot();

    const r = prng(SEED);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const endpoints = [
      { path: '/webhooks/twilio/sms', gen: smsCase },
      { path: '/webhooks/telegram', gen: telegramCase },
      { path: '/slack/events', gen: slackCase },
    ];
    type Sent = { endpoint: string; signed: boolean; what: string; status: number | string; sample: string };
    const results: Sent[] = [];
    const jobsToRun: (() => Promise<void>)[] = [];
    for (const ep of endpoints) {
      for (const signed of [false, true]) {
        for (let i = 0; i < PER_CASE; i++) {
          const c = ep.gen(r);
          const headers: Record<string, string | string[]> = { 'user-agent': 'fuzz' };
          if (c.contentType !== undefined) headers['content-type'] = c.contentType;
          if (signed) Object.assign(headers, sign(ep.path, c));
          else if (r() < 0.5) Object.assign(headers, forged(r, ep.path));
          jobsToRun.push(async () => {
            const a = await post(agent, port, ep.path, headers, c.body);
            results.push({ endpoint: ep.path, signed, what: c.what, status: a.status, sample: c.body.subarray(0, 120).toString('latin1') });
          });
        }
      }
    }
    // And a few 2 MB bodies, signed and not, announced or streamed.
    for (const ep of endpoints) {
      for (const signed of [false, true]) {
        const c: Case = { what: '2 MB', contentType: pick(r, ['application/json', 'application/x-www-form-urlencoded']), body: Buffer.alloc(2 * 1024 * 1024, pick(r, [0x61, 0x7b, 0x25])) };
        const headers: Record<string, string | string[]> = { 'content-type': c.contentType!, ...(signed ? sign(ep.path, c) : {}) };
        jobsToRun.push(async () => {
          const a = await post(agent, port, ep.path, headers, c.body);
          results.push({ endpoint: ep.path, signed, what: c.what, status: a.status, sample: '' });
        });
      }
    }
    // Shuffled (seeded), eight at a time.
    for (let i = jobsToRun.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [jobsToRun[i], jobsToRun[j]] = [jobsToRun[j], jobsToRun[i]];
    }
    const started = Date.now();
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < jobsToRun.length) await jobsToRun[next++]();
    }));
    agent.destroy();
    await new Promise((res) => setTimeout(res, 500));
    const after = await snapshot();
    await Promise.all(queues.map((q) => q.close()));
    process.stderr.write(`[faults] webhook fuzz: ${results.length} requests in ${Math.round((Date.now() - started) / 1000)} s; statuses ${JSON.stringify(tally(results))}\n`);

    // A 2 MB body may be refused (413) before it has all been written: the socket closing then is fine.
    const leaked = (await pg.query(`SELECT i.channel, i.address, m.provider_id, left(m.body, 60) AS body FROM identities i LEFT JOIN messages m ON m.identity_id = i.id`)).rows;
    const bad = results.filter((x) => (typeof x.status === 'number' ? x.status >= 500 : !(x.what === '2 MB' && /EPIPE|ECONNRESET/.test(x.status))));
    const unsignedThrough = results.filter((x) => !x.signed && typeof x.status === 'number' && x.status < 400);
    expect({
      seed: SEED,
      fiveHundreds: bad.slice(0, 8).map((x) => `${x.endpoint} ${x.signed ? 'signed' : 'unsigned'} ${x.what}: ${x.status} ${JSON.stringify(x.sample)}`),
      fiveHundredCount: bad.length,
      unsignedAccepted: unsignedThrough.slice(0, 5).map((x) => `${x.endpoint} ${x.what}: ${x.status}`),
      alive: web.alive,
      stored: after,
      leaked,
    }).toEqual({ seed: SEED, fiveHundreds: [], fiveHundredCount: 0, unsignedAccepted: [], alive: true, stored: before, leaked: [] });
    expect(web.output()).not.toMatch(/uncaught|unhandled|FATAL/i);

    function sign(path: string, c: Case): Record<string, string> {
      if (path === '/webhooks/telegram') return { 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET };
      if (path === '/slack/events') {
        const ts = Math.floor(Date.now() / 1000);
        // What the route verifies: the body read as UTF-8 (for valid UTF-8, exactly Slack's bytes).
        return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': `v0=${createHmac('sha256', SLACK_SECRET).update(`v0:${ts}:${c.body.toString('utf8')}`).digest('hex')}` };
      }
      // Twilio signs the URL and every form parameter it posts (none when the body is not a form).
      const params: Record<string, string | string[]> = {};
      if ((c.contentType ?? '').split(';')[0].trim().toLowerCase() === 'application/x-www-form-urlencoded') {
        for (const [k, v] of new URLSearchParams(c.body.toString('utf8'))) {
          const seen = params[k];
          params[k] = seen === undefined ? v : Array.isArray(seen) ? [...seen, v] : [seen, v];
        }
      }
      return { 'x-twilio-signature': twilio.getExpectedTwilioSignature(TWILIO_TOKEN, `${publicUrl}${path}`, params) };
    }
  });
});

/** Signature headers that are there but wrong (or duplicated, or absurd). */
function forged(r: Rand, path: string): Record<string, string | string[]> {
  // Never the right one: Telegram's "signature" is the secret itself.
  const junk = () => pick(r, ['', 'x', 'v0=', `v0=${'0'.repeat(64)}`, 'a'.repeat(4000), '=', 'null', TWILIO_TOKEN, SLACK_SECRET, `${TELEGRAM_SECRET}x`, TELEGRAM_SECRET.toUpperCase()]);
  if (path === '/webhooks/telegram') return { 'x-telegram-bot-api-secret-token': r() < 0.2 ? [TELEGRAM_SECRET, 'x'] : junk() };
  if (path === '/slack/events') return { 'x-slack-request-timestamp': pick(r, [String(Math.floor(Date.now() / 1000)), '0', '-1', '1e309', '99999999999999', 'x']), 'x-slack-signature': junk() };
  return { 'x-twilio-signature': r() < 0.2 ? ['a', 'b'] : junk() };
}

function tally(results: { endpoint: string; signed: boolean; status: number | string }[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const x of results) {
    const key = `${x.endpoint} ${x.signed ? 'signed' : 'unsigned'}`;
    out[key] ??= {};
    const s = typeof x.status === 'number' ? String(x.status) : 'socket';
    out[key][s] = (out[key][s] ?? 0) + 1;
  }
  return out;
}
