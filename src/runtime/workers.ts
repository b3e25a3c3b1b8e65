import { isChannelName } from '../channels/registry';
import type { ChannelAdapter } from '../channels/types';
import { JOB, QUEUES, outboundQueue, type ProcessContactJob, type SendJob, type StartFlowJob, type TimeoutJob } from '../queue/jobs';
import { startWorker, type QueueWorker } from '../queue/worker';
import { contactsWithPendingInbound, unqueuedOutbound } from '../store/messages';
import { deliver } from './deliver';
import { enqueueSend, requeueSend } from './outbound';
import { processContact } from './process-contact';
import type { Runtime } from './runtime';
import { sendBatches } from './send-batches';

/** How often the maintenance sweep re-queues what a crash left behind. */
const SWEEP_EVERY_MS = 30_000;

/** Starts every worker: inbound processing, timers, one outbound worker per enabled channel, maintenance. */
export async function startWorkers(rt: Runtime): Promise<{ close(): Promise<void> }> {
  const concurrency = rt.config.WORKER_CONCURRENCY;
  const started: Promise<Pick<QueueWorker, 'close'>>[] = [
    startWorker<ProcessContactJob>(rt, { queue: QUEUES.inbound, concurrency, process: (job) => processContact(rt, job.data.contactId, { type: 'inbound' }) }),
    startWorker<TimeoutJob | StartFlowJob>(rt, {
      queue: QUEUES.timers,
      concurrency,
      process: async (job) => {
        if (job.name === JOB.timeout) {
          const { contactId, seq, kind } = job.data as TimeoutJob;
          return processContact(rt, contactId, { type: 'timeout', seq, kind });
        }
        const { contactId, flowId, identityId } = job.data as StartFlowJob;
        return processContact(rt, contactId, { type: 'startFlow', flowId, identityId });
      },
    }),
    // A channel's sends, paced by its provider's limit; its 429s pause the whole queue.
    ...[...rt.channels.values()].map((adapter: ChannelAdapter) =>
      startWorker<SendJob>(rt, { queue: outboundQueue(adapter.channel), concurrency: rt.config.SEND_CONCURRENCY, limiter: adapter.limiter, process: (job, token) => deliver(rt, adapter, job.data.messageId, job, token) }),
    ),
    startWorker(rt, { queue: QUEUES.maintenance, concurrency: 1, process: () => sweep(rt) }),
  ];
  const workers = await Promise.all(started);
  await rt.queues.get(QUEUES.maintenance).upsertJobScheduler('sweep', { every: SWEEP_EVERY_MS }, { name: JOB.sweep });
  return {
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
      // Statuses the last sends left to be written (deliver.ts): written before the database closes.
      await sendBatches(rt.db, rt.config).flushed();
    },
  };
}

/**
 * Re-queues work a crash left behind: inbound messages stored but never processed and replies
 * stored but never queued or sent (a crash between the runner's commit and its inline sends:
 * src/runtime/send-inline.ts, which sends only replies far younger than `minAgeMs`). Job ids are
 * deterministic, so re-adding a job still queued is a no-op. A message whose send started long ago
 * (SEND_IN_FLIGHT_SECONDS) and is still pending may have a completed job: a send whose "sent" was
 * never written (deliver.ts writes it after the job moved on, on channels with findSent). That job
 * is replaced, and the new one finds the message at the provider and records it.
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
    if (m.send_started_at) await requeueSend(rt, m.channel, m.id);
    else await enqueueSend(rt, m.channel, m.id);
  }
  return { inbound: contacts.length, outbound: outbound.length };
}
