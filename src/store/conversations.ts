import { sql, type AliasableExpression, type ExpressionBuilder, type Kysely } from 'kysely';
import type { ConversationState } from '../engine/types';
import { precompiled } from './precompiled';
import type { Contact, Database, Identity, Message } from './schema';
import { outboundColumns, sortedIds, type NewOutbound, type OutboundColumns } from './messages';

type Db = Kysely<Database>;

/** Flow versions some conversation is still on (old versions stay loadable until unused). */
export async function flowVersionsInUse(db: Db): Promise<{ flow_id: string; flow_hash: string }[]> {
  const rows = await db.selectFrom('conversations').select(['flow_id', 'flow_hash']).distinct().where('flow_id', 'is not', null).execute();
  return rows.map((r) => ({ flow_id: r.flow_id!, flow_hash: r.flow_hash! }));
}

/** What the runner reads, under the contact's row lock, before stepping a conversation. */
export interface StepContext {
  contact: Contact;
  state: ConversationState | null;
  /** The identity the conversation happens on. */
  identityId: string | null;
  /** The contact's open handoff ticket (a volunteer has the conversation), if any. */
  openHandoff: string | null;
  /** With `pending`: the contact's inbound messages not yet processed, oldest first (see lockForStep). */
  pending?: PendingInbound[];
}

/** One inbound message waiting for the runner, with its identity and the values read for it by `prefetch`. */
export interface PendingInbound {
  message: Message;
  identity: Identity | undefined;
  /** Per prefetch name, the value its expression read for this message (null: none). */
  prefetched: Record<string, unknown>;
}

/** The rows a prefetch expression may refer to: the pending message `m` and its identity `i`. */
export type PendingRow = Database & { m: Database['messages']; i: Database['identities'] };

/**
 * A value read for each pending message in the runner's read itself, instead of a statement of
 * its own per message (a module's inbound hook's look-up: the shift answers' last question, src/shifts/sms-answers.ts).
 * `select` returns one scalar expression (a subquery with LIMIT 1, usually) over `m` and `i`;
 * it is built once per set of prefetches (it must not depend on anything but the row).
 */
export interface PendingPrefetch {
  name: string;
  select(eb: ExpressionBuilder<PendingRow, 'm' | 'i'>): AliasableExpression<unknown>;
}

/** lockForStep's lock, built and compiled once (src/store/precompiled.ts). */
const lockContactQuery = precompiled((tx: Db, contactId: string) => tx.selectFrom('contacts').select('id').where('id', '=', contactId).forUpdate());

/** A contact id as this project makes them (a UUID): safe to write into a statement's text as it is. */
const PLAIN_ID = /^[0-9A-Za-z-]{1,64}$/;

/**
 * lockForStep's lock: with the id written into the statement (no parameters), so that the
 * transaction's BEGIN goes with it in one round trip on PostgreSQL (src/store/deferred-begin.ts);
 * an id of another form (none is made) is passed as a parameter.
 */
async function lockContact(tx: Db, contactId: string): Promise<unknown[]> {
  if (!PLAIN_ID.test(contactId)) return lockContactQuery(tx, contactId);
  return (await sql.raw(`select "id" from "contacts" where "id" = '${contactId}' for update`).execute(tx)).rows;
}

/** The contact, its conversation and its open handoff ticket. */
const contextOf = (tx: Db, contactId: string) =>
  tx
    .selectFrom('contacts as c')
    .leftJoin('conversations as conv', 'conv.contact_id', 'c.id')
    .selectAll('c')
    .select([
      'conv.state as conv_state',
      'conv.identity_id as conv_identity_id',
      (eb) =>
        eb
          .selectFrom('handoffs as h')
          .select('h.id')
          .whereRef('h.contact_id', '=', 'c.id')
          .where('h.status', '=', 'open')
          .orderBy('h.id', 'desc')
          .limit(1)
          .as('open_handoff'),
    ])
    .where('c.id', '=', contactId);

/** lockForStep's read, built and compiled once. */
const stepContextQuery = precompiled(contextOf);

/** The message columns of the read with the pending messages, each as `m_<column>`. */
const MESSAGE_COLUMNS = ['id', 'contact_id', 'identity_id', 'channel', 'direction', 'kind', 'provider_id', 'body', 'key', 'payload', 'status', 'error_code', 'send_started_at', 'created_at', 'updated_at'] as const;
const IDENTITY_COLUMNS = ['id', 'contact_id', 'channel', 'address', 'opted_out', 'opted_out_at', 'unreachable_at', 'unreachable_reason', 'created_at'] as const;

/**
 * The read with the pending messages (one row per message, the contact's columns on each; one row
 * with null messages when none): built and compiled once per set of prefetches.
 */
