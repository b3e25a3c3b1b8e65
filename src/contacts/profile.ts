/**
 * One contact as an organizer reads them: their addresses with where each one's consent stands,
 * the consent ledger (every opt-in and opt-out with its source and time, and the first message
 * from each address, which is an opt-in by itself: src/contacts/consent.ts), their tags, their
 * conversation a page at a time, and the feedback they gave. Reads only.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema';
import { consentStateOf, varsOf, type ConsentState } from './search';

/** An address of the contact. */
export interface ProfileIdentity {
  id: string;
  channel: string;
  address: string;
  consent: ConsentState;
  optedOutAt: Date | null;
  unreachableAt: Date | null;
  unreachableReason: string | null;
  createdAt: Date;
}

/** One line of the consent ledger. `source` is the recorded source ('keyword', 'import:<sheet>', ...); 'inbound' for a first message. */
export interface LedgerEntry {
  at: Date;
  action: 'opt_in' | 'opt_out';
  channel: string;
  source: string;
  /** The word they wrote (STOP, ALTO...), when a keyword did it. */
  word: string | null;
}

/** The contact's page, without the messages. */
export interface ContactProfile {
  id: string;
  name: string | null;
  language: string | null;
  timezone: string | null;
  vars: Record<string, string | number>;
  createdAt: Date;
  identities: ProfileIdentity[];
  ledger: LedgerEntry[];
  tags: string[];
  feedback: { at: Date; flowId: string; question: string; rating: number | null; choice: string | null; comment: string | null; topic: string | null; channel: string; language: string }[];
}

/** A message of the conversation. */
export interface HistoryMessage {
  id: string;
  direction: 'in' | 'out';
  channel: string;
  body: string | null;
  key: string | null;
  status: string;
  at: Date;
}

/** The contact's profile; undefined when there is no such contact. */
export async function contactProfile(db: Kysely<Database>, contactId: string): Promise<ContactProfile | undefined> {
  const contact = await db.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirst();
  if (!contact) return undefined;
  const identities = await db
    .selectFrom('identities as i')
    .select(['i.id', 'i.channel', 'i.address', 'i.opted_out_at', 'i.unreachable_at', 'i.unreachable_reason', 'i.created_at', consentStateOf().as('consent')])
    .where('i.contact_id', '=', contactId)
    .orderBy('i.created_at')
    .orderBy('i.id')
    .execute();
  const ids = identities.map((i) => i.id);
  const events = await db
    .selectFrom('consent_events')
    .select(['created_at', 'action', 'channel', 'source', 'word', 'id'])
    .where((eb) => (ids.length ? eb.or([eb('contact_id', '=', contactId), eb('identity_id', 'in', ids)]) : eb('contact_id', '=', contactId)))
    .execute();
  const firstInbound = ids.length
    ? await db
        .selectFrom('messages')
        .select(['channel', sql<Date>`MIN(created_at)`.as('at')])
        .where('identity_id', 'in', ids)
        .where('direction', '=', 'in')
        .groupBy(['identity_id', 'channel'])
        .execute()
    : [];
  const ledger: LedgerEntry[] = [
    ...events.map((e) => ({ at: new Date(e.created_at), action: e.action, channel: e.channel, source: e.source, word: e.word, order: Number(e.id) })),
    ...firstInbound.map((m) => ({ at: new Date(m.at), action: 'opt_in' as const, channel: m.channel, source: 'inbound', word: null, order: 0 })),
  ]
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order)
    .map(({ order: _order, ...entry }) => entry);
  const tags = (await db.selectFrom('contact_tags').select('tag').where('contact_id', '=', contactId).orderBy('tag').execute()).map((t) => t.tag);
  const feedback = await db
    .selectFrom('feedback')
    .select(['created_at', 'flow_id', 'question', 'rating', 'choice', 'comment', 'topic', 'channel', 'language'])
    .where('contact_id', '=', contactId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const vars = varsOf(contact.vars);
  return {
    id: contact.id,
    name: vars.name === undefined ? null : String(vars.name),
    language: contact.language,
    timezone: contact.timezone,
    vars,
    createdAt: new Date(contact.created_at),
    identities: identities.map((i) => ({
      id: i.id,
      channel: i.channel,
      address: i.address,
      consent: i.consent,
      optedOutAt: i.opted_out_at && new Date(i.opted_out_at),
      unreachableAt: i.unreachable_at && new Date(i.unreachable_at),
      unreachableReason: i.unreachable_reason,
      createdAt: new Date(i.created_at),
    })),
    ledger,
    tags,
    feedback: feedback.map((f) => ({ at: new Date(f.created_at), flowId: f.flow_id, question: f.question, rating: f.rating, choice: f.choice, comment: f.comment, topic: f.topic, channel: f.channel, language: f.language })),
  };
}

/**
 * A page of the contact's conversation, oldest first within the page: page 1 is the newest
 * `pageSize` messages, page 2 the ones before them. `hasOlder` when there are more before.
 */
export async function contactHistory(
  db: Kysely<Database>,
  contactId: string,
  identityIds: readonly string[],
  opts: { page: number; pageSize: number },
): Promise<{ messages: HistoryMessage[]; hasOlder: boolean }> {
  const rows = await db
    .selectFrom('messages')
    .select(['id', 'direction', 'channel', 'body', 'key', 'status', 'created_at'])
    .where((eb) => (identityIds.length ? eb.or([eb('contact_id', '=', contactId), eb('identity_id', 'in', identityIds)]) : eb('contact_id', '=', contactId)))
    .orderBy('id', 'desc')
    .limit(opts.pageSize + 1)
    .offset((opts.page - 1) * opts.pageSize)
    .execute();
  const hasOlder = rows.length > opts.pageSize;
  return {
    messages: rows
      .slice(0, opts.pageSize)
      .reverse()
      .map((m) => ({ id: String(m.id), direction: m.direction, channel: m.channel, body: m.body, key: m.key, status: m.status, at: new Date(m.created_at) })),
    hasOlder,
  };
}
