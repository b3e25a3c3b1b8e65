/**
 * The whole system running as an operator runs it, for the inbound and acknowledgement
 * benchmarks: `node bin/civic-engage.js start` (web + workers in one process) in a child process,
 * or `web` and `worker` as two (Topology),
 * on a fresh PostgreSQL database and queue prefix of the real Redis, with SMS pointed at a fake
 * Twilio and Slack at a fake Slack, both on 127.0.0.1 in this process. Pacing is raised out of the
 * way (TWILIO_MPS) and quiet hours are off (a run at night must not defer anything).
 */
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { startFakeSlack, type FakeSlack } from '../test/helpers/fake-slack';
import { startFakeTwilio, type FakeTwilio } from '../test/helpers/fake-twilio';
import { freshDatabase, type FreshDatabase } from '../test/helpers/postgres';
import { cleanPrefix, freshPrefix } from '../test/helpers/redis';
import { QUEUES, outboundQueue } from '../src/queue/jobs';
import { freePort, spawnCli, spawnTs, type Child } from './children';
import { benchServices, ROOT } from './services';
import { TwilioSink, type Arrival } from './sink';
import { sleep } from './stats';
import path from 'node:path';

export const SMS = { accountSid: `AC${'b'.repeat(32)}`, authToken: 'bench-twilio-auth-token', from: '+15005550006' };
export const SLACK = { botToken: 'xoxb-bench-token', signingSecret: 'bench-signing-secret' };

/** Settings every child system of the benchmarks shares. */
export function baseSettings(opts: { databaseUrl: string; redisUrl: string; prefix: string; twilioUrl: string }): Record<string, string> {
  return {
    HOST: '127.0.0.1',
    DATA_DIR: path.join(ROOT, '.data', 'bench'),
    DATABASE_URL: opts.databaseUrl,
    REDIS_URL: opts.redisUrl,
    QUEUE_PREFIX: opts.prefix,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    SIMULATOR: 'false',
    ORG_NAME: 'Bench Org',
    ORG_CONTACT: 'bench@example.org',
    TWILIO_ACCOUNT_SID: SMS.accountSid,
    TWILIO_AUTH_TOKEN: SMS.authToken,
    TWILIO_FROM: SMS.from,
    TWILIO_API_URL: opts.twilioUrl,
    // Pacing is not what is measured: raised far above anything these runs reach.
    TWILIO_MPS: '100000',
    // Quiet hours off (start = end allows any time): a run at night would defer every notification.
    QUIET_HOURS_START: '00:00',
    QUIET_HOURS_END: '00:00',
  };
}

/**
 * How the system runs: `start`, web and workers in one process (the default, what `npm start`
 * does); or `split`, `civic-engage web` and `civic-engage worker` as two processes, as a
 * deployment beyond one core runs it.
 */
export type Topology = 'start' | 'split';

export interface LiveSystem {
  url: string;
  /** The system's PostgreSQL database (for CPU accounting of its backends). */
  databaseUrl: string;
  /** How it runs; `bare` is the inbound baseline (bench/bare-inbound.ts), not civic-engage. */
  topology: Topology | 'bare';
  /** The system's processes (one for `start`; web, then worker, for `split`). */
  children: Child[];
  /** CPU seconds so far of all the system's processes together. */
  cpuSeconds(): number;
  twilio: FakeTwilio;
  slack: FakeSlack;
  sink: TwilioSink;
  /** Jobs not finished in the inbound and SMS outbound queues (waiting, active, prioritized; delayed ones excluded). */
  backlog(): Promise<number>;
  /** Waits until the backlog is 0 (or `timeoutMs` passed); returns the backlog left. */
  waitIdle(timeoutMs: number): Promise<number>;
  stop(): Promise<void>;
}

/** The reply bodies the bare inbound baseline sends: to a first message, and to the answer "1". */
export interface BareReplies {
  first: string[];
  answer: string[];
}

/**
 * Starts the bare inbound baseline (bench/bare-inbound.ts) in its own process, with the same fakes,
 * a fresh database and queue prefix, measured the same way as startLiveSystem's system.
 */
