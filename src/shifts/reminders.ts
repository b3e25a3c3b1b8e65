/**
 * Reminders before a shift and the question after it, as delayed BullMQ jobs with deterministic
 * ids (src/shifts/jobs.ts). Three things keep a reminder from misfiring:
 *  - the job id names the sign-up, the offset and the shift's start, so scheduling twice adds one
 *    job and moving the shift gives new ids;
 *  - when it runs, the job checks under lock that the sign-up is still active, the shift still
 *    scheduled and still starting at that time, and that it has not started: a job whose removal
 *    failed (or ran anyway) does nothing;
 *  - the message is recorded in the shift_notices ledger under the job id in the same transaction,
 *    so a job run twice (worker restart, stalled job) sends once.
 */
import type { Job, JobsOptions } from 'bullmq';
import type { Kysely } from 'kysely';
import { parseDuration } from '../engine/duration';
import type { Database } from '../store/schema';
import type { ShiftsEnv } from './env';
import { SHIFT_JOB, SHIFTS_QUEUE, epochSec, shiftJobIds, type FeedbackJob, type ReminderJob } from './jobs';
import { messageVolunteer, type VolunteerMessageOutcome } from './notify';
import type { Shift, Signup } from './tables';
import { normShift, normSignup } from './store';
import { feedbackMessage, reminderMessage } from './texts';
import { parseOffsets } from './time';

/** Retries of a reminder job: a database or Redis hiccup must not lose it. */
const JOB_OPTIONS: JobsOptions = { attempts: 6, backoff: { type: 'exponential', delay: 5000 } };

/** One job to add for a sign-up. */
export interface PlannedJob {
  name: (typeof SHIFT_JOB)['reminder'] | (typeof SHIFT_JOB)['feedback'];
  id: string;
  data: ReminderJob | FeedbackJob;
  fireAt: Date;
}

export function reminderOffsets(env: Pick<ShiftsEnv, 'config'>): number[] {
  return parseOffsets(env.config.SHIFT_REMINDERS);
}

function feedbackAfterMs(env: Pick<ShiftsEnv, 'config'>): number {
  return parseDuration(env.config.SHIFT_FEEDBACK_AFTER) ?? 3_600_000;
}

/**
 * The jobs of an active sign-up, pure: one reminder per offset whose time is still ahead (a
 * sign-up made 20 h before the shift gets no 24 h reminder, rather than a late one), and the
 * feedback question after the end. `all` includes past ones (to remove them).
 */
export function planJobs(shift: Pick<Shift, 'starts_at' | 'ends_at'>, signupId: string, offsetsMs: number[], feedbackAfterMs: number, now: Date, all = false): PlannedJob[] {
  const jobs: PlannedJob[] = [];
  const start = shift.starts_at.getTime();
  for (const offset of offsetsMs) {
    const fireAt = new Date(start - offset);
    if (!all && fireAt.getTime() <= now.getTime()) continue;
    const data: ReminderJob = { signupId, offsetSec: Math.round(offset / 1000), startEpoch: epochSec(shift.starts_at) };
    jobs.push({ name: SHIFT_JOB.reminder, id: shiftJobIds.reminder(data), data, fireAt });
  }
  const feedbackAt = new Date(shift.ends_at.getTime() + feedbackAfterMs);
  if (all || feedbackAt.getTime() > now.getTime()) {
    const data: FeedbackJob = { signupId, endEpoch: epochSec(shift.ends_at) };
    jobs.push({ name: SHIFT_JOB.feedback, id: shiftJobIds.feedback(data), data, fireAt: feedbackAt });
  }
  return jobs;
}

/** Adds the jobs of an active sign-up (a no-op for the ones already there). Without queues (CLI), the reconcile job will. */
export async function scheduleSignup(env: ShiftsEnv, shift: Shift, signupId: string): Promise<PlannedJob[]> {
  if (!env.queues) return [];
  const now = env.now();
  const jobs = planJobs(shift, signupId, reminderOffsets(env), feedbackAfterMs(env), now);
  const queue = env.queues.get(SHIFTS_QUEUE);
  for (const j of jobs) {
    await queue.add(j.name, j.data, { ...JOB_OPTIONS, jobId: j.id, delay: Math.max(0, j.fireAt.getTime() - now.getTime()) });
  }
  return jobs;
}

/**
 * Removes the delayed jobs of a sign-up planned for these shift times. Best effort: a job that is
 * running or cannot be removed finds, when it runs, that it no longer applies.
 */
