import { sql, type Kysely } from 'kysely';
import type { Database, Message } from './schema';

type Db = Kysely<Database>;

/**
 * Stores an inbound message. Returns its id, or null when the provider already delivered this one
 * (same channel and provider id): a webhook retry is stored once.
 */
export async function insertInbound(
  db: Db,
  m: { contactId: string; identityId: string; channel: string; providerId?: string; body: string; payload?: unknown },
): Promise<string | null> {
  const row = await db
    .insertInto('messages')
    .values({
      contact_id: m.contactId,
      identity_id: m.identityId,
      channel: m.channel,
      direction: 'in',
      kind: 'reply',
      provider_id: m.providerId ?? null,
      body: m.body,
      key: null,
      payload: m.payload === undefined ? null : JSON.stringify(m.payload),
      status: 'received',
      error_code: null,
    })
    .onConflict((oc) => oc.columns(['channel', 'direction', 'provider_id']).where('provider_id', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Inbound messages of a contact not yet processed, oldest first. */
export async function pendingInbound(db: Db, contactId: string): Promise<Message[]> {
  return db.selectFrom('messages').selectAll().where('contact_id', '=', contactId).where('direction', '=', 'in').where('status', '=', 'received').orderBy('id').execute();
}

/** Stores an outbound message before it is queued; returns its id. */
export async function insertOutbound(
  db: Db,
  m: { contactId: string; identityId: string; channel: string; kind: 'reply' | 'notification'; body: string; key?: string; payload?: unknown; status?: string },
): Promise<string> {
  const row = await db
    .insertInto('messages')
    .values({
      contact_id: m.contactId,
      identity_id: m.identityId,
      channel: m.channel,
      direction: 'out',
      kind: m.kind,
      provider_id: null,
      body: m.body,
      key: m.key ?? null,
      payload: m.payload === undefined ? null : JSON.stringify(m.payload),
      status: m.status ?? 'pending',
      error_code: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Whether an older reply to the same identity is still waiting to be sent (created within the last
 * `withinSeconds`, by the database's clock): a step's replies are sent in the order they were written.
 */
export async function olderReplyPending(db: Db, identityId: string, messageId: string, withinSeconds: number): Promise<boolean> {
  const row = await db
    .selectFrom('messages')
    .select('id')
    .where('identity_id', '=', identityId)
    .where('direction', '=', 'out')
    .where('status', '=', 'pending')
    .where('kind', '=', 'reply')
    .where('id', '<', messageId)
    .where('created_at', '>', sql<Date>`now() - make_interval(secs => ${withinSeconds})`)
    .limit(1)
    .executeTakeFirst();
  return !!row;
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
    .set({ status: r.status, error_code: r.errorCode, updated_at: sql`now()` as any })
    .where('id', '=', row.id)
    // Two reports racing: the later rank still wins.
    .where(sql<boolean>`${sql.lit(deliveryRank(r.status))} >= CASE status ${sql.join(
      Object.entries(DELIVERY_RANK).map(([k, v]) => sql`WHEN ${sql.lit(k)} THEN ${sql.lit(v)}`),
      sql` `,
    )} WHEN 'pending' THEN 0 ELSE 2 END`)
    .execute();
  return { identityId: row.identity_id, updated: true };
}

export async function getMessage(db: Db, id: string): Promise<Message | undefined> {
  return db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks (or, with null, unmarks) that the provider is being called for this message. */
export async function markSendStarted(db: Db, id: string, started: boolean): Promise<void> {
  await db.updateTable('messages').set({ send_started_at: started ? sql`now()` : null } as any).where('id', '=', id).execute();
}

/** Updates a message's status (and provider id / error code when given). */
export async function setMessageStatus(db: Db, id: string, status: string, extra: { providerId?: string; errorCode?: string | null } = {}): Promise<void> {
  await db
    .updateTable('messages')
    .set({
      status,
      ...(extra.providerId !== undefined ? { provider_id: extra.providerId } : {}),
      ...(extra.errorCode !== undefined ? { error_code: extra.errorCode } : {}),
      updated_at: sql`now()` as any,
    })
    .where('id', '=', id)
    .execute();
}

/** "Older than this many seconds" by the database's clock, the one that wrote `created_at`. */
const olderThan = (seconds: number) => sql<Date>`now() - make_interval(secs => ${seconds})`;

/** Outbound messages stored but never queued (a crash between commit and enqueue), for the sweeper. */
export async function unqueuedOutbound(db: Db, minAgeSeconds: number, limit = 500): Promise<Message[]> {
  return db.selectFrom('messages').selectAll().where('direction', '=', 'out').where('status', '=', 'pending').where('created_at', '<', olderThan(minAgeSeconds)).orderBy('id').limit(limit).execute();
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
