/**
 * Engagement by community: for each language and channel, how many people we reached, how many
 * wrote, how many answered what we sent them, how many conversations were finished, how many
 * people gave feedback and how many opted out, so organizers can see who is being left out (the
 * CLI, the admin API, the digest and the console's charts all read these figures). The figures come from the message log,
 * conversation outcomes and the consent ledger; a person with no chosen language counts under
 * "unknown" (often someone who never got past the language menu: worth watching too).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema';
import { WENT_OUT_STATUSES } from '../store/messages';

/** One community's figures for a window. */
export interface EngagementRow {
  channel: string;
  language: string;
  /** People we sent at least one message to that went out (not pending, suppressed or failed). */
  reached: number;
  /** People who wrote to us. */
  people: number;
  /** Messages they sent. */
  inbound: number;
  /** People we messaged on our initiative (follow-ups, reminders, nudges)... */
  notified: number;
  /** ...and how many of them wrote back afterwards. */
  replied: number;
  /** Conversations that ended, by outcome. */
  completed: number;
  expired: number;
  replaced: number;
  stopped: number;
  /** People who gave feedback (counted under the channel and language they answered in). */
  feedback: number;
  optOuts: number;
}

/** A row with its rates (null when there is nothing to divide by). */
export interface EngagementFigures extends EngagementRow {
  ended: number;
  completionRate: number | null;
  replyRate: number | null;
  /** People who gave feedback, of the people who wrote. */
  feedbackRate: number | null;
  optOutRate: number | null;
}

/** A community doing markedly worse than everyone on one measure. */
export interface LeftOut {
  channel: string;
  language: string;
  measure: 'completion' | 'reply' | 'opt-out';
  rate: number;
  overall: number;
}

const zero = (channel: string, language: string): EngagementRow => ({ channel, language, reached: 0, people: 0, inbound: 0, notified: 0, replied: 0, completed: 0, expired: 0, replaced: 0, stopped: 0, feedback: 0, optOuts: 0 });
const COUNTS = ['reached', 'people', 'inbound', 'notified', 'replied', 'completed', 'expired', 'replaced', 'stopped', 'feedback', 'optOuts'] as const;

/** Reads the raw counts per (channel, language) for [since, until). */
export async function engagementData(db: Kysely<Database>, since: Date, until: Date): Promise<EngagementRow[]> {
  const rows = new Map<string, EngagementRow>();
  const row = (channel: string | null, language: string | null) => {
    const c = channel ?? 'unknown';
    const l = language ?? 'unknown';
    const k = `${c}\u0000${l}`;
    if (!rows.has(k)) rows.set(k, zero(c, l));
    return rows.get(k)!;
  };
  const inbound = await sql<{ channel: string; language: string | null; inbound: string; people: string }>`
    SELECT m.channel, c.language, count(*) AS inbound, count(DISTINCT m.contact_id) AS people
    FROM messages m LEFT JOIN contacts c ON c.id = m.contact_id
    WHERE m.direction = 'in' AND m.created_at >= ${since} AND m.created_at < ${until}
    GROUP BY m.channel, c.language`.execute(db);
  for (const r of inbound.rows) Object.assign(row(r.channel, r.language), { inbound: Number(r.inbound), people: Number(r.people) });

  const reached = await sql<{ channel: string; language: string | null; n: string }>`
    SELECT m.channel, c.language, count(DISTINCT m.contact_id) AS n
    FROM messages m LEFT JOIN contacts c ON c.id = m.contact_id
    -- only what left us: not a message still waiting (scheduled, held), suppressed, failed, undelivered or rehearsed
    WHERE m.direction = 'out' AND m.status IN (${sql.join(WENT_OUT_STATUSES.map((st) => sql.lit(st)))}) AND m.contact_id IS NOT NULL
      AND m.created_at >= ${since} AND m.created_at < ${until}
    GROUP BY m.channel, c.language`.execute(db);
  for (const r of reached.rows) row(r.channel, r.language).reached = Number(r.n);

  const notified = await sql<{ channel: string; language: string | null; notified: string; replied: string }>`
    SELECT n.channel, c.language, count(*) AS notified,
      count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM messages r WHERE r.contact_id = n.contact_id AND r.direction = 'in' AND r.created_at > n.first_at AND r.created_at < ${until}
      )) AS replied
    FROM (
      SELECT m.contact_id, m.channel, min(m.created_at) AS first_at
      FROM messages m
      -- as for reached: a rehearsal's message ('rehearsed', src/channels/rehearsal) or one still waiting reached nobody
      WHERE m.direction = 'out' AND m.kind = 'notification' AND m.status IN (${sql.join(WENT_OUT_STATUSES.map((st) => sql.lit(st)))})
        AND m.created_at >= ${since} AND m.created_at < ${until} AND m.contact_id IS NOT NULL
      GROUP BY m.contact_id, m.channel
    ) n LEFT JOIN contacts c ON c.id = n.contact_id
    GROUP BY n.channel, c.language`.execute(db);
  for (const r of notified.rows) Object.assign(row(r.channel, r.language), { notified: Number(r.notified), replied: Number(r.replied) });

  const outcomes = await db
    .selectFrom('conversation_events')
    .select(['channel', 'language', 'outcome', (eb) => eb.fn.countAll<string>().as('n')])
    .where('created_at', '>=', since)
    .where('created_at', '<', until)
    .groupBy(['channel', 'language', 'outcome'])
    .execute();
  for (const r of outcomes) {
    const target = row(r.channel, r.language);
    if (r.outcome === 'completed' || r.outcome === 'expired' || r.outcome === 'replaced' || r.outcome === 'stopped') target[r.outcome] += Number(r.n);
  }

  // Forgotten people's feedback has no contact any more: each such answer counts as one person.
  const feedback = await sql<{ channel: string; language: string; n: string }>`
    SELECT f.channel, f.language, count(DISTINCT coalesce(f.contact_id::text, 'row-' || f.id::text)) AS n
    FROM feedback f
    WHERE f.created_at >= ${since} AND f.created_at < ${until}
    GROUP BY f.channel, f.language`.execute(db);
  for (const r of feedback.rows) row(r.channel, r.language).feedback = Number(r.n);

  const optOuts = await sql<{ channel: string; language: string | null; n: string }>`
    SELECT e.channel, c.language, count(*) AS n
    FROM consent_events e LEFT JOIN contacts c ON c.id = e.contact_id
    WHERE e.action = 'opt_out' AND e.created_at >= ${since} AND e.created_at < ${until}
    GROUP BY e.channel, c.language`.execute(db);
  for (const r of optOuts.rows) row(r.channel, r.language).optOuts += Number(r.n);

  return [...rows.values()];
}

