import { isPhoneChannel } from '../channels/registry';
import type { AcceptResult, InboundMessage } from '../channels/types';
import { assertRedisReady } from '../queue/connection';
import { JOB, QUEUES, jobIds } from '../queue/jobs';
import { clearUnreachable, createIdentity } from '../store/contacts';
import { insertInbound, insertInboundFromKnown } from '../store/messages';
import { applySuppressionOnFirstContact } from '../store/suppressions';
import type { Runtime } from './runtime';

/**
 * Accepts an inbound message: stores it (once per provider id) and queues its contact for
 * processing. Resolves only when both are durable, so a channel acknowledges the provider only
 * then; it throws when the database or Redis is down, and the channel answers with a status the
 * provider retries. Redis is checked first, so while it is down nothing is written and the answer
 * comes at once; it is not left waiting for Redis to come back. A message stored but not queued
 * (Redis failed after the insert, or the answer was lost) is queued when the provider delivers it
 * again, and otherwise picked up by the maintenance sweep.
 */
export async function acceptInbound(rt: Runtime, message: InboundMessage): Promise<AcceptResult> {
  assertRedisReady(rt.queues.connection);
  const payload: Record<string, unknown> = {};
  if (message.intent) payload.intent = message.intent;
  if (message.payload) payload.payload = message.payload;
  if (message.localeHint) payload.localeHint = message.localeHint;
  const stored = { channel: message.channel, address: message.address, providerId: message.providerId, body: message.text, payload: Object.keys(payload).length ? payload : undefined };
  // Someone we know (most messages): identity and message in one statement.
  let known = await insertInboundFromKnown(rt.db.kysely, stored);
  if (!known) {
    // Not known a moment ago: created now (in one statement), or found if another request just did.
    const { identity, created } = await createIdentity(rt.db.kysely, message.channel, message.address);
    // A forgotten person who writes again starts opted out: only their own START brings them back.
    if (created) await applySuppressionOnFirstContact({ db: rt.db.kysely, config: rt.config, now: rt.now }, identity);
    known = { identity, messageId: await insertInbound(rt.db.kysely, { ...stored, contactId: identity.contact_id, identityId: identity.id }) };
  }
  const { identity, messageId } = known;
  if (!messageId) {
    // Delivered again: stored earlier, maybe never queued (the earlier attempt failed after the
    // insert). Still unprocessed: queue it now (a no-op while its job exists).
    const stored = message.providerId
      ? await rt.db.kysely.selectFrom('messages').select(['id', 'status']).where('channel', '=', message.channel).where('direction', '=', 'in').where('provider_id', '=', message.providerId).executeTakeFirst()
      : undefined;
    if (stored?.status === 'received') await queueContact(rt, stored.id, identity.contact_id);
    return { status: 'duplicate' };
  }
  // A chat user who writes again has unblocked the bot: reachable again. A phone number stays marked:
  // the carrier called it invalid or not mobile (Twilio 21211/21614), which a message from it does not change.
  if (identity.unreachable_at && !isPhoneChannel(identity.channel)) await clearUnreachable(rt.db.kysely, identity.id);
  await queueContact(rt, messageId, identity.contact_id);
  return { status: 'accepted', messageId, contactId: identity.contact_id };
}

/** Queues the processing of a contact's inbound message (once per message: the job id is the message id). */
async function queueContact(rt: Runtime, messageId: string, contactId: string): Promise<void> {
  await rt.queues.addPromptly(QUEUES.inbound, JOB.processContact, { contactId }, { jobId: jobIds.inbound(messageId), attempts: 10, backoff: { type: 'exponential', delay: 1000 } });
}
