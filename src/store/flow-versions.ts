import type { Kysely } from 'kysely';
import type { FlowDef } from '../engine/flow-schema';
import type { Database } from './schema';

/** Remembers a flow version so conversations on it survive later edits of the file. */
export async function saveFlowVersion(db: Kysely<Database>, def: FlowDef, hash: string): Promise<void> {
  await db
    .insertInto('flow_versions')
    .values({ flow_id: def.id, hash, definition: JSON.stringify(def) })
    .onConflict((oc) => oc.columns(['flow_id', 'hash']).doNothing())
    .execute();
}

/** A stored flow version, or undefined. */
export async function getFlowVersion(db: Kysely<Database>, flowId: string, hash: string): Promise<FlowDef | undefined> {
  const row = await db.selectFrom('flow_versions').select('definition').where('flow_id', '=', flowId).where('hash', '=', hash).executeTakeFirst();
  return row?.definition as FlowDef | undefined;
}

/** Deletes stored versions that are neither current nor used by any conversation. */
export async function pruneFlowVersions(db: Kysely<Database>, current: { id: string; hash: string }[]): Promise<number> {
  const keep = new Set(current.map((c) => `${c.id}@${c.hash}`));
  const inUse = await db.selectFrom('conversations').select(['flow_id', 'flow_hash']).distinct().where('flow_id', 'is not', null).execute();
  for (const r of inUse) keep.add(`${r.flow_id}@${r.flow_hash}`);
  const all = await db.selectFrom('flow_versions').select(['flow_id', 'hash']).execute();
  let removed = 0;
  for (const v of all) {
    if (keep.has(`${v.flow_id}@${v.hash}`)) continue;
    await db.deleteFrom('flow_versions').where('flow_id', '=', v.flow_id).where('hash', '=', v.hash).execute();
    removed++;
  }
  return removed;
}
