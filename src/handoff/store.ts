/**
 * Tickets in the database: the `handoffs` rows the runner opens when a flow asks for a person
 * (src/runtime/process-contact.ts), read and closed here for every view of them (Slack, the admin
 * API, the organizer console).
 */
import { sql, type Kysely } from 'kysely';
import { getContact, getIdentity } from '../store/contacts';
import type { Database } from '../store/schema';

type Db = Kysely<Database>;

/** A request for a person, as views show it. */
export interface Ticket {
  id: string;
  contactId: string;
  flowId: string;
  reason: string | null;
  /** open | closed */
  status: string;
  openedAt: Date;
  closedAt: Date | null;
  /** Where the person wrote from, address in full: each view masks it as it shows it. */
  identity: { id: string; channel: string; address: string } | null;
  /** The person's language, when they chose one. */
  language: string | null;
}

/** One message of a ticket's conversation, oldest first. */
export interface TranscriptLine {
  id: string;
  direction: 'in' | 'out';
  text: string;
  at: Date;
  /** The message's status: delivery status when outbound (pending, sent, delivered, failed, suppressed...). */
  status: string;
  /** The i18n key of an assistant's message; null for what a person typed (the person, a volunteer). */
  key: string | null;
}

/** A ticket, or undefined when there is no such ticket (a forgotten person's are deleted). */
export async function loadTicket(db: Db, id: string): Promise<Ticket | undefined> {
  const row = await db.selectFrom('handoffs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const identity = row.identity_id ? await getIdentity(db, row.identity_id) : undefined;
  const contact = await getContact(db, row.contact_id);
  return {
    id: String(row.id),
    contactId: row.contact_id,
    flowId: row.flow_id,
    reason: row.reason,
    status: row.status,
    openedAt: new Date(row.created_at),
    closedAt: row.closed_at ? new Date(row.closed_at) : null,
    identity: identity ? { id: identity.id, channel: identity.channel, address: identity.address } : null,
    language: contact?.language ?? null,
  };
}

/** The last `limit` messages of a contact's conversation that have text, oldest first. */
export async function transcript(db: Db, contactId: string, limit: number): Promise<TranscriptLine[]> {
  const rows = await db.selectFrom('messages').select(['id', 'direction', 'body', 'created_at', 'status', 'key']).where('contact_id', '=', contactId).orderBy('id', 'desc').limit(limit).execute();
  return rows
    .reverse()
    .filter((m) => m.body)
    .map((m) => ({ id: String(m.id), direction: m.direction, text: m.body!, at: new Date(m.created_at), status: m.status, key: m.key }));
}

/** A ticket in a list: its row with the person's channel, address (in full) and language. */
export interface TicketRow {
  id: string;
  contact_id: string;
  flow_id: string;
  reason: string | null;
  status: string;
  created_at: Date;
  closed_at: Date | null;
  channel: string | null;
  address: string | null;
  language: string | null;
}

/** Tickets for lists (newest first), with the person's channel, address and language; `status` or `id` narrow them. */
export async function listTickets(db: Db, where: { status?: string; id?: string }, limit: number): Promise<TicketRow[]> {
  let q = db
    .selectFrom('handoffs as h')
    .leftJoin('identities as i', 'i.id', 'h.identity_id')
    .leftJoin('contacts as c', 'c.id', 'h.contact_id')
    .select(['h.id', 'h.contact_id', 'h.flow_id', 'h.reason', 'h.status', 'h.created_at', 'h.closed_at', 'i.channel', 'i.address', 'c.language']);
  if (where.status) q = q.where('h.status', '=', where.status);
  if (where.id) q = q.where('h.id', '=', where.id);
  return q.orderBy('h.id', 'desc').limit(limit).execute();
}

/** Closes an open ticket (one UPDATE, so two volunteers closing at once close it once); undefined when it was not open. */
export async function closeTicketRow(db: Db, id: string, at: Date): Promise<{ contactId: string; identityId: string | null } | undefined> {
  const closed = await db.updateTable('handoffs').set({ status: 'closed', closed_at: at }).where('id', '=', id).where('status', '=', 'open').returning(['contact_id', 'identity_id']).executeTakeFirst();
  return closed && { contactId: closed.contact_id, identityId: closed.identity_id };
}

/** An inbound message to relay to a ticket's views, with its status ('relayed' once done). */
export async function messageToRelay(db: Db, messageId: string) {
  return db.selectFrom('messages').select(['id', 'body', 'status']).where('id', '=', messageId).executeTakeFirst();
}

/** Marks a message relayed to the volunteers (a retried relay job then does nothing). */
export async function markRelayed(db: Db, messageId: string): Promise<void> {
  await db.updateTable('messages').set({ status: 'relayed', updated_at: sql<Date>`now()` }).where('id', '=', messageId).execute();
}
