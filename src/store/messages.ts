import { sql, type Kysely } from 'kysely';
import { precompiled } from './precompiled';
import type { Database, Identity, Message } from './schema';
import { SUPPRESSION_SOURCE } from './suppressions';

type Db = Kysely<Database>;

/** insertInbound's statement, built and compiled once (src/store/precompiled.ts). */
const insertInboundQuery = precompiled((db: Db, contactId: string, identityId: string, channel: string, providerId: string | null, body: string, payload: string | null) =>
  db
    .insertInto('messages')
    .values({ contact_id: contactId, identity_id: identityId, channel, direction: 'in', kind: 'reply', provider_id: providerId, body, key: null, payload, status: 'received', error_code: null })
    .onConflict((oc) => oc.columns(['channel', 'direction', 'provider_id']).where('provider_id', 'is not', null).doNothing())
    .returning('id'),
);

/**
 * Stores an inbound message. Returns its id, or null when the provider already delivered this one
 * (same channel and provider id): a webhook retry is stored once.
 */
export async function insertInbound(
  db: Db,
  m: { contactId: string; identityId: string; channel: string; providerId?: string; body: string; payload?: unknown },
): Promise<string | null> {
  const [row] = await insertInboundQuery(db, m.contactId, m.identityId, m.channel, m.providerId ?? null, m.body, m.payload === undefined ? null : JSON.stringify(m.payload));
  return row?.id ?? null;
}

/** What storeInbound needs besides the message: ids for a new contact, and the address's suppression hash. */
export interface FirstContact {
  /** The ids a new contact and identity get (unused when the address is known). */
  contactId: string;
  identityId: string;
  /** The address's hash on the suppression list (src/store/suppressions.ts addressHash). */
  suppressionHash: string;
  /** When a forgotten address that writes again is opted out (the consent event's time). */
  at: Date;
}

/** What storeInbound did: the identity (found or created), the message id (null: delivered before). */
export interface StoredInbound {
  identity: Identity;
  messageId: string | null;
  /** The address was new: its contact and identity were created by this statement. */
  created: boolean;
}

/**
 * Stores an inbound message in one round trip, whoever sent it. From an address we know (most
 * messages): the identity is looked up and the message inserted. From a new address: the contact
 * and identity are created too, and when the address is on the suppression list (a forgotten
 * person writing again) the identity starts opted out, with its consent event, so only their own
 * START brings them back. All of it commits together or not at all.
 *
 * Undefined when another request created the same address at the same moment (the identity insert
 * found theirs): nothing of this message is stored; the contact made for nothing is deleted here
 * and the caller stores the message again, now from a known address.
 */
export async function storeInbound(
  db: Db,
  m: { channel: string; address: string; providerId?: string; body: string; payload?: unknown },
  first: FirstContact,
): Promise<StoredInbound | undefined> {
  const payload = m.payload === undefined ? null : JSON.stringify(m.payload);
  const { rows } = await sql<Identity & { message_id: string | null; created: boolean }>`
    WITH known AS (SELECT * FROM identities WHERE channel = ${m.channel} AND address = ${m.address}),
    listed AS (SELECT 1 FROM suppressions WHERE hash = ${first.suppressionHash} AND NOT EXISTS (SELECT 1 FROM known)),
    c AS (
      INSERT INTO contacts (id, language, timezone, vars)
      SELECT ${first.contactId}, NULL, NULL, '{}'::jsonb WHERE NOT EXISTS (SELECT 1 FROM known)
      RETURNING id
    ),
    made AS (
      INSERT INTO identities (id, contact_id, channel, address, opted_out, opted_out_at, unreachable_at, unreachable_reason)
      SELECT ${first.identityId}, c.id, ${m.channel}, ${m.address}, EXISTS (SELECT 1 FROM listed),
        CASE WHEN EXISTS (SELECT 1 FROM listed) THEN ${first.at}::timestamptz END, NULL, NULL
      FROM c
      ON CONFLICT (channel, address) DO NOTHING
      RETURNING *
    ),
    consent AS (
      INSERT INTO consent_events (contact_id, identity_id, channel, action, word, source, created_at)
      SELECT contact_id, id, channel, 'opt_out', NULL, ${SUPPRESSION_SOURCE}, ${first.at}::timestamptz FROM made WHERE opted_out
    ),
    who AS (SELECT known.*, false AS created FROM known UNION ALL SELECT made.*, true AS created FROM made),
    stored AS (
      INSERT INTO messages (contact_id, identity_id, channel, direction, kind, provider_id, body, key, payload, status, error_code)
      SELECT contact_id, id, ${m.channel}, 'in', 'reply', ${m.providerId ?? null}, ${m.body}, NULL, ${payload}::jsonb, 'received', NULL FROM who
      ON CONFLICT (channel, direction, provider_id) WHERE provider_id IS NOT NULL DO NOTHING
      RETURNING id
    )
    SELECT who.*, (SELECT id FROM stored) AS message_id FROM who`.execute(db);
  const row = rows[0];
  if (!row) {
    // Lost the race to create this address: the contact made for nothing goes (it has no identity).
    await db.deleteFrom('contacts').where('id', '=', first.contactId).execute();
    return undefined;
  }
  const { message_id, created, ...identity } = row;
  return { identity: identity as Identity, messageId: message_id == null ? null : String(message_id), created };
}

