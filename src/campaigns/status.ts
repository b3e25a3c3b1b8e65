/**
 * `campaign status`: where a campaign is. Counts come from the recipients ledger joined to the
 * messages it created, so they are what actually happened (delivery reports included), not what
 * was planned.
 */
import { sql } from 'kysely';
import type { Runtime } from '../runtime/runtime';
import { loadCampaign } from './stored';
import { CampaignError } from './definition';
import type { CampaignStatus } from './tables';

/** Message statuses by what they mean for an organizer. */
const DELIVERED = new Set(['delivered', 'read']);
const FAILED = new Set(['failed', 'undelivered']);
const WAITING = new Set(['pending', 'scheduled', 'held']);

/** Counts of one channel (or of the whole campaign). */
export interface Counts {
  /** Ledger rows with a message: people handed a message. */
  handedOut: number;
  /** Left us (accepted by the provider), delivered or not. */
  sent: number;
  delivered: number;
  failed: number;
  /** Dropped at send time: opted out meanwhile, unreachable, deadline passed. */
  suppressed: number;
  /** Not sent yet: pending (queued), scheduled (anchor time, or quiet hours), held (paused). */
  waiting: number;
  /** Not handed a message, by reason (no_election_data, deadline_passed). */
  skipped: number;
  /** A series ended for them (replied, opted_out, not_reached). */
  stopped: number;
}

export interface CampaignStatusReport {
  id: string;
  name: string;
  status: CampaignStatus;
  /** A rehearsal: 'sent' counts messages recorded by the stand-in, none of which left. */
  rehearsal: boolean;
  pausedReason: string | null;
  launchedAt: string | null;
  completedAt: string | null;
  steps: { step: number; handedOut: number; fanoutDone: boolean; dueAt: string }[];
  totals: Counts & { replies: number };
  byChannel: Record<string, Counts>;
  /** Per channel and language (the language they were handed their message in), with the people who opted out since. */
  cells: { channel: string; language: string; counts: Counts; optedOutSince: number }[];
  /** Why messages were suppressed or failed, or people skipped/stopped: code → count. */
  reasons: Record<string, number>;
  events: { at: string; kind: string; detail: unknown }[];
}

const empty = (): Counts => ({ handedOut: 0, sent: 0, delivered: 0, failed: 0, suppressed: 0, waiting: 0, skipped: 0, stopped: 0 });

/** The status of one campaign. */
export async function campaignStatus(rt: Runtime, id: string): Promise<CampaignStatusReport> {
  const db = rt.db.kysely;
  const c = await loadCampaign(db, id);
  if (!c) throw new CampaignError(`no campaign "${id}"`, 404);
  const rows = await db
    .selectFrom('campaign_recipients as r')
    .leftJoin('messages as m', 'm.id', 'r.message_id')
    .select(['r.step', 'r.channel', 'r.language', 'r.status', 'r.reason', 'm.status as message_status', 'm.error_code', sql<string>`COUNT(*)`.as('n')])
    .where('r.campaign_id', '=', id)
    .groupBy(['r.step', 'r.channel', 'r.language', 'r.status', 'r.reason', 'm.status', 'm.error_code'])
    .execute();
  const totals = empty();
  const byChannel: Record<string, Counts> = {};
  const reasons: Record<string, number> = {};
  const perStep = new Map<number, number>();
  const cells = new Map<string, { channel: string; language: string; counts: Counts; optedOutSince: number }>();
  const cellOf = (channel: string | null, language: string | null) => {
    const key = `${channel ?? 'none'}|${language ?? '-'}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { channel: channel ?? 'none', language: language ?? '-', counts: empty(), optedOutSince: 0 }));
    return cell;
  };
  for (const row of rows) {
    const n = Number(row.n);
    const ch = (byChannel[row.channel ?? 'none'] ??= empty());
    const cell = cellOf(row.channel, row.language).counts;
    const add = (k: keyof Counts) => {
      totals[k] += n;
      ch[k] += n;
      cell[k] += n;
    };
    if (row.status === 'skipped') add('skipped');
    if (row.status === 'stopped') add('stopped');
    if (row.reason) reasons[row.reason] = (reasons[row.reason] ?? 0) + n;
    if (row.status !== 'queued' || !row.message_status) continue;
    add('handedOut');
    perStep.set(row.step, (perStep.get(row.step) ?? 0) + n);
    const s = row.message_status;
    if (WAITING.has(s)) add('waiting');
    else if (s === 'suppressed') add('suppressed');
    else {
      add('sent');
      if (DELIVERED.has(s)) add('delivered');
      if (FAILED.has(s)) add('failed');
    }
    if ((s === 'suppressed' || FAILED.has(s)) && row.error_code) reasons[row.error_code] = (reasons[row.error_code] ?? 0) + n;
  }
  // Replies: people handed a message who wrote to us after it.
  const replies = await sql<{ n: string }>`
    SELECT COUNT(DISTINCT r.contact_id) AS n FROM campaign_recipients r
    WHERE r.campaign_id = ${id} AND r.status = 'queued'
      AND EXISTS (SELECT 1 FROM messages m WHERE m.contact_id = r.contact_id AND m.direction = 'in' AND m.created_at > r.created_at)
  `.execute(db);
  // Opted out since: people handed a message whose address opted out after it.
  const optedOut = await sql<{ channel: string | null; language: string | null; n: string }>`
    SELECT r.channel, r.language, COUNT(DISTINCT r.contact_id) AS n FROM campaign_recipients r
    WHERE r.campaign_id = ${id} AND r.status = 'queued'
      AND EXISTS (SELECT 1 FROM consent_events e WHERE e.identity_id = r.identity_id AND e.action = 'opt_out' AND e.created_at > r.created_at)
    GROUP BY r.channel, r.language
  `.execute(db);
  for (const o of optedOut.rows) cellOf(o.channel, o.language).optedOutSince += Number(o.n);
  const progress = await db.selectFrom('campaign_progress').selectAll().where('campaign_id', '=', id).orderBy('step').execute();
  const events = await db.selectFrom('campaign_events').select(['created_at', 'kind', 'detail']).where('campaign_id', '=', id).orderBy('id', 'desc').limit(10).execute();
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    rehearsal: c.rehearsal,
    pausedReason: c.pausedReason,
    launchedAt: c.launchedAt?.toISOString() ?? null,
    completedAt: c.completedAt?.toISOString() ?? null,
    steps: progress.map((p) => ({ step: p.step, handedOut: perStep.get(p.step) ?? 0, fanoutDone: p.done_at !== null, dueAt: new Date(p.due_at).toISOString() })),
    totals: { ...totals, replies: Number(replies.rows[0]?.n ?? 0) },
    byChannel,
    cells: [...cells.values()].sort((a, b) => a.channel.localeCompare(b.channel) || a.language.localeCompare(b.language)),
    reasons,
    events: events.map((e) => ({ at: new Date(e.created_at).toISOString(), kind: e.kind, detail: e.detail })),
  };
}