const rate = (n: number, d: number) => (d > 0 ? n / d : null);

/** A measure of engagement: a plain count (reached) or a share of something. */
export type EngagementMeasure = 'reached' | 'reply' | 'completion' | 'feedback' | 'opt-out';

/**
 * One measure of a row: how many, out of how many (null for a plain count) and the rate (null
 * when there is nothing to divide by). The one place each rate's denominator is decided. Pure.
 */
export function measureOf(r: EngagementRow, measure: EngagementMeasure): { count: number; of: number | null; rate: number | null } {
  const part = (count: number, of: number) => ({ count, of, rate: rate(count, of) });
  switch (measure) {
    case 'reached':
      return { count: r.reached, of: null, rate: null };
    case 'reply':
      return part(r.replied, r.notified);
    case 'completion':
      return part(r.completed, r.completed + r.expired + r.replaced + r.stopped);
    case 'feedback':
      // Someone can answer a feedback question without writing in the window (a button press on the web).
      return part(r.feedback, Math.max(r.people, r.feedback));
    case 'opt-out':
      // An opt-out without a message in the window (a provider's report) still counts as one person.
      return part(r.optOuts, Math.max(r.people, r.optOuts));
  }
}

/** Adds rates and sorts (most people first). Pure. */
export function engagementFigures(rows: EngagementRow[]): EngagementFigures[] {
  return rows
    .map((r) => {
      const ended = r.completed + r.expired + r.replaced + r.stopped;
      return {
        ...r,
        ended,
        completionRate: measureOf(r, 'completion').rate,
        replyRate: measureOf(r, 'reply').rate,
        feedbackRate: measureOf(r, 'feedback').rate,
        optOutRate: measureOf(r, 'opt-out').rate,
      };
    })
    .sort((a, b) => b.people - a.people || a.channel.localeCompare(b.channel) || a.language.localeCompare(b.language));
}

function sum(rows: EngagementRow[], channel: string, language: string): EngagementRow {
  return rows.reduce((t, r) => {
    for (const k of COUNTS) t[k] += r[k];
    return t;
  }, zero(channel, language));
}

/** The totals over every community, as one row (channel and language "all"). Pure. */
export function engagementTotal(rows: EngagementRow[]): EngagementFigures {
  return engagementFigures([sum(rows, 'all', 'all')])[0];
}

/**
 * The figures per language, every channel together (channel "all"), most people first. A person
 * who used two channels counts once in each, so a language's "people" can exceed its persons. Pure.
 */
export function engagementByLanguage(rows: EngagementRow[]): EngagementFigures[] {
  const languages = [...new Set(rows.map((r) => r.language))];
  return engagementFigures(languages.map((l) => sum(rows.filter((r) => r.language === l), 'all', l)));
}