/** An outbound message to store (see insertOutbound). */
/**
 * The statuses of an outbound message that left us for the person: ours ('sent') and the
 * providers' reports after it. Not 'undelivered' (the provider could not hand it over), nor a
 * message still waiting ('pending', 'scheduled', 'held'), suppressed, failed or 'rehearsed'.
 */
export const WENT_OUT_STATUSES = ['sent', 'queued', 'accepted', 'sending', 'delivered', 'read', 'partially_delivered'] as const;

export interface NewOutbound {
  contactId: string;
  identityId: string;
  channel: string;
  kind: 'reply' | 'notification';
  body: string;
  key?: string;
  payload?: unknown;
  status?: string;
}

const outboundRow = (m: NewOutbound) => ({
  contact_id: m.contactId,
  identity_id: m.identityId,
  channel: m.channel,
  direction: 'out' as const,
  kind: m.kind,
  provider_id: null,
  body: m.body,
  key: m.key ?? null,
  payload: m.payload === undefined ? null : JSON.stringify(m.payload),
  status: m.status ?? 'pending',
  error_code: null,
});

type OutboundRow = ReturnType<typeof outboundRow>;
/** The columns insertOutbounds takes from the caller, one array each: contact, identity, channel, kind, body, key, payload, status. */
export type OutboundColumns = [string[], string[], string[], OutboundRow['kind'][], string[], (string | null)[], (string | null)[], string[]];

/** Rows as one array per column, the shape precompiled() takes them in (an array argument's length picks the variant). */
const columnsOf = (rows: OutboundRow[]): OutboundColumns => [
  rows.map((r) => r.contact_id),
  rows.map((r) => r.identity_id),
  rows.map((r) => r.channel),
  rows.map((r) => r.kind),
  rows.map((r) => r.body),
  rows.map((r) => r.key),
  rows.map((r) => r.payload),
  rows.map((r) => r.status),
];

/** Outbound messages as one array per column (insertOutbounds', and the runner's writeStep's replies). */
export const outboundColumns = (messages: NewOutbound[]): OutboundColumns => columnsOf(messages.map(outboundRow));

/**
 * Ids returned by a multi-row INSERT, in VALUES order: the ids come from the sequence in that
 * order, but RETURNING's order is not promised, so they are sorted (as numbers: bigints, as text).
 */
export const sortedIds = (rows: { id: string }[]): string[] => rows.map((r) => String(r.id)).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));

/** insertOutbounds' statement, built and compiled once per number of rows (src/store/precompiled.ts). */
const insertOutboundsQuery = precompiled((db: Db, ...[contactIds, identityIds, channels, kinds, bodies, keys, payloads, statuses]: OutboundColumns) =>
  db
    .insertInto('messages')
    .values(
      contactIds.map((_, i) => ({
        contact_id: contactIds[i],
        identity_id: identityIds[i],
        channel: channels[i],
        direction: 'out' as const,
        kind: kinds[i],
        provider_id: null,
        body: bodies[i],
        key: keys[i],
        payload: payloads[i],
        status: statuses[i],
        error_code: null,
      })),
    )
    .returning('id'),
);

/** Stores several outbound messages in one statement; returns their ids in the same order (ids grow with the order given). */
export async function insertOutbounds(db: Db, messages: NewOutbound[]): Promise<string[]> {
  if (!messages.length) return [];
  return sortedIds(await insertOutboundsQuery(db, ...outboundColumns(messages)));
}

