/**
 * The shifts module: the worker that sends reminders, waitlist offers and after-shift questions,
 * ends offers not taken in time, acts on volunteers' answers by SMS, and a periodic reconcile
 * (plans what the CLI added, drops what no longer applies). On when a channel that reaches
 * volunteers is (Slack or SMS). Listed in src/app/modules.ts; its inbound hook reads volunteers'
 * SMS answers before the flows do (src/runtime/inbound-pipeline.ts).
 */
import { slackAppFor } from '../channels/slack/app-for';
import { startWorker } from '../queue/worker';
import type { AppModule } from '../runtime/module';
import type { ShiftsEnv } from './env';
import { SHIFT_JOB, SHIFTS_QUEUE, type AnswerJob, type FeedbackJob, type OfferExpiryJob, type ReminderJob } from './jobs';
import { offerTtlMs, planOfferExpiries, processOfferExpiry } from './offers';
import { processFeedback, processReminder, reconcile, reminderOffsets } from './reminders';
import { registerShiftsUi } from './slack/ui';
import { processAnswer, requeueAnswers, shiftAnswerHook } from './sms-answers';

/** How often reconcile runs (it also runs when the worker starts). */
export const RECONCILE_EVERY_MS = 60_000;

/** The periodic job: reminders (reconcile), the end of open offers, SMS answers a crash left unqueued. */
export async function reconcileAll(env: ShiftsEnv): Promise<{ planned: number; removed: number; offers: number; answers: number }> {
  const r = await reconcile(env);
  return { ...r, offers: await planOfferExpiries(env), answers: await requeueAnswers(env) };
}

export const shiftsModule: AppModule = {
  name: 'shifts',
  queues: [SHIFTS_QUEUE],
  // Volunteers' answers by SMS to reminders, offers and the after-shift question.
  inbound: [shiftAnswerHook],
  init(rt) {
    // The Slack screens (/shifts, the Home tab, the buttons of reminders and offers), in every process Slack events reach.
    const slack = slackAppFor(rt);
    if (slack) registerShiftsUi(slack, rt);
  },
  async startWorkers(rt) {
    if (!rt.channels.has('slack') && !rt.channels.has('sms')) return { close: async () => {} };
    // Malformed SHIFT_REMINDERS or SHIFT_WAITLIST_OFFER_TTL fail at start, not at the first sign-up.
    reminderOffsets(rt);
    offerTtlMs(rt);
    const worker = await startWorker(rt, {
      queue: SHIFTS_QUEUE,
      concurrency: rt.config.WORKER_CONCURRENCY,
      process: async (job) => {
        if (job.name === SHIFT_JOB.reminder) return processReminder(rt, job.data as ReminderJob);
        if (job.name === SHIFT_JOB.feedback) return processFeedback(rt, job.data as FeedbackJob);
        if (job.name === SHIFT_JOB.offerExpiry) return processOfferExpiry(rt, job.data as OfferExpiryJob);
        if (job.name === SHIFT_JOB.answer) return processAnswer(rt, job.data as AnswerJob);
        if (job.name === SHIFT_JOB.reconcile) return reconcileAll(rt);
        return 'ignored';
      },
    });
    await rt.queues.get(SHIFTS_QUEUE).upsertJobScheduler('shift-reconcile', { every: RECONCILE_EVERY_MS }, { name: SHIFT_JOB.reconcile });
    return { close: () => worker.close() };
  },
};
