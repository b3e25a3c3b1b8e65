/**
 * Every queue, job name and payload in one place, so producers and workers agree.
 * Job ids are deterministic where a job must happen once (BullMQ ignores an add with an existing id).
 * BullMQ job ids may not contain ":".
 */

export const QUEUES = {
  /** Process a contact's pending inbound messages (in order, one contact at a time). */
  inbound: 'inbound',
  /** Conversation timeouts (nudge/expire) and scheduled flows (follow-ups). */
  timers: 'timers',
  /** Housekeeping: re-queue what a crash left stored but not queued. */
  maintenance: 'maintenance',
  /** Requests for a human: a ticket opened, and each message the person sends while it is open. */
  handoffs: 'handoffs',
} as const;

/** One outbound queue per channel, each paced under that provider's limit (`channel` as stored: a ChannelName). */
export const outboundQueue = (channel: string) => `outbound-${channel}`;

export interface ProcessContactJob {
  contactId: string;
}
export interface TimeoutJob {
  contactId: string;
  seq: number;
  kind: 'nudge' | 'expire';
}
export interface StartFlowJob {
  contactId: string;
  identityId: string;
  flowId: string;
}
export interface SendJob {
  messageId: string;
}
/** `handoff-open`: a ticket was opened; `handoff-relay`: the person wrote while it is open. */
export interface HandoffJob {
  handoffId: string;
  messageId?: string;
}

export const JOB = {
  processContact: 'process-contact',
  timeout: 'timeout',
  startFlow: 'start-flow',
  send: 'send',
  sweep: 'sweep',
  handoffOpen: 'handoff-open',
  handoffRelay: 'handoff-relay',
} as const;

export const jobIds = {
  inbound: (messageId: string) => `in-${messageId}`,
  timeout: (j: TimeoutJob) => `timeout-${j.contactId}-${j.seq}-${j.kind}`,
  startFlow: (j: StartFlowJob, seq: number) => `flow-${j.contactId}-${j.flowId}-${seq}`,
  send: (messageId: string) => `out-${messageId}`,
  handoffOpen: (handoffId: string) => `handoff-${handoffId}`,
  handoffRelay: (messageId: string) => `relay-${messageId}`,
};
