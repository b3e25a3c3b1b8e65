/**
 * Campaign messages in the channels' outbound queues. They go through the same send job as every
 * message (same job id, `out-<messageId>`, so whatever re-adds one, the core's sweep included,
 * adds nothing; same deliver(): consent and quiet hours checked at send time), with a lower
 * priority than replies. A paused campaign's waiting messages are 'held': deliver() sends only
 * 'pending' messages and the sweep re-queues only those, so a held message stays put until resumed.
 * A 'scheduled' message (anchor time, or quiet hours) is in no queue: it waits in PostgreSQL until
 * a release (src/campaigns/release.ts) of a running campaign puts it in, so a pause leaves it be.
 */
import type { Kysely } from 'kysely';
import type { SendTarget } from '../channels/types';
import { isChannelName } from '../channels/registry';
import { JOB, jobIds, outboundQueue } from '../queue/jobs';
import { SEND_JOB_OPTIONS } from '../runtime/outbound';
import type { Runtime } from '../runtime/runtime';
import { CAMPAIGN_SEND_PRIORITY } from './jobs';
import { campaignSender, campaignSendQueue } from './rehearsal';
import type { Database } from '../store/schema';

/** Statuses of a campaign message that has not gone out yet. */
export const WAITING_STATUSES = ['pending', 'scheduled', 'held'] as const;

/** Queues send jobs for stored 'pending' messages (idempotent), grouped per channel. */
export async function enqueueCampaignSends(rt: Runtime, messages: { id: string; channel: string }[]): Promise<number> {
  const byChannel = new Map<string, string[]>();
  for (const m of messages) {
    // The channel's queue, or the rehearsal stand-in's where the channel is off (deliver() lets
    // only a rehearsal's messages through it); neither: the sweep of a process that has it picks it up.
    const queue = campaignSendQueue(rt, m.channel);
    if (!queue) continue;
    byChannel.set(queue, [...(byChannel.get(queue) ?? []), m.id]);
  }
  let n = 0;
  for (const [queue, ids] of byChannel) {
    await rt.queues.get(queue).addBulk(
      ids.map((messageId) => ({ name: JOB.send, data: { messageId }, opts: { jobId: jobIds.send(messageId), ...SEND_JOB_OPTIONS, priority: CAMPAIGN_SEND_PRIORITY } })),
    );
    n += ids.length;
  }
  return n;
}

/** The campaign sends waiting to be picked up in a channel's queue (prioritized = campaign traffic). */
export async function campaignBacklog(rt: Runtime, channel: string): Promise<number> {
  const queue = campaignSendQueue(rt, channel);
  if (!queue) return 0;
  const counts = await rt.queues.get(queue).getJobCounts('prioritized');
  return counts.prioritized ?? 0;
}

/**
 * Whether any of the channels has CAMPAIGN_BACKLOG campaign sends waiting: the one back-pressure
 * of everything that puts campaign sends into the queues (the fan-out and the release of due
 * messages). Each channel's queue is counted on its own, since a page may go all to one of them.
 */
export async function backlogFull(rt: Runtime, channels: string[]): Promise<boolean> {
  for (const channel of channels) if ((await campaignBacklog(rt, channel)) >= rt.config.CAMPAIGN_BACKLOG) return true;
  return false;
}

/**
 * When the channel would send a campaign message to this person at `at` or later: the end of their
 * quiet hours (SMS), or undefined when `at` itself is fine (or the channel has no such hours, or is
 * off here). Asked when a message is handed out and again when it is released, so that what cannot
 * go yet waits in PostgreSQL ('scheduled') rather than in Redis as a delayed send; deliver() asks
 * once more at send time.
 */
export function sendableAfter(rt: Runtime, channel: string, target: SendTarget, at: Date): Date | undefined {
  const until = campaignSender(rt, channel)?.deferUntil?.(target, 'notification', at);
  return until && until.getTime() > at.getTime() ? until : undefined;
}

/** Removes a message's send job from the queue it would be in here. */
async function removeSendJob(rt: Runtime, m: { id: string; channel: string }): Promise<void> {
  const queue = campaignSendQueue(rt, m.channel) ?? (isChannelName(m.channel) ? outboundQueue(m.channel) : undefined);
  if (queue) await rt.queues.get(queue).remove(jobIds.send(m.id));
}

/** Marks a campaign's pending messages held (pause) and removes their waiting send jobs ('scheduled' ones stay: they are in no queue). */
export async function holdCampaignMessages(rt: Runtime, db: Kysely<Database>, campaignId: string): Promise<number> {
  let held = 0;
  let after = '0';
  for (;;) {
    // Keyset over message ids: the campaign's pending messages, a page at a time.
    const page = await db
      .updateTable('messages')
      .set({ status: 'held' })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('campaign_recipients as r')
          .innerJoin('messages as m', 'm.id', 'r.message_id')
          .select('m.id')
          .where('r.campaign_id', '=', campaignId)
          .where('m.status', '=', 'pending')
          .where('m.id', '>', after)
          .orderBy('m.id')
          .limit(1000),
      )
      .where('status', '=', 'pending')
      .returning(['id', 'channel'])
      .execute();
    if (!page.length) break;
    held += page.length;
    after = page.reduce((max, m) => (BigInt(m.id) > BigInt(max) ? m.id : max), after);
    for (const m of page) await removeSendJob(rt, m);
  }
  return held;
}

/**
 * Releases a campaign's held messages (resume): back to 'pending', a fresh send job each. A job
 * left from before the pause (completed by deliver() seeing 'held') is removed first, since BullMQ
 * ignores an add whose id exists.
 */
export async function releaseHeldMessages(rt: Runtime, db: Kysely<Database>, campaignId: string): Promise<number> {
  let released = 0;
  for (;;) {
    const page = await db
      .updateTable('messages')
      .set({ status: 'pending' })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('campaign_recipients as r')
          .innerJoin('messages as m', 'm.id', 'r.message_id')
          .select('m.id')
          .where('r.campaign_id', '=', campaignId)
          .where('m.status', '=', 'held')
          .limit(1000),
      )
      .where('status', '=', 'held')
      .returning(['id', 'channel'])
      .execute();
    if (!page.length) break;
    released += page.length;
    for (const m of page) await removeSendJob(rt, m);
    await enqueueCampaignSends(rt, page);
  }
  return released;
}

/**
 * Queues a send job for every pending message of the campaign (idempotent: a job that exists is
 * left alone). A relaunch runs it, so a fan-out that died between its commit and its sends is
 * completed at once rather than at the next maintenance sweep.
 */
export async function requeuePending(rt: Runtime, db: Kysely<Database>, campaignId: string): Promise<number> {
  let after = '0';
  let queued = 0;
  for (;;) {
    const page = await db
      .selectFrom('campaign_recipients as r')
      .innerJoin('messages as m', 'm.id', 'r.message_id')
      .select(['m.id', 'm.channel'])
      .where('r.campaign_id', '=', campaignId)
      .where('m.status', '=', 'pending')
      .where('m.id', '>', after)
      .orderBy('m.id')
      .limit(1000)
      .execute();
    if (!page.length) return queued;
    queued += await enqueueCampaignSends(rt, page.map((m) => ({ id: String(m.id), channel: m.channel })));
    after = String(page[page.length - 1].id);
  }
}
