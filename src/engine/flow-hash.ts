import { createHash } from 'node:crypto';
import type { FlowDef } from './flow-schema';

/** Hash of a flow definition, stable across formatting changes of the file: a conversation stays on the version it started with. */
export function hashFlow(def: FlowDef): string {
  return createHash('sha256').update(JSON.stringify(def)).digest('hex').slice(0, 16);
}
