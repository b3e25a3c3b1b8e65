import type { Kysely } from 'kysely';
import type { FlowDef } from '../engine/flow-schema';
import type { Database } from './schema';

/**
 * Remembers flow versions so conversations on them survive later edits of the files. One SELECT
 * finds those already stored (at most starts: all of them); one INSERT adds the others, leaving
 * any a concurrent start stored first.
 */
export async function saveFlowVersions(db: Kysely<Database>, versions: readonly { def: FlowDef; hash: string }[]): Promise<void> {
  if (!versions.length) return;
  const key = (flowId: string, hash: string) => `${flowId}@${hash}`;
  const stored = await db
    .selectFrom('flow_versions')
    .select(['flow_id', 'hash'])
    .where('hash', 'in', [...new Set(versions.map((v) => v.hash))])
    .execute();
  const known = new Set(stored.map((r) => key(r.flow_id, r.hash)));
  const missing = versions.filter((v) => !known.has(key(v.def.id, v.hash)));
  if (!missing.length) return;
  await db
    .insertInto('flow_versions')
    .values(missing.map((v) => ({ flow_id: v.def.id, hash: v.hash, definition: JSON.stringify(v.def) })))
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

/** A stored flow version and how many conversations are on it now. */
export interface FlowVersionUse {
  flowId: string;
  hash: string;
  /** When this version was first stored (the first start that loaded it). */
  firstSeen: Date;
  /** Conversations on it that have not ended. */
  active: number;
}

/** Every stored version of every flow with its active conversations, per flow newest first. */
export async function flowVersionUse(db: Kysely<Database>): Promise<FlowVersionUse[]> {
  const rows = await db
    .selectFrom('flow_versions as v')
    .leftJoin('conversations as c', (join) => join.onRef('c.flow_id', '=', 'v.flow_id').onRef('c.flow_hash', '=', 'v.hash'))
    .select(['v.flow_id', 'v.hash', 'v.created_at', (eb) => eb.fn.count<string>('c.contact_id').as('active')])
    .groupBy(['v.flow_id', 'v.hash', 'v.created_at'])
    .orderBy('v.flow_id')
    .orderBy('v.created_at', 'desc')
    .orderBy('v.hash')
    .execute();
  return rows.map((r) => ({ flowId: r.flow_id, hash: r.hash, firstSeen: new Date(r.created_at), active: Number(r.active) }));
}
