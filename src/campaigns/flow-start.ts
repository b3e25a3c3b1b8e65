/**
 * A campaign that names a flow starts it for each person once their campaign message has gone out,
 * so their answer lands in that flow. The flow's own messages are notifications: consent and quiet
 * hours apply to them at send time, as to every message.
 */
import { DelayedError, type Job } from 'bullmq';
import type { ChannelName } from '../channels/registry';
import { getContact, getIdentity } from '../store/contacts';
import { WENT_OUT_STATUSES } from '../store/messages';
import { processContact } from '../runtime/process-contact';
import type { Runtime } from '../runtime/runtime';
import type { FlowStartJob } from './jobs';

/** While the message waits in its queue: look again after 2 s, 4 s, ... at most a minute. */
const FIRST_RECHECK_MS = 2000;
const MAX_RECHECK_MS = 60_000;
/** A paused campaign's message waits for a human: look again rarely. */
const PAUSED_RECHECK_MS = 10 * 60_000;
/** Statuses that mean the message left us. */
const GONE: ReadonlySet<string> = new Set(WENT_OUT_STATUSES);

/** Runs a flow-start job: waits for the message, then starts the flow (or drops it if the message was not sent). */
export async function runFlowStart(rt: Runtime, data: FlowStartJob & { checks?: number }, job?: Job, token?: string): Promise<string> {
  const db = rt.db.kysely;
  const campaign = await db.selectFrom('campaigns').select('status').where('id', '=', data.campaignId).executeTakeFirst();
  if (!campaign || campaign.status === 'cancelled') return 'dropped';
  const message = await db.selectFrom('messages').select(['status', 'channel']).where('id', '=', data.messageId).executeTakeFirst();
  if (!message) return 'dropped';
  if (['pending', 'scheduled', 'held'].includes(message.status)) {
    if (!job || !token) return 'waiting';
    const waitMs = campaign.status === 'paused' || message.status === 'held' ? PAUSED_RECHECK_MS : await waitFor(rt, data, message.status, message.channel);
    await job.updateData({ ...data, checks: (data.checks ?? 0) + 1 });
    await job.moveToDelayed(Date.now() + waitMs, token);
    throw new DelayedError();
  }
  if (!GONE.has(message.status)) return 'dropped'; // suppressed, failed: no flow for someone the message did not reach
  await processContact(rt, data.contactId, { type: 'startFlow', flowId: data.flowId, identityId: data.identityId });
  return 'started';
}

/**
 * How long until the message is likely to have gone: its anchor time when scheduled, the end of
 * the person's quiet hours when the channel defers it now (so a night is one wait, not hundreds),
 * else a short, growing recheck.
 */
async function waitFor(rt: Runtime, data: FlowStartJob & { checks?: number }, status: string, channel: string): Promise<number> {
  const now = rt.now().getTime();
  const backoff = Math.min(MAX_RECHECK_MS, FIRST_RECHECK_MS * 2 ** (data.checks ?? 0));
  if (status === 'scheduled') {
    const row = await rt.db.kysely.selectFrom('campaign_recipients').select('send_at').where('message_id', '=', data.messageId).executeTakeFirst();
    const at = row?.send_at ? new Date(row.send_at).getTime() : 0;
    return Math.max(backoff, at - now + FIRST_RECHECK_MS);
  }
  const adapter = rt.channels.get(channel as ChannelName);
  const identity = await getIdentity(rt.db.kysely, data.identityId);
  if (!adapter?.deferUntil || !identity) return backoff;
  const contact = await getContact(rt.db.kysely, identity.contact_id);
  const target = { address: identity.address, contactId: identity.contact_id, identityId: identity.id, language: contact?.language ?? rt.translator.defaultLanguage, timezone: contact?.timezone ?? null };
  const deferTo = adapter.deferUntil(target, 'notification', rt.now());
  return deferTo ? Math.max(backoff, deferTo.getTime() - now + FIRST_RECHECK_MS) : backoff;
}
