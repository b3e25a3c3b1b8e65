/**
 * Consent first: a campaign reaches only an identity (a channel address) with an opt-in, that has
 * not opted out since and can be reached. The opt-ins:
 *
 *  - the person wrote to us on that channel (a text, the Telegram bot's Start button, a QR code's
 *    deep link): the message log is the record, its first inbound message the date;
 *  - a consent_events opt_in: an import with a consent source and date the organizer attests
 *    (src/contacts/import.ts, source `import:<source>`), or START after a STOP (source `keyword`).
 *
 * Writing in is read from the message log rather than copied into consent_events, so the consent
 * ledger keeps recording only explicit acts (what the channel and privacy code expect of it).
 * Opting out (STOP, a provider's 21610, a forgotten address that comes back) sets the identity's
 * opted_out flag, which wins over every opt-in before it.
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../store/schema';

/**
 * SQL condition: the identity aliased `i` may receive campaign messages. `sources` (optional)
 * restricts which opt-ins count: 'inbound' for writing in, otherwise consent_events sources
 * ('keyword', or a prefix such as 'import' for every import).
 */
export function eligibleIdentity(sources?: readonly string[]): Expression<SqlBool> {
  const inbound = sql<SqlBool>`EXISTS (SELECT 1 FROM messages m WHERE m.identity_id = i.id AND m.direction = 'in')`;
  const recordedSources = (sources ?? []).filter((s) => s !== 'inbound');
  const recorded = sources
    ? recordedSources.length
      ? sql<SqlBool>`EXISTS (SELECT 1 FROM consent_events e WHERE e.identity_id = i.id AND e.action = 'opt_in' AND (${sql.join(
          recordedSources.map((s) => sql`e.source = ${s} OR e.source LIKE ${`${s.replace(/[\\%_]/g, '\\$&')}:%`}`),
          sql` OR `,
        )}))`
      : sql<SqlBool>`FALSE`
    : sql<SqlBool>`EXISTS (SELECT 1 FROM consent_events e WHERE e.identity_id = i.id AND e.action = 'opt_in')`;
  const optIn = !sources || sources.includes('inbound') ? sql<SqlBool>`(${recorded} OR ${inbound})` : recorded;
  return sql<SqlBool>`(NOT i.opted_out AND i.unreachable_at IS NULL AND ${optIn})`;
}

/** Whether one identity may receive campaign messages now (same rule as the audience query). */
export async function mayReceiveCampaigns(db: Kysely<Database>, identityId: string): Promise<boolean> {
  const row = await db
    .selectFrom('identities as i')
    .select('i.id')
    .where('i.id', '=', identityId)
    .where(eligibleIdentity())
    .executeTakeFirst();
  return Boolean(row);
}
