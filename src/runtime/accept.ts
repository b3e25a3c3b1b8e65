import type { InboundMessage } from '../engine/types';
import { JOB, QUEUES, jobIds } from '../queue/jobs';
import { clearUnreachable, findOrCreateIdentity } from '../store/contacts';
import { insertInbound } from '../store/messages';
import { applySuppressionOnFirstContact } from '../privacy/suppression';
import type { AcceptResult } from '../channels/types';
import type { Runtime } from './runtime';

/**
 * Accepts an inbound message: stores it (once per provider id) and queues its contact for
 * processing. Resolves only when both are durable, so a channel acknowledges the provider only
 * then; it throws when the database or Redis is down, and the channel answers with a status the
 * provider retries. A message stored but not queued (Redis failed after the insert) is picked up
 * by the maintenance sweep.
 */
export async function acceptInbound(rt: Runtime, message: InboundMessage): Promise<AcceptResult> {
  const { identity, created } = await findOrCreateIdentity(rt.db.kysely, message.channel, message.address);
  // A forgotten person who writes again starts opted out: only their own START brings them back.
  if (created) await applySuppressionOnFirstContact({ db: rt.db.kysely, config: rt.config, now: rt.now }, identity);
  const payload: Record<string, unknown> = {};
  if (message.intent) payload.intent = message.intent;
  if (message.payload) payload.payload = message.payload;
  if (message.localeHint) payload.localeHint = message.localeHint;
  const messageId = await insertInbound(rt.db.kysely, {
    contactId: identity.contact_id,
    identityId: identity.id,
    channel: message.channel,
    providerId: message.providerId,
    body: message.text,
    payload: Object.keys(payload).length ? payload : undefined,
  });
  if (!messageId) return { status: 'duplicate' };
  // A chat user who writes again has unblocked the bot: reachable again. An SMS number stays marked:
  // Twilio called it invalid or not mobile (21211/21614), which a message from it does not change.
  if (identity.unreachable_at && identity.channel !== 'sms') await clearUnreachable(rt.db.kysely, identity.id);
  await rt.queues.get(QUEUES.inbound).add(JOB.processContact, { contactId: identity.contact_id }, { jobId: jobIds.inbound(messageId), attempts: 10, backoff: { type: 'exponential', delay: 1000 } });
  return { status: 'accepted', messageId, contactId: identity.contact_id };
}