const withPendingQueries = new Map<string, ReturnType<typeof withPendingQuery>>();
const withPendingQuery = (prefetch: readonly PendingPrefetch[]) =>
  precompiled((tx: Db, contactId: string) =>
    contextOf(tx, contactId)
      .leftJoin('messages as m', (join) => join.onRef('m.contact_id', '=', 'c.id').on('m.direction', '=', 'in').on('m.status', '=', 'received'))
      .leftJoin('identities as i', 'i.id', 'm.identity_id')
      .select(MESSAGE_COLUMNS.map((col) => sql.ref(`m.${col}`).as(`m_${col}`)))
      .select(IDENTITY_COLUMNS.map((col) => sql.ref(`i.${col}`).as(`i_${col}`)))
      .select((eb) => prefetch.map((p, k) => p.select(eb as unknown as ExpressionBuilder<PendingRow, 'm' | 'i'>).as(`x_${k}`)))
      .orderBy('m.id'),
  );

/** Prefetches are told apart by name: one name, one expression, for the life of the process. */
function pendingQuery(prefetch: readonly PendingPrefetch[]) {
  const key = prefetch.map((p) => p.name).join('\u0000');
  let query = withPendingQueries.get(key);
  if (!query) withPendingQueries.set(key, (query = withPendingQuery(prefetch)));
  return query;
}

/**
 * Locks the contact's row until the transaction ends (serialising work per contact), then reads
 * its conversation and whether a handoff to a volunteer is open; with `pending`, the same read
 * also brings the contact's inbound messages not yet processed (oldest first, each with its
 * identity and the prefetched values): two statements in all.
 *
 * Two statements, not one locking read: on PostgreSQL (READ COMMITTED) a statement reads with the
 * snapshot it took when it began, so a `SELECT ... FOR UPDATE OF c` joined to the conversation
 * that waited for the lock returns the contact's latest row but the conversation as it was before
 * the previous holder committed. Under a burst from one person, the next runner then stepped from
 * a stale state: a step was lost (two "didn't understand" alike in a row, issue #13; an answer
 * could be lost the same way). The read after the lock takes a new snapshot and sees every commit
 * of the holders before it (and every message accepted before it).
 */
export async function lockForStep(tx: Db, contactId: string, opts: { pending?: { prefetch?: readonly PendingPrefetch[] } } = {}): Promise<StepContext | undefined> {
  const [locked] = await lockContact(tx, contactId);
  if (!locked) return undefined;
  if (!opts.pending) {
    const [row] = await stepContextQuery(tx, contactId);
    return row && context(row);
  }
  const prefetch = opts.pending.prefetch ?? [];
  const rows = (await pendingQuery(prefetch)(tx, contactId)) as unknown as Record<string, unknown>[];
  if (!rows.length) return undefined;
  const pending: PendingInbound[] = [];
  for (const row of rows) {
    if (row.m_id == null) continue;
    const message = Object.fromEntries(MESSAGE_COLUMNS.map((col) => [col, row[`m_${col}`]])) as unknown as Message;
    const identity = row.i_id == null ? undefined : ({ ...Object.fromEntries(IDENTITY_COLUMNS.map((col) => [col, row[`i_${col}`]])), opted_out: Boolean(row.i_opted_out) } as unknown as Identity);
    pending.push({ message, identity, prefetched: Object.fromEntries(prefetch.map((p, k) => [p.name, row[`x_${k}`] ?? null])) });
  }
  return { ...context(rows[0] as unknown as StepContextRow), pending };
}

type StepContextRow = Awaited<ReturnType<typeof stepContextQuery>>[number];

function context(row: StepContextRow): StepContext {
  const { conv_state, conv_identity_id, open_handoff, ...rest } = row;
  // The contact's own columns (the read with the pending messages adds m_*, i_* and x_* ones).
  const contact = Object.fromEntries(Object.entries(rest).filter(([key]) => !/^[mix]_/.test(key))) as unknown as Contact;
  return {
    contact,
    state: (conv_state as ConversationState | null) ?? null,
    identityId: conv_identity_id ?? null,
    openHandoff: open_handoff == null ? null : String(open_handoff),
  };
}

/** A conversation's end, for completion and drop-off figures (conversation_events). */
export interface ConversationEnd {
  flowId: string;
  outcome: string;
  channel: string | null;
  language: string | null;
  at: Date;
}

/** What the runner writes when its steps are done (see writeStep). */
export interface StepWrites {
  contactId: string;
  identityId: string | null;
  state: ConversationState | null;
  /** Inbound messages the steps consumed: marked processed. */
  processed: string[];
  /** The contact's language and variables, when a step changed them. */
  contact?: { language: string | null; vars: Record<string, string | number> };
  ended: ConversationEnd[];
  /** The replies the steps queued, in the order they are to be sent. */
  outbound?: NewOutbound[];
}

