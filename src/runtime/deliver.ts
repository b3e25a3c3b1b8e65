import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { OutboundMessage } from '../engine/types';
import { SendError } from '../channels/errors';
import type { ChannelAdapter, MessageKind } from '../channels/types';
import { recordConsent } from '../store/consent';
import { markUnreachable } from '../store/contacts';
import { recipientPaceKey, takeRecipientSlot } from '../queue/recipient-pacer';
import { optedInSince } from '../store/suppressions';
import type { SendObservation } from './module';
import type { Runtime } from './runtime';
import { sendBatches } from './send-batches';

const ORDER_RECHECK_MS = 150;

/** Tells the modules that watch sends (metrics) about one attempt; a failing observer never fails the send. */
function observeSend(rt: Runtime, send: SendObservation): void {
  for (const module of rt.modules) {
    try {
      module.onSend?.(rt, send);
    } catch {
      // a metric is not a reason to fail a send
    }
  }
}

/** Puts the job back for `ms` (real time: BullMQ's clock) without counting an attempt. */
async function waitAndRetry(job: Job, token: string, ms: number): Promise<never> {
  await job.moveToDelayed(Date.now() + ms, token);
  throw new DelayedError();
}

/**
 * Delivers one stored outbound message through its channel. Consent is checked here, at send time,
 * so a reminder or broadcast queued before someone opted out is dropped (recorded as suppressed).
 * Quiet hours defer a job to the next allowed time. Temporary failures throw for BullMQ's backoff;
 * permanent ones change the contact's state and end the job with UnrecoverableError.
 * Replies to one identity go in the order they were stored (a newer one waits while an older one is
 * pending), and channels with per-recipient pacing (Telegram) take a slot first; both wait by
 * moving the job back to delayed, so no worker slot is held while waiting.
 * The database work is shared with the sends running beside this one (src/runtime/send-batches.ts):
 * one read (the message and the opt-out list), and the "send started" mark and the outcome written
 * in group commits.
 */
export async function deliver(rt: Runtime, adapter: ChannelAdapter, messageId: string, job?: Job, token?: string): Promise<string> {
  const db = rt.db.kysely;
  const batches = sendBatches(db, rt.config);
  const setStatus = (status: string, extra: { providerId?: string; errorCode?: string | null } = {}) => batches.status({ id: messageId, status, ...extra });
  const message = await batches.load(messageId);
  if (!message || message.direction !== 'out') return 'missing';
  if (message.status !== 'pending') return message.status; // already sent: a retried job never sends twice
  // A campaign rehearsal's message goes to the rehearsal stand-in only, and the stand-in takes
  // nothing else: a rehearsal never reaches a phone (even one left pending when a provider is set
  // up later), and a real message is never recorded as rehearsed. A real message that reached the
  // stand-in stays pending for a process with the provider.
  const out = (message.payload as OutboundMessage | null) ?? { text: message.body ?? '' };
  if (out.rehearsal === true && !adapter.rehearsal) {
    await setStatus('suppressed', { errorCode: 'rehearsal' });
    return 'suppressed';
  }
  if (adapter.rehearsal && out.rehearsal !== true) return 'not_rehearsal';
  const identity = message.identity;
  if (!identity) {
    await setStatus('suppressed', { errorCode: 'no_identity' });
    return 'suppressed';
  }
  const kind = message.kind as MessageKind;
  if (identity.opted_out && kind !== 'consent') {
    await setStatus('suppressed', { errorCode: 'opted_out' });
    return 'suppressed';
  }
  if (identity.unreachable_at) {
    await setStatus('suppressed', { errorCode: 'unreachable' });
    return 'suppressed';
  }
  // The anonymous opt-out list: a forgotten person's address, imported or written to again, and
  // not opted back in (START) since. Looked up with the message (send-batches.ts).
  const forgottenAt = message.suppressed_since;
  if (forgottenAt && !(await optedInSince(db, identity.id, forgottenAt))) {
    await setStatus('suppressed', { errorCode: 'forgotten' });
    return 'suppressed';
  }
  const target = {
    address: identity.address,
    contactId: identity.contact_id,
    identityId: identity.id,
    language: message.language ?? rt.translator.defaultLanguage,
    timezone: message.timezone,
  };
  const now = rt.now();
  const deferTo = adapter.deferUntil?.(target, kind, now);
  if (deferTo && deferTo.getTime() > now.getTime() && job && token) {
    await job.moveToDelayed(deferTo.getTime(), token);
    throw new DelayedError();
  }
  if (job && token) {
    // A step's replies go in the order they were written, whatever the queue's concurrency.
    if (message.older_reply_pending) {
      return waitAndRetry(job, token, ORDER_RECHECK_MS);
    }
    if (adapter.recipientPacing) {
      const waitMs = await takeRecipientSlot(rt.queues.connection, recipientPaceKey(rt.queues.prefix, adapter.channel, identity.id), adapter.recipientPacing);
      if (waitMs > 0) return waitAndRetry(job, token, waitMs);
    }
  }
  // An earlier attempt called the provider and never recorded the answer (its worker died): ask the
  // provider first where it can tell, so the person does not get the message twice.
  if (message.send_started_at && adapter.findSent) {
    const found = await adapter.findSent(target, out, new Date(message.send_started_at));
    if (found) {
      await setStatus(found.status ?? 'sent', { providerId: found.providerId });
      rt.log.info({ channel: identity.channel, messageId }, 'a send interrupted by a crash had gone out: not sent again');
      return 'sent';
    }
  }
  // Only worth writing where a retry can ask the provider (findSent); elsewhere nothing reads it.
  if (adapter.findSent) await batches.started(messageId, true);
  const started = Date.now();
  try {
    const result = await adapter.send(target, out);
    await setStatus(result.status ?? 'sent', { providerId: result.providerId });
    // A rehearsal is its own outcome and no send delay: /metrics never counts it as a real send.
    observeSend(rt, adapter.rehearsal ? { channel: identity.channel, kind, outcome: 'rehearsed', startedMs: started } : { channel: identity.channel, kind, outcome: 'sent', startedMs: started, storedAt: message.created_at });
    return 'sent';
  } catch (err) {
    observeSend(rt, { channel: identity.channel, kind, outcome: err instanceof SendError ? err.code : 'error', startedMs: started });
    if (!(err instanceof SendError)) throw err; // unknown: let BullMQ retry with backoff
    if (err.retryable) {
      if (adapter.findSent) await batches.started(messageId, false); // the provider refused it: nothing to look for next time
      await setStatus('pending', { errorCode: String(err.details.providerCode ?? err.code) });
      throw err;
    }
    if (err.code === 'opted_out') await recordConsent(db, identity, 'opt_out', { source: `provider:${err.details.providerCode ?? 'unsubscribed'}`, at: now });
    if (err.code === 'unreachable') await markUnreachable(db, identity.id, String(err.details.providerCode ?? err.message), now);
    await setStatus('failed', { errorCode: String(err.details.providerCode ?? err.code) });
    rt.log.warn({ channel: identity.channel, messageId, code: err.code, providerCode: err.details.providerCode }, 'send failed permanently');
    throw new UnrecoverableError(err.message);
  }
}
