/**
 * Fault: a worker PROCESS (`node bin/civic-engage.js worker`) is killed with SIGKILL in the middle
 * of a 5,000-recipient campaign (fan-out pages still being handed out, sends in flight), then a new
 * worker process is started on the same PostgreSQL database and queues. Every eligible recipient
 * gets exactly one message at the fake providers, the opted-out none, and the recipients ledger
 * agrees with the messages.
 *
 * BullMQ gives a killed worker's active jobs back once their lock has expired and a stalled-job
 * check has seen it: within one to two WORKER_STALL_MS (30 s by default; 5 s here, which is also
 * the proof that the setting reaches every worker of the process).
 */
import { launchCampaign, saveCampaign } from '../../src/campaigns/control';
import { parseCampaignYaml } from '../../src/campaigns/definition';
import { loadConfig } from '../../src/config';
import { importContacts } from '../../src/contacts/import';
import { createLogger } from '../../src/log';
import { startSystem, type System } from '../../src/app/system';
import { campaignEnv, campaignFixtures, cdb } from '../campaigns/helpers';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram';
import { startFakeTwilio, type FakeTwilio } from '../helpers/fake-twilio';
import { freshDatabase, type FreshDatabase } from '../helpers/postgres';
import { cleanPrefix, freshPrefix, testRedisUrl } from '../helpers/redis';
import { eventually } from '../helpers/system';
import { ChildSystem, countBy, sleep, tempDir } from './helpers';


const N = 5_000;
/** Telegram is paced at 30/s in a worker process (its limiter cannot be switched off there): a few hundred only. */
const TELEGRAM_EVERY = 20;
const CAMPAIGN = 'kill-9';

interface Person {
  i: number;
  channel: 'sms' | 'telegram';
  address: string;
  optedOut: boolean;
}

function people(): Person[] {
  const out: Person[] = [];
  for (let i = 0; i < N; i++) {
    const channel = i % TELEGRAM_EVERY === 7 ? 'telegram' : 'sms';
    out.push({ i, channel, address: channel === 'telegram' ? String(8_000_000 + i) : `+1212555${String(i).padStart(4, '0')}`, optedOut: (i * 7919) % 100 < 10 });
  }
  return out;
}

function csv(ps: Person[]): string {
  const rows = ps.map((p) => `${p.channel === 'sms' ? p.address : ''},${p.channel === 'telegram' ? p.address : ''},${p.i % 2 ? 'es' : 'en'},${['NY', 'CA', 'TX'][p.i % 3]},faults,signup form,2025-01-15`);
  return ['phone,telegram_id,language,state,tags,consent_source,consent_date', ...rows].join('\n');
}

