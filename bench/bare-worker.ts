/**
 * The baseline of the fan-out benchmark, run as its own process: a bare BullMQ Queue + Worker
 * doing the same HTTP POSTs (the twilio SDK client the SMS channel uses, to the same fake) at the
 * same concurrency, with the same job options as a campaign send (job id, attempts, backoff,
 * priority, removeOnComplete). Jobs are produced as the fan-out does: pages of 500, while fewer
 * than BENCH_BACKLOG wait. No database, no rendering, no consent check, no pacing.
 *
 * Environment: BENCH_REDIS_URL, BENCH_PREFIX, BENCH_N, BENCH_CONCURRENCY, BENCH_BACKLOG,
 * BENCH_TWILIO_URL, BENCH_TWILIO_SID, BENCH_TWILIO_TOKEN, BENCH_FROM, BENCH_BODY. Prints "ready",
 * then "done <seconds>" when every job has completed, and exits on SIGTERM.
 */
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { createTwilioClient } from '../src/channels/twilio/twilio-client';
import { phoneNumber } from './phones';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};

async function main(): Promise<void> {
  const n = Number(env('BENCH_N'));
  const concurrency = Number(env('BENCH_CONCURRENCY'));
  const backlog = Number(env('BENCH_BACKLOG'));
  const prefix = env('BENCH_PREFIX');
  const from = env('BENCH_FROM');
  const body = env('BENCH_BODY');
  const connection = new IORedis(env('BENCH_REDIS_URL'), { maxRetriesPerRequest: null });
  const client = createTwilioClient({ accountSid: env('BENCH_TWILIO_SID'), authToken: env('BENCH_TWILIO_TOKEN'), apiUrl: env('BENCH_TWILIO_URL') });
  const queue = new Queue('outbound-sms', { connection, prefix, defaultJobOptions: { removeOnComplete: { age: 3600, count: 10_000 }, removeOnFail: { age: 7 * 86_400 } } });
  let completed = 0;
  let resolveDone!: () => void;
  const allDone = new Promise<void>((r) => (resolveDone = r));
  const worker = new Worker<{ to: string }>(
    'outbound-sms',
    async (job) => {
      const m = await client.messages.create({ to: job.data.to, from, body });
      return m.sid;
    },
    { connection, prefix, concurrency },
  );
  worker.on('completed', () => {
    if (++completed === n) resolveDone();
  });
  worker.on('failed', (_job, err) => process.stderr.write(`job failed: ${err.message}\n`));
  await worker.waitUntilReady();
  process.stdout.write('ready\n');
  const started = Date.now();
  for (let i = 0; i < n; i += 500) {
    while (((await queue.getJobCounts('prioritized')).prioritized ?? 0) >= backlog) await new Promise((r) => setTimeout(r, 50));
    const page = Array.from({ length: Math.min(500, n - i) }, (_, k) => ({
      name: 'send',
      data: { to: phoneNumber(i + k) },
      opts: { jobId: `out-${i + k}`, attempts: 8, backoff: { type: 'exponential' as const, delay: 2000 }, priority: 10 },
    }));
    await queue.addBulk(page);
  }
  await allDone;
  process.stdout.write(`done ${(Date.now() - started) / 1000}\n`);
  // Stay up until the parent has read our peak memory and stops us.
  process.once('SIGTERM', async () => {
    await worker.close();
    await queue.close();
    connection.disconnect();
    process.exit(0);
  });
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
