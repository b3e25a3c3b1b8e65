import type { OutboundMessage } from '../engine/types';
import type { MessageKind } from '../channels/types';
import { JOB, jobIds, outboundQueue } from '../queue/jobs';
import { insertOutbound } from '../store/messages';
import type { Runtime } from './runtime';

/** Retries of a send: 8 attempts with exponential backoff from 2 s (about 4 minutes in all). */
export const SEND_JOB_OPTIONS = { attempts: 8, backoff: { type: 'exponential' as const, delay: 2000 } };

/** Queues the send of a stored outbound message (idempotent: the job id is the message id). */
export async function enqueueSend(rt: Pick<Runtime, 'queues'>, channel: string, messageId: string, delayMs = 0): Promise<void> {
  await rt.queues.get(outboundQueue(channel)).add(JOB.send, { messageId }, { jobId: jobIds.send(messageId), ...SEND_JOB_OPTIONS, ...(delayMs > 0 ? { delay: delayMs } : {}) });
}

/**
 * Queues the send of a stored message again, also when its send job has completed (a completed
 * job's id would make enqueueSend a no-op): the sweep's way back for a message whose send was made
 * but whose status was never written. A job still waiting, delayed, active or failed is left as it is.
 */
export async function requeueSend(rt: Pick<Runtime, 'queues'>, channel: string, messageId: string): Promise<void> {
  const queue = rt.queues.get(outboundQueue(channel));
  const job = await queue.getJob(jobIds.send(messageId));
  if (job && (await job.isCompleted())) await job.remove();
  await enqueueSend(rt, channel, messageId);
}

/** Queues the sends of several stored messages, one round trip to Redis per channel (all after `delayMs`). */
export async function enqueueSends(rt: Pick<Runtime, 'queues'>, sends: { channel: string; messageId: string }[], delayMs = 0): Promise<void> {
  if (sends.length === 1) return enqueueSend(rt, sends[0].channel, sends[0].messageId, delayMs);
  const channels = new Set(sends.map((s) => s.channel));
  for (const channel of channels) {
    const jobs = sends.filter((s) => s.channel === channel).map((s) => ({ name: JOB.send, data: { messageId: s.messageId }, opts: { jobId: jobIds.send(s.messageId), ...SEND_JOB_OPTIONS, ...(delayMs > 0 ? { delay: delayMs } : {}) } }));
    await rt.queues.get(outboundQueue(channel)).addBulk(jobs);
  }
}

/**
 * Stores and queues one message to an identity, outside a conversation step (a volunteer's reply
 * to a ticket, a reminder, a campaign message). Consent and quiet hours are checked when it
 * is sent, like every other message.
 */
export async function queueMessage(
  rt: Pick<Runtime, 'db' | 'queues'>,
  m: { contactId: string; identityId: string; channel: string; message: OutboundMessage; kind: MessageKind },
): Promise<string> {
  const id = await insertOutbound(rt.db.kysely, {
    contactId: m.contactId,
    identityId: m.identityId,
    channel: m.channel,
    kind: m.kind as 'reply',
    body: m.message.text,
    key: m.message.key,
    payload: m.message,
  });
  await enqueueSend(rt, m.channel, id);
  return id;
}
