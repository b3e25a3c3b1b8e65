import { sql, type Kysely } from 'kysely';
import type { ConversationState } from '../engine/types';
import type { Database } from './schema';

type Db = Kysely<Database>;

/** The contact's active conversation and the identity it happens on. */
export async function loadConversation(db: Db, contactId: string): Promise<{ state: ConversationState | null; identityId: string | null }> {
  const row = await db.selectFrom('conversations').select(['state', 'identity_id']).where('contact_id', '=', contactId).executeTakeFirst();
  return { state: (row?.state as ConversationState | null) ?? null, identityId: row?.identity_id ?? null };
}

/** Saves the conversation (null state = none active). */
export async function saveConversation(db: Db, contactId: string, identityId: string | null, state: ConversationState | null): Promise<void> {
  const values = {
    contact_id: contactId,
    identity_id: identityId,
    state: state ? JSON.stringify(state) : null,
    flow_id: state?.flowId ?? null,
    flow_hash: state?.flowHash ?? null,
  };
  await db
    .insertInto('conversations')
    .values(values)
    .onConflict((oc) => oc.column('contact_id').doUpdateSet({ ...values, updated_at: sql`now()` as any }))
    .execute();
}

/** Flow versions some conversation is still on (old versions stay loadable until unused). */
export async function flowVersionsInUse(db: Db): Promise<{ flow_id: string; flow_hash: string }[]> {
  const rows = await db.selectFrom('conversations').select(['flow_id', 'flow_hash']).distinct().where('flow_id', 'is not', null).execute();
  return rows.map((r) => ({ flow_id: r.flow_id!, flow_hash: r.flow_hash! }));
}
