/**
 * The audience of a campaign: contacts that match its filters and have an identity that may
 * receive campaign messages (src/contacts/consent.ts), one identity per contact (the first of the
 * campaign's channels, in its order, the person can be reached on). Read in pages by contact id
 * (keyset pagination), so a fan-out never holds more than one page, whatever the audience size.
 *
 * A page is two bounded queries rather than one join: the next `limit` contact ids that pass the
 * contact filters (a primary-key range scan that stops at the limit), then the identities of just
 * those contacts. One DISTINCT ON join over both tables is at the planner's mercy: right after a
 * bulk import, before autovacuum has gathered statistics, PostgreSQL planned it as a nested loop
 * that took 10 s per page of 500 on 10,000 contacts.
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { eligibleIdentity } from '../contacts/consent';
import type { CampaignDefinition } from './definition';
import type { Database } from '../store/schema';

/** One person the campaign will reach, on one channel. */
export interface Recipient {
  contactId: string;
  identityId: string;
  channel: string;
  address: string;
  language: string | null;
  timezone: string | null;
  vars: Record<string, string | number>;
}

const REGISTERED_YES = ['yes', 'true', '1', 'si', 'y'];

/** The audience's channels that are on in this process, in the campaign's order of preference. */
export function audienceChannels(def: CampaignDefinition, enabled: Iterable<string>): string[] {
  const on = new Set(enabled);
  return def.audience.channels.filter((c) => on.has(c));
}

/** The filters on the contact (aliased c) as one condition. */
function contactFilters(def: CampaignDefinition, defaultLanguage: string): Expression<SqlBool> {
  const a = def.audience;
  const parts: Expression<SqlBool>[] = [sql<SqlBool>`TRUE`];
  if (a.languages) parts.push(sql<SqlBool>`COALESCE(c.language, ${defaultLanguage}) IN (${sql.join(a.languages)})`);
  if (a.states) parts.push(sql<SqlBool>`(c.vars->>'state') IN (${sql.join(a.states)})`);
  if (a.tags) parts.push(sql<SqlBool>`EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = c.id AND t.tag IN (${sql.join(a.tags)}))`);
  if (a.exclude_tags) parts.push(sql<SqlBool>`NOT EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = c.id AND t.tag IN (${sql.join(a.exclude_tags)}))`);
  if (a.registered !== undefined) {
    const yes = sql<SqlBool>`COALESCE(LOWER(c.vars->>'registered') IN (${sql.join(REGISTERED_YES)}), FALSE)`;
    parts.push(a.registered ? yes : sql<SqlBool>`NOT ${yes}`);
  }
  return sql<SqlBool>`${sql.join(parts, sql` AND `)}`;
}

/**
 * An identity's rank by the campaign's channel preference (NULL: not one of its channels). The
 * channel is filtered through this expression rather than `channel IN (...)` on purpose: that
 * one the planner may answer with the (channel, address) index, a scan of every identity.
 */
function preference(channels: string[]) {
  return sql<number | null>`(CASE i.channel ${sql.join(
    channels.map((c, n) => sql`WHEN ${c} THEN ${n}`),
    sql` `,
  )} END)`;
}

/** The identity conditions (aliased i): one of the channels, and may receive campaigns. */
function identityFilters(def: CampaignDefinition, channels: string[]): Expression<SqlBool> {
  return sql<SqlBool>`${preference(channels)} IS NOT NULL AND ${eligibleIdentity(def.audience.consent_sources)}`;
}

/**
 * The next page of the audience: of the next `limit` contacts after `after` ('' = the start) that
 * pass the contact filters, those reachable on one of the channels. `last` is the cursor for the
 * next page; `done` when this was the last page.
 */
export async function audiencePage(
  db: Kysely<Database>,
  def: CampaignDefinition,
  opts: { channels: string[]; defaultLanguage: string; after: string; limit: number },
): Promise<{ recipients: Recipient[]; last: string; done: boolean }> {
  if (!opts.channels.length) return { recipients: [], last: opts.after, done: true };
  const contacts = await db
    .selectFrom('contacts as c')
    .select(['c.id', 'c.language', 'c.timezone', 'c.vars'])
    .where('c.id', '>', opts.after)
    .where(contactFilters(def, opts.defaultLanguage))
    .orderBy('c.id')
    .limit(opts.limit)
    .execute();
  if (!contacts.length) return { recipients: [], last: opts.after, done: true };
  const identities = await db
    .selectFrom('identities as i')
    .select(['i.id', 'i.contact_id', 'i.channel', 'i.address', preference(opts.channels).as('rank')])
    .where(
      'i.contact_id',
      'in',
      contacts.map((c) => c.id),
    )
    .where(identityFilters(def, opts.channels))
    .execute();
  const best = new Map<string, (typeof identities)[number]>();
  for (const i of identities) {
    const current = best.get(i.contact_id);
    if (!current || Number(i.rank) < Number(current.rank)) best.set(i.contact_id, i);
  }
  const recipients: Recipient[] = [];
  for (const c of contacts) {
    const i = best.get(c.id);
    if (!i) continue;
    recipients.push({ contactId: c.id, identityId: i.id, channel: i.channel, address: i.address, language: c.language, timezone: c.timezone, vars: (c.vars ?? {}) as Record<string, string | number> });
  }
  return { recipients, last: contacts[contacts.length - 1].id, done: contacts.length < opts.limit };
}

/** Audience size by (language as stored, channel), for previews. One aggregate query. */
export async function audienceCounts(
  db: Kysely<Database>,
  def: CampaignDefinition,
  opts: { channels: string[]; defaultLanguage: string },
): Promise<{ language: string; channel: string; count: number }[]> {
  if (!opts.channels.length) return [];
  const { rows } = await sql<{ language: string; channel: string; count: string }>`
    SELECT COALESCE(c.language, ${opts.defaultLanguage}) AS language, best.channel, COUNT(*) AS count
    FROM contacts c
    CROSS JOIN LATERAL (
      SELECT i.channel FROM identities i
      WHERE i.contact_id = c.id AND ${identityFilters(def, opts.channels)}
      ORDER BY ${preference(opts.channels)} LIMIT 1
    ) best
    WHERE ${contactFilters(def, opts.defaultLanguage)}
    GROUP BY 1, 2 ORDER BY 1, 2
  `.execute(db);
  return rows.map((r) => ({ language: r.language, channel: r.channel, count: Number(r.count) }));
}

/** One recipient of a language, to render previews with real variables. */
export async function audienceSample(
  db: Kysely<Database>,
  def: CampaignDefinition,
  opts: { channels: string[]; defaultLanguage: string; language: string },
): Promise<Recipient | undefined> {
  const scoped: CampaignDefinition = { ...def, audience: { ...def.audience, languages: [opts.language] } };
  let after = '';
  // A few pages at most: enough to find someone unless that language's audience is tiny and far apart.
  for (let n = 0; n < 5; n++) {
    const page = await audiencePage(db, scoped, { ...opts, after, limit: 200 });
    if (page.recipients.length) return page.recipients[0];
    if (page.done) return undefined;
    after = page.last;
  }
  return undefined;
}
