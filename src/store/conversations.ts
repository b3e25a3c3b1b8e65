import { sql, type Kysely } from 'kysely';
import type { ConversationState } from '../engine/types';
import { precompiled } from './precompiled';
import type { Contact, Database } from './schema';

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
}

/** lockForStep's lock, built and compiled once (src/store/precompiled.ts). */
const lockContactQuery = precompiled((tx: Db, contactId: string) => tx.selectFrom('contacts').select('id').where('id', '=', contactId).forUpdate());

/** lockForStep's read, built and compiled once. */
const stepContextQuery = precompiled((tx: Db, contactId: string) =>
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
    .where('c.id', '=', contactId),
);

/**
 * Locks the contact's row until the transaction ends (serialising work per contact), then reads
 * its conversation and whether a handoff to a volunteer is open.
 *
 * Two statements, not one locking read: on PostgreSQL (READ COMMITTED) a statement reads with the
 * snapshot it took when it began, so a `SELECT ... FOR UPDATE OF c` joined to the conversation
 * that waited for the lock returns the contact's latest row but the conversation as it was before
 * the previous holder committed. Under a burst from one person, the next runner then stepped from
 * a stale state: a step was lost (two "didn't understand" alike in a row, issue #13; an answer
 * could be lost the same way). The read after the lock takes a new snapshot and sees every commit
 * of the holders before it.
 */
export async function lockForStep(tx: Db, contactId: string): Promise<StepContext | undefined> {
  const [locked] = await lockContactQuery(tx, contactId);
  if (!locked) return undefined;
  const [row] = await stepContextQuery(tx, contactId);
  if (!row) return undefined;
  const { conv_state, conv_identity_id, open_handoff, ...contact } = row;
  return {
    contact: contact as Contact,
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
}

/**
 * Writes the outcome of a runner's steps in one statement (data-modifying CTEs): the conversation,
 * the inbound messages it consumed, the contact when it changed, and the conversations that ended.
 * One round trip instead of four, on the path every inbound message takes.
 */
export async function writeStep(tx: Db, w: StepWrites): Promise<void> {
  const ctes = [];
  if (w.processed.length) {
    ctes.push(sql`processed AS (UPDATE messages SET status = 'processed', updated_at = now() WHERE id IN (${sql.join(w.processed)}) RETURNING 1)`);
  }
  if (w.contact) {
    ctes.push(sql`contact AS (UPDATE contacts SET language = ${w.contact.language}, vars = ${JSON.stringify(w.contact.vars)}::jsonb, updated_at = now() WHERE id = ${w.contactId} RETURNING 1)`);
  }
  if (w.ended.length) {
    const rows = w.ended.map((e) => sql`(${w.contactId}, ${e.flowId}, ${e.outcome}, ${e.channel}, ${e.language}, ${e.at.toISOString()}::timestamptz)`);
    ctes.push(sql`ended AS (INSERT INTO conversation_events (contact_id, flow_id, outcome, channel, language, created_at) VALUES ${sql.join(rows)} RETURNING 1)`);
  }
  const save = sql`
    INSERT INTO conversations (contact_id, identity_id, state, flow_id, flow_hash)
    VALUES (${w.contactId}, ${w.identityId}, ${w.state ? JSON.stringify(w.state) : null}::jsonb, ${w.state?.flowId ?? null}, ${w.state?.flowHash ?? null})
    ON CONFLICT (contact_id) DO UPDATE SET identity_id = EXCLUDED.identity_id, state = EXCLUDED.state, flow_id = EXCLUDED.flow_id, flow_hash = EXCLUDED.flow_hash, updated_at = now()`;
  await (ctes.length ? sql`WITH ${sql.join(ctes)} ${save}` : save).execute(tx);
}
