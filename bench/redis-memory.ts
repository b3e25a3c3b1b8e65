/**
 * Redis memory per queued job, for sizing (docs/scaling.md): INFO memory's used_memory before and
 * after enqueueing N jobs exactly as the system does, on a private redis-server (nothing else
 * writing to it; the shared one's figure would move with everyone's tests). Kinds: a campaign send
 * waiting in its channel queue (prioritized), a send deferred by quiet hours or a retry (delayed),
 * a conversation timer (delayed nudge), a `flow:` campaign's flow start (queued when the person's
 * message is released), and a finished job kept by removeOnComplete.
 */
import { spawn } from 'node:child_process';
import { Worker } from 'bullmq';
import IORedis from 'ioredis';
import { queueFlowStarts } from '../src/campaigns/fanout';
import { CAMPAIGN_QUEUE } from '../src/campaigns/jobs';
import { enqueueCampaignSends } from '../src/campaigns/send-queue';
import { Queues } from '../src/queue/connection';
import { JOB, QUEUES, jobIds, outboundQueue, type TimeoutJob } from '../src/queue/jobs';
import { pingPlain } from '../src/app/redis-launcher';
import { enqueueSend } from '../src/runtime/outbound';
import type { Runtime } from '../src/runtime/runtime';
import { freePort } from './children';
import { benchServices } from './services';
import { bytes, fmt, sleep } from './stats';
import type { Benchmark } from './types';

/** A throwaway redis-server on a free port, or null when there is no redis-server binary. */
async function privateRedis(): Promise<{ url: string; stop(): Promise<void> } | null> {
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
  const failed = new Promise<boolean>((resolve) => proc.once('error', () => resolve(true)));
  for (let i = 0; i < 100; i++) {
    if (await Promise.race([failed, sleep(50).then(() => false)])) return null;
    if (await pingPlain('127.0.0.1', port, 200)) {
      return {
        url: `redis://127.0.0.1:${port}`,
        stop: () =>
          new Promise<void>((resolve) => {
            proc.once('exit', () => resolve());
            proc.kill('SIGTERM');
          }),
      };
    }
  }
  proc.kill('SIGKILL');
  return null;
}

async function usedMemory(redis: IORedis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);
}

export const redisMemoryBenchmark: Benchmark = {
  name: 'redis',
  title: 'Redis memory per queued job',
  async run({ quick, report }) {
    const n = quick ? 20_000 : 100_000;
    const own = await privateRedis();
    const url = own?.url ?? (await benchServices()).redisUrl;
    const prefix = '{civic}';
    const redis = new IORedis(url, { maxRetriesPerRequest: null });
    const queues = new Queues(redis, prefix);
    // What enqueueCampaignSends / enqueueSend look at: the channel is on, and the queues.
    const rt = { channels: new Map([['sms', {}]]), queues, now: () => new Date() } as unknown as Runtime;
    const rows: string[][] = [];
    try {
      report.note(
        `${n.toLocaleString('en-US')} jobs of each kind, enqueued by the system's own functions (or with the same options), prefix \`${prefix}\`, ` +
          `on ${own ? 'a private redis-server started for this measurement' : 'the shared Redis (no redis-server binary to start a private one: other users add noise)'}; ` +
          'used_memory (INFO memory) after minus before, per job. Message ids are 10 digits, contact ids UUIDs, as in production.',
      );
      const measure = async (kind: string, fill: () => Promise<unknown>, count = n) => {
        if (own) await redis.flushall();
        await sleep(200);
        const before = await usedMemory(redis);
        await fill();
        await sleep(200);
        const after = await usedMemory(redis);
        const per = (after - before) / count;
        rows.push([kind, count.toLocaleString('en-US'), bytes(after - before), fmt(per), bytes(per * 10_000_000)]);
        report.progress(`${kind}: ${fmt(per)} bytes/job`);
        if (!own) for (const q of [outboundQueue('sms'), QUEUES.timers, CAMPAIGN_QUEUE]) await queues.get(q).obliterate({ force: true });
      };
      const ids = (from: number, k: number) => Array.from({ length: k }, (_, i) => String(1_000_000_000 + from + i));
      await measure('campaign send, waiting (prioritized)', async () => {
        for (let i = 0; i < n; i += 1000) await enqueueCampaignSends(rt, ids(i, Math.min(1000, n - i)).map((id) => ({ id, channel: 'sms' })));
      });
      await measure('send deferred to 08:00 or retrying (delayed)', async () => {
        const batch: Promise<void>[] = [];
        for (const id of ids(0, n)) {
          batch.push(enqueueSend(rt, 'sms', id, 6 * 3_600_000));
          if (batch.length >= 500) await Promise.all(batch.splice(0));
        }
        await Promise.all(batch);
      });
      await measure('conversation timer (delayed nudge)', async () => {
        const timers = queues.get(QUEUES.timers);
        const batch: Promise<unknown>[] = [];
        for (let i = 0; i < n; i++) {
          const job: TimeoutJob = { contactId: crypto.randomUUID(), seq: Date.now() + i, kind: 'nudge' };
          batch.push(timers.add(JOB.timeout, job, { jobId: jobIds.timeout(job), delay: 3_600_000, attempts: 5, backoff: { type: 'exponential', delay: 5000 } }));
          if (batch.length >= 500) await Promise.all(batch.splice(0));
        }
        await Promise.all(batch);
      });
      await measure('flow start of a `flow:` campaign (queued with its released message)', async () => {
        for (let i = 0; i < n; i += 1000) {
          const rows = ids(i, Math.min(1000, n - i)).map((messageId) => ({ contactId: crypto.randomUUID(), identityId: crypto.randomUUID(), messageId }));
          await queueFlowStarts(rt, 'register', 'ca-deadline-nudge', rows);
        }
      });
      // Finished jobs are kept (removeOnComplete: an hour, at most 10,000 per queue): what the cap holds.
      const kept = 10_000;
      await measure(
        'finished send kept for an hour (removeOnComplete, at most 10,000 per queue)',
        async () => {
          for (let i = 0; i < kept; i += 1000) await enqueueCampaignSends(rt, ids(i, Math.min(1000, kept - i)).map((id) => ({ id, channel: 'sms' })));
          let done = 0;
          const connection = redis.duplicate();
          await new Promise<void>((resolve) => {
            const worker = new Worker(outboundQueue('sms'), async () => 'sent', { connection, prefix, concurrency: 50 });
            worker.on('completed', () => {
              if (++done === kept) void worker.close().then(resolve);
            });
          });
          connection.disconnect();
        },
        kept,
      );
      report.table(['job', 'jobs', 'memory', 'bytes/job', 'for 10M jobs'], rows);
    } finally {
      await queues.close();
      redis.disconnect();
      await own?.stop();
    }
  },
};
