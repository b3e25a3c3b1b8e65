/**
 * A flow as a graph, for people to read (the console draws it): one node per state, one per other
 * flow it jumps to or schedules, and an edge for every way on, each saying why it is taken (a
 * choice, an answer, a branch on what is known, too many bad answers, a language picked). Pure: it
 * reads the definition only; texts are looked up by whoever shows it.
 */
import { DEFAULT_TRIES } from '../engine/compile';
import type { FlowDef, StateDef } from '../engine/flow-schema';

/** A state of the flow. */
export interface StateNode {
  kind: 'state';
  /** The state's name in the file. */
  id: string;
  /** The i18n key it says, if any. */
  say?: string;
  start: boolean;
  /** What it waits for: choices, a validated input, a language, nothing (goes on), or the end. */
  waits: 'choices' | 'input' | 'language' | 'decides' | 'goes_on' | 'ends';
  input?: string;
  /** Free text is taken as a question for the knowledge base. */
  questions: boolean;
  /** Actions run on entering it (`handoff`, `feedback`, `schedule`, ...). */
  actions: string[];
}

/** Another flow this one continues with (`@flow`) or schedules. */
export interface FlowNode {
  kind: 'flow';
  /** `@<flow>`: never a state name (those have no `@`). */
  id: string;
  flow: string;
}

export type GraphNode = StateNode | FlowNode;

/** A way from one state to a state or a flow. */
export type GraphEdge = { from: string; to: string; index: number } & EdgeWhy;

/** Why an edge is taken. */
export type EdgeWhy =
  | { kind: 'choice'; label: string; number: number }
  | { kind: 'answer'; input: string }
  | { kind: 'next' }
  | { kind: 'known'; variable: string }
  | { kind: 'otherwise' }
  | { kind: 'fail'; tries: number }
  | { kind: 'language' }
  | { kind: 'schedule'; after: string };

/** The graph of one flow. */
export interface FlowGraph {
  id: string;
  description?: string;
  /** The i18n key of the words that start it, if any. */
  keywords?: string;
  start: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

function waitsOf(s: StateDef): StateNode['waits'] {
  if (s.language_menu) return 'language';
  if (s.choices) return 'choices';
  if (s.input) return 'input';
  if (s.when) return 'decides';
  if (s.end) return 'ends';
  return 'goes_on';
}

/** The graph of a flow definition: states in file order, then the flows it reaches in order of first mention. */
export function flowGraph(def: FlowDef): FlowGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const flows = new Map<string, FlowNode>();
  const target = (t: string): string => {
    if (!t.startsWith('@')) return t;
    if (!flows.has(t)) flows.set(t, { kind: 'flow', id: t, flow: t.slice(1) });
    return t;
  };
  for (const [id, s] of Object.entries(def.states)) {
    nodes.push({
      kind: 'state',
      id,
      say: s.say,
      start: id === def.start,
      waits: waitsOf(s),
      input: s.input,
      questions: !!s.questions,
      actions: (s.do ?? []).map((a) => Object.keys(a)[0]),
    });
    const add = (to: string, why: EdgeWhy) => edges.push({ from: id, to: target(to), index: edges.length, ...why });
    (s.choices ?? []).forEach((c, i) => add(c.next, { kind: 'choice', label: c.label, number: i + 1 }));
    for (const w of s.when ?? []) add(w.next, { kind: 'known', variable: w.known });
    if (s.next) {
      if (s.language_menu) add(s.next, { kind: 'language' });
      else if (s.input) add(s.next, { kind: 'answer', input: s.input });
      else if (s.when) add(s.next, { kind: 'otherwise' });
      else add(s.next, { kind: 'next' });
    }
    if (s.fail) add(s.fail, { kind: 'fail', tries: s.tries ?? DEFAULT_TRIES });
    for (const a of s.do ?? []) if ('schedule' in a) add(`@${a.schedule.flow}`, { kind: 'schedule', after: a.schedule.after });
  }
  return { id: def.id, description: def.description, keywords: def.keywords, start: def.start, nodes: [...nodes, ...flows.values()], edges };
}
