import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { OutboundMessage } from '../engine/types';
import { SendError } from '../channels/errors';
import type { ChannelAdapter, MessageKind } from '../channels/types';
import { recordConsent } from '../store/consent';
import { markUnreachable } from '../store/contacts';
import { recipientPaceKey, takeRecipientSlot } from '../queue/recipient-pacer';
import { optedInSince } from '../store/suppressions';
import { scrubPersonal } from '../lib/scrub';
import type { SendObservation } from './module';
import type { Runtime } from './runtime';
import { sendBatches } from './send-batches';

/** How soon a reply waiting for an older one looks again. */
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

/** Why a send may not go now. */
export type WaitReason = 'quiet_hours' | 'older_reply' | 'recipient_pacing';

/** What one attempt at a message came to, short of an error thrown. */
export type Attempt =
  /** Done for now: 'sent', 'suppressed', 'missing', the status it already had, 'not_rehearsal', 'too_old' (maxAgeSeconds). */
  | { status: string }
  /** Not now: it may go at `until` (epoch ms, real time: BullMQ's clock). */
  | { wait: WaitReason; until: number };

/**
 * Delivers one stored outbound message through its channel, as a send job (`job`, `token`) or
 * called directly. Consent is checked here, at send time, so a reminder or broadcast queued
 * before someone opted out is dropped (recorded as suppressed). Quiet hours defer a job to the
 * next allowed time. Temporary failures throw for BullMQ's backoff; permanent ones change the
 * contact's state and end the job with UnrecoverableError.
 * Replies to one identity go in the order they were stored (a newer one waits while an older one is
 * pending), and channels with per-recipient pacing (Telegram) take a slot first; both wait by
 * moving the job back to delayed, so no worker slot is held while waiting. Called without a job,
 * it sends without those waits (a test's direct call).
 */
export async function deliver(rt: Runtime, adapter: ChannelAdapter, messageId: string, job?: Job, token?: string): Promise<string> {
  const queued = Boolean(job && token);
  const attempt = await attemptDelivery(rt, adapter, messageId, { waits: queued });
  if ('status' in attempt) return attempt.status;
  // Waiting moves the job back to delayed: no worker slot is held meanwhile.
  await job!.moveToDelayed(attempt.until, token);
  throw new DelayedError();
}

/**
 * One attempt at sending a stored outbound message: every check deliver() makes, then the
 * provider. With `waits`, a send that may not go now (quiet hours, an older reply pending, the
 * recipient's pacing) is not made and the wait is returned; without, it goes at once. Shared by
 * the send jobs (deliver()) and the runner's inline sends (src/runtime/send-inline.ts), so both
 * follow one set of rules. Throws as deliver() does: a retryable SendError (the message is left
 * pending), UnrecoverableError (failed for good, recorded), anything else unexpected.
 * The database work is shared with the sends running beside this one (src/runtime/send-batches.ts):
 * one read (the message and the opt-out list) that also sets the "send started" mark where the
 * channel can be asked what it sent (findSent) and the database sees nothing against the send,
 * and the outcome written in a group commit. On such a channel a send does not wait for its "sent"
 * to commit (see below).
 * `maxAgeSeconds`: a message older than this (by the database's clock) is not sent but returned as
 * 'too_old', untouched (the inline sender hands it to the queue; see send-inline.ts).
 */
