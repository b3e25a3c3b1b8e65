/**
 * Fault: PostgreSQL unreachable for a few seconds. The system (`node bin/civic-engage.js start`:
 * web and workers in one process) reaches its database through a TCP proxy on 127.0.0.1, which
 * the test cuts (open connections destroyed, new ones dropped) and then restores.
 *
 *  - While it is cut, signed SMS and Telegram webhooks are answered with a 5xx the providers retry
 *    (not 200: nothing was stored), promptly, and the process keeps running.
 *  - Once it is back, the retried webhooks are accepted and each message is processed once: the
 *    person gets the same replies as someone who wrote while all was well, not twice as many.
 *  - Nothing is half-written: every inbound message is processed, every reply sent, and no queue
 *    holds a job that is waiting, failed, or names a message that does not exist.
 */
import twilio from 'twilio';
import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import { Queue } from 'bullmq';
import { JOB, QUEUES, outboundQueue } from '../../src/queue/jobs';
import { writeFixtureDirs } from '../engine/fixtures';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram';
import { startFakeTwilio, type FakeTwilio } from '../helpers/fake-twilio';
import { freshDatabase, type FreshDatabase } from '../helpers/postgres';
import { cleanPrefix, freshPrefix, testRedisUrl } from '../helpers/redis';
import { eventually } from '../helpers/system';
import { ChildSystem, countBy, freePort, sleep, TcpProxy, tempDir, viaPort } from './helpers';


const AUTH_TOKEN = 'fault-token';
const SECRET = 'pg-outage-secret';
const CUT_MS = 6000;

