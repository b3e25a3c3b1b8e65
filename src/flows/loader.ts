/**
 * Reading flow files: YAML with positions, validated against the engine's schema (zod), and the
 * directory of flows as a FlowSet. The engine itself never touches the disk.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { hashFlow } from '../engine/flow-hash';
import { flowSchema, type FlowDef } from '../engine/flow-schema';
import { FlowSet } from '../engine/flow-set';

/** A problem found in a flow file, with a position an editor can jump to. */
export interface FlowIssue {
  file: string;
  line: number;
  severity: 'error' | 'warning';
  message: string;
}

/** A flow file as read from disk: its definition (when valid) and a way to find lines in it. */
export interface LoadedFlow {
  file: string;
  def: FlowDef | null;
  /** Content hash of the definition: a conversation stays on the version it started with. */
  hash: string;
  /** 1-based line of the YAML node at `path` (or of the nearest existing parent). */
  lineOf(path: (string | number)[]): number;
  issues: FlowIssue[];
}

/** Parses and schema-validates one flow file's text. Never throws: problems become issues. */
export function parseFlow(file: string, text: string): LoadedFlow {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (path: (string | number)[]): number => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return 1;
  };
  const issues: FlowIssue[] = [];
  for (const err of doc.errors) {
    issues.push({ file, line: err.linePos?.[0]?.line ?? 1, severity: 'error', message: `YAML: ${err.message.split('\n')[0]}` });
  }
  if (issues.length) return { file, def: null, hash: '', lineOf, issues };
  const parsed = flowSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      issues.push({ file, line: lineOf(path), severity: 'error', message: `${path.join('.') || 'flow'}: ${issue.message}` });
    }
    return { file, def: null, hash: '', lineOf, issues };
  }
  const def = parsed.data;
  const expectedId = basename(file).replace(/\.ya?ml$/, '');
  if (def.id !== expectedId) {
    issues.push({ file, line: lineOf(['id']), severity: 'error', message: `id "${def.id}" must equal the file name "${expectedId}"` });
  }
  return { file, def, hash: hashFlow(def), lineOf, issues };
}

/** Reads every `*.yaml` flow in a directory (not its `tests/` folder), sorted by name. */
export function loadFlowDir(dir: string): LoadedFlow[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => parseFlow(join(dir, f), readFileSync(join(dir, f), 'utf8')));
}

/** Compiles every valid flow in a directory; returns the set and what was loaded (with issues). */
export function loadFlowSet(dir: string, languages: readonly string[]): { flows: FlowSet; loaded: LoadedFlow[] } {
  return flowSetOf(loadFlowDir(dir), languages);
}

/** Compiles the valid flows of what loadFlowDir read (run checkFlows first: it finds what compiling would throw on). */
export function flowSetOf(loaded: LoadedFlow[], languages: readonly string[]): { flows: FlowSet; loaded: LoadedFlow[] } {
  const flows = new FlowSet(languages);
  for (const f of loaded) if (f.def && !f.issues.some((i) => i.severity === 'error')) flows.addCurrent(f.def, f.hash);
  return { flows, loaded };
}