describe('kill -9 of a worker process mid-campaign', () => {
  const ps = people();
  const eligible = ps.filter((p) => !p.optedOut);
  let twilio: FakeTwilio;
  let telegram: FakeTelegram;
  let database: FreshDatabase;
  let seed: System | undefined;
  const prefix = freshPrefix('fault-kill-campaign');
  const children: ChildSystem[] = [];

  afterAll(async () => {
    for (const c of children) await c.kill9().catch(() => undefined);
    await seed?.stop();
    await Promise.all([twilio?.close(), telegram?.close()]);
    await cleanPrefix(prefix);
    await database?.drop();
  });

  it('every eligible recipient gets exactly one message, after a new worker takes over', async () => {
    [twilio, telegram] = await Promise.all([startFakeTwilio(), startFakeTelegram()]);
    database = await freshDatabase();
    const env = campaignEnv(campaignFixtures(), {
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix,
      DATA_DIR: tempDir('kill-campaign'),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      ORG_NAME: 'Test Org',
      ORG_CONTACT: 'help@example.org',
      SIMULATOR: 'false',
      TWILIO_ACCOUNT_SID: `AC${'5'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'fault-token',
      TWILIO_FROM: '+15005550006',
      TWILIO_API_URL: twilio.url,
      TWILIO_MPS: '100000',
      TELEGRAM_BOT_TOKEN: '123:fault',
      TELEGRAM_WEBHOOK_SECRET: 'fault-secret',
      TELEGRAM_API_URL: telegram.url,
      WORKER_CONCURRENCY: '16',
      WORKER_STALL_MS: '5000',
      // Any hour is a sending hour: the test runs on the real clock, at whatever time CI runs it.
      QUIET_HOURS_START: '00:00',
      QUIET_HOURS_END: '00:00',
    });

    // Contacts and the campaign, written from this process (no workers here).
    const config = loadConfig({ ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
    seed = await startSystem({ config, web: false, workers: false, log: createLogger('silent') });
    const rt = seed.runtime;
    const report = await importContacts({ db: rt.db.kysely, config: rt.config, languages: rt.translator.languages, now: rt.now }, csv(ps), { fileName: 'faults.csv', attestedBy: 'Test Organizer' });
    if (!report.ok) throw new Error(JSON.stringify({ ...report, errors: report.errors.slice(0, 3) }));
    expect(report).toMatchObject({ ok: true, created: N });
    await rt.db.kysely.updateTable('identities').set({ opted_out: true, opted_out_at: new Date() }).where('address', 'in', ps.filter((p) => p.optedOut).map((p) => p.address)).execute();
    await saveCampaign(rt, parseCampaignYaml(`id: ${CAMPAIGN}\nname: Kill nine\naudience: { tags: [faults], channels: [sms, telegram] }\nmessage: campaign.register_nudge\n`));

    const started = Date.now();
    const first = await ChildSystem.start('worker-1', 'worker', env);
    children.push(first);
    await launchCampaign(rt, CAMPAIGN);

    // Mid-campaign: a third of the messages out, the rest being handed out and sent.
    await eventually(async () => twilio.messages.length >= eligible.length / 3, 60_000, 5);
    await first.kill9();
    const killedAt = Date.now();
    const atKill = { sms: twilio.messages.length, telegram: telegram.sent.length, ledger: await ledgerCount() };
    const progress = await cdb(rt).selectFrom('campaign_progress').select(['cursor', 'done_at']).where('campaign_id', '=', CAMPAIGN).executeTakeFirst();
    expect(atKill.sms + atKill.telegram).toBeLessThan(eligible.length);

    const second = await ChildSystem.start('worker-2', 'worker', env);
    children.push(second);
    try {
      await eventually(
        async () => {
          const done = await cdb(rt).selectFrom('campaign_progress').select('done_at').where('campaign_id', '=', CAMPAIGN).executeTakeFirst();
          if (!done?.done_at) return false;
          const waiting = await cdb(rt)
            .selectFrom('campaign_recipients as r')
            .innerJoin('messages as m', 'm.id', 'r.message_id')
            .select(({ fn }) => fn.countAll<string>().as('n'))
            .where('r.campaign_id', '=', CAMPAIGN)
            .where('m.status', 'in', ['pending', 'scheduled', 'held'])
            .executeTakeFirstOrThrow();
          return Number(waiting.n) === 0;
        },
        110_000,
        500,
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}; at the kill: ${JSON.stringify({ atKill, progress })}; now ${twilio.messages.length} SMS, ${telegram.sent.length} Telegram\n${second.output()}`);
    }
    await sleep(1500); // a duplicate would be in flight by now
    if (process.env.FAULTS_DEBUG) process.stderr.write(`worker-1:\n${first.output()}\nworker-2:\n${second.output()}\n`);
    process.stderr.write(`[faults] campaign kill -9: killed ${Math.round((killedAt - started) / 1000)} s after launch at ${JSON.stringify(atKill)} (fan-out ${progress?.done_at ? 'done' : `at ${progress?.cursor}`}); all sent ${Math.round((Date.now() - started) / 1000)} s after launch\n`);

    // Exactly once at the providers; the ledger: one row per eligible person, each with one message
    // that went out; no campaign message outside the ledger (a page written twice would leave one).
    //
    // A recipient served twice, once just before the kill and again once the killed send job came
    // back (its lock expired), is deliver()'s window between the provider accepting a message and
    // its status being written (src/runtime/deliver.ts; issue #8): a crash there sends it again.
    // Twilio can be asked afterwards whether the message went out; the Telegram Bot API cannot (no
    // idempotency key, no way to list what a bot sent), so a Telegram message that was on the wire
    // when the worker died may go twice, and only such a one: its first copy left in the last
    // second before the kill.
    const sentAt = (address: string) => [
      ...twilio.requests.filter((r) => r.status === 201 && r.params.To === address).map((r) => r.at.getTime()),
      ...telegram.requests.filter((r) => r.status === 200 && r.method === 'sendMessage' && String(r.body.chat_id) === address).map((r) => r.at.getTime()),
    ];
    const got = new Map<string, number>();
    for (const [k, n] of countBy(twilio.messages, (m) => m.resource.to)) got.set(k, n);
    for (const [k, n] of countBy(telegram.sent, (m) => String(m.chat.id))) got.set(k, n);
    const inFlightAtKill = (p: Person) => p.channel === 'telegram' && got.get(p.address) === 2 && sentAt(p.address).some((t) => t <= killedAt && t > killedAt - 1000);
    const tolerated = ps.filter(inFlightAtKill);
    const wrong = ps.filter((p) => (got.get(p.address) ?? 0) !== (p.optedOut ? 0 : 1) && !inFlightAtKill(p));
    if (tolerated.length) process.stderr.write(`[faults] campaign kill -9: ${tolerated.length} Telegram message(s) in flight at the kill went twice\n`);
    const rows = await cdb(rt)
      .selectFrom('campaign_recipients as r')
      .leftJoin('messages as m', 'm.id', 'r.message_id')
      .select(['r.contact_id', 'r.status', 'm.status as message_status'])
      .where('r.campaign_id', '=', CAMPAIGN)
      .execute();
    const outbound = await rt.db.kysely.selectFrom('messages').select(({ fn }) => fn.countAll<string>().as('n')).where('direction', '=', 'out').where('kind', '=', 'notification').executeTakeFirstOrThrow();
    const telegramEligible = eligible.filter((p) => p.channel === 'telegram').length;
    expect({
      wrongCount: wrong.length,
      wrong: wrong.slice(0, 10).map((p) => `${p.address}: ${got.get(p.address) ?? 0} (expected ${p.optedOut ? 0 : 1}), sent at ${sentAt(p.address).map((t) => `kill${t - killedAt >= 0 ? '+' : ''}${t - killedAt} ms`).join(', ')}`),
      ledgerRows: rows.length,
      ledger: Object.fromEntries(countBy(rows, (r) => `${r.status}/${r.message_status}`)),
      campaignMessages: Number(outbound.n),
    }).toEqual({
      wrongCount: 0,
      wrong: [],
      ledgerRows: eligible.length,
      ledger: { 'queued/queued': eligible.length - telegramEligible, 'queued/sent': telegramEligible },
      campaignMessages: eligible.length,
    });

    async function ledgerCount(): Promise<number> {
      const r = await cdb(rt).selectFrom('campaign_recipients').select(({ fn }) => fn.countAll<string>().as('n')).where('campaign_id', '=', CAMPAIGN).executeTakeFirstOrThrow();
      return Number(r.n);
    }
  });
});