export async function attemptDelivery(rt: Runtime, adapter: ChannelAdapter, messageId: string, opts: { waits: boolean; maxAgeSeconds?: number }): Promise<Attempt> {
  const db = rt.db.kysely;
  const batches = sendBatches(rt.db, rt.config);
  const setStatus = (status: string, extra: { providerId?: string; errorCode?: string | null } = {}) => batches.status({ id: messageId, status, ...extra });
  // Where a retry can ask the provider (findSent), the read marks the send as started (see
  // send-batches.ts): no write of its own before the provider call. Elsewhere nothing reads the mark.
  const message = await batches.load(messageId, adapter.findSent ? { maxAgeSeconds: opts.maxAgeSeconds } : undefined);
  if (!message || message.direction !== 'out') return { status: 'missing' };
  if (message.status !== 'pending') return { status: message.status }; // already sent: a retried job never sends twice
  if (opts.maxAgeSeconds !== undefined && message.age_seconds > opts.maxAgeSeconds) return { status: 'too_old' };
  // A campaign rehearsal's message goes to the rehearsal stand-in only, and the stand-in takes
  // nothing else: a rehearsal never reaches a phone (even one left pending when a provider is set
  // up later), and a real message is never recorded as rehearsed. A real message that reached the
  // stand-in stays pending for a process with the provider.
  const out = (message.payload as OutboundMessage | null) ?? { text: message.body ?? '' };
  if (out.rehearsal === true && !adapter.rehearsal) {
    await setStatus('suppressed', { errorCode: 'rehearsal' });
    return { status: 'suppressed' };
  }
  if (adapter.rehearsal && out.rehearsal !== true) return { status: 'not_rehearsal' };
  const identity = message.identity;
  if (!identity) {
    await setStatus('suppressed', { errorCode: 'no_identity' });
    return { status: 'suppressed' };
  }
  const kind = message.kind as MessageKind;
  if (identity.opted_out && kind !== 'consent') {
    await setStatus('suppressed', { errorCode: 'opted_out' });
    return { status: 'suppressed' };
  }
  if (identity.unreachable_at) {
    await setStatus('suppressed', { errorCode: 'unreachable' });
    return { status: 'suppressed' };
  }
  // The anonymous opt-out list: a forgotten person's address, imported or written to again, and
  // not opted back in (START) since. Looked up with the message (send-batches.ts).
  const forgottenAt = message.suppressed_since;
  if (forgottenAt && !(await optedInSince(db, identity.id, forgottenAt))) {
    await setStatus('suppressed', { errorCode: 'forgotten' });
    return { status: 'suppressed' };
  }
  const target = {
    address: identity.address,
    contactId: identity.contact_id,
    identityId: identity.id,
    language: message.language ?? rt.translator.defaultLanguage,
    timezone: message.timezone,
  };
  const now = rt.now();
  if (opts.waits) {
    // A wait the read could not see (quiet hours, pacing) takes back the mark it set: the next
    // attempt then has no reason to ask the provider first.
    const wait = async (w: Extract<Attempt, { wait: WaitReason }>): Promise<Attempt> => {
      if (message.marked) await batches.started(messageId, false);
      return w;
    };
    const deferTo = adapter.deferUntil?.(target, kind, now);
    if (deferTo && deferTo.getTime() > now.getTime()) return wait({ wait: 'quiet_hours', until: deferTo.getTime() });
    // A step's replies go in the order they were written (the read marks none that waits so).
    if (message.older_reply_pending) return wait({ wait: 'older_reply', until: Date.now() + ORDER_RECHECK_MS });
    if (adapter.recipientPacing) {
      const waitMs = await takeRecipientSlot(rt.queues.connection, recipientPaceKey(rt.queues.prefix, adapter.channel, identity.id), adapter.recipientPacing);
      if (waitMs > 0) return wait({ wait: 'recipient_pacing', until: Date.now() + waitMs });
    }
  }
  // An earlier attempt called the provider and never recorded the answer (its worker died): ask the
  // provider first where it can tell, so the person does not get the message twice.
  if (message.send_started_at && adapter.findSent) {
    const found = await adapter.findSent(target, out, new Date(message.send_started_at));
    if (found) {
      await setStatus(found.status ?? 'sent', { providerId: found.providerId });
      rt.log.info({ channel: identity.channel, messageId }, 'a send interrupted by a crash had gone out: not sent again');
      return { status: 'sent' };
    }
  }
  // The read marked it, or an earlier attempt did (kept: findSent looks back to it). Not marked
  // only where the read saw a reason not to, which a check here overruled (opted in again since
  // the opt-out list): then the mark is its own write, before the provider is called.
  if (adapter.findSent && !message.marked && !message.send_started_at) await batches.started(messageId, true);
  const started = Date.now();
  try {
    const result = await adapter.send(target, out);
    if (adapter.findSent) {
      // The mark is committed and the provider can be asked: the job need not wait for "sent" to
      // commit. If that write is lost (the process dies, the database is away), the message stays
      // pending and marked, and the maintenance sweep re-queues it; findSent then finds it sent
      // and records it (src/runtime/workers.ts). The next reply's turn still reads it: the group
      // commit runs its calls in order (src/store/batcher.ts), so that reply's read goes in the
      // same statement as this write, which it sees (src/store/deliveries.ts), or in a later one;
      // if the write fails, the next reply waits (older_reply) and goes when the sweep has it.
      await batches.statusSoon({ id: messageId, status: result.status ?? 'sent', providerId: result.providerId }, (err) =>
        rt.log.warn({ channel: identity.channel, messageId, err: scrubPersonal((err as Error)?.message ?? String(err)) }, 'the status of a message sent could not be written: it stays pending until the sweep looks it up'),
      );
    } else {
      await setStatus(result.status ?? 'sent', { providerId: result.providerId });
    }
    // A rehearsal is its own outcome and no send delay: /metrics never counts it as a real send.
    observeSend(rt, adapter.rehearsal ? { channel: identity.channel, kind, outcome: 'rehearsed', startedMs: started } : { channel: identity.channel, kind, outcome: 'sent', startedMs: started, storedAt: message.created_at });
    return { status: 'sent' };
  } catch (err) {
    observeSend(rt, { channel: identity.channel, kind, outcome: err instanceof SendError ? err.code : 'error', startedMs: started });
    if (!(err instanceof SendError)) throw err; // unknown: let BullMQ retry with backoff
    if (err.retryable) {
      // The provider refused it: nothing to look for next time (the mark is cleared with the status).
      await batches.status({ id: messageId, status: 'pending', errorCode: String(err.details.providerCode ?? err.code), ...(adapter.findSent ? { started: false } : {}) });
      throw err;
    }
    if (err.code === 'opted_out') await recordConsent(db, identity, 'opt_out', { source: `provider:${err.details.providerCode ?? 'unsubscribed'}`, at: now });
    if (err.code === 'unreachable') await markUnreachable(db, identity.id, String(err.details.providerCode ?? err.message), now);
    await setStatus('failed', { errorCode: String(err.details.providerCode ?? err.code) });
    // The provider's words for whoever debugs it (a SendError's message is scrubbed of numbers and
    // e-mails); an inline send has no job whose failure would log them.
    rt.log.warn({ channel: identity.channel, messageId, code: err.code, providerCode: err.details.providerCode, err: err.message }, 'send failed permanently');
    throw new UnrecoverableError(err.message);
  }
}
