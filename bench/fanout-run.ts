/**
 * One campaign fan-out, measured: the campaign's workers run as separate processes
 * (`node bin/civic-engage.js worker`, one or more, against the same Redis and PostgreSQL), this
 * process saves and launches the campaign and counts what reaches the fake Twilio. Also the bare
 * BullMQ baseline (bench/bare-worker.ts) under the same conditions.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { startFakeTwilio, type FakeTwilio } from '../test/helpers/fake-twilio';
import { cleanPrefix, freshPrefix } from '../test/helpers/redis';
import { launchCampaign, saveCampaign } from '../src/campaigns/control';
import { parseCampaignYaml } from '../src/campaigns/definition';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { startSystem } from '../src/app/system';
import { Client } from 'pg';
import { spawnCli, spawnTs, type Child } from './children';
import { backendCpu, backendCpuBetween } from './cpu';
import { baseSettings, SMS } from './live-system';
import { benchServices } from './services';
import { TwilioSink } from './sink';
import { sleep } from './stats';

/** Election data with every fact the registration nudge names, for the seeded states. */
const ELECTIONS = `
example: false
election: { name: Bench Election, date: '2030-11-05' }
national: { info_url: https://vote.gov }
states:
${['NY', 'CA', 'TX']
  .map(
    (s) => `  ${s}:
    timezone: America/New_York
    office: ${s} Elections Office
    office_url: https://elections.example.org/${s.toLowerCase()}
    register_url: https://register.example.org/${s.toLowerCase()}
    dates: { registration_deadline: '2030-10-10', election_day: '2030-11-05' }`,
  )
  .join('\n')}
`;

let electionsFile: string | undefined;

/**
 * Sends in flight in both pipelines: ours at its default SEND_CONCURRENCY (src/config.ts), the bare
 * worker at the same. BENCH_FANOUT_CONCURRENCY sets both, to compare them at another.
 */
export const FANOUT_CONCURRENCY = Number(process.env.BENCH_FANOUT_CONCURRENCY ?? 32);
/** The fan-out's backlog limit (CAMPAIGN_BACKLOG default), also the bare producer's. */
export const BACKLOG = 2000;

/** What one fan-out run measured. */
export interface FanoutResult {
  label: string;
  messages: number;
  /** From launch (or the bare worker's start) to the last message at the fake. */
  seconds: number;
  perSecond: number;
  /** From launch to the first message at the fake. */
  firstMs: number;
  /** Per worker process: RSS once started (before any work) and at its peak (VmHWM). */
  baseRss: number[];
  peakRss: number[];
  /** CPU seconds of all the worker processes together, per 1,000 messages. */
  cpuPer1k: number;
  /** CPU seconds of the PostgreSQL backends serving this database, per 1,000 messages (ours only). */
  pgCpuPer1k?: number;
  /** Growth of messages + campaign_recipients, bytes per message (ours only). */
  dbBytesPerMessage?: number;
  /** Transactions committed in the database (every statement outside one counts one), per message (ours only). */
  pgCommitsPerMessage?: number;
}

export interface FanoutSetup {
  databaseUrl: string;
  /** Messages expected (every seeded contact). */
  n: number;
  workers: number;
  campaignId: string;
  /** The fake Twilio answers each request this many ms late (a provider API's round trip); default 0. */
  latencyMs?: number;
  /** Extra settings of the worker processes (e.g. CAMPAIGN_BACKLOG). */
  extra?: Record<string, string>;
  progress?: (text: string) => void;
}