export async function unscheduleSignup(env: ShiftsEnv, shift: Pick<Shift, 'starts_at' | 'ends_at'>, signupId: string): Promise<number> {
  if (!env.queues) return 0;
  const queue = env.queues.get(SHIFTS_QUEUE);
  let removed = 0;
  for (const j of planJobs(shift, signupId, reminderOffsets(env), feedbackAfterMs(env), env.now(), true)) {
    try {
      removed += await queue.remove(j.id);
    } catch (err) {
      env.log.debug({ jobId: j.id, err: (err as Error).message }, 'shifts: reminder job not removed (it checks again when it runs)');
    }
  }
  return removed;
}

/** Loads a sign-up with its shift, locking the shift (share) then the sign-up, in the order every writer uses. */
async function lockedSignup(tx: Kysely<Database>, signupId: string, shiftId: string): Promise<{ shift?: Shift; signup?: Signup }> {
  const shift = await tx.selectFrom('shifts').selectAll().where('id', '=', shiftId).forShare().executeTakeFirst();
  const signup = await tx.selectFrom('shift_signups').selectAll().where('id', '=', signupId).forUpdate().executeTakeFirst();
  return { shift: shift && normShift(shift), signup: signup && normSignup(signup) };
}

/** Why a reminder no longer applies, or null when it does. Pure. */
export function reminderObsolete(shift: Shift | undefined, signup: Signup | undefined, startEpoch: number, now: Date): string | null {
  if (!signup) return 'signup_gone';
  if (!shift) return 'shift_gone';
  if (signup.status !== 'active') return `signup_${signup.status}`;
  if (shift.status !== 'scheduled') return `shift_${shift.status}`;
  if (epochSec(shift.starts_at) !== startEpoch) return 'shift_moved';
  if (shift.starts_at.getTime() <= now.getTime()) return 'shift_started';
  return null;
}

/**
 * Sends one reminder if it still applies (see the file comment). Called by the worker, and by
 * tests with a simulated clock. Returns what happened.
 */
export async function processReminder(env: ShiftsEnv, job: ReminderJob): Promise<VolunteerMessageOutcome> {
  const db = env.db.kysely;
  const signup = await db.selectFrom('shift_signups').selectAll().where('id', '=', job.signupId).executeTakeFirst();
  if (!signup) return { status: 'skipped', reason: 'signup_gone' };
  const shiftRow = await db.selectFrom('shifts').selectAll().where('id', '=', signup.shift_id).executeTakeFirst();
  const now = env.now();
  const early = reminderObsolete(shiftRow && normShift(shiftRow), normSignup(signup), job.startEpoch, now);
  if (early) return { status: 'skipped', reason: early };
  const shift = normShift(shiftRow!);
  const volunteer = await db.selectFrom('volunteers').selectAll().where('id', '=', signup.volunteer_id).executeTakeFirst();
  if (!volunteer) return { status: 'skipped', reason: 'volunteer_gone' };
  const outcome = await messageVolunteer(env, volunteer, (language, channel) => reminderMessage(env.translator, language, channel, shift, job.signupId, env.config.ORG_NAME), {
    kind: 'notification',
    deadline: shift.starts_at,
    notice: {
      id: shiftJobIds.reminder(job),
      signupId: job.signupId,
      kind: 'reminder',
      // Again under lock: a cancellation or a move that committed since the check above wins.
      guard: async (tx) => {
        const locked = await lockedSignup(tx, job.signupId, String(signup.shift_id));
        return reminderObsolete(locked.shift, locked.signup, job.startEpoch, env.now());
      },
    },
  });
  env.log.debug({ signupId: job.signupId, offsetSec: job.offsetSec, outcome: outcome.status, reason: 'reason' in outcome ? outcome.reason : undefined }, 'shifts: reminder');
  return outcome;
}

/** Why the after-shift question no longer applies, or null. Pure. */
export function feedbackObsolete(shift: Shift | undefined, signup: Signup | undefined, endEpoch: number): string | null {
  if (!signup) return 'signup_gone';
  if (!shift) return 'shift_gone';
  if (signup.status !== 'active') return `signup_${signup.status}`;
  if (shift.status !== 'scheduled') return `shift_${shift.status}`;
  if (epochSec(shift.ends_at) !== endEpoch) return 'shift_moved';
  if (signup.feedback_at) return 'already_answered';
  return null;
}

