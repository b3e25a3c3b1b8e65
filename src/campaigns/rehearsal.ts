/**
 * Campaign rehearsals. On an install with no SMS provider, an organizer can launch a campaign as
 * a rehearsal: its SMS messages go through the whole pipeline (the audience with its consent
 * filters, rendering, the ledger, quiet hours, pacing, consent again at send time) to the
 * rehearsal stand-in (src/channels/rehearsal), which records each one ('rehearsed', with its exact
 * text) instead of sending it. The SMS channel itself stays off: rehearsal sends have their own
 * queue, so replies, reminders and real campaigns are untouched.
 *
 * A rehearsal reaches only the channels that have a stand-in (SMS), never a configured one: a
 * campaign to [telegram, sms] rehearses its SMS people only. There is no stand-in when any Twilio
 * setting is present, so a rehearsal cannot be launched or resumed there, and deliver() suppresses
 * a rehearsal message found on a real channel.
 */
import { createRehearsalStandIn } from '../channels/rehearsal/stand-in';
import type { ChannelName } from '../channels/registry';
import type { ChannelAdapter } from '../channels/types';
import type { OutboundMessage } from '../engine/types';
import { outboundQueue, type SendJob } from '../queue/jobs';
import { startWorker, type QueueWorker } from '../queue/worker';
import { deliver } from '../runtime/deliver';
import type { Runtime } from '../runtime/runtime';
import { audienceChannels } from './audience';
import type { CampaignDefinition } from './definition';
import { REHEARSAL_QUEUE } from './jobs';

const standIns = new WeakMap<Runtime, ChannelAdapter | null>();

/** The rehearsal stand-in of this process, or null (SMS is on, or a Twilio setting is present). */
export function standInFor(rt: Runtime): ChannelAdapter | null {
  if (!standIns.has(rt)) standIns.set(rt, rt.channels.has('sms') ? null : createRehearsalStandIn(rt.config));
  return standIns.get(rt) ?? null;
}

/** Whether campaigns can be rehearsed here. */
export function rehearsalAvailable(rt: Runtime): boolean {
  return standInFor(rt) !== null;
}

/**
 * The channels a campaign reaches in this process, in its order of preference: the configured
 * ones for a launch; for a rehearsal only those with a stand-in (never a configured channel).
 */
export function campaignChannels(rt: Runtime, def: CampaignDefinition, rehearsal: boolean): string[] {
  if (!rehearsal) return audienceChannels(def, rt.channels.keys());
  const standIn = standInFor(rt);
  return standIn ? audienceChannels(def, [standIn.channel]) : [];
}

/** The adapter a campaign message on `channel` goes through here: the channel's, else the stand-in. */
export function campaignSender(rt: Runtime, channel: string): ChannelAdapter | undefined {
  const adapter = rt.channels.get(channel as ChannelName);
  if (adapter) return adapter;
  const standIn = standInFor(rt);
  return standIn?.channel === channel ? standIn : undefined;
}

/** The queue a campaign send on `channel` goes into here (undefined: neither the channel nor a stand-in is on). */
export function campaignSendQueue(rt: Runtime, channel: string): string | undefined {
  const sender = campaignSender(rt, channel);
  if (!sender) return undefined;
  return sender.rehearsal ? REHEARSAL_QUEUE : outboundQueue(sender.channel);
}

/** A rendered message (its stored payload) marked as a rehearsal's, for deliver()'s guard. */
export function markRehearsal(payload: string): string {
  const message = JSON.parse(payload) as OutboundMessage;
  return JSON.stringify({ ...message, rehearsal: true } satisfies OutboundMessage);
}

/** Starts the stand-in's worker (none when there is no stand-in): deliver() through it, paced as SMS. */
export async function startRehearsalWorker(rt: Runtime): Promise<QueueWorker<SendJob> | null> {
  const standIn = standInFor(rt);
  if (!standIn) return null;
  return startWorker<SendJob>(rt, {
    queue: REHEARSAL_QUEUE,
    concurrency: rt.config.SEND_CONCURRENCY,
    limiter: standIn.limiter,
    process: (job, token) => deliver(rt, standIn, job.data.messageId, job, token),
  });
}
