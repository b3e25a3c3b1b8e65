/**
 * Where each box and arrow of a flow graph goes: elkjs's layered layout (the Eclipse Layout
 * Kernel, pure JavaScript, run here on the server), top to bottom with right-angled arrows.
 * Boxes and labels have fixed sizes (their texts are wrapped and cut to fit, in any language),
 * so one layout serves every language and is computed once per flow version (its content hash).
 */
import type ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { FlowGraph } from '../../flows/graph';

/** Sizes in SVG user units (px at 100 %). */
export const BOX = { state: { width: 232, height: 92 }, flow: { width: 168, height: 48 }, label: { width: 136, height: 22 } } as const;

export interface Point {
  x: number;
  y: number;
}

/** A placed box. */
export interface PlacedNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A placed arrow: its points from the source box to the target box, and its label's box if it has one. */
export interface PlacedEdge {
  index: number;
  points: Point[];
  label?: PlacedNode;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: Map<string, PlacedNode>;
  edges: PlacedEdge[];
}

/** The edges that carry a label (a plain `next` needs none). */
export const labelled = (kind: string): boolean => kind !== 'next';

const OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.spacing.nodeNode': '36',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.spacing.edgeLabel': '4',
  'elk.spacing.edgeNode': '20',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
};

let elk: InstanceType<typeof ELK> | undefined;

/** Lays a flow graph out (no cache: see layoutCache). */
export async function layoutGraph(graph: FlowGraph): Promise<GraphLayout> {
  // ELK (0.1 s of CPU to load) on the first diagram drawn, not when the server starts.
  elk ??= new (await import('elkjs/lib/elk.bundled.js')).default();
  const root: ElkNode = {
    id: '__root',
    layoutOptions: OPTIONS,
    children: graph.nodes.map((n) => ({ id: n.id, ...(n.kind === 'state' ? BOX.state : BOX.flow) })),
    edges: graph.edges.map(
      (e): ElkExtendedEdge => ({
        id: `e${e.index}`,
        sources: [e.from],
        targets: [e.to],
        labels: labelled(e.kind) ? [{ id: `l${e.index}`, text: ' ', ...BOX.label }] : [],
      }),
    ),
  };
  const placed = await elk.layout(root);
  const nodes = new Map<string, PlacedNode>();
  for (const c of placed.children ?? []) nodes.set(c.id, { id: c.id, x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 });
  const edges = (placed.edges ?? []).map((e, i): PlacedEdge => {
    const points = (e.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]).map((p) => ({ x: p.x, y: p.y }));
    const l = e.labels?.[0];
    return { index: graph.edges[i].index, points, label: l ? { id: l.id ?? '', x: l.x ?? 0, y: l.y ?? 0, width: l.width ?? 0, height: l.height ?? 0 } : undefined };
  });
  return { width: placed.width ?? 0, height: placed.height ?? 0, nodes, edges };
}

/**
 * Layouts by flow version: a flow's hash names its definition exactly, so its layout never changes.
 * Bounded (the oldest entry goes first); a failed layout is not kept.
 */
export function layoutCache(max = 200): (hash: string, graph: FlowGraph) => Promise<GraphLayout> {
  const cache = new Map<string, Promise<GraphLayout>>();
  return (hash, graph) => {
    const key = `${graph.id}@${hash}`;
    let found = cache.get(key);
    if (!found) {
      found = layoutGraph(graph);
      found.catch(() => cache.delete(key));
      cache.set(key, found);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
    }
    return found;
  };
}
