import { Worker, type Job } from 'bullmq';
import { SendError } from '../channels/errors';
import { isChannelName } from '../channels/registry';
import type { ChannelAdapter } from '../channels/types';
import { JOB, QUEUES, outboundQueue, type ProcessContactJob, type SendJob, type StartFlowJob, type TimeoutJob } from '../queue/jobs';
import { contactsWithPendingInbound, unqueuedOutbound } from '../store/messages';
import { deliver } from './deliver';
import { enqueueSend } from './outbound';
import { processContact } from './process-contact';
import type { Runtime } from './runtime';

/** How often the maintenance sweep re-queues what a crash left behind. */
const SWEEP_EVERY_MS = 30_000;

/** Starts every worker: inbound processing, timers, one outbound worker per enabled channel, maintenance. */
export async function startWorkers(rt: Runtime): Promise<{ close(): Promise<void> }> {
  const concurrency = rt.config.WORKER_CONCURRENCY;
  const workers: Worker[] = [];
  const onFailed = (queue: string) => (job: Job | undefined, err: Error) =>
    rt.log.warn({ queue, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed');

  const inbound = new Worker<ProcessContactJob>(QUEUES.inbound, async (job) => processContact(rt, job.data.contactId, { type: 'inbound' }), rt.queues.workerOptions(concurrency));
  const timers = new Worker<TimeoutJob | StartFlowJob>(
    QUEUES.timers,
    async (job) => {
      if (job.name === JOB.timeout) {
        const { contactId, seq, kind } = job.data as TimeoutJob;
        return processContact(rt, contactId, { type: 'timeout', seq, kind });
      }
      const { contactId, flowId, identityId } = job.data as StartFlowJob;
      return processContact(rt, contactId, { type: 'startFlow', flowId, identityId });
    },
    rt.queues.workerOptions(concurrency),
  );
  workers.push(inbound, timers);

  for (const adapter of rt.channels.values()) workers.push(outboundWorker(rt, adapter, concurrency));

  const maintenance = new Worker(QUEUES.maintenance, async () => sweep(rt), rt.queues.workerOptions(1));
  workers.push(maintenance);
  await rt.queues.get(QUEUES.maintenance).upsertJobScheduler('sweep', { every: SWEEP_EVERY_MS }, { name: JOB.sweep });

  for (const w of workers) {
    w.on('failed', onFailed(w.name));
    w.on('error', (err) => rt.log.error({ queue: w.name, err: err.message }, 'worker error'));
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  return { close: async () => void (await Promise.all(workers.map((w) => w.close()))) };
}

/** A channel's outbound worker, paced by the channel's limiter; 429s pause the whole queue. */
function outboundWorker(rt: Runtime, adapter: ChannelAdapter, concurrency: number): Worker<SendJob> {
  const worker: Worker<SendJob> = new Worker<SendJob>(
    outboundQueue(adapter.channel),
    async (job, token) => {
      try {
        return await deliver(rt, adapter, job.data.messageId, job, token);
      } catch (err) {
        if (err instanceof SendError && err.code === 'throttled') {
          // The provider said how long to wait (Telegram retry_after, Twilio 429): pause this queue.
          await worker.rateLimit(err.details.retryAfterMs ?? 1000);
          throw Worker.RateLimitError();
        }
        throw err;
      }
    },
    rt.queues.workerOptions(concurrency, adapter.limiter ? { limiter: adapter.limiter } : {}),
  );
  return worker;
}

/**
 * Re-queues work a crash left behind: inbound messages stored but never processed and replies
 * stored but never queued. Job ids are deterministic, so re-adding a job still queued is a no-op.
 */
export async function sweep(rt: Runtime, minAgeMs = SWEEP_EVERY_MS): Promise<{ inbound: number; outbound: number }> {
  // Ages are measured by the database's clock, which wrote created_at (not the runtime's, which
  // tests move and which may differ from the database server's).
  const minAgeSeconds = minAgeMs / 1000;
  const contacts = await contactsWithPendingInbound(rt.db.kysely, minAgeSeconds);
  const round = Date.now();
  for (const contactId of contacts) {
    await rt.queues.get(QUEUES.inbound).add(JOB.processContact, { contactId }, { jobId: `sweep-${contactId}-${round}` });
  }
  const outbound = await unqueuedOutbound(rt.db.kysely, minAgeSeconds);
  for (const m of outbound) {
    if (!isChannelName(m.channel) || !rt.channels.has(m.channel)) continue;
    await enqueueSend(rt, m.channel, m.id);
  }
  return { inbound: contacts.length, outbound: outbound.length };
}
