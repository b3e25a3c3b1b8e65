/**
 * The send path's queries in batch form (src/runtime/send-batches.ts groups concurrent sends into
 * them): what deliver() needs to know about a message (the opt-out list included) in one joined read, and its writes (send
 * started, final status) for many messages, both kinds mixed, in one statement.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema';
import { addressHashSqlText, type HmacPads } from './suppressions';

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

/**
 * The send path's one statement: its writes, then its read, on fixed SQL whatever the number of
 * messages (the lists are arrays, `unnest`ed), so it is parsed once per connection as a named
 * statement (src/store/prepared.ts) and compiled by nothing at all. Parameters: $1-$6 the writes
 * (id, started, status, provider id, whether to set the error code, error code), $7-$8 the reads
 * (id, mark age: the age up to which to mark it, null: no mark), $9 the order window in seconds,
 * $10 and $11 the suppression key's pads.
 *
 * The writes: a mark (true: now; false: cleared; null: unchanged), a status (null: unchanged; it
 * only moves a pending message, so a delivery report that arrived first is not moved back; the
 * provider id is still filled in). The read: each message with its identity, its contact, whether
 * an older reply to the same identity is pending (one this statement writes a final status on is
 * not: the read sees the statement's snapshot, from before its writes) and whether its address is
 * on the anonymous opt-out list (hashed by the database: addressHashSqlText). With a mark age, the read
 * also marks "send started" (send_started_at = now()) where everything the database can see says
 * the send will go on: pending, outbound, an identity not opted out (but for a consent message),
 * not unreachable, not on the opt-out list, no older reply to wait for, stored at most `mark_age`
 * seconds ago, and not marked already (an earlier mark is kept: it is the one a crashed attempt
 * left, and findSent looks back to it). The row returned is the one read before the mark, with
 * `marked` true where this statement marked it. A message may be written or read, not both, and
 * written once, in one statement (two updates of one row in one statement: only one would count).
 */
const DELIVERY_SQL = `
WITH w(id, started, status, provider_id, set_error, error_code) AS (
  SELECT * FROM unnest($1::bigint[], $2::boolean[], $3::text[], $4::text[], $5::boolean[], $6::text[])
),
written AS (
  UPDATE messages AS m SET
    send_started_at = CASE WHEN w.started IS NULL THEN m.send_started_at WHEN w.started THEN now() ELSE NULL END,
    status = CASE WHEN w.status IS NOT NULL AND m.status = 'pending' THEN w.status ELSE m.status END,
    provider_id = COALESCE(w.provider_id, m.provider_id),
    error_code = CASE WHEN w.set_error AND m.status = 'pending' THEN w.error_code ELSE m.error_code END,
    updated_at = CASE WHEN w.status IS NOT NULL THEN now() ELSE m.updated_at END
  FROM w
  WHERE m.id = w.id
  RETURNING m.id
),
v(id, mark_age) AS (
  SELECT * FROM unnest($7::bigint[], $8::float8[])
),
d AS (
  SELECT m.id, m.direction, m.kind, m.status, m.body, m.payload, m.created_at, m.send_started_at, m.identity_id,
    i.id AS i_id, i.contact_id AS i_contact_id, i.channel AS i_channel, i.address AS i_address,
    i.opted_out AS i_opted_out, i.unreachable_at AS i_unreachable_at,
    c.language, c.timezone,
    -- The same test as the messages_pending_reply index (migration 0005), by the database's clock.
    (m.kind = 'reply' AND m.status = 'pending' AND EXISTS (
      SELECT 1 FROM messages o
      WHERE o.identity_id = m.identity_id AND o.direction = 'out' AND o.status = 'pending' AND o.kind = 'reply'
        AND o.id < m.id AND o.created_at > now() - make_interval(secs => $9::float8)
        AND NOT EXISTS (SELECT 1 FROM w WHERE w.id = o.id AND w.status IS NOT NULL AND w.status <> 'pending')
    )) AS older_reply_pending,
    -- The opt-out list, looked up in the same statement: its hash of this identity's address.
    (SELECT s.created_at FROM suppressions s
      WHERE s.hash = ${addressHashSqlText('$10', '$11', 'i.channel', 'i.address')}) AS suppressed_since,
    extract(epoch from now() - m.created_at)::float8 AS age_seconds,
    v.mark_age
  FROM v
  JOIN messages m ON m.id = v.id
  LEFT JOIN identities i ON i.id = m.identity_id
  LEFT JOIN contacts c ON c.id = i.contact_id
),
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
SELECT d.*, marked.id IS NOT NULL AS marked FROM d LEFT JOIN marked ON marked.id = d.id`;

/** One message read by the send path's statement (its mark age: null, not to be marked). */
export interface DeliveryRead {
  id: string;
  markAge: number | null;
}

/**
 * Runs the send path's statement (DELIVERY_SQL): `writes` first, then `reads`, one round trip and
 * one commit. An id may appear once in all (the caller splits what repeats into rounds). Returns
 * the rows read, by id (a message not found has none).
 */
export async function deliveryStatement(db: Db, writes: DeliveryWrite[], reads: DeliveryRead[], orderWindowSeconds: number, pads: HmacPads): Promise<Map<string, DeliveryRow>> {
  const parameters = [
    writes.map((w) => String(w.id)),
    writes.map((w) => w.started ?? null),
    writes.map((w) => w.status ?? null),
    writes.map((w) => w.providerId ?? null),
    writes.map((w) => w.errorCode !== undefined),
    writes.map((w) => w.errorCode ?? null),
    reads.map((r) => String(r.id)),
    reads.map((r) => r.markAge),
    orderWindowSeconds,
    pads.inner,
    pads.outer,
  ];
  const { rows } = await db.executeQuery(CompiledQuery.raw(DELIVERY_SQL, parameters) as CompiledQuery<RawDeliveryRow>);
  return new Map(rows.map((r) => [String(r.id), deliveryRow(r)]));
}

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
  // One id asked twice is read once, marked if either asked (the larger age).
  const ages = new Map<string, number | null>();
  ids.forEach((id, k) => {
    const age = markAges?.[k] ?? null;
    const before = ages.get(String(id));
    ages.set(String(id), before === undefined || before === null ? age : age === null ? before : Math.max(before, age));
  });
  return deliveryStatement(db, [], [...ages].map(([id, markAge]) => ({ id, markAge })), orderWindowSeconds, pads);
}

function deliveryRow(r: RawDeliveryRow): DeliveryRow {
  return {
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
  };
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
  // The read's pads are not used when nothing is read.
  await deliveryStatement(db, writes, [], 0, NO_PADS);
}

const NO_PADS: HmacPads = { inner: Buffer.alloc(64), outer: Buffer.alloc(64) };