/** Stores an outbound message before it is queued; returns its id. */
export async function insertOutbound(db: Db, m: NewOutbound): Promise<string> {
  const row = await db.insertInto('messages').values(outboundRow(m)).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/**
 * How far along a delivery report is. Reports can arrive out of order (Twilio sends `sent` and
 * `delivered` from different places), so a report never moves a message back: `sent` after
 * `delivered` is ignored. Unknown statuses rank with `sent`.
 */
const DELIVERY_RANK: Record<string, number> = { accepted: 1, scheduled: 1, queued: 1, sending: 1, sent: 2, receiving: 2, received: 2, delivered: 3, undelivered: 3, failed: 3, read: 4, canceled: 3 };
const deliveryRank = (status: string) => DELIVERY_RANK[status] ?? 2;

/**
 * Records a provider's delivery report on the outbound message with that provider id, unless the
 * message already has a later report. Returns the message's identity when it was found (updated or not).
 */
export async function applyDeliveryReport(
  db: Db,
  r: { channel: string; providerId: string; status: string; errorCode: string | null },
): Promise<{ identityId: string | null; updated: boolean } | undefined> {
  const row = await db
    .selectFrom('messages')
    .select(['id', 'status', 'identity_id'])
    .where('channel', '=', r.channel)
    .where('direction', '=', 'out')
    .where('provider_id', '=', r.providerId)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.status !== 'pending' && deliveryRank(r.status) < deliveryRank(row.status)) return { identityId: row.identity_id, updated: false };
  await db
    .updateTable('messages')
    .set({ status: r.status, error_code: r.errorCode, updated_at: sql<Date>`now()` })
    .where('id', '=', row.id)
    // Two reports racing: the later rank still wins.
    .where(sql<boolean>`${sql.lit(deliveryRank(r.status))} >= CASE status ${sql.join(
      Object.entries(DELIVERY_RANK).map(([k, v]) => sql`WHEN ${sql.lit(k)} THEN ${sql.lit(v)}`),
      sql` `,
    )} WHEN 'pending' THEN 0 ELSE 2 END`)
    .execute();
  return { identityId: row.identity_id, updated: true };
}

/** "Older than this many seconds" by the database's clock, the one that wrote `created_at`. */
const olderThan = (seconds: number) => sql<Date>`now() - make_interval(secs => ${seconds})`;

/**
 * How long after its send started (send_started_at: SMS, WhatsApp) a pending message is left to
 * that send: far beyond the provider's timeout (Twilio 15 s), so the sweep never queues a message a
 * runner's inline send (src/runtime/send-inline.ts) is still making.
 */
export const SEND_IN_FLIGHT_SECONDS = 60;

/**
 * Outbound messages stored but never queued or sent (a crash between commit and enqueue, or between
 * the runner's commit and its inline sends), for the sweeper: pending, older than `minAgeSeconds`,
 * and not being sent (no send started within SEND_IN_FLIGHT_SECONDS).
 */
export async function unqueuedOutbound(db: Db, minAgeSeconds: number, limit = 500): Promise<Message[]> {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('direction', '=', 'out')
    .where('status', '=', 'pending')
    .where('created_at', '<', olderThan(minAgeSeconds))
    .where((eb) => eb.or([eb('send_started_at', 'is', null), eb('send_started_at', '<', olderThan(SEND_IN_FLIGHT_SECONDS))]))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Contacts with inbound messages accepted but not processed, for the sweeper. */
export async function contactsWithPendingInbound(db: Db, minAgeSeconds: number, limit = 500): Promise<string[]> {
  const rows = await db
    .selectFrom('messages')
    .select('contact_id')
    .distinct()
    .where('direction', '=', 'in')
    .where('status', '=', 'received')
    .where('created_at', '<', olderThan(minAgeSeconds))
    .limit(limit)
    .execute();
  return rows.map((r) => r.contact_id!).filter(Boolean);
}

/** A conversation's messages in order (the simulator reads replies from here). */
export async function messagesOfIdentity(db: Db, identityId: string, afterId = '0', limit = 200): Promise<Message[]> {
  return db.selectFrom('messages').selectAll().where('identity_id', '=', identityId).where('id', '>', afterId).orderBy('id').limit(limit).execute();
}
