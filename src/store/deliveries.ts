/**
 * The send path's queries in batch form (src/runtime/send-batches.ts groups concurrent sends into
 * them): what deliver() needs to know about a message (the opt-out list included) in one joined read, and its writes (send
 * started, final status) for many messages, both kinds mixed, in one statement.
 */
import { sql, type Kysely } from 'kysely';
import { precompiled } from './precompiled';
import type { Database } from './schema';
import { addressHashSql, type HmacPads } from './suppressions';

type Db = Kysely<Database>;

/** A stored outbound message with what sending it needs: its identity, its contact, its turn. */
export interface DeliveryRow {
  id: string;
  direction: 'in' | 'out';
  kind: string;
  status: string;
  body: string | null;
  payload: unknown;
  created_at: Date;
  send_started_at: Date | null;
  identity_id: string | null;
  /** Null when the message has no identity (or it was erased). */
  identity: { id: string; contact_id: string; channel: string; address: string; opted_out: boolean; unreachable_at: Date | null } | null;
  language: string | null;
  timezone: string | null;
  /** A reply only: an older reply to the same identity, written within `orderWindowSeconds`, is still pending. */
  older_reply_pending: boolean;
  /** When the identity's address went on the anonymous opt-out list (src/store/suppressions.ts), or null. */
  suppressed_since: Date | null;

  /** How long ago it was stored, in seconds, by the database's clock (the one the sweep ages messages by). */
  age_seconds: number;
}

/** loadDeliveries' statement, built and compiled once per number of ids (src/store/precompiled.ts). */
const loadDeliveriesQuery = precompiled((db: Db, ids: string[], orderWindowSeconds: number, inner: Buffer, outer: Buffer) =>
  db
    .selectFrom('messages as m')
    .leftJoin('identities as i', 'i.id', 'm.identity_id')
    .leftJoin('contacts as c', 'c.id', 'i.contact_id')
    .select([
      'm.id',
      'm.direction',
      'm.kind',
      'm.status',
      'm.body',
      'm.payload',
      'm.created_at',
      'm.send_started_at',
      'm.identity_id',
      'i.id as i_id',
      'i.contact_id as i_contact_id',
      'i.channel as i_channel',
      'i.address as i_address',
      'i.opted_out as i_opted_out',
      'i.unreachable_at as i_unreachable_at',
      'c.language',
      'c.timezone',
      // The same test as the messages_pending_reply index (migration 0005), by the database's clock.
      sql<boolean>`m.kind = 'reply' AND m.status = 'pending' AND EXISTS (
        SELECT 1 FROM messages o
        WHERE o.identity_id = m.identity_id AND o.direction = 'out' AND o.status = 'pending' AND o.kind = 'reply'
          AND o.id < m.id AND o.created_at > now() - make_interval(secs => ${orderWindowSeconds})
      )`.as('older_reply_pending'),
      // The opt-out list, looked up in the same statement: its hash of this identity's address.
      sql<Date | null>`(SELECT s.created_at FROM suppressions s WHERE s.hash = ${addressHashSql({ inner, outer }, sql.ref('i.channel'), sql.ref('i.address'))})`.as('suppressed_since'),

      sql<number>`extract(epoch from now() - m.created_at)::float8`.as('age_seconds'),
    ])
    .where('m.id', 'in', ids),
);

/**
 * Loads messages for delivery, joined with identity and contact, and whether the identity's
 * address is on the anonymous opt-out list (hashed with the suppression key's `pads`); one row per
 * id found.
 */
export async function loadDeliveries(db: Db, ids: string[], orderWindowSeconds: number, pads: HmacPads): Promise<Map<string, DeliveryRow>> {
  if (!ids.length) return new Map();
  const rows = await loadDeliveriesQuery(db, ids, orderWindowSeconds, pads.inner, pads.outer);
  return new Map(
    rows.map((r) => [
      String(r.id),
      {
        id: String(r.id),
        direction: r.direction,
        kind: r.kind,
        status: r.status,
        body: r.body,
        payload: r.payload,
        created_at: r.created_at,
        send_started_at: r.send_started_at,
        identity_id: r.identity_id,
        identity: r.i_id
          ? { id: r.i_id, contact_id: r.i_contact_id!, channel: r.i_channel!, address: r.i_address!, opted_out: Boolean(r.i_opted_out), unreachable_at: r.i_unreachable_at ?? null }
          : null,
        language: r.language ?? null,
        timezone: r.timezone ?? null,
        older_reply_pending: Boolean(r.older_reply_pending),
        suppressed_since: r.suppressed_since ? new Date(r.suppressed_since) : null,

        age_seconds: Number(r.age_seconds),
      },
    ]),
  );
}

/** Marks (or, with false, unmarks) that the provider is being called for these messages. */
export async function markSendsStarted(db: Db, ids: string[], started: boolean): Promise<void> {
  await writeDeliveries(
    db,
    ids.map((id) => ({ id, started })),
  );
}

/** A status to record on an outbound message (provider id and error code only when given). */
export interface StatusUpdate {
  id: string;
  status: string;
  providerId?: string;
  errorCode?: string | null;
}

/**
 * One write of the send path on one message: the "send started" mark (true: now; false: cleared;
 * absent: unchanged), a status (with its provider id and error code), or both.
 */
export interface DeliveryWrite {
  id: string;
  started?: boolean;
  status?: string;
  providerId?: string;
  errorCode?: string | null;
}

/**
 * Records the outcome of sends, one statement for all. A message no longer pending keeps its
 * status and error code: a delivery report that arrived first (delivered, failed) is not moved
 * back to sent. Its provider id is still filled in.
 */
export async function setDeliveryStatuses(db: Db, updates: StatusUpdate[]): Promise<void> {
  await writeDeliveries(db, updates);
}

/**
 * The send path's writes, "send started" marks and statuses mixed, one statement (one commit) for
 * all: the rules of both are here (a status only moves a pending message, see setDeliveryStatuses).
 * A message written twice in the list gets its writes in list order, one statement per round.
 */
export async function writeDeliveries(db: Db, writes: DeliveryWrite[]): Promise<void> {
  const seen = new Map<string, number>();
  const rounds: DeliveryWrite[][] = [];
  for (const w of writes) {
    const round = seen.get(String(w.id)) ?? 0;
    seen.set(String(w.id), round + 1);
    (rounds[round] ??= []).push(w);
  }
  for (const round of rounds) await writeRound(db, round);
}

async function writeRound(db: Db, writes: DeliveryWrite[]): Promise<void> {
  const values = writes.map(
    (w) =>
      sql`(${w.id}::bigint, ${w.started ?? null}::boolean, ${w.status ?? null}::text, ${w.providerId ?? null}::text, ${w.errorCode !== undefined}::boolean, ${w.errorCode ?? null}::text)`,
  );
  await sql`
    UPDATE messages AS m SET
      send_started_at = CASE WHEN v.started IS NULL THEN m.send_started_at WHEN v.started THEN now() ELSE NULL END,
      status = CASE WHEN v.status IS NOT NULL AND m.status = 'pending' THEN v.status ELSE m.status END,
      provider_id = COALESCE(v.provider_id, m.provider_id),
      error_code = CASE WHEN v.set_error AND m.status = 'pending' THEN v.error_code ELSE m.error_code END,
      updated_at = CASE WHEN v.status IS NOT NULL THEN now() ELSE m.updated_at END
    FROM (VALUES ${sql.join(values)}) AS v(id, started, status, provider_id, set_error, error_code)
    WHERE m.id = v.id
  `.execute(db);
}
