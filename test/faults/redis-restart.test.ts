/**
 * Fault: Redis goes away mid-campaign and comes back. A PRIVATE redis-server (its own port and
 * data directory, append-only with fsync always; never the shared test Redis) is stopped with
 * SIGTERM while a campaign is being sent by a worker process, and started again on the same port
 * and directory a few seconds later.
 *
 *  - While it is down, the web process answers a signed SMS webhook with a status Twilio retries
 *    (503), promptly, and keeps running; once Redis is back the same webhook is accepted, stored
 *    once and answered.
 *  - Nothing of the campaign is lost or doubled: every recipient gets exactly one message.
 */
import twilio from 'twilio';
import { launchCampaign, saveCampaign } from '../../src/campaigns/control';
import { parseCampaignYaml } from '../../src/campaigns/definition';
import { loadConfig } from '../../src/config';
import { importContacts } from '../../src/contacts/import';
import { createLogger } from '../../src/log';
import { startSystem, type System } from '../../src/app/system';
import { campaignEnv, campaignFixtures, cdb } from '../campaigns/helpers';
import { startFakeTwilio, type FakeTwilio } from '../helpers/fake-twilio';
import { freshDatabase, type FreshDatabase } from '../helpers/postgres';
import { freshPrefix } from '../helpers/redis';
import { eventually } from '../helpers/system';
import { ChildSystem, countBy, freePort, frequentStalledChecks, PrivateRedis, sleep, tempDir } from './helpers';


const N = 1500;
const CAMPAIGN = 'redis-restart';
const AUTH_TOKEN = 'fault-token';
const DOWN_MS = 5000;

function csv(): string {
  const rows = Array.from({ length: N }, (_, i) => `+1415555${String(i).padStart(4, '0')},${i % 2 ? 'es' : 'en'},CA,faults,signup form,2025-01-15`);
  return ['phone,language,state,tags,consent_source,consent_date', ...rows].join('\n');
}