describe('PostgreSQL unreachable for a while', () => {
  let fakeSms: FakeTwilio;
  let fakeTg: FakeTelegram;
  let database: FreshDatabase;
  let proxy: TcpProxy;
  let child: ChildSystem | undefined;
  let db: Kysely<any> | undefined;
  const prefix = freshPrefix('fault-pg');

  afterAll(async () => {
    await child?.kill9();
    await db?.destroy();
    await proxy?.close();
    await Promise.all([fakeSms?.close(), fakeTg?.close()]);
    await cleanPrefix(prefix);
    await database?.drop();
  });

  it('webhooks get a 5xx while it is away, and are processed once when it is back', async () => {
    [fakeSms, fakeTg, database] = await Promise.all([startFakeTwilio(), startFakeTelegram(), freshDatabase()]);
    proxy = await TcpProxy.start(Number(new URL(database.url).port || 5432));
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const dirs = writeFixtureDirs();
    child = await ChildSystem.start('system', 'start', {
      DATABASE_URL: viaPort(database.url, proxy.port),
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix,
      DATA_DIR: tempDir('pg-outage'),
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: publicUrl,
      FLOWS_DIR: dirs.flowsDir,
      LOCALES_DIR: dirs.localesDir,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      ORG_NAME: 'Test Org',
      ORG_CONTACT: 'help@example.org',
      SIMULATOR: 'false',
      TWILIO_ACCOUNT_SID: `AC${'2'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: '+15005550006',
      TWILIO_API_URL: fakeSms.url,
      TWILIO_MPS: '100',
      TELEGRAM_BOT_TOKEN: '123:pg',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_URL: fakeTg.url,
      TELEGRAM_CHAT_INTERVAL_MS: '0',
      QUIET_HOURS_START: '00:00',
      QUIET_HOURS_END: '00:00',
    });
    db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: database.url, max: 2 }) }) });

    const sms = async (sid: string, from: string) => {
      const params = { MessageSid: sid, AccountSid: `AC${'2'.repeat(32)}`, From: from, To: '+15005550006', Body: 'hello', NumMedia: '0' };
      const started = Date.now();
      const res = await fetch(`${publicUrl}/webhooks/twilio/sms`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${publicUrl}/webhooks/twilio/sms`, params) },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(15_000),
      }).catch((err: Error) => ({ status: `${err.message} (${(err.cause as Error)?.message}); process ${child!.alive ? 'alive' : 'gone'}` as const }));
      return { status: res.status, ms: Date.now() - started };
    };
    const tg = async (updateId: number, chatId: number) => {
      const update = { update_id: updateId, message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private', first_name: 'Ana' }, from: { id: chatId, is_bot: false, first_name: 'Ana' }, text: 'hello' } };
      const started = Date.now();
      const res = await fetch(`${publicUrl}/webhooks/telegram`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(15_000),
      }).catch((err: Error) => ({ status: `${err.message} (${(err.cause as Error)?.message}); process ${child!.alive ? 'alive' : 'gone'}` as const }));
      return { status: res.status, ms: Date.now() - started };
    };
    const repliesTo = (address: string) => fakeSms.messages.filter((m) => m.resource.to === address).length + fakeTg.sent.filter((m) => String(m.chat.id) === address).length;
    const settled = async () => {
      const open = await db!.selectFrom('messages').select(['direction', 'status']).where((eb) => eb.or([eb.and([eb('direction', '=', 'in'), eb('status', '=', 'received')]), eb.and([eb('direction', '=', 'out'), eb('status', '=', 'pending')])])).execute();
      return open.length === 0;
    };

    // While all is well: what one "hello" gets back.
    expect(await sms(`SM${'1'.repeat(32)}`, '+13125550001')).toMatchObject({ status: 200 });
    expect(await tg(1001, 5_000_001)).toMatchObject({ status: 200 });
    await eventually(async () => repliesTo('+13125550001') > 0 && repliesTo('5000001') > 0 && (await settled()), 20_000, 200);
    await sleep(500);
    const baseline = { sms: repliesTo('+13125550001'), telegram: repliesTo('5000001') };

    // Cut off in the middle of a burst (transactions open, statements in flight). Twilio and
    // Telegram deliver, get an error, and deliver again a little later.
    const burst = Array.from({ length: 30 }, (_, i) => ({ sid: `SM${'3'.repeat(28)}${String(i).padStart(4, '0')}`, from: `+1312555${String(100 + i).padStart(4, '0')}` }));
    let firstDone!: () => void;
    const oneAnswered = new Promise<void>((resolve) => (firstDone = resolve));
    const burstAnswers = Promise.all(
      burst.map(async (b, i) => {
        await sleep(i * 4);
        const answer = await (i % 2 ? sms(b.sid, b.from) : tg(3000 + i, 5_100_000 + i));
        firstDone();
        return answer;
      }),
    );
    await oneAnswered;
    proxy.cut();
    const cutAt = Date.now();
    const whileCut: { sms: (number | string)[]; telegram: (number | string)[]; slowestMs: number } = { sms: [], telegram: [], slowestMs: 0 };
    while (Date.now() - cutAt < CUT_MS) {
      const [a, b] = await Promise.all([sms(`SM${'2'.repeat(32)}`, '+13125550002'), tg(1002, 5_000_002)]);
      whileCut.sms.push(a.status);
      whileCut.telegram.push(b.status);
      whileCut.slowestMs = Math.max(whileCut.slowestMs, a.ms, b.ms);
      await sleep(700);
    }
    proxy.restore();
    if (!child.alive) throw new Error(`the process died while PostgreSQL was away: ${JSON.stringify(whileCut)}\n${child.output()}`);
    const storedWhileCut = await db.selectFrom('messages').select('id').where('direction', '=', 'in').where('provider_id', 'in', [`SM${'2'.repeat(32)}`, 'm5000002-1']).execute();

    // Back: the next delivery of each goes through.
    const after = await eventually(async () => {
      const [a, b] = await Promise.all([sms(`SM${'2'.repeat(32)}`, '+13125550002'), tg(1002, 5_000_002)]);
      return a.status === 200 && b.status === 200 && { sms: a.status, telegram: b.status };
    }, 20_000, 500);
    // The burst: whatever was refused is delivered again until it is taken.
    const firstAnswers = await burstAnswers;
    await eventually(async () => {
      const again = await Promise.all(burst.map((b, i) => (i % 2 ? sms(b.sid, b.from) : tg(3000 + i, 5_100_000 + i))));
      return again.every((a) => a.status === 200);
    }, 20_000, 500);
    // Another delivery of the same (the provider did not hear the 200): still once.
    expect(await sms(`SM${'2'.repeat(32)}`, '+13125550002')).toMatchObject({ status: 200 });
    expect(await tg(1002, 5_000_002)).toMatchObject({ status: 200 });
    const burstAddress = (i: number) => (i % 2 ? burst[i].from : String(5_100_000 + i));
    await eventually(async () => repliesTo('+13125550002') >= baseline.sms && repliesTo('5000002') >= baseline.telegram && burst.every((_, i) => repliesTo(burstAddress(i)) >= (i % 2 ? baseline.sms : baseline.telegram)) && (await settled()), 30_000, 200).catch((err) => {
      throw new Error(`${(err as Error).message}\n${child!.output()}`);
    });
    await sleep(1500);
    process.stderr.write(`[faults] postgres cut ${CUT_MS / 1000} s: burst answers ${JSON.stringify(Object.fromEntries(countBy(firstAnswers, (a) => String(a.status))))}; answers while cut ${JSON.stringify(whileCut)}, after ${JSON.stringify(after)}\n`);

    // The queues: nothing waiting or failed, and every job names a message that exists.
    const queues = [QUEUES.inbound, outboundQueue('sms'), outboundQueue('telegram')].map((name) => new Queue(name, { connection: { url: testRedisUrl() }, prefix }));
    try {
      const counts = await Promise.all(queues.map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed')));
      const jobs = (await Promise.all(queues.map((q) => q.getJobs(['completed', 'failed', 'waiting', 'delayed'], 0, 1000)))).flat();
      const messageIds = jobs.filter((j) => j.name === JOB.send).map((j) => String(j.data.messageId));
      const inboundIds = jobs.filter((j) => j.name === JOB.processContact && j.id?.startsWith('in-')).map((j) => j.id!.slice(3));
      const existing = new Set((await db.selectFrom('messages').select('id').execute()).map((m) => String(m.id)));
      const inbound = await db.selectFrom('messages').select(['id', 'provider_id']).where('direction', '=', 'in').execute();
      expect({
        whileCut: { sms: whileCut.sms.every((s) => typeof s === 'number' && s >= 500) || whileCut.sms, telegram: whileCut.telegram.every((s) => typeof s === 'number' && s >= 500) || whileCut.telegram, prompt: whileCut.slowestMs < 10_000 },
        storedWhileCut: storedWhileCut.length,
        replies: { sms: repliesTo('+13125550002'), telegram: repliesTo('5000002') },
        burstReplies: burst.map((_, i) => repliesTo(burstAddress(i))),
        inboundRows: inbound.length,
        counts: counts.map((c) => Object.values(c).reduce((a, b) => a + b, 0)),
        jobsWithoutMessage: [...messageIds, ...inboundIds].filter((id) => !existing.has(id)),
        inboundWithoutJob: inbound.filter((m) => !inboundIds.includes(String(m.id))).map((m) => m.provider_id),
        alive: child.alive,
      }).toEqual({
        whileCut: { sms: true, telegram: true, prompt: true },
        storedWhileCut: 0,
        replies: baseline,
        burstReplies: burst.map((_, i) => (i % 2 ? baseline.sms : baseline.telegram)),
        inboundRows: 4 + burst.length,
        counts: [0, 0, 0],
        jobsWithoutMessage: [],
        inboundWithoutJob: [],
        alive: true,
      });
      expect(whileCut.sms.length).toBeGreaterThan(1);
    } finally {
      await Promise.all(queues.map((q) => q.close()));
    }
  });
});