/** The figures per channel, every language together (language "all"), most people first. Pure. */
export function engagementByChannel(rows: EngagementRow[]): EngagementFigures[] {
  const channels = [...new Set(rows.map((r) => r.channel))];
  return engagementFigures(channels.map((c) => sum(rows.filter((r) => r.channel === c), c, 'all')));
}

/** The language that engages least, against everyone (see leastEngaged). */
export interface LeastEngaged {
  language: string;
  /** reply: replied / messaged first (our outreach); completion: finished / ended conversations. */
  measure: 'reply' | 'completion';
  rate: number;
  overall: number;
  /** The rate's numerator and denominator for that language (4 replied of 10 messaged). */
  count: number;
  of: number;
}

/**
 * The language (every channel together, "unknown" left out: no community) with the lowest reply
 * rate to what we sent, among those with at least `minSample` people messaged; with no outreach
 * at all, the lowest completion rate among those with `minSample` ended conversations. Null when
 * fewer than two languages can be compared. Ties go to the language with more people. Pure.
 */
export function leastEngaged(rows: EngagementRow[], minSample = 5): LeastEngaged | null {
  const total = engagementTotal(rows);
  const languages = engagementByLanguage(rows).filter((r) => r.language !== 'unknown');
  const pick = (measure: LeastEngaged['measure']): LeastEngaged | null => {
    const overall = measureOf(total, measure).rate;
    const candidates = languages.map((r) => ({ r, m: measureOf(r, measure) })).filter(({ m }) => (m.of ?? 0) >= minSample && m.rate !== null);
    if (overall === null || candidates.length < 2) return null;
    const least = [...candidates].sort((a, b) => a.m.rate! - b.m.rate! || b.r.people - a.r.people || a.r.language.localeCompare(b.r.language))[0];
    return { language: least.r.language, measure, rate: least.m.rate!, overall, count: least.m.count, of: least.m.of! };
  };
  return total.notified > 0 ? (pick('reply') ?? pick('completion')) : pick('completion');
}

/**
 * Communities doing markedly worse than everyone: completion or reply rate 15 points or more
 * below the overall rate, or an opt-out rate 10 points or more above it, with enough people for
 * the difference to mean something (at least `minSample` in the denominator). Pure.
 */
export function leftOut(rows: EngagementRow[], minSample = 5): LeftOut[] {
  const total = engagementTotal(rows);
  const out: LeftOut[] = [];
  for (const r of engagementFigures(rows)) {
    if (r.completionRate !== null && total.completionRate !== null && r.ended >= minSample && r.completionRate <= total.completionRate - 0.15) {
      out.push({ channel: r.channel, language: r.language, measure: 'completion', rate: r.completionRate, overall: total.completionRate });
    }
    if (r.replyRate !== null && total.replyRate !== null && r.notified >= minSample && r.replyRate <= total.replyRate - 0.15) {
      out.push({ channel: r.channel, language: r.language, measure: 'reply', rate: r.replyRate, overall: total.replyRate });
    }
    if (r.optOutRate !== null && total.optOutRate !== null && r.people >= minSample && r.optOutRate >= total.optOutRate + 0.1) {
      out.push({ channel: r.channel, language: r.language, measure: 'opt-out', rate: r.optOutRate, overall: total.optOutRate });
    }
  }
  return out;
}

/** A rate as a whole percentage ("42%"), or "-" when there was nothing to divide by. */
export function formatRate(r: number | null): string {
  return r === null ? '-' : `${Math.round(r * 100)}%`;
}
const pct = formatRate;

/** A plain-text table for the terminal. Pure. */
export function formatEngagementTable(rows: EngagementRow[]): string {
  const figures = [...engagementFigures(rows), engagementTotal(rows)];
  const header = ['channel', 'language', 'people', 'messages', 'reached', 'notified', 'replied', 'reply %', 'ended', 'completed %', 'feedback', 'opt-outs', 'opt-out %'];
  const lines = figures.map((r) => [r.channel, r.language, r.people, r.inbound, r.reached, r.notified, r.replied, pct(r.replyRate), r.ended, pct(r.completionRate), r.feedback, r.optOuts, pct(r.optOutRate)].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [fmt(header), ...lines.map(fmt)].join('\n');
}


/** The least engaged language as one line for the terminal ("Least engaged: vi: 12% replied (1 of 8) vs 41% overall"). Pure. */
export function formatLeastEngaged(least: LeastEngaged): string {
  const verb = least.measure === 'reply' ? 'replied' : 'finished';
  return `Least engaged: ${least.language}: ${pct(least.rate)} ${verb} (${least.count} of ${least.of}) vs ${pct(least.overall)} overall`;
}
