/** A flow read as a graph (src/flows/graph.ts): pure, from the definition. */
import { loadFlowDir } from '../../src/flows/loader';
import { flowGraph } from '../../src/flows/graph';
import { flowSchema } from '../../src/engine/flow-schema';

it('has a node for every state and every other flow, and an edge for every way on, each saying why', () => {
  const def = flowSchema.parse({
    id: 'demo',
    start: 'ask',
    states: {
      ask: {
        say: 'demo.ask',
        choices: [
          { label: 'common.yes', next: 'yes' },
          { label: 'common.no', next: '@menu' },
        ],
        input: 'zip',
        tries: 2,
        fail: 'bye',
        next: 'check',
      },
      check: { when: [{ known: 'state', next: 'yes' }], next: 'bye' },
      yes: { say: 'demo.yes', do: [{ schedule: { flow: 'feedback', after: '1d' } }], next: '@feedback' },
      bye: { say: 'common.bye', end: true },
    },
  });
  const graph = flowGraph(def);
  expect(graph.nodes.map((n) => [n.kind, n.id])).toEqual([
    ['state', 'ask'],
    ['state', 'check'],
    ['state', 'yes'],
    ['state', 'bye'],
    ['flow', '@menu'],
    ['flow', '@feedback'],
  ]);
  expect(graph.nodes.filter((n) => n.kind === 'state').map((n) => n.kind === 'state' && [n.id, n.waits, n.start])).toEqual([
    ['ask', 'choices', true],
    ['check', 'decides', false],
    ['yes', 'goes_on', false],
    ['bye', 'ends', false],
  ]);
  expect(graph.edges.map(({ from, to, kind }) => [from, to, kind])).toEqual([
    ['ask', 'yes', 'choice'],
    ['ask', '@menu', 'choice'],
    ['ask', 'check', 'answer'],
    ['ask', 'bye', 'fail'],
    ['check', 'yes', 'known'],
    ['check', 'bye', 'otherwise'],
    ['yes', '@feedback', 'next'],
    ['yes', '@feedback', 'schedule'],
  ]);
  expect(graph.edges[1]).toMatchObject({ label: 'common.no', number: 2 });
  expect(graph.edges[3]).toMatchObject({ tries: 2 });
});

it('covers every state and every target of every shipped flow', () => {
  for (const loaded of loadFlowDir('flows')) {
    const def = loaded.def!;
    const graph = flowGraph(def);
    const ids = new Set(graph.nodes.map((n) => n.id));
    for (const state of Object.keys(def.states)) expect([def.id, state, ids.has(state)]).toEqual([def.id, state, true]);
    for (const edge of graph.edges) expect([def.id, edge.to, ids.has(edge.to)]).toEqual([def.id, edge.to, true]);
  }
});
