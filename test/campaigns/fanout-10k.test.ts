/**
 * A campaign to 10,000 contacts (Spanish and English, SMS and Telegram, 10% opted out, 5% in
 * quiet hours) on PostgreSQL and a real Redis, through the real twilio and grammY SDKs to the fake
 * providers. Each eligible person gets exactly one message, in their language; none reach the
 * opted-out; the quiet-hours ones wait in the database ('scheduled', send_at 08:00 their time, on
 * the injected clock, with no job in Redis) and are released then. Then again, with the fan-out killed mid-way (it dies between
 * committing a page and queueing its sends, its worker is closed abruptly) and the campaign
 * launched again from a second system on the same database and queues: still exactly once.
 *
 * Pacing is off: Twilio's at TWILIO_MPS, Telegram's limiter removed, no campaign pacing.
 */
import { launchCampaign, saveCampaign } from '../../src/campaigns/control';
import { parseCampaignYaml } from '../../src/campaigns/definition';
import { startCampaignWorkers, type CampaignWorkers } from '../../src/campaigns/module';
import { campaignStatus } from '../../src/campaigns/status';
import { tickCampaigns } from '../../src/campaigns/tick';
import { loadConfig } from '../../src/config';
import { importContacts } from '../../src/contacts/import';
import { createLogger } from '../../src/log';
import { jobIds, outboundQueue } from '../../src/queue/jobs';
import type { Runtime } from '../../src/runtime/runtime';
import { startSystem, type System } from '../../src/app/system';
import { startWorkers } from '../../src/runtime/workers';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram';
import { startFakeTwilio, type FakeTwilio } from '../helpers/fake-twilio';
import { freshDatabase, type FreshDatabase } from '../helpers/postgres';
import { cleanPrefix, freshPrefix, testRedisUrl } from '../helpers/redis';
import { eventually } from '../helpers/system';
import { campaignEnv, campaignFixtures, cdb, ManualClock } from './helpers';


const N = 10_000;
/** Noon in New York; 06:00 in Honolulu, two hours before quiet hours end. */
const START = '2030-06-04T16:00:00Z';
const HONOLULU_0800 = new Date('2030-06-04T18:00:00Z');

/** One generated person. */
interface Person {
  i: number;
  channel: 'sms' | 'telegram';
  address: string;
  language: 'en' | 'es';
  optedOut: boolean;
  quiet: boolean;
}

function people(): Person[] {
  const out: Person[] = [];
  for (let i = 0; i < N; i++) {
    const channel = i % 5 < 3 ? 'sms' : 'telegram';
    const quiet = i % 20 === 1; // an SMS number in Hawaii (808): 06:00 there
    const address = channel === 'telegram' ? String(7_000_000 + i) : `+1${quiet ? '808' : '212'}555${String(i).padStart(4, '0')}`;
    out.push({ i, channel, address, language: i % 3 === 0 ? 'es' : 'en', optedOut: (i * 7919) % 100 < 10, quiet });
  }
  return out;
}

function csv(ps: Person[]): string {
  const rows = ps.map((p) => {
    const language = p.i % 3 === 2 ? '' : p.language; // a third have no language: the default (en)
    const state = p.quiet ? 'HI' : ['NY', 'CA', 'TX'][p.i % 3];
    return `${p.channel === 'sms' ? p.address : ''},${p.channel === 'telegram' ? p.address : ''},${language},${state},big,signup form,2030-05-01`;
  });
  return ['phone,telegram_id,language,state,tags,consent_source,consent_date', ...rows].join('\n');
}

const campaign = (id: string) => `
id: ${id}
name: Registration nudge to everyone
audience: { tags: [big], channels: [sms, telegram] }
message: campaign.register_nudge
`;

/** A system on a given database and queue prefix, with its workers started by hand (so they can be killed). */
interface Node {
  system: System;
  rt: Runtime;
  core: { close(): Promise<void> };
  campaigns: CampaignWorkers;
}

