/**
 * The deliverability circuit breaker: when too many of a campaign's recent sends on a channel fail
 * (carrier filtering 30007, unsubscribed 21610, Telegram's 403 "bot was blocked"), carriers are
 * reading it as spam; going on burns the number's reputation. The window slides by count: the last
 * `window` sends of the campaign on that channel that finished (sent, delivered or failed), newest
 * message first. Counting rather than timing keeps it independent of clocks (the messages'
 * updated_at is the database's clock, campaigns run on the injected one). Newest by message id,
 * not by when they finished: the read walks the campaign's messages back from its newest
 * (campaign_recipients_recent, migration 0015) and stops after the window and the sends still in
 * flight, whatever the campaign's size; ordered by when they finished, it read every message the
 * campaign had handed out, before every page of the fan-out.
 */
import { sql, type Kysely } from 'kysely';
import type { Runtime } from '../runtime/runtime';
import { audienceChannels } from './audience';
import type { CampaignDefinition } from './definition';
import type { Database } from '../store/schema';

/** Statuses that count as a failed send (Twilio's undelivered and failed; deliver()'s failed). */
const FAILED = ['failed', 'undelivered'];
/** Not sends (yet, or at all): waiting, held, or dropped before sending (opted out, deadline). */
const NOT_SENT = ['pending', 'scheduled', 'held', 'suppressed'];

/** Why the breaker tripped, for the pause reason, the event log and the Slack alert. */
export interface BreakerTrip {
  channel: string;
  failed: number;
  finished: number;
  rate: number;
  threshold: number;
  /** Error codes among the failures, most frequent first. */
  codes: { code: string; count: number }[];
  reason: string;
}

/** The breaker settings of a campaign: its own, else the organizer's defaults. */
export function breakerSettings(rt: Pick<Runtime, 'config'>, def: CampaignDefinition) {
  return {
    failureRate: def.circuit_breaker?.failure_rate ?? rt.config.CAMPAIGN_BREAKER_RATE,
    window: def.circuit_breaker?.window ?? rt.config.CAMPAIGN_BREAKER_WINDOW,
    minSends: def.circuit_breaker?.min_sends ?? rt.config.CAMPAIGN_BREAKER_MIN,
  };
}

/** How many of a campaign's messages the breaker reads at a time, newest first. */
const CHUNK = 1000;

/**
 * The campaign's newest `window` finished sends on `channel`, newest first. Read in chunks of its
 * newest message ids (the index's order, whatever the planner knows of the campaign's size: with
 * one statement joining the ledger to the messages, a campaign too new for the table's statistics
 * was read whole and sorted), each chunk's messages then looked up by id. `chunk`: CHUNK (tests: smaller).
 */
export async function recentFinished(db: Kysely<Database>, campaignId: string, channel: string, window: number, chunk = CHUNK): Promise<{ status: string; error_code: string | null }[]> {
  const recent: { status: string; error_code: string | null }[] = [];
  let before: string | undefined;
  while (recent.length < window) {
    const ids = await db
      .selectFrom('campaign_recipients')
      .select('message_id')
      .where('campaign_id', '=', campaignId)
      .where('message_id', 'is not', null)
      .$if(before !== undefined, (q) => q.where('message_id', '<', before!))
      .orderBy('message_id', 'desc')
      .limit(chunk)
      .execute();
    if (!ids.length) break;
    const finished = await db
      .selectFrom('messages')
      .select(['status', 'error_code'])
      .where(sql<boolean>`id = any(${ids.map((r) => r.message_id!)}::bigint[])`)
      .where('channel', '=', channel)
      .where('status', 'not in', NOT_SENT)
      .orderBy('id', 'desc')
      .limit(window - recent.length)
      .execute();
    recent.push(...finished);
    if (ids.length < chunk) break;
    before = ids[ids.length - 1].message_id!;
  }
  return recent;
}

/** The first channel whose recent failure rate is at or over the threshold, or null. */
export async function checkBreaker(rt: Runtime, db: Kysely<Database>, campaignId: string, def: CampaignDefinition): Promise<BreakerTrip | null> {
  const s = breakerSettings(rt, def);
  for (const channel of audienceChannels(def, [...def.audience.channels])) {
    const recent = await recentFinished(db, campaignId, channel, s.window);
    if (recent.length < s.minSends) continue;
    const failures = recent.filter((m) => FAILED.includes(m.status));
    const rate = failures.length / recent.length;
    if (rate < s.failureRate) continue;
    const counts = new Map<string, number>();
    for (const f of failures) counts.set(f.error_code ?? 'unknown', (counts.get(f.error_code ?? 'unknown') ?? 0) + 1);
    const codes = [...counts].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count);
    const pct = Math.round(rate * 100);
    const reason = `circuit breaker: ${pct}% of the last ${recent.length} ${channel} sends failed (${codes
      .slice(0, 3)
      .map((c) => `${c.code} ×${c.count}`)
      .join(', ')}; threshold ${Math.round(s.failureRate * 100)}%)`;
    return { channel, failed: failures.length, finished: recent.length, rate, threshold: s.failureRate, codes, reason };
  }
  return null;
}
