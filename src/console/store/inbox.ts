/**
 * What the inbox reads beside the ticket desk: each ticket's person (name, consent), who claimed
 * it, and when the person last wrote and a volunteer last answered; and the claims themselves.
 * Tickets are changed only through the desk (src/handoff/desk.ts): reply and close.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import { consoleDb } from './tables';

type Db = Kysely<Database>;

/** A ticket as the inbox lists it. Addresses are in full here: the page masks them for agents. */
export interface InboxRow {
  id: string;
  contactId: string;
  status: string;
  openedAt: Date;
  closedAt: Date | null;
  channel: string | null;
  address: string | null;
  language: string | null;
  /** The person's name from a contacts import (contacts.vars.name), if any. */
  name: string | null;
  optedOut: boolean;
  unreachable: boolean;
  claimedBy: { id: string; name: string } | null;
  /** The person's last message since the ticket opened (null: none yet besides the request). */
  lastIn: Date | null;
  /** The last volunteer reply since the ticket opened (a message with no i18n key). */
  lastVolunteer: Date | null;
}

const asDate = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

/** Tickets, newest first: open ones (the inbox), closed ones, or the one with `id`. */
export async function inboxRows(db: Db, where: { status?: 'open' | 'closed'; id?: string }, limit = 200): Promise<InboxRow[]> {
  if (where.id !== undefined && !/^\d{1,18}$/.test(where.id)) return [];
  let q = consoleDb(db)
    .selectFrom('handoffs as h')
    .innerJoin('contacts as c', 'c.id', 'h.contact_id')
    .leftJoin('identities as i', 'i.id', 'h.identity_id')
    .leftJoin('console_ticket_claims as k', 'k.handoff_id', 'h.id')
    .leftJoin('console_users as u', 'u.id', 'k.user_id')
    .select([
      'h.id',
      'h.contact_id',
      'h.status',
      'h.created_at',
      'h.closed_at',
      'i.channel',
      'i.address',
      'i.opted_out',
      'i.unreachable_at',
      'c.language',
      'c.vars',
      'u.id as claimed_by_id',
      'u.display_name as claimed_by_name',
      sql<Date | null>`(SELECT max(m.created_at) FROM messages m WHERE m.contact_id = h.contact_id AND m.direction = 'in' AND m.created_at > h.created_at)`.as('last_in'),
      sql<Date | null>`(SELECT max(m.created_at) FROM messages m WHERE m.contact_id = h.contact_id AND m.direction = 'out' AND m.key IS NULL AND m.created_at >= h.created_at)`.as('last_volunteer'),
    ]);
  if (where.status) q = q.where('h.status', '=', where.status);
  if (where.id !== undefined) q = q.where('h.id', '=', where.id);
  const rows = await q.orderBy('h.id', 'desc').limit(limit).execute();
  return rows.map((r) => {
    const vars = (typeof r.vars === 'string' ? JSON.parse(r.vars) : (r.vars ?? {})) as Record<string, unknown>;
    return {
      id: String(r.id),
      contactId: r.contact_id,
      status: r.status,
      openedAt: new Date(r.created_at),
      closedAt: asDate(r.closed_at),
      channel: r.channel,
      address: r.address,
      language: r.language,
      name: typeof vars.name === 'string' && vars.name.trim() ? vars.name.trim() : null,
      optedOut: Boolean(r.opted_out),
      unreachable: r.unreachable_at !== null && r.unreachable_at !== undefined,
      claimedBy: r.claimed_by_id !== null && r.claimed_by_id !== undefined ? { id: String(r.claimed_by_id), name: r.claimed_by_name ?? '' } : null,
      lastIn: asDate(r.last_in),
      lastVolunteer: asDate(r.last_volunteer),
    };
  });
}

/** Why a person cannot be written to: their last opt-out (how and when) or why they are unreachable. */
export interface ConsentState {
  optedOut: boolean;
  at: Date | null;
  /** keyword, provider:<code>, suppression-list, ... (src/store/consent.ts) */
  source: string | null;
  word: string | null;
  unreachableAt: Date | null;
  unreachableReason: string | null;
}

/** The consent state of the identity a ticket is on. */
export async function consentState(db: Db, identityId: string): Promise<ConsentState | undefined> {
  const identity = await db.selectFrom('identities').select(['opted_out', 'opted_out_at', 'unreachable_at', 'unreachable_reason']).where('id', '=', identityId).executeTakeFirst();
  if (!identity) return undefined;
  const last = identity.opted_out
    ? await db.selectFrom('consent_events').select(['source', 'word', 'created_at']).where('identity_id', '=', identityId).where('action', '=', 'opt_out').orderBy('id', 'desc').limit(1).executeTakeFirst()
    : undefined;
  return {
    optedOut: Boolean(identity.opted_out),
    at: asDate(last?.created_at ?? identity.opted_out_at),
    source: last?.source ?? null,
    word: last?.word ?? null,
    unreachableAt: asDate(identity.unreachable_at),
    unreachableReason: identity.unreachable_reason,
  };
}

/** Claims a ticket for an account (taking it over from whoever had it). */
export async function claimTicket(db: Db, handoffId: string, userId: string, at: Date): Promise<void> {
  await consoleDb(db)
    .insertInto('console_ticket_claims')
    .values({ handoff_id: handoffId, user_id: userId, claimed_at: at })
    .onConflict((oc) => oc.column('handoff_id').doUpdateSet({ user_id: userId, claimed_at: at }))
    .execute();
}

/** Claims a ticket for an account only if nobody has it (a reply from an unclaimed ticket claims it). */
export async function claimIfFree(db: Db, handoffId: string, userId: string, at: Date): Promise<void> {
  await consoleDb(db).insertInto('console_ticket_claims').values({ handoff_id: handoffId, user_id: userId, claimed_at: at }).onConflict((oc) => oc.column('handoff_id').doNothing()).execute();
}
