import { compileFlow, type CompiledFlow } from './compile';
import { hashFlow } from './flow-hash';
import type { FlowDef } from './flow-schema';
import type { FlowResolver } from './step';

/**
 * The flows the engine runs: the current version of each, plus older versions that conversations
 * started on (loaded on demand from the store, so editing a flow never strands anyone). Built from
 * definitions; src/flows/loader.ts reads them from disk.
 */
export class FlowSet implements FlowResolver {
  private readonly currentById = new Map<string, CompiledFlow>();
  private readonly byVersion = new Map<string, CompiledFlow>();

  constructor(private readonly languages: readonly string[]) {}

  /** Adds (or replaces) the current version of a flow. */
  addCurrent(def: FlowDef, hash = hashFlow(def)): CompiledFlow {
    const compiled = this.addVersion(def, hash);
    this.currentById.set(def.id, compiled);
    return compiled;
  }

  /** Adds an older version that some conversation still uses. */
  addVersion(def: FlowDef, hash = hashFlow(def)): CompiledFlow {
    const key = `${def.id}@${hash}`;
    let compiled = this.byVersion.get(key);
    if (!compiled) {
      compiled = compileFlow(def, hash, this.languages);
      this.byVersion.set(key, compiled);
    }
    return compiled;
  }

  current(id: string): CompiledFlow | undefined {
    return this.currentById.get(id);
  }

  version(id: string, hash: string): CompiledFlow | undefined {
    return this.byVersion.get(`${id}@${hash}`);
  }

  all(): CompiledFlow[] {
    return [...this.currentById.values()];
  }
}