/** writeStep's arguments, as precompiled() takes them: scalars, and one array per column of each list (lists of 0 or 1 for the optional contact). */
type WriteArgs = [
  contactId: string,
  identityId: string | null,
  state: string | null,
  flowId: string | null,
  flowHash: string | null,
  processed: string[],
  language: (string | null)[],
  vars: string[],
  endedFlows: string[],
  endedOutcomes: string[],
  endedChannels: (string | null)[],
  endedLanguages: (string | null)[],
  endedAts: string[],
  ...outbound: OutboundColumns,
];

/** writeStep's statement, built and compiled once per shape (how many processed, ended, replies; contact or not). */
const writeStepQuery = precompiled((_tx: Db, ...args: WriteArgs) => {
  const [contactId, identityId, state, flowId, flowHash, processed, language, vars, endedFlows, endedOutcomes, endedChannels, endedLanguages, endedAts, ...outbound] = args;
  const ctes = [];
  if (processed.length) {
    ctes.push(sql`processed AS (UPDATE messages SET status = 'processed', updated_at = now() WHERE id IN (${sql.join(processed)}) RETURNING 1)`);
  }
  if (language.length) {
    ctes.push(sql`contact AS (UPDATE contacts SET language = ${language[0]}, vars = ${vars[0]}::jsonb, updated_at = now() WHERE id = ${contactId} RETURNING 1)`);
  }
  if (endedFlows.length) {
    const rows = endedFlows.map((_, i) => sql`(${contactId}, ${endedFlows[i]}, ${endedOutcomes[i]}, ${endedChannels[i]}, ${endedLanguages[i]}, ${endedAts[i]}::timestamptz)`);
    ctes.push(sql`ended AS (INSERT INTO conversation_events (contact_id, flow_id, outcome, channel, language, created_at) VALUES ${sql.join(rows)} RETURNING 1)`);
  }
  const save = sql`INSERT INTO conversations (contact_id, identity_id, state, flow_id, flow_hash)
    VALUES (${contactId}, ${identityId}, ${state}::jsonb, ${flowId}, ${flowHash})
    ON CONFLICT (contact_id) DO UPDATE SET identity_id = EXCLUDED.identity_id, state = EXCLUDED.state, flow_id = EXCLUDED.flow_id, flow_hash = EXCLUDED.flow_hash, updated_at = now()`;
  if (!outbound[0].length) return sql<{ id: string }>`${ctes.length ? sql`WITH ${sql.join(ctes)} ` : sql``}${save}`;
  // With replies: the conversation is one more data-modifying CTE (each runs once, to completion,
  // read or not) and the statement returns the replies' ids.
  const [contactIds, identityIds, channels, kinds, bodies, keys, payloads, statuses] = outbound;
  const rows = contactIds.map((_, i) => sql`(${contactIds[i]}, ${identityIds[i]}, ${channels[i]}, 'out', ${kinds[i]}, NULL, ${bodies[i]}, ${keys[i]}, ${payloads[i]}::jsonb, ${statuses[i]}, NULL)`);
  ctes.push(sql`conversation AS (${save} RETURNING 1)`);
  ctes.push(sql`replies AS (INSERT INTO messages (contact_id, identity_id, channel, direction, kind, provider_id, body, key, payload, status, error_code) VALUES ${sql.join(rows)} RETURNING id)`);
  return sql<{ id: string }>`WITH ${sql.join(ctes)} SELECT id FROM replies`;
});

/**
 * Writes the outcome of a runner's steps in one statement (data-modifying CTEs): the conversation,
 * the inbound messages it consumed, the contact when it changed, the conversations that ended and
 * the replies. One round trip instead of five, on the path every inbound message takes. Returns
 * the replies' ids in the order given (ids grow in VALUES order, as insertOutbounds').
 */
export async function writeStep(tx: Db, w: StepWrites): Promise<string[]> {
  const state = w.state ? JSON.stringify(w.state) : null;
  const contact = w.contact ? { language: [w.contact.language], vars: [JSON.stringify(w.contact.vars)] } : { language: [], vars: [] };
  const ended = w.ended;
  const rows = await writeStepQuery(
    tx,
    w.contactId,
    w.identityId,
    state,
    w.state?.flowId ?? null,
    w.state?.flowHash ?? null,
    w.processed,
    contact.language,
    contact.vars,
    ended.map((e) => e.flowId),
    ended.map((e) => e.outcome),
    ended.map((e) => e.channel),
    ended.map((e) => e.language),
    ended.map((e) => e.at.toISOString()),
    ...outboundColumns(w.outbound ?? []),
  );
  return w.outbound?.length ? sortedIds(rows) : [];
}