async function startNode(env: Record<string, string>, clock: ManualClock): Promise<Node> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: ':memory:', REDIS_URL: testRedisUrl(), LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ORG_NAME: 'Test Org', ORG_CONTACT: 'help@example.org', ...env });
  const system = await startSystem({ config, web: false, workers: false, log: createLogger(config.LOG_LEVEL), now: clock.now });
  const rt = system.runtime;
  // Pacing off: Telegram's 30/s bulk limit would make this test take minutes (it is unit-tested with the adapter).
  (rt.channels.get('telegram') as { limiter?: unknown }).limiter = undefined;
  const core = await startWorkers(rt);
  const campaigns = await startCampaignWorkers(rt);
  return { system, rt, core, campaigns };
}

async function stopNode(node: Node | undefined): Promise<void> {
  if (!node) return;
  await node.campaigns.close().catch(() => undefined);
  await node.core.close().catch(() => undefined);
  await node.system.stop();
}

/** What each address received from the fakes. */
function received(twilio: FakeTwilio, telegram: FakeTelegram): Map<string, string[]> {
  const got = new Map<string, string[]>();
  for (const m of twilio.messages) got.set(m.resource.to, [...(got.get(m.resource.to) ?? []), m.resource.body]);
  for (const m of telegram.sent) got.set(String(m.chat.id), [...(got.get(String(m.chat.id)) ?? []), m.text]);
  return got;
}

/** Exactly one message, in the right language, for each eligible person; none for the others. */
function assertExactlyOnce(ps: Person[], got: Map<string, string[]>, opts: { includeQuiet: boolean }): void {
  const problems: string[] = [];
  for (const p of ps) {
    const texts = got.get(p.address) ?? [];
    const expected = p.optedOut || (p.quiet && !opts.includeQuiet) ? 0 : 1;
    if (texts.length !== expected) problems.push(`${p.address}: ${texts.length} messages, expected ${expected}`);
    else if (expected && !texts[0].includes(p.language === 'es' ? 'El plazo para registrarte para votar' : 'The voter registration deadline')) problems.push(`${p.address}: not in ${p.language}`);
  }
  expect(problems.slice(0, 10)).toEqual([]);
}

/**
 * Sends waiting for 08:00 in Honolulu: each 'scheduled' for exactly then, in the database and in
 * no queue (nothing else of the campaign is waiting); released by the periodic check when the
 * clock gets there.
 */
async function releaseQuietHours(rt: Runtime, id: string, ps: Person[], clock: ManualClock): Promise<void> {
  const rows = await cdb(rt)
    .selectFrom('campaign_recipients as r')
    .innerJoin('messages as m', 'm.id', 'r.message_id')
    .select(['m.id', 'm.status', 'r.send_at'])
    .where('r.campaign_id', '=', id)
    .where('m.status', 'in', ['pending', 'scheduled', 'held'])
    .execute();
  expect(rows).toHaveLength(ps.filter((p) => p.quiet && !p.optedOut).length);
  expect(new Set(rows.map((r) => `${r.status} ${r.send_at && new Date(r.send_at).toISOString()}`))).toEqual(new Set([`scheduled ${HONOLULU_0800.toISOString()}`]));
  const queue = rt.queues.get(outboundQueue('sms'));
  const queued = await Promise.all(rows.map((r) => queue.getJob(jobIds.send(String(r.id)))));
  expect(queued.filter(Boolean)).toHaveLength(0);
  clock.set(HONOLULU_0800.toISOString());
  expect((await tickCampaigns(rt)).find((t) => t.campaignId === id)).toMatchObject({ releasing: true });
}

