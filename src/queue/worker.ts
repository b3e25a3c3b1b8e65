/**
 * The one way a queue gets a worker, as BullMQ's own QueueBase gives every queue class the same
 * connection and error handling: the shared connection and prefix, stall detection on
 * WORKER_STALL_MS (Queues.workerOptions), a warning for every failed job and an error for the
 * worker's own failures (a lost connection), a provider's "slow down" pausing the whole queue,
 * and a start that resolves once the worker listens.
 */
import { Worker, type Job } from 'bullmq';
import { SendError } from '../channels/errors';
import { scrubPersonal } from '../lib/scrub';
import type { Logger } from '../log';
import type { Queues } from './connection';
import { logRepeatedError } from './error-throttle';

/** What a worker works on and how. */
export interface WorkerSpec<T> {
  /** The queue's name (src/queue/jobs.ts, or a feature's jobs.ts). */
  queue: string;
  /** Jobs this process runs at once. */
  concurrency: number;
  /** Pacing of the whole queue: at most `max` jobs per `duration` ms (a channel's provider limit). */
  limiter?: { max: number; duration: number };
  /**
   * Runs one job. `token` lets it move itself back to delayed (DelayedError). A SendError with
   * code 'throttled' pauses the queue for its retryAfterMs and the job is tried again then,
   * without counting an attempt; anything else thrown fails the attempt (UnrecoverableError: for good).
   */
  process(job: Job<T>, token?: string): Promise<unknown>;
}

/** A worker that runs until close(); `close(true)` stops without waiting for its jobs. */
export type QueueWorker<T = unknown> = Worker<T>;

/** Starts a worker on `spec.queue`; resolves once it is connected and taking jobs. */
export async function startWorker<T = unknown>(deps: { queues: Queues; log: Logger }, spec: WorkerSpec<T>): Promise<QueueWorker<T>> {
  const worker: Worker<T> = new Worker<T>(
    spec.queue,
    async (job, token) => {
      try {
        return await spec.process(job, token);
      } catch (err) {
        if (err instanceof SendError && err.code === 'throttled') {
          // The provider said how long to wait (Telegram retry_after, Twilio or Slack 429): pause this queue.
          await worker.rateLimit(err.details.retryAfterMs ?? 1000);
          throw Worker.RateLimitError();
        }
        // BullMQ keeps the message (failedReason) and the stack of what a job threw in Redis, and
        // in the queue's event stream after the job is gone: no phone number or e-mail goes there.
        if (err instanceof Error) {
          err.message = scrubPersonal(err.message);
          if (err.stack) err.stack = scrubPersonal(err.stack);
        }
        throw err;
      }
    },
    deps.queues.workerOptions(spec.concurrency, spec.limiter ? { limiter: spec.limiter } : {}),
  );
  worker.on('failed', (job, err) => deps.log.warn({ queue: spec.queue, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed'));
  // Once per error text and minute across all queues: a lost Redis must not flood the log.
  worker.on('error', (err) => logRepeatedError(deps.log, 'error', { queue: spec.queue, err: err.message }, 'worker error'));
  await worker.waitUntilReady();
  return worker;
}
