/**
 * The shifts queue: its jobs, payloads and deterministic ids, in one place (like src/queue/jobs.ts
 * for the core). An id names the sign-up, the offset and the shift's start (or end) time, so:
 * adding the same reminder twice is a no-op; moving the shift gives new ids (the old jobs, if their
 * removal failed, find the time changed and do nothing); a re-sign-up is a new sign-up id.
 * BullMQ ids may not contain ":".
 */
export const SHIFTS_QUEUE = 'shifts';

export const SHIFT_JOB = {
  reminder: 'shift-reminder',
  feedback: 'shift-feedback',
  /** Periodic: plans the reminders of sign-ups made where no queue was reachable (CLI) and drops stale ones. */
  reconcile: 'shift-reconcile',
} as const;

/** A reminder `offsetSec` before the shift that starts at `startEpoch` (seconds). */
export interface ReminderJob {
  signupId: string;
  offsetSec: number;
  startEpoch: number;
}

/** The after-shift question for the shift that ends at `endEpoch` (seconds). */
export interface FeedbackJob {
  signupId: string;
  endEpoch: number;
}

export const shiftJobIds = {
  reminder: (j: ReminderJob) => `reminder-${j.signupId}-${j.offsetSec}-${j.startEpoch}`,
  feedback: (j: FeedbackJob) => `feedback-${j.signupId}-${j.endEpoch}`,
};

/** Seconds since the epoch, as the job ids use them. */
export const epochSec = (d: Date): number => Math.floor(d.getTime() / 1000);
