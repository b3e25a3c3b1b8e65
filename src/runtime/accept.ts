import { isPhoneChannel } from '../channels/registry';
import type { AcceptResult, InboundMessage } from '../channels/types';
import { assertRedisReady } from '../queue/connection';
import { JOB, QUEUES, jobIds } from '../queue/jobs';
import { randomUUID } from 'node:crypto';
import { clearUnreachable } from '../store/contacts';
import { storeInbound, type StoredInbound } from '../store/messages';
import { addressHash, suppressionKey } from '../store/suppressions';
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
  // One statement, whoever wrote: the identity found or (a new address) created with its contact,
  // opted out at once if the address is on the suppression list (a forgotten person who writes
  // again: only their own START brings them back), and the message stored.
  const key = await suppressionKey({ db: rt.db.kysely, config: rt.config });
  const first = () => ({ contactId: randomUUID(), identityId: randomUUID(), suppressionHash: addressHash(key, message.channel, message.address), at: rt.now() });
  // Undefined when another request created the address at the same moment: then it is known.
  const known: StoredInbound | undefined = (await storeInbound(rt.db.kysely, stored, first())) ?? (await storeInbound(rt.db.kysely, stored, first()));
  if (!known) throw new Error('inbound message: the sender was neither found nor created');
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