async function withClient<T>(databaseUrl: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Transactions committed in the database so far (pg_stat_database; flushed by the backends within a second or so). */
async function commits(databaseUrl: string): Promise<number> {
  return withClient(databaseUrl, async (c) => Number((await c.query<{ n: string }>(`SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()`)).rows[0].n));
}

async function tableBytes(databaseUrl: string): Promise<number> {
  return withClient(databaseUrl, async (c) => Number((await c.query<{ n: string }>(`SELECT pg_total_relation_size('messages') + pg_total_relation_size('campaign_recipients') AS n`)).rows[0].n));
}

/** Runs one campaign to every seeded contact through `workers` worker processes. */
export async function runOurFanout(setup: FanoutSetup): Promise<FanoutResult> {
  const services = await benchServices();
  electionsFile ??= path.join(mkdtempSync(path.join(tmpdir(), 'ce-bench-')), 'elections.yaml');
  writeFileSync(electionsFile, ELECTIONS);
  const twilio: FakeTwilio = await startFakeTwilio({ accountSid: SMS.accountSid, authToken: SMS.authToken, latencyMs: setup.latencyMs });
  const sink = new TwilioSink(twilio).start();
  const prefix = freshPrefix('bench-fanout');
  const settings = {
    ...baseSettings({ databaseUrl: setup.databaseUrl, redisUrl: services.redisUrl, prefix, twilioUrl: twilio.url }),
    ELECTIONS_FILE: electionsFile,
    ORG_SENDER: 'Bench Org',
    ORG_DISCLAIMER: 'Paid for by Bench Org PAC',
    SEND_CONCURRENCY: String(FANOUT_CONCURRENCY),
    CAMPAIGN_BACKLOG: String(BACKLOG),
    // The periodic check is not part of the fan-out: once an hour.
    CAMPAIGN_TICK_MS: '3600000',
    PORT: '0',
    ...setup.extra,
  };
  const children: Child[] = [];
  const config = loadConfig(settings);
  const system = await startSystem({ config, web: false, workers: false, log: createLogger('error') });
  try {
    for (let w = 0; w < setup.workers; w++) children.push(spawnCli('worker', settings, `worker-${w + 1}`));
    await Promise.all(children.map((c) => c.waitFor(/workers are running/, 120_000)));
    await sleep(500);
    const baseRss = children.map((c) => c.rss());
    const cpuBefore = children.map((c) => c.cpuSeconds());
    const bytesBefore = await tableBytes(setup.databaseUrl);
    const commitsBefore = await commits(setup.databaseUrl);
    const pgBefore = await backendCpu(setup.databaseUrl);
    await saveCampaign(system.runtime, parseCampaignYaml(`id: ${setup.campaignId}\nname: Bench fan-out\naudience: { tags: [bench], channels: [sms] }\nmessage: campaign.register_nudge\n`));
    const started = Date.now();
    await launchCampaign(system.runtime, setup.campaignId);
    await sink.waitForCount(setup.n, 120_000, (count) => setup.progress?.(`${count} of ${setup.n} sent (${Math.round(count / ((Date.now() - started) / 1000))}/s)`));
    const seconds = (sink.last - started) / 1000;
    const peakRss = children.map((c) => c.peakRss());
    const cpu = children.reduce((sum, c, i) => sum + c.cpuSeconds() - cpuBefore[i], 0);
    const pgAfter = await backendCpu(setup.databaseUrl);
    const pgCpu = backendCpuBetween(pgBefore, pgAfter);
    // Let the last status updates land before measuring the tables.
    await sleep(1000);
    const bytesAfter = await tableBytes(setup.databaseUrl);
    const commitsAfter = await commits(setup.databaseUrl);
    if (sink.count !== setup.n) throw new Error(`expected ${setup.n} messages, the fake received ${sink.count}`);
    return {
      label: `civic-engage, ${setup.workers} worker process${setup.workers > 1 ? 'es' : ''}`,
      messages: sink.count,
      seconds,
      perSecond: sink.count / seconds,
      firstMs: sink.first - started,
      baseRss,
      peakRss,
      cpuPer1k: (cpu / sink.count) * 1000,
      pgCpuPer1k: (pgCpu / sink.count) * 1000,
      dbBytesPerMessage: (bytesAfter - bytesBefore) / sink.count,
      pgCommitsPerMessage: (commitsAfter - commitsBefore) / sink.count,
    };
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    // The next run on this database plans its queries on fresh statistics.
    await sql`ANALYZE`.execute(system.runtime.db.kysely).catch(() => undefined);
    await system.stop();
    sink.stop();
    await twilio.close();
    await cleanPrefix(prefix);
  }
}

/** A campaign message as the fan-out renders it, for the baseline's body. */
export const SAMPLE_BODY =
  'Hi! The voter registration deadline in NY is October 10. Register or check your registration: https://register.example.org/ny ' +
  'Official info: https://elections.example.org/ny\n\nBench Org. Paid for by Bench Org PAC Reply STOP to opt out.';

/** The bare BullMQ baseline: `n` jobs produced and sent by one bare process. */
export async function runBareFanout(n: number, progress?: (text: string) => void): Promise<FanoutResult> {
  const services = await benchServices();
  const twilio = await startFakeTwilio({ accountSid: SMS.accountSid, authToken: SMS.authToken });
  const sink = new TwilioSink(twilio).start();
  const prefix = freshPrefix('bench-bare');
  const child = spawnTs(
    'bare-worker.ts',
    {
      BENCH_REDIS_URL: services.redisUrl,
      BENCH_PREFIX: prefix,
      BENCH_N: String(n),
      BENCH_CONCURRENCY: String(FANOUT_CONCURRENCY),
      BENCH_BACKLOG: String(BACKLOG),
      BENCH_TWILIO_URL: twilio.url,
      BENCH_TWILIO_SID: SMS.accountSid,
      BENCH_TWILIO_TOKEN: SMS.authToken,
      BENCH_FROM: SMS.from,
      BENCH_BODY: SAMPLE_BODY,
    },
    'bare-worker',
  );
  try {
    await child.waitFor(/^ready$/, 60_000);
    const started = Date.now();
    const baseRss = child.rss();
    const cpuBefore = child.cpuSeconds();
    await sink.waitForCount(n, 60_000, (count) => progress?.(`${count} of ${n} sent (${Math.round(count / ((Date.now() - started) / 1000))}/s)`));
    const seconds = (sink.last - started) / 1000;
    const peakRss = child.peakRss();
    const cpu = child.cpuSeconds() - cpuBefore;
    return { label: 'bare BullMQ worker', messages: sink.count, seconds, perSecond: sink.count / seconds, firstMs: sink.first - started, baseRss: [baseRss], peakRss: [peakRss], cpuPer1k: (cpu / sink.count) * 1000 };
  } finally {
    await child.stop();
    sink.stop();
    await twilio.close();
    await cleanPrefix(prefix);
  }
}
