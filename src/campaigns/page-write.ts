/**
 * A fan-out page as it is stored: its ledger rows (src/campaigns/tables.ts) and, for each person
 * handed a message, the message, in the page's transaction. Both inserts are fixed statements over
 * arrays (`unnest`), as the send path's is (src/store/deliveries.ts): the same text whatever the
 * page's size, so each connection parses it once and PostgreSQL plans it in microseconds. As
 * multi-row VALUES lists they were new texts of 5,500 and 6,000 parameters: in a 10,000-recipient
 * fan-out PostgreSQL spent 342 ms planning them (pg_stat_statements) and our process compiled and
 * serialized every parameter. A page's recipients mostly share one rendered text: each distinct
 * text is sent once and the rows point at it.
 */
import { sql, type Kysely } from 'kysely';
import type { Recipient } from './audience';
import type { RecipientStatus } from './tables';
import type { Database } from '../store/schema';

/** One ledger row to write, with its message when there is one. */
export interface Planned {
  r: Recipient;
  status: RecipientStatus;
  reason?: string;
  /** Shared by the recipients who get the same rendering (compared by identity here). */
  text?: { body: string; key: string | null; payload: string; language: string };
  sendAt?: Date;
  expiresAt?: Date;
}

/**
 * Writes the page: a ledger row per planned recipient (a person already in the ledger for this
 * step keeps their row and gets nothing), and a message for each queued one whose row is new,
 * 'scheduled' when it has a send time (neither deliver() nor the sweep touches those; the release
 * queues it when due), else 'pending'. The messages' ids are taken from their sequence first, so
 * each ledger row is written once, with its message id: updating it afterwards wrote every index
 * entry of the row again (no HOT update: message_id is indexed), once per recipient
 * (docs/benchmarks.md, stop 26). An id taken for a person already in the ledger (ON CONFLICT) is
 * left unused, a gap in the sequence as a rolled-back insert leaves.
 */
export async function writePage(tx: Kysely<Database>, campaignId: string, step: number, planned: Planned[]): Promise<void> {
  if (!planned.length) return;
  const queued = planned.filter((p) => p.status === 'queued');
  const ids = queued.length ? await messageIds(tx, queued.length) : [];
  const idOf = new Map(queued.map((p, k) => [p.r.contactId, ids[k]]));
  const col = <T>(f: (p: Planned) => T) => planned.map(f);
  const { rows: inserted } = await sql<{ contact_id: string }>`
    INSERT INTO campaign_recipients (campaign_id, contact_id, step, identity_id, channel, language, message_id, status, reason, send_at, expires_at)
    SELECT ${campaignId}::text, r.contact_id, ${step}::int, r.identity_id, r.channel, r.language, r.message_id, r.status, r.reason, r.send_at, r.expires_at
    FROM unnest(${col((p) => p.r.contactId)}::text[], ${col((p) => p.r.identityId || null)}::text[], ${col((p) => p.r.channel || null)}::text[],
      ${col((p) => p.text?.language ?? p.r.language)}::text[], ${col((p) => idOf.get(p.r.contactId) ?? null)}::bigint[], ${col((p) => p.status)}::text[],
      ${col((p) => p.reason ?? null)}::text[], ${col((p) => p.sendAt ?? null)}::timestamptz[], ${col((p) => p.expiresAt ?? null)}::timestamptz[])
      AS r(contact_id, identity_id, channel, language, message_id, status, reason, send_at, expires_at)
    ON CONFLICT (campaign_id, step, contact_id) DO NOTHING
    RETURNING contact_id`.execute(tx);
  // Only rows this transaction inserted get a message: a person already in the ledger has one.
  const fresh = new Set(inserted.map((i) => i.contact_id));
  const toSend = queued.filter((p) => fresh.has(p.r.contactId));
  if (!toSend.length) return;
  const texts = new Map<NonNullable<Planned['text']>, number>();
  const textNo = toSend.map((p) => {
    let no = texts.get(p.text!);
    if (no === undefined) texts.set(p.text!, (no = texts.size + 1));
    return no;
  });
  const distinct = [...texts.keys()];
  const one = <T>(f: (p: Planned) => T) => toSend.map(f);
  await sql`
    INSERT INTO messages (id, contact_id, identity_id, channel, direction, kind, body, key, payload, status)
    SELECT r.id, r.contact_id, r.identity_id, r.channel, 'out', 'notification', t.body, t.key, t.payload::jsonb, r.status
    FROM unnest(${one((p) => idOf.get(p.r.contactId)!)}::bigint[], ${one((p) => p.r.contactId)}::text[], ${one((p) => p.r.identityId)}::text[],
      ${one((p) => p.r.channel)}::text[], ${one((p) => (p.sendAt ? 'scheduled' : 'pending'))}::text[], ${textNo}::int[])
      AS r(id, contact_id, identity_id, channel, status, text_no)
    JOIN unnest(${distinct.map((t) => t.body)}::text[], ${distinct.map((t) => t.key)}::text[], ${distinct.map((t) => t.payload)}::text[])
      WITH ORDINALITY AS t(body, key, payload, no) ON t.no = r.text_no`.execute(tx);
}

/** `n` new message ids from the messages table's own sequence, in order. */
async function messageIds(tx: Kysely<Database>, n: number): Promise<string[]> {
  const { rows } = await sql<{ id: string | number }>`SELECT nextval(pg_get_serial_sequence('messages', 'id')) AS id FROM generate_series(1, ${n})`.execute(tx);
  return rows.map((r) => String(r.id));
}
