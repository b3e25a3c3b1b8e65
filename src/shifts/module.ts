/**
 * The shifts module: the worker that sends reminders and after-shift questions, and a periodic
 * reconcile (plans what the CLI added, drops what no longer applies). On when a channel that
 * reaches volunteers is (Slack or SMS). Registered in src/runtime/modules.ts.
 */
import { Worker, type Job } from 'bullmq';
import type { AppModule } from '../runtime/modules';
import { SHIFT_JOB, SHIFTS_QUEUE, type FeedbackJob, type ReminderJob } from './jobs';
import { processFeedback, processReminder, reconcile, reminderOffsets } from './reminders';

/** How often reconcile runs (it also runs when the worker starts). */
export const RECONCILE_EVERY_MS = 60_000;

export const shiftsModule: AppModule = {
  name: 'shifts',
  async startWorkers(rt) {
    if (!rt.channels.has('slack') && !rt.channels.has('sms')) return { close: async () => {} };
    reminderOffsets(rt); // a malformed SHIFT_REMINDERS fails at start, not at the first sign-up
    const { connection, prefix } = rt.queues;
    const worker = new Worker(
      SHIFTS_QUEUE,
      async (job: Job) => {
        if (job.name === SHIFT_JOB.reminder) return processReminder(rt, job.data as ReminderJob);
        if (job.name === SHIFT_JOB.feedback) return processFeedback(rt, job.data as FeedbackJob);
        if (job.name === SHIFT_JOB.reconcile) return reconcile(rt);
        return 'ignored';
      },
      { connection, prefix, concurrency: rt.config.WORKER_CONCURRENCY },
    );
    worker.on('failed', (job, err) => rt.log.warn({ queue: SHIFTS_QUEUE, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed'));
    worker.on('error', (err) => rt.log.error({ queue: SHIFTS_QUEUE, err: err.message }, 'worker error'));
    await worker.waitUntilReady();
    await rt.queues.get(SHIFTS_QUEUE).upsertJobScheduler('shift-reconcile', { every: RECONCILE_EVERY_MS }, { name: SHIFT_JOB.reconcile });
    return { close: () => worker.close() };
  },
};
