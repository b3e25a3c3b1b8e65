/**
 * The feedback module: the daily digest to the organizers' Slack channel (a BullMQ job scheduler
 * with a cron pattern in the organizers' time zone). Exports and engagement figures are served by
 * the admin API (src/admin) and the CLI (src/cli/feedback.ts).
 */
import { startWorker } from '../queue/worker';
import type { AppModule } from '../runtime/module';
import { DIGEST_SCHEDULER, REPORTS_JOB, REPORTS_QUEUE, dailyPattern } from './jobs';
import { digestTimeZone, postDigest } from './digest-job';
import { isValidTimeZone } from '../lib/time-zones';

export const feedbackModule: AppModule = {
  name: 'feedback',
  queues: [REPORTS_QUEUE],
  async startWorkers(rt) {
    const queue = rt.queues.get(REPORTS_QUEUE);
    const worker = await startWorker(rt, {
      queue: REPORTS_QUEUE,
      concurrency: 1,
      process: async (job) => {
        if (job.name === REPORTS_JOB.digest) return postDigest(rt, String(job.id));
      },
    });

    const tz = digestTimeZone(rt);
    const { DIGEST_CHANNEL, SLACK_BOT_TOKEN, DIGEST_TIME } = rt.config;
    if (DIGEST_CHANNEL && !SLACK_BOT_TOKEN) rt.log.warn('DIGEST_CHANNEL is set but SLACK_BOT_TOKEN is not: no feedback digest');
    if (!isValidTimeZone(tz)) rt.log.error({ timeZone: tz }, 'unknown time zone for the feedback digest: no digest');
    if (DIGEST_CHANNEL && SLACK_BOT_TOKEN && isValidTimeZone(tz)) {
      await queue.upsertJobScheduler(
        DIGEST_SCHEDULER,
        { pattern: dailyPattern(DIGEST_TIME), tz },
        { name: REPORTS_JOB.digest, opts: { attempts: 5, backoff: { type: 'exponential', delay: 30_000 } } },
      );
    } else {
      // Turned off (or misconfigured): a scheduler left from an earlier configuration must stop.
      await queue.removeJobScheduler(DIGEST_SCHEDULER);
    }
    return { close: () => worker.close() };
  },
};
