/**
 * The runner's own sends (issue #18): the replies of a step to someone who just wrote are sent by
 * the job that processed their message, right after its transaction commits, in the order they
 * were written, through the same rules as a send job (attemptDelivery in deliver.ts: consent at
 * send time, the anonymous opt-out list, quiet hours, the send-started mark and findSent,
 * statuses, metrics). No send job, no second pass for the second reply.
 *
 * What cannot go now is handed to the channel's send queue exactly as before, and so is every
 * reply after it (a later reply never overtakes an earlier one handed over): a wait (quiet hours,
 * an older reply still pending, per-recipient pacing), the queue's rate limit reached (its BullMQ
 * limiter, shared: src/queue/send-limiter.ts), a retryable failure (queued after the first backoff
 * step; a 429 also pauses the queue for its Retry-After, as in a send job), any other error.
 *
 * Only on channels whose adapter sets `inlineReplies` (a quick send, no pacing of its own: SMS,
 * WhatsApp, the simulator). Telegram is paced per chat and its client waits long; Slack paces
 * each channel by sleeping inside send(): they keep a send job per reply.
 *
 * A crash between the commit and the sends leaves the replies pending, and the maintenance sweep
 * queues them (src/runtime/workers.ts). It takes only messages older than its period (30 s, by the
 * database's clock) whose send did not start within SEND_IN_FLIGHT_SECONDS (60 s; SMS and WhatsApp
 * mark it); a reply is sent inline only while younger than INLINE_MAX_AGE_S by the same clock, and
 * the provider's call times out first (Twilio: 15 s), so the sweep never queues a message an inline
 * send is still making. A send the crash interrupted is looked up at the provider (findSent) first.
 */
import { UnrecoverableError } from 'bullmq';
import { SendError } from '../channels/errors';
import { isChannelName } from '../channels/registry';
import { scrubPersonal } from '../lib/scrub';
import { outboundQueue } from '../queue/jobs';
import { takeSendSlots } from '../queue/send-limiter';
import { attemptDelivery } from './deliver';
import { SEND_JOB_OPTIONS, enqueueSends } from './outbound';
import type { Runtime } from './runtime';

/** A reply older than this (seconds since it was stored) is not sent inline but queued (see above). */
export const INLINE_MAX_AGE_S = 10;

/** What the inline sends came to: how many replies went through them, how many were queued. */
export interface InlineResult {
  inline: number;
  queued: number;
}

/** Sends `sends` (stored replies, in order) now where their channel allows, and queues the rest. */
export async function sendInline(rt: Runtime, sends: { channel: string; messageId: string }[]): Promise<InlineResult> {
  const slots = await sendSlots(rt, sends);
  for (let i = 0; i < sends.length; i++) {
    const { channel, messageId } = sends[i];
    const adapter = isChannelName(channel) ? rt.channels.get(channel) : undefined;
    const handOver = async (delayMs = 0): Promise<InlineResult> => {
      await enqueueSends(rt, sends.slice(i), delayMs);
      return { inline: i, queued: sends.length - i };
    };
    if (!adapter?.inlineReplies) return handOver();
    if (slots.has(channel)) {
      const left = slots.get(channel)!;
      if (left <= 0) return handOver(); // the queue's rate limit: its worker paces the rest
      slots.set(channel, left - 1);
    }
    try {
      const attempt = await attemptDelivery(rt, adapter, messageId, { waits: true, maxAgeSeconds: INLINE_MAX_AGE_S });
      if ('wait' in attempt) return handOver(Math.max(0, attempt.until - Date.now()));
      // 'too_old' (see above) and 'not_rehearsal' stay pending: the queue has them as before.
      if (attempt.status === 'too_old' || attempt.status === 'not_rehearsal') return handOver();
      // Sent, suppressed, gone, or no longer pending: the next one.
    } catch (err) {
      if (err instanceof UnrecoverableError) continue; // failed for good, recorded; the next one may still go
      if (err instanceof SendError && err.code === 'throttled') {
        // The provider said how long to wait (a 429): the whole queue waits, as after a send job's 429.
        await rt.queues.get(outboundQueue(channel)).rateLimit(err.details.retryAfterMs ?? 1000);
        return handOver();
      }
      if (!(err instanceof SendError)) rt.log.warn({ channel, messageId, err: scrubPersonal((err as Error).message ?? String(err)) }, 'inline send failed: queued');
      return handOver(SEND_JOB_OPTIONS.backoff.delay);
    }
  }
  return { inline: sends.length, queued: 0 };
}

/** For each channel with a queue limiter (and inline sends), the sends it may make now: taken at once for the whole step. */
async function sendSlots(rt: Runtime, sends: { channel: string }[]): Promise<Map<string, number>> {
  const slots = new Map<string, number>();
  const wanted = new Map<string, number>();
  for (const { channel } of sends) wanted.set(channel, (wanted.get(channel) ?? 0) + 1);
  for (const [channel, n] of wanted) {
    const adapter = isChannelName(channel) ? rt.channels.get(channel) : undefined;
    if (!adapter?.inlineReplies || !adapter.limiter) continue;
    slots.set(channel, await takeSendSlots(rt.queues.connection, rt.queues.get(outboundQueue(channel)), adapter.limiter, n));
  }
  return slots;
}