/** Asks a volunteer how the shift went: Slack buttons, or by SMS a text answered with a number (src/shifts/sms-answers.ts). */
export async function processFeedback(env: ShiftsEnv, job: FeedbackJob): Promise<VolunteerMessageOutcome> {
  const signup = await env.db.kysely.selectFrom('shift_signups').selectAll().where('id', '=', job.signupId).executeTakeFirst();
  if (!signup) return { status: 'skipped', reason: 'signup_gone' };
  const shiftRow = await env.db.kysely.selectFrom('shifts').selectAll().where('id', '=', signup.shift_id).executeTakeFirst();
  const early = feedbackObsolete(shiftRow && normShift(shiftRow), normSignup(signup), job.endEpoch);
  if (early) return { status: 'skipped', reason: early };
  const shift = normShift(shiftRow!);
  const volunteer = await env.db.kysely.selectFrom('volunteers').selectAll().where('id', '=', signup.volunteer_id).executeTakeFirst();
  if (!volunteer) return { status: 'skipped', reason: 'volunteer_gone' };
  return messageVolunteer(env, volunteer, (language, channel) => feedbackMessage(env.translator, language, channel, shift, job.signupId, env.config.ORG_NAME), {
    kind: 'notification',
    notice: {
      id: shiftJobIds.feedback(job),
      signupId: job.signupId,
      kind: 'feedback',
      guard: async (tx) => {
        const locked = await lockedSignup(tx, job.signupId, String(signup.shift_id));
        return feedbackObsolete(locked.shift, locked.signup, job.endEpoch);
      },
    },
  });
}

/**
 * Plans the jobs of every active sign-up of shifts still ahead (adding only the missing ones: ids
 * are deterministic), and removes delayed jobs that no longer apply. Catches up on sign-ups made
 * from the CLI and shifts moved by a CSV import, and heals after a Redis flush. (The periodic job,
 * src/shifts/module.ts, also plans the end of open waitlist offers and queues stuck SMS answers.)
 */
export async function reconcile(env: ShiftsEnv): Promise<{ planned: number; removed: number }> {
  if (!env.queues) return { planned: 0, removed: 0 };
  const now = env.now();
  const horizon = new Date(now.getTime() - feedbackAfterMs(env));
  const rows = await env.db.kysely
    .selectFrom('shift_signups')
    .innerJoin('shifts', 'shifts.id', 'shift_signups.shift_id')
    .select(['shift_signups.id as signup_id', 'shifts.starts_at', 'shifts.ends_at'])
    .where('shift_signups.status', '=', 'active')
    .where('shifts.status', '=', 'scheduled')
    .where('shifts.ends_at', '>', horizon)
    .limit(10_000)
    .execute();
  const queue = env.queues.get(SHIFTS_QUEUE);
  const offsets = reminderOffsets(env);
  const after = feedbackAfterMs(env);
  let planned = 0;
  const wanted = new Set<string>();
  for (const r of rows) {
    const shift = { starts_at: new Date(r.starts_at), ends_at: new Date(r.ends_at) };
    for (const j of planJobs(shift, String(r.signup_id), offsets, after, now)) {
      wanted.add(j.id);
      const existing = await queue.getJob(j.id);
      if (existing) continue;
      // Never re-add what was already sent (its completed job may have been cleaned up).
      const sent = await env.db.kysely.selectFrom('shift_notices').select('id').where('id', '=', j.id).executeTakeFirst();
      if (sent) continue;
      await queue.add(j.name, j.data, { ...JOB_OPTIONS, jobId: j.id, delay: Math.max(0, j.fireAt.getTime() - now.getTime()) });
      planned++;
    }
  }
  let removed = 0;
  const delayed: Job[] = await queue.getDelayed(0, 10_000);
  for (const job of delayed) {
    if (!job.id || wanted.has(job.id) || (job.name !== SHIFT_JOB.reminder && job.name !== SHIFT_JOB.feedback)) continue;
    // Not in the plan read above, but maybe a sign-up made since: remove only what is obsolete now.
    if (!(await jobObsolete(env, job))) continue;
    try {
      await job.remove();
      removed++;
    } catch {
      // taken by a worker meanwhile: it checks for itself
    }
  }
  return { planned, removed };
}

async function jobObsolete(env: ShiftsEnv, job: Job): Promise<boolean> {
  const data = job.data as Partial<ReminderJob & FeedbackJob>;
  const signup = data.signupId && /^\d{1,18}$/.test(data.signupId) ? await env.db.kysely.selectFrom('shift_signups').selectAll().where('id', '=', data.signupId).executeTakeFirst() : undefined;
  const shift = signup ? await env.db.kysely.selectFrom('shifts').selectAll().where('id', '=', signup.shift_id).executeTakeFirst() : undefined;
  const s = shift && normShift(shift);
  const u = signup && normSignup(signup);
  if (job.name === SHIFT_JOB.reminder) return reminderObsolete(s, u, Number(data.startEpoch), env.now()) !== null;
  return feedbackObsolete(s, u, Number(data.endEpoch)) !== null;
}
