/**
 * What a campaign rehearsal recorded: for each person of its audience, what they would have
 * received (the exact text, in their language, when it would have gone) or why they would have
 * received nothing (opted out, no election data for their state, ...). Read from the recipients
 * ledger and the message log, as `campaign status` counts them; addresses masked.
 */
import { isPhoneChannel } from '../channels/registry';
import { REHEARSED_STATUS } from '../channels/rehearsal/stand-in';
import { writeCsv } from '../lib/csv';
import { maskPhone } from '../lib/phone';
import type { Runtime } from '../runtime/runtime';
import { CampaignError } from './definition';
import { WAITING_STATUSES } from './send-queue';
import { mustLoad } from './stored';

/** One person's part of a rehearsal, one step. */
export interface RehearsedMessage {
  contactId: string;
  step: number;
  channel: string | null;
  /** Masked (phone numbers show their last digits only). */
  address: string | null;
  language: string | null;
  /** The exact text they would have read; null when nothing was handed out. */
  text: string | null;
  /** recorded: would have been sent; waiting: not yet due (quiet hours, anchor); suppressed, skipped, stopped: why not. */
  outcome: 'recorded' | 'waiting' | 'suppressed' | 'skipped' | 'stopped';
  /** Why not (opted_out, no_election_data, deadline_passed, ...). */
  reason: string | null;
  /** When it was recorded (would have been sent), or is due. */
  at: string | null;
}

const WAITING: ReadonlySet<string> = new Set(WAITING_STATUSES);

/** A page of a rehearsal's recorded messages, by contact; refuses a campaign that is no rehearsal (409). */
export async function rehearsalLog(rt: Runtime, id: string, opts: { after?: string; limit?: number } = {}): Promise<{ messages: RehearsedMessage[]; next: string | null }> {
  const db = rt.db.kysely;
  const c = await mustLoad(db, id);
  if (!c.rehearsal) throw new CampaignError(`campaign "${id}" is no rehearsal: its messages were sent (campaign status shows them)`, 409);
  const limit = Math.max(opts.limit ?? 200, 10);
  const rows = await db
    .selectFrom('campaign_recipients as r')
    .leftJoin('messages as m', 'm.id', 'r.message_id')
    .leftJoin('identities as i', 'i.id', 'r.identity_id')
    .select(['r.contact_id', 'r.step', 'r.channel', 'r.language', 'r.status', 'r.reason', 'r.send_at', 'i.address', 'm.body', 'm.status as message_status', 'm.error_code', 'm.updated_at'])
    .where('r.campaign_id', '=', id)
    .where('r.contact_id', '>', opts.after ?? '')
    .orderBy('r.contact_id')
    .orderBy('r.step')
    .limit(limit + 1)
    .execute();
  let page = rows.slice(0, limit);
  // A contact's steps stay on one page (a series has at most 10): a contact cut by the limit starts the next page.
  if (rows.length > limit) {
    const cut = rows[limit].contact_id;
    const whole = page.filter((r) => r.contact_id !== cut);
    if (whole.length) page = whole;
  }
  const messages = page.map((r): RehearsedMessage => {
    const base = {
      contactId: r.contact_id,
      step: r.step,
      channel: r.channel,
      address: r.address ? (r.channel && isPhoneChannel(r.channel) ? maskPhone(r.address) : r.address) : null,
      language: r.language,
    };
    if (r.status !== 'queued' || !r.message_status) return { ...base, text: null, outcome: r.status === 'stopped' ? 'stopped' : 'skipped', reason: r.reason, at: null };
    const s = r.message_status;
    if (s === REHEARSED_STATUS) return { ...base, text: r.body, outcome: 'recorded', reason: null, at: new Date(r.updated_at!).toISOString() };
    if (WAITING.has(s)) return { ...base, text: r.body, outcome: 'waiting', reason: s, at: r.send_at ? new Date(r.send_at).toISOString() : null };
    return { ...base, text: r.body, outcome: 'suppressed', reason: r.error_code ?? s, at: null };
  });
  const more = rows.length > limit;
  return { messages, next: more && page.length ? page[page.length - 1].contact_id : null };
}

/** The rehearsal as CSV (every page), its first column saying it was a rehearsal: nothing in it was sent. */
export async function rehearsalCsv(rt: Runtime, id: string): Promise<string> {
  const all: RehearsedMessage[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await rehearsalLog(rt, id, { after, limit: 1000 });
    all.push(...page.messages);
    if (!page.next) break;
    after = page.next;
  }
  const columns = ['rehearsal', 'campaign', 'step', 'channel', 'address', 'language', 'outcome', 'reason', 'at', 'text'] as const;
  return writeCsv(
    all.map((m) => ({ rehearsal: 'yes', campaign: id, step: m.step, channel: m.channel, address: m.address, language: m.language, outcome: m.outcome, reason: m.reason, at: m.at, text: m.text })),
    { columns },
  );
}
