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
  /** The read set the "send started" mark (asked for with a mark age, see loadDeliveries); send_started_at is the value before. */
  marked: boolean;
}

/** The joined read of the send path, as a CTE body: `v(id, mark_age)` names the ids asked for. */
const deliveryRowsSql = (orderWindowSeconds: number, inner: Buffer, outer: Buffer) => sql`
  SELECT m.id, m.direction, m.kind, m.status, m.body, m.payload, m.created_at, m.send_started_at, m.identity_id,
    i.id AS i_id, i.contact_id AS i_contact_id, i.channel AS i_channel, i.address AS i_address,
    i.opted_out AS i_opted_out, i.unreachable_at AS i_unreachable_at,
    c.language, c.timezone,
    -- The same test as the messages_pending_reply index (migration 0005), by the database's clock.
    (m.kind = 'reply' AND m.status = 'pending' AND EXISTS (
      SELECT 1 FROM messages o
      WHERE o.identity_id = m.identity_id AND o.direction = 'out' AND o.status = 'pending' AND o.kind = 'reply'
        AND o.id < m.id AND o.created_at > now() - make_interval(secs => ${orderWindowSeconds})
    )) AS older_reply_pending,
    -- The opt-out list, looked up in the same statement: its hash of this identity's address.
    (SELECT s.created_at FROM suppressions s WHERE s.hash = ${addressHashSql({ inner, outer }, sql.ref('i.channel'), sql.ref('i.address'))}) AS suppressed_since,
    extract(epoch from now() - m.created_at)::float8 AS age_seconds,
    v.mark_age
  FROM v
  JOIN messages m ON m.id = v.id
  LEFT JOIN identities i ON i.id = m.identity_id
  LEFT JOIN contacts c ON c.id = i.contact_id`;

/** The ids (and for each, the age up to which to mark it: null, not at all) as a VALUES list. */
const idValues = (ids: string[], markAges: (number | null)[]) => sql.join(ids.map((id, k) => sql`(${id}::bigint, ${markAges[k]}::float8)`));

/**
 * loadDeliveries' statement without marks: a plain read. Built and compiled once per number of
 * ids (src/store/precompiled.ts).
 */
const loadDeliveriesQuery = precompiled((db: Db, ids: string[], markAges: (number | null)[], orderWindowSeconds: number, inner: Buffer, outer: Buffer) =>
  sql<RawDeliveryRow>`
    WITH v(id, mark_age) AS (VALUES ${idValues(ids, markAges)}),
    d AS (${deliveryRowsSql(orderWindowSeconds, inner, outer)})
    SELECT d.*, false AS marked FROM d`,
);

/**
 * The same read, which also marks "send started" (send_started_at = now()) on the messages asked
 * for with a mark age, in the same statement, where everything the database can see says the send
 * will go on: pending, outbound, an identity not opted out (but for a consent message), not
 * unreachable, not on the opt-out list, no older reply to wait for, stored at most `mark_age`
 * seconds ago, and not marked already (an earlier mark is kept: it is the one a crashed attempt
 * left, and findSent looks back to it). The row returned is the one read before the mark (its
 * send_started_at is the earlier attempt's, or null), with `marked` true where this statement
 * marked it. A data-modifying CTE: the UPDATE sees the same snapshot as the read, and the read
 * does not see the UPDATE.
 */
const loadAndMarkQuery = precompiled((db: Db, ids: string[], markAges: (number | null)[], orderWindowSeconds: number, inner: Buffer, outer: Buffer) =>
  sql<RawDeliveryRow>`
    WITH v(id, mark_age) AS (VALUES ${idValues(ids, markAges)}),
    d AS (${deliveryRowsSql(orderWindowSeconds, inner, outer)}),
    marked AS (
      UPDATE messages m SET send_started_at = now()
      FROM d
      WHERE m.id = d.id AND d.mark_age IS NOT NULL AND d.age_seconds <= d.mark_age
        AND d.direction = 'out' AND d.status = 'pending' AND d.send_started_at IS NULL
        AND d.i_id IS NOT NULL AND (NOT d.i_opted_out OR d.kind = 'consent') AND d.i_unreachable_at IS NULL
        AND d.suppressed_since IS NULL AND NOT d.older_reply_pending
        AND m.status = 'pending' AND m.send_started_at IS NULL
      RETURNING m.id
    )
    SELECT d.*, marked.id IS NOT NULL AS marked FROM d LEFT JOIN marked ON marked.id = d.id`,
);

/** A row as the statements return it: the identity's columns flat, numbers and times maybe as text. */
interface RawDeliveryRow extends Omit<DeliveryRow, 'identity' | 'suppressed_since' | 'age_seconds'> {
  i_id: string | null;
  i_contact_id: string | null;
  i_channel: string | null;
  i_address: string | null;
  i_opted_out: boolean | null;
  i_unreachable_at: Date | null;
  suppressed_since: Date | string | null;
  age_seconds: number | string;
}

/**
 * Loads messages for delivery, joined with identity and contact, and whether the identity's
 * address is on the anonymous opt-out list (hashed with the suppression key's `pads`); one row per
 * id found. `markAges` (one per id; null or absent: no mark) asks for the "send started" mark to
 * be set in the same statement, on those of the messages that may be sent now and were stored at
 * most that many seconds ago (see loadAndMarkQuery); `marked` says where it was.
 */
export async function loadDeliveries(db: Db, ids: string[], orderWindowSeconds: number, pads: HmacPads, markAges?: (number | null)[]): Promise<Map<string, DeliveryRow>> {
  if (!ids.length) return new Map();
  const ages = ids.map((_, k) => markAges?.[k] ?? null);
  const query = ages.some((a) => a !== null) ? loadAndMarkQuery : loadDeliveriesQuery;
  const rows = await query(db, ids.map(String), ages, orderWindowSeconds, pads.inner, pads.outer);
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
        identity_id: r.identity_id === null ? null : String(r.identity_id),
        identity: r.i_id
          ? { id: String(r.i_id), contact_id: String(r.i_contact_id!), channel: r.i_channel!, address: r.i_address!, opted_out: Boolean(r.i_opted_out), unreachable_at: r.i_unreachable_at ?? null }
          : null,
        language: r.language ?? null,
        timezone: r.timezone ?? null,
        older_reply_pending: Boolean(r.older_reply_pending),
        suppressed_since: r.suppressed_since ? new Date(r.suppressed_since) : null,
        age_seconds: Number(r.age_seconds),
        marked: Boolean(r.marked),
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