/** Waits until the fan-out is done and `expected` messages of the campaign have gone (a cheap count, polled twice a second). */
async function waitUntilSent(rt: Runtime, id: string, expected: number, timeoutMs = 120_000): Promise<void> {
  const db = cdb(rt);
  await eventually(
    async () => {
      const progress = await db.selectFrom('campaign_progress').select('done_at').where('campaign_id', '=', id).where('step', '=', 1).executeTakeFirst();
      if (!progress?.done_at) return false;
      const { n } = await db
        .selectFrom('campaign_recipients as r')
        .innerJoin('messages as m', 'm.id', 'r.message_id')
        .select(({ fn }) => fn.countAll<string>().as('n'))
        .where('r.campaign_id', '=', id)
        .where('m.status', 'not in', ['pending', 'scheduled', 'held'])
        .executeTakeFirstOrThrow();
      return Number(n) === expected;
    },
    timeoutMs,
    500,
  );
}

describe('a campaign to 10,000 contacts (PostgreSQL)', () => {
  const ps = people();
  const eligible = ps.filter((p) => !p.optedOut);
  const fixtures = campaignFixtures();
  let twilio: FakeTwilio;
  let telegram: FakeTelegram;
  let database: FreshDatabase;
  const prefixes: string[] = [];
  const nodes: Node[] = [];

  /** The settings of every node: one database; each test its own queue prefix. */
  const envFor = (prefix: string) =>
    campaignEnv(fixtures, {
      DATABASE_URL: database.url,
      QUEUE_PREFIX: prefix,
      TWILIO_ACCOUNT_SID: `AC${'9'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'big-campaign-token',
      TWILIO_FROM: '+15005550006',
      TWILIO_API_URL: twilio.url,
      TWILIO_MPS: '100000',
      TELEGRAM_BOT_TOKEN: '123:big',
      TELEGRAM_WEBHOOK_SECRET: 'big-secret',
      TELEGRAM_API_URL: telegram.url,
      SIMULATOR: 'false',
      WORKER_CONCURRENCY: '16',
      CAMPAIGN_TICK_MS: '3600000',
    });

  async function node(name: string, clock: ManualClock, prefix?: string): Promise<{ node: Node; env: Record<string, string> }> {
    if (!prefix) prefixes.push((prefix = freshPrefix(name)));
    const env = envFor(prefix);
    const n = await startNode(env, clock);
    nodes.push(n);
    return { node: n, env };
  }

  beforeAll(async () => {
    [twilio, telegram] = await Promise.all([startFakeTwilio(), startFakeTelegram()]);
    database = await freshDatabase();
    // The contacts, once for both tests: 10,000 from a file, then 10% opt out (STOP, a 21610, ...).
    const { node: first } = await node('big-import', new ManualClock(Date.parse(START)));
    const rt = first.rt;
    const report = await importContacts({ db: rt.db.kysely, config: rt.config, languages: rt.translator.languages, now: rt.now }, csv(ps), { fileName: 'big.csv', attestedBy: 'Test Organizer' });
    expect(report).toMatchObject({ ok: true, created: N, optIns: N });
    const out = ps.filter((p) => p.optedOut).map((p) => p.address);
    await rt.db.kysely.updateTable('identities').set({ opted_out: true, opted_out_at: rt.now() }).where('address', 'in', out).execute();
    for (const n of nodes.splice(0)) await stopNode(n);
  });
  afterEach(async () => {
    for (const n of nodes.splice(0)) await stopNode(n);
    twilio.reset();
    telegram.reset();
  });
  afterAll(async () => {
    for (const n of nodes.splice(0)) await stopNode(n);
    await Promise.all([twilio?.close(), telegram?.close()]);
    for (const p of prefixes) await cleanPrefix(p);
    await database?.drop();
  });

  test('each eligible contact gets exactly one message, in their language; quiet hours wait for 08:00', async () => {
    const clock = new ManualClock(Date.parse(START));
    const { node: n } = await node('big', clock);
    const rt = n.rt;
    await saveCampaign(rt, parseCampaignYaml(campaign('big')));
    const started = Date.now();
    await launchCampaign(rt, 'big');
    await waitUntilSent(rt, 'big', eligible.filter((p) => !p.quiet).length);
    assertExactlyOnce(ps, received(twilio, telegram), { includeQuiet: false });
    const firstPass = Date.now() - started;

    await releaseQuietHours(rt, 'big', ps, clock);
    await waitUntilSent(rt, 'big', eligible.length);
    assertExactlyOnce(ps, received(twilio, telegram), { includeQuiet: true });
    await tickCampaigns(rt);
    const s = await campaignStatus(rt, 'big');
    expect(s).toMatchObject({ status: 'completed', totals: { handedOut: eligible.length, sent: eligible.length, failed: 0, waiting: 0 } });
    process.stderr.write(`10k campaign: ${eligible.length - ps.filter((p) => p.quiet && !p.optedOut).length} messages in ${Math.round(firstPass / 1000)} s, the rest at 08:00 Honolulu\n`);
  });

  test('killed mid-way and launched again from a second system: still exactly once', async () => {
    const clock = new ManualClock(Date.parse(START));
    const { node: first, env } = await node('big-kill', clock);
    const rt = first.rt;
    await saveCampaign(rt, parseCampaignYaml(campaign('big-kill')));
    // The crash: after four pages, the fan-out dies between committing a page (ledger rows and
    // messages) and queueing its sends; its worker is closed without waiting (close(true)).
    let calls = 0;
    let crashed = false;
    for (const channel of ['sms', 'telegram'] as const) {
      const queue = rt.queues.get(outboundQueue(channel));
      const addBulk = queue.addBulk.bind(queue);
      queue.addBulk = async (jobs) => {
        if (crashed || ++calls > 8) {
          crashed = true;
          throw new Error('killed');
        }
        return addBulk(jobs);
      };
    }
    await launchCampaign(rt, 'big-kill');
    await eventually(async () => crashed, 60_000, 10);
    await first.campaigns.close(true);
    await first.core.close();
    const ledger = async () => Number((await cdb(rt).selectFrom('campaign_recipients').select(({ fn }) => fn.countAll<string>().as('n')).where('campaign_id', '=', 'big-kill').executeTakeFirstOrThrow()).n);
    const handedOut = await ledger();
    expect(handedOut).toBeGreaterThan(0);
    expect(handedOut).toBeLessThan(eligible.length);
    // Messages stored, never queued: what the crash left behind.
    const pending = await cdb(rt)
      .selectFrom('campaign_recipients as r')
      .innerJoin('messages as m', 'm.id', 'r.message_id')
      .select('m.id')
      .where('r.campaign_id', '=', 'big-kill')
      .where('m.status', '=', 'pending')
      .execute();
    const orphans = (await Promise.all(pending.map(async (m) => !(await rt.queues.get(outboundQueue('sms')).getJob(jobIds.send(String(m.id)))) && !(await rt.queues.get(outboundQueue('telegram')).getJob(jobIds.send(String(m.id))))))).filter(Boolean);
    expect(orphans.length).toBeGreaterThan(0);

    // A second system on the same database and queues; the organizer launches again.
    const { node: second } = await node('big-kill-2', clock, env.QUEUE_PREFIX);
    expect(await launchCampaign(second.rt, 'big-kill')).toMatchObject({ relaunch: true });
    await waitUntilSent(second.rt, 'big-kill', eligible.filter((p) => !p.quiet).length);
    assertExactlyOnce(ps, received(twilio, telegram), { includeQuiet: false });

    // And once more for good measure, then 08:00 in Honolulu: nothing goes twice.
    await launchCampaign(second.rt, 'big-kill');
    await releaseQuietHours(second.rt, 'big-kill', ps, clock);
    await waitUntilSent(second.rt, 'big-kill', eligible.length);
    assertExactlyOnce(ps, received(twilio, telegram), { includeQuiet: true });
  });
});
