/**
 * The send path's queries in batch form (src/runtime/send-batches.ts groups concurrent sends into
 * them): what deliver() needs to know about a message in one joined read, and its two writes
 * (send started, final status) for many messages in one statement each.
 */
import { sql, type Kysely } from 'kysely';
import { precompiled } from './precompiled';
import type { Database } from './schema';

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
  /** How long ago it was stored, in seconds, by the database's clock (the one the sweep ages messages by). */
  age_seconds: number;
}

/** loadDeliveries' statement, built and compiled once per number of ids (src/store/precompiled.ts). */
const loadDeliveriesQuery = precompiled((db: Db, ids: string[], orderWindowSeconds: number) =>
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
      sql<number>`extract(epoch from now() - m.created_at)::float8`.as('age_seconds'),
    ])
    .where('m.id', 'in', ids),
);

/** Loads messages for delivery, joined with identity and contact; one row per id found. */
export async function loadDeliveries(db: Db, ids: string[], orderWindowSeconds: number): Promise<Map<string, DeliveryRow>> {
  if (!ids.length) return new Map();
  const rows = await loadDeliveriesQuery(db, ids, orderWindowSeconds);
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
        age_seconds: Number(r.age_seconds),
      },
    ]),
  );
}

/** Marks (or, with false, unmarks) that the provider is being called for these messages. */
export async function markSendsStarted(db: Db, ids: string[], started: boolean): Promise<void> {
  if (!ids.length) return;
  await (started ? markStarted : unmarkStarted)(db, ids);
}

/** markSendsStarted's two statements, each built and compiled once per number of ids (src/store/precompiled.ts). */
const markStarted = precompiled((db: Db, ids: string[]) => db.updateTable('messages').set({ send_started_at: sql<Date>`now()` }).where('id', 'in', ids));
const unmarkStarted = precompiled((db: Db, ids: string[]) => db.updateTable('messages').set({ send_started_at: null }).where('id', 'in', ids));

/** A status to record on an outbound message (provider id and error code only when given). */
export interface StatusUpdate {
  id: string;
  status: string;
  providerId?: string;
  errorCode?: string | null;
}

/**
 * Records the outcome of sends, one statement for all. A message no longer pending keeps its
 * status and error code: a delivery report that arrived first (delivered, failed) is not moved
 * back to sent. Its provider id is still filled in.
 */
export async function setDeliveryStatuses(db: Db, updates: StatusUpdate[]): Promise<void> {
  if (!updates.length) return;
  const values = updates.map(
    (u) => sql`(${u.id}::bigint, ${u.status}::text, ${u.providerId ?? null}::text, ${u.errorCode !== undefined}::boolean, ${u.errorCode ?? null}::text)`,
  );
  await sql`
    UPDATE messages AS m SET
      status = CASE WHEN m.status = 'pending' THEN v.status ELSE m.status END,
      provider_id = COALESCE(v.provider_id, m.provider_id),
      error_code = CASE WHEN v.set_error AND m.status = 'pending' THEN v.error_code ELSE m.error_code END,
      updated_at = now()
    FROM (VALUES ${sql.join(values)}) AS v(id, status, provider_id, set_error, error_code)
    WHERE m.id = v.id
  `.execute(db);
}
