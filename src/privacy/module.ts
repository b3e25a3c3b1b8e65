/**
 * The privacy module: the daily retention job. (Forget and export are reached through the CLI
 * and the admin API; the anonymous opt-out list is checked by the accept and deliver paths.)
 */
import { startWorker } from '../queue/worker';
import type { AppModule } from '../runtime/module';
import type { Runtime } from '../runtime/runtime';
import { PRIVACY_JOB, PRIVACY_QUEUE, RETENTION_PATTERN, RETENTION_SCHEDULER } from './jobs';
import { purgeMessageBodies, retentionCutoff } from './retention';
import { suppressionKey } from '../store/suppressions';
import { pruneUnanswered } from '../knowledge/unanswered/store';

/**
 * Runs retention once, at the runtime's clock: message bodies and unanswered questions older than
 * RETENTION_DAYS are erased. Returns how many message bodies were erased.
 */
export async function runRetention(rt: Runtime): Promise<number> {
  const cutoff = retentionCutoff(rt.config.RETENTION_DAYS, rt.now());
  if (!cutoff) return 0;
  const purged = await purgeMessageBodies(rt.db.kysely, cutoff);
  // What people asked that nobody answered is their words as much as a message body is.
  const questions = await pruneUnanswered(rt.db.kysely, cutoff);
  rt.log.info({ purged, questions, cutoff: cutoff.toISOString(), days: rt.config.RETENTION_DAYS }, 'retention: message bodies and unanswered questions erased');
  return purged;
}

/** Warns when the opt-out list holds hashes made with another key (PRIVACY_SECRET changed). */
async function checkSuppressionKey(rt: Runtime): Promise<void> {
  const key = await suppressionKey({ db: rt.db.kysely, config: rt.config });
  const other = await rt.db.kysely.selectFrom('suppressions').select('key_id').where('key_id', '!=', key.id).limit(1).executeTakeFirst();
  if (other) rt.log.error({ keyId: key.id }, 'the anonymous opt-out list holds hashes made with another key: PRIVACY_SECRET changed, and forgotten people would no longer be recognised; restore the previous PRIVACY_SECRET');
}

export const privacyModule: AppModule = {
  name: 'privacy',
  queues: [PRIVACY_QUEUE],
  async startWorkers(rt) {
    const queue = rt.queues.get(PRIVACY_QUEUE);
    const worker = await startWorker(rt, {
      queue: PRIVACY_QUEUE,
      concurrency: 1,
      process: async (job) => {
        if (job.name === PRIVACY_JOB.retention) return runRetention(rt);
      },
    });
    if (rt.config.RETENTION_DAYS > 0) {
      await queue.upsertJobScheduler(RETENTION_SCHEDULER, { pattern: RETENTION_PATTERN, tz: rt.config.DEFAULT_TIMEZONE }, { name: PRIVACY_JOB.retention, opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 } } });
    } else {
      await queue.removeJobScheduler(RETENTION_SCHEDULER);
    }
    await checkSuppressionKey(rt).catch((err) => rt.log.warn({ err: err.message }, 'could not check the suppression key'));
    return { close: () => worker.close() };
  },
};
