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
  /** An offered spot not taken in time goes to the next on the waitlist (src/shifts/offers.ts). */
  offerExpiry: 'shift-offer-expiry',
  /** A volunteer's answer by SMS to a reminder, an offer or the after-shift question (src/shifts/sms-answers.ts). */
  answer: 'shift-answer',
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

/** The end of the offer made to `signupId` at `offeredEpoch` (seconds). */
export interface OfferExpiryJob {
  signupId: string;
  offeredEpoch: number;
}

/** An inbound message the shifts module took as an answer (its decision is in the message's payload). */
export interface AnswerJob {
  messageId: string;
}

export const shiftJobIds = {
  reminder: (j: ReminderJob) => `reminder-${j.signupId}-${j.offsetSec}-${j.startEpoch}`,
  feedback: (j: FeedbackJob) => `feedback-${j.signupId}-${j.endEpoch}`,
  offerExpiry: (j: OfferExpiryJob) => `offer-expiry-${j.signupId}-${j.offeredEpoch}`,
  answer: (j: AnswerJob) => `answer-${j.messageId}`,
};

/** Ledger ids (shift_notices) of messages that are not jobs: the offer itself, and the reply to an SMS answer. */
export const noticeIds = {
  offer: (j: OfferExpiryJob) => `offer-${j.signupId}-${j.offeredEpoch}`,
  answer: (messageId: string) => `answer-${messageId}`,
};

/** Seconds since the epoch, as the job ids use them. */
export const epochSec = (d: Date): number => Math.floor(d.getTime() / 1000);
