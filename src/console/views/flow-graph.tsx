/**
 * A flow drawn as server-rendered SVG from its elkjs layout: boxes for states (the name, and what
 * it says in the chosen language), boxes that link to the flows it continues with, and labelled
 * arrows. No inline style (the CSP refuses it): colours come from classes in console.css, shapes
 * from SVG presentation attributes. The states and arrows are hidden from screen readers, which
 * get the same content as a list under the graph; the links to other flows stay reachable.
 */
import type { FlowGraph, GraphEdge, StateNode } from '../../flows/graph';
import { BOX, type GraphLayout, type Point } from '../flows/layout';
import { truncate, wrapText } from '../flows/wrap';

/** A text of the flow in the chosen language, or in the default language when it has none. */
export interface ShownText {
  text: string;
  lang: string;
  dir: 'ltr' | 'rtl';
  /** True when the chosen language lacks it and the default language's text stands in. */
  fallback: boolean;
}

/** What the graph needs to say things, all in the chosen language. */
export interface GraphTexts {
  /** What a state says (none when it says nothing). */
  say(state: StateNode): ShownText | null;
  /** An arrow's label. */
  edge(edge: GraphEdge): ShownText;
  /** The label of a box that stands for another flow. */
  flowBox(flow: string): string;
  /** The accessible name of the link to another flow. */
  openFlow(flow: string): string;
  /** Where a link to another flow goes. */
  flowHref(flow: string): string;
  saysNothing: string;
  graphLabel: string;
}

const LINE = 17;
const STATE_CHARS = 34;
const LABEL_CHARS = 21;

function pathOf(points: Point[]): string {
  return points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}

/** The SVG of a flow graph. */
export function FlowGraphSvg(props: { graph: FlowGraph; layout: GraphLayout; texts: GraphTexts }): JSX.Element {
  const { graph, layout, texts } = props;
  const width = Math.ceil(layout.width);
  const height = Math.ceil(layout.height);
  const edges = new Map(graph.edges.map((e) => [e.index, e]));
  return (
    <svg xmlns="http://www.w3.org/2000/svg" class="flow-graph" width={String(width)} height={String(height)} viewBox={`0 0 ${width} ${height}`} role="group" aria-label={texts.graphLabel}>
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" class="arrow-head" />
        </marker>
      </defs>
      <g class="edges" aria-hidden="true">
        {layout.edges.map((e) => (
          <path class={`edge edge-${edges.get(e.index)?.kind ?? 'next'}`} d={pathOf(e.points)} marker-end="url(#arrow)" />
        ))}
      </g>
      {graph.nodes.map((node) => {
        const box = layout.nodes.get(node.id);
        if (!box) return '';
        const cx = (box.x + box.width / 2).toFixed(1);
        if (node.kind === 'flow') {
          return (
            <a href={texts.flowHref(node.flow)} class="node node-flow" data-flow={node.flow} aria-label={texts.openFlow(node.flow)}>
              <rect x={String(box.x)} y={String(box.y)} width={String(box.width)} height={String(box.height)} rx="22" />
              <text x={cx} y={(box.y + box.height / 2 + 5).toFixed(1)} text-anchor="middle" safe>
                {truncate(texts.flowBox(node.flow), 24)}
              </text>
            </a>
          );
        }
        const said = texts.say(node);
        const lines = said ? wrapText(said.text, STATE_CHARS, 3) : wrapText(texts.saysNothing, STATE_CHARS, 3);
        return (
          <g class={`node node-state${node.start ? ' node-start' : ''}${node.waits === 'ends' ? ' node-end' : ''}`} id={`state-${node.id}`} data-state={node.id} aria-hidden="true">
            <rect x={String(box.x)} y={String(box.y)} width={String(box.width)} height={String(box.height)} rx="6" />
            <text class="node-name" x={cx} y={(box.y + 20).toFixed(1)} text-anchor="middle" safe>
              {node.id}
            </text>
            <text class={said ? (said.fallback ? 'node-text node-fallback' : 'node-text') : 'node-text node-silent'} lang={said?.lang} direction={said?.dir === 'rtl' ? 'rtl' : undefined} text-anchor="middle">
              {lines.map((line, i) => (
                <tspan x={cx} y={(box.y + 42 + i * LINE).toFixed(1)} safe>
                  {line}
                </tspan>
              ))}
            </text>
          </g>
        );
      })}
      <g class="edge-labels" aria-hidden="true">
        {layout.edges.map((e) => {
          const edge = edges.get(e.index);
          if (!e.label || !edge) return '';
          const label = texts.edge(edge);
          return (
            <g class={`edge-label edge-label-${edge.kind}`}>
              <rect x={String(e.label.x)} y={String(e.label.y)} width={String(BOX.label.width)} height={String(BOX.label.height)} rx="4" />
              <text x={(e.label.x + BOX.label.width / 2).toFixed(1)} y={(e.label.y + 15).toFixed(1)} text-anchor="middle" lang={label.lang} direction={label.dir === 'rtl' ? 'rtl' : undefined} safe>
                {truncate(label.text, LABEL_CHARS)}
              </text>
            </g>
          );
        })}
      </g>
    </svg>
  );
}