describe('Redis restarted mid-campaign', () => {
  let fake: FakeTwilio;
  let database: FreshDatabase;
  let redis: PrivateRedis;
  let seed: System | undefined;
  const children: ChildSystem[] = [];
  const closers: (() => Promise<void>)[] = [];

  afterAll(async () => {
    for (const c of children) await c.kill9().catch(() => undefined);
    for (const close of closers) await close().catch(() => undefined);
    await seed?.stop();
    await fake?.close();
    await database?.drop();
    await redis?.destroy();
  });

  it('nothing is lost, nothing doubled; webhooks get 503 while it is down and go through after', async () => {
    [fake, database, redis] = await Promise.all([startFakeTwilio(), freshDatabase(), PrivateRedis.start()]);
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const env = campaignEnv(campaignFixtures(), {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: freshPrefix('fault-redis'),
      DATA_DIR: tempDir('redis-restart'),
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: publicUrl,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      ORG_NAME: 'Test Org',
      ORG_CONTACT: 'help@example.org',
      SIMULATOR: 'false',
      TWILIO_ACCOUNT_SID: `AC${'3'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: '+15005550006',
      TWILIO_API_URL: fake.url,
      // Slow enough that the campaign is still going when Redis stops.
      TWILIO_MPS: '150',
      WORKER_CONCURRENCY: '8',
      QUIET_HOURS_START: '00:00',
      QUIET_HOURS_END: '00:00',
    });
    const config = loadConfig({ ...env, PORT: '0', LOG_LEVEL: 'silent' });
    seed = await startSystem({ config, web: false, workers: false, log: createLogger('silent') });
    const rt = seed.runtime;
    const report = await importContacts({ db: rt.db.kysely, config: rt.config, languages: rt.translator.languages, now: rt.now }, csv(), { fileName: 'faults.csv', attestedBy: 'Test Organizer' });
    expect(report).toMatchObject({ ok: true, created: N });
    await saveCampaign(rt, parseCampaignYaml(`id: ${CAMPAIGN}\nname: Redis restart\naudience: { tags: [faults], channels: [sms] }\nmessage: campaign.register_nudge\n`));

    const [web, worker] = await Promise.all([ChildSystem.start('web', 'web', env), ChildSystem.start('worker', 'worker', env)]);
    children.push(web, worker);

    // A signed incoming SMS, as Twilio posts it (and posts it again after a 5xx or a timeout).
    const params = { MessageSid: `SM${'d'.repeat(32)}`, AccountSid: env.TWILIO_ACCOUNT_SID, From: '+14155559999', To: '+15005550006', Body: 'hello', NumMedia: '0' };
    const webhook = async (timeoutMs = 12_000, p: Record<string, string> = params) => {
      const started = Date.now();
      const res = await fetch(`${publicUrl}/webhooks/twilio/sms`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${publicUrl}/webhooks/twilio/sms`, p) },
        body: new URLSearchParams(p).toString(),
        signal: AbortSignal.timeout(timeoutMs),
      }).catch((err: Error) => ({ status: `no answer within ${timeoutMs} ms (${err.name})` as const, headers: new Headers() }));
      return { status: res.status, retryAfter: res.headers.get('retry-after'), ms: Date.now() - started };
    };

    await launchCampaign(rt, CAMPAIGN);
    await eventually(async () => fake.messages.length >= N / 3, 60_000, 10);
    await redis.stop('SIGTERM');
    const downAt = Date.now();
    const sentAtStop = fake.messages.length;
    await sleep(300);
    // Twilio waits 15 s for an answer; a 5xx (or no answer) makes it retry.
    const whileDown = [await webhook(), await webhook()];
    const health = await fetch(`${publicUrl}/healthz`, { signal: AbortSignal.timeout(12_000) }).then((r) => r.status).catch(() => 'no answer');
    await sleep(Math.max(0, DOWN_MS - (Date.now() - downAt)));
    await redis.start();
    const upAt = Date.now();
    // Jobs whose end could not be written while Redis was away come back as stalled ones, once
    // their lock has expired; checked every second rather than every 30 s (see ./helpers).
    const checks = await frequentStalledChecks(redis.url, env.QUEUE_PREFIX, ['campaigns', 'outbound-sms', 'inbound']);
    closers.push(() => checks.close());

    // Back: the same webhook, retried until Redis answers the web process again.
    const afterUp = await eventually(async () => {
      const r = await webhook();
      return r.status === 200 && r;
    }, 20_000, 500);
    const inbound = async (sid = params.MessageSid) => rt.db.kysely.selectFrom('messages').select(['id', 'status']).where('direction', '=', 'in').where('provider_id', '=', sid).execute();
    await eventually(async () => (await inbound()).every((m) => m.status !== 'received') && fake.messages.some((m) => m.resource.to === params.From), 30_000, 250);

    // And the campaign finishes with everyone served once.
    await eventually(
      async () => {
        const done = await cdb(rt).selectFrom('campaign_progress').select('done_at').where('campaign_id', '=', CAMPAIGN).executeTakeFirst();
        const waiting = await cdb(rt)
          .selectFrom('campaign_recipients as r')
          .innerJoin('messages as m', 'm.id', 'r.message_id')
          .select('m.id')
          .where('r.campaign_id', '=', CAMPAIGN)
          .where('m.status', 'in', ['pending', 'scheduled', 'held'])
          .execute();
        if (process.env.FAULTS_DEBUG) process.stderr.write(`${Date.now() - upAt} ms after: fan-out ${done?.done_at ? 'done' : 'going'}, ${waiting.length} waiting, ${fake.messages.length} sent, jobs ${JSON.stringify(await rt.queues.get('outbound-sms').getJobCounts())}\n`);
        return Boolean(done?.done_at) && waiting.length === 0;
      },
      70_000,
      1000,
    ).catch((err) => {
      throw new Error(`${(err as Error).message}: ${fake.messages.length} sent\nweb:\n${web.output()}\nworker:\n${worker.output()}`);
    });
    await sleep(1000);

    // Redis hangs rather than goes away (SIGSTOP): connected, "ready", silent. The webhook still
    // gets its 503 (after a bounded wait) and goes through once Redis answers again.
    const hung = { ...params, MessageSid: `SM${'e'.repeat(32)}`, From: '+14155559998', Body: 'hi again' };
    redis.pause();
    const whileHung = await webhook(12_000, hung);
    redis.resume();
    const afterHung = await eventually(async () => {
      const r = await webhook(12_000, hung);
      return r.status === 200 && r;
    }, 20_000, 500);
    await eventually(async () => (await inbound(hung.MessageSid)).every((m) => m.status !== 'received') && fake.messages.some((m) => m.resource.to === hung.From), 30_000, 250);

    process.stderr.write(`[faults] redis hung: webhook ${JSON.stringify(whileHung)}, after ${JSON.stringify(afterHung)}\n`);
    process.stderr.write(`[faults] redis restart: stopped at ${sentAtStop} sent, down ${Math.round((upAt - downAt) / 100) / 10} s; webhook while down ${JSON.stringify(whileDown)}, after ${JSON.stringify(afterUp)}; campaign done ${Math.round((Date.now() - upAt) / 1000)} s after Redis came back\n`);

    const got = countBy(fake.messages.filter((m) => m.resource.to !== params.From && m.resource.to !== hung.From), (m) => m.resource.to);
    const wrong = Array.from({ length: N }, (_, i) => `+1415555${String(i).padStart(4, '0')}`).filter((to) => got.get(to) !== 1);
    expect({
      whileDown: whileDown.map((r) => ({ status: r.status, retryAfter: r.retryAfter, prompt: r.ms < 10_000 })),
      health,
      whileHung: { status: whileHung.status, prompt: whileHung.ms < 10_000 },
      inboundAfterHang: (await inbound(hung.MessageSid)).length,
      webAlive: web.alive,
      workerAlive: worker.alive,
      inbound: (await inbound()).length,
      wrongCount: wrong.length,
      wrong: wrong.slice(0, 10).map((to) => `${to}: ${got.get(to) ?? 0}`),
    }).toEqual({
      whileDown: [
        { status: 503, retryAfter: expect.any(String), prompt: true },
        { status: 503, retryAfter: expect.any(String), prompt: true },
      ],
      health: 503,
      whileHung: { status: 503, prompt: true },
      inboundAfterHang: 1,
      webAlive: true,
      workerAlive: true,
      inbound: 1,
      wrongCount: 0,
      wrong: [],
    });
  });
});
