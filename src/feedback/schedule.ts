/**
 * Follow-up feedback requests from code (the hour after a volunteer's shift ends, the day after a
 * ticket closed). Flows schedule their own with `do: [{ schedule: { flow, after } }]`; this is the
 * same job (a delayed start-flow on the timers queue) for features outside a conversation.
 * Consent and quiet hours apply when the request is sent, as for every message: an opted-out
 * person gets nothing, and on SMS a request due at night waits for the morning.
 */
import { createHash } from 'node:crypto';
import { JOB, QUEUES, type StartFlowJob } from '../queue/jobs';
import type { Runtime } from '../runtime/runtime';

export interface FeedbackRequest {
  contactId: string;
  /** The identity (channel address) to ask on. */
  identityId: string;
  /** The feedback flow to start (e.g. `feedback`). */
  flowId: string;
  /** When to ask: an instant, or a delay from now. */
  at?: Date;
  delayMs?: number;
  /**
   * What the request is about (e.g. `shift-42`): one request per contact, flow and reason, so
   * scheduling it twice (a retried job, a re-saved shift) asks once.
   */
  reason: string;
}

/** Schedules a feedback request; returns the job id. Throws when the flow does not exist. */
export async function scheduleFeedback(rt: Runtime, req: FeedbackRequest): Promise<string> {
  if (!rt.flows.current(req.flowId)) throw new Error(`no flow "${req.flowId}" to ask for feedback with`);
  const due = req.at ? req.at.getTime() - rt.now().getTime() : req.delayMs ?? 0;
  const job: StartFlowJob = { contactId: req.contactId, identityId: req.identityId, flowId: req.flowId };
  // BullMQ job ids may not contain ':'; the reason is free text, so it is hashed.
  const reason = createHash('sha256').update(req.reason).digest('hex').slice(0, 16);
  const jobId = `feedback-${req.contactId}-${req.flowId}-${reason}`;
  await rt.queues.get(QUEUES.timers).add(JOB.startFlow, job, { jobId, delay: Math.max(0, due), attempts: 5, backoff: { type: 'exponential', delay: 5000 } });
  return jobId;
}