export function startBareInbound(name: string, replies: BareReplies, onArrival?: (a: Arrival) => void): Promise<LiveSystem> {
  return startChildren(name, onArrival, 'bare', async ({ db, services, prefix, twilio, port }, children) => {
    const child = spawnTs(
      'bare-inbound.ts',
      {
        BENCH_DATABASE_URL: db.url,
        BENCH_REDIS_URL: services.redisUrl,
        BENCH_PREFIX: prefix,
        BENCH_PORT: String(port),
        BENCH_PUBLIC_URL: `http://127.0.0.1:${port}`,
        BENCH_CONCURRENCY: '8',
        BENCH_TWILIO_URL: twilio.url,
        BENCH_TWILIO_SID: SMS.accountSid,
        BENCH_TWILIO_TOKEN: SMS.authToken,
        BENCH_FROM: SMS.from,
        BENCH_REPLIES: JSON.stringify(replies),
      },
      `bare-inbound-${name}`,
    );
    children.push(child);
    await child.waitFor(/^ready$/, 120_000);
  });
}

/** Starts the system in child processes with its fakes; `onArrival` sees every SMS it sends. */
export function startLiveSystem(name: string, onArrival?: (a: Arrival) => void, extra: Record<string, string> = {}, topology: Topology = 'start'): Promise<LiveSystem> {
  return startChildren(name, onArrival, topology, async ({ db, services, prefix, twilio, slack, port }, children) => {
    const settings = {
      ...baseSettings({ databaseUrl: db.url, redisUrl: services.redisUrl, prefix, twilioUrl: twilio.url }),
      PORT: String(port),
      // Twilio signs the public URL it calls: here the server's own address.
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SLACK_BOT_TOKEN: SLACK.botToken,
      SLACK_SIGNING_SECRET: SLACK.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      ...extra,
    };
    if (topology === 'start') {
      children.push(spawnCli('start', settings, `system-${name}`));
      await children[0].waitFor(/civic-engage is running/, 120_000);
    } else {
      children.push(spawnCli('web', settings, `web-${name}`));
      await children[0].waitFor(/civic-engage is running/, 120_000);
      children.push(spawnCli('worker', settings, `worker-${name}`));
      await children[1].waitFor(/workers are running/, 120_000);
    }
  });
}

interface Setting {
  db: FreshDatabase;
  services: Awaited<ReturnType<typeof benchServices>>;
  prefix: string;
  twilio: FakeTwilio;
  slack: FakeSlack;
  port: number;
}

/** The fakes, a fresh database and queue prefix, and the processes `spawn` starts on them. */
async function startChildren(name: string, onArrival: ((a: Arrival) => void) | undefined, topology: LiveSystem['topology'], spawn: (s: Setting, children: Child[]) => Promise<void>): Promise<LiveSystem> {
  const services = await benchServices();
  const [twilio, slack] = await Promise.all([startFakeTwilio({ accountSid: SMS.accountSid, authToken: SMS.authToken }), startFakeSlack({ token: SLACK.botToken })]);
  const sink = new TwilioSink(twilio, onArrival, slack).start();
  let db: FreshDatabase | undefined;
  const prefix = freshPrefix(`bench-${name}`);
  const redis = new IORedis(services.redisUrl, { maxRetriesPerRequest: null });
  // Slack replies are left out: that queue is paced at 10 a second (SLACK_LIMITER), whatever the load, and no benchmark times them.
  const queues = [QUEUES.inbound, outboundQueue('sms')].map((q) => new Queue(q, { connection: redis, prefix }));
  const children: Child[] = [];
  const stop = async () => {
    sink.stop();
    await Promise.all(children.map((c) => c.stop()));
    await Promise.all(queues.map((q) => q.close()));
    redis.disconnect();
    await Promise.all([twilio.close(), slack.close()]);
    await cleanPrefix(prefix);
    await db?.drop();
  };
  try {
    db = await freshDatabase();
    const port = await freePort();
    await spawn({ db, services, prefix, twilio, slack, port }, children);
    const url = `http://127.0.0.1:${port}`;
    const health = await fetch(`${url}/healthz`);
    if (!health.ok) throw new Error(`/healthz answered ${health.status}`);
    const backlog = async () => {
      let n = 0;
      for (const q of queues) {
        const c = await q.getJobCounts('waiting', 'active', 'prioritized');
        n += Object.values(c).reduce((a, b) => a + b, 0);
      }
      return n;
    };
    return {
      url,
      databaseUrl: db.url,
      topology,
      children,
      cpuSeconds: () => children.reduce((sum, c) => sum + c.cpuSeconds(), 0),
      twilio,
      slack,
      sink,
      backlog,
      async waitIdle(timeoutMs) {
        const deadline = Date.now() + timeoutMs;
        let left = await backlog();
        while (left > 0 && Date.now() < deadline) {
          await sleep(200);
          left = await backlog();
        }
        return left;
      },
      stop,
    };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}
