import type { FlowSet } from '../engine/flow-set';
import type { ConversationState } from '../engine/types';
import type { Db } from '../store/db';
import { getFlowVersion, saveFlowVersions } from '../store/flow-versions';

/** Stores the current version of every flow, so conversations on it survive later edits. */
export async function registerFlowVersions(db: Db, flows: FlowSet): Promise<void> {
  await saveFlowVersions(db.kysely, flows.all());
}

/** Makes sure the flow version a conversation is on is loaded (from the store, when it is an old one). */
export async function ensureFlowVersion(db: Db, flows: FlowSet, state: ConversationState | null): Promise<void> {
  if (!state || flows.version(state.flowId, state.flowHash)) return;
  const def = await getFlowVersion(db.kysely, state.flowId, state.flowHash);
  if (def) flows.addVersion(def, state.flowHash);
}
