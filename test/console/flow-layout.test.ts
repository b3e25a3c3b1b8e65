/** The flow graph's layout (elkjs, cached per flow version) and the texts cut to its boxes. */
import { loadFlowDir } from '../../src/flows/loader';
import { flowGraph } from '../../src/flows/graph';
import { BOX, layoutCache, layoutGraph } from '../../src/console/flows/layout';
import { textWidth, truncate, wrapText } from '../../src/console/flows/wrap';

it('places every node of every shipped flow without overlap, and routes every edge', async () => {
  for (const loaded of loadFlowDir('flows')) {
    const graph = flowGraph(loaded.def!);
    const layout = await layoutGraph(graph);
    const boxes = graph.nodes.map((n) => layout.nodes.get(n.id)!);
    expect([loaded.def!.id, boxes.every(Boolean)]).toEqual([loaded.def!.id, true]);
    for (const [i, a] of boxes.entries()) {
      expect(a.x + a.width).toBeLessThanOrEqual(layout.width);
      expect(a.y + a.height).toBeLessThanOrEqual(layout.height);
      for (const b of boxes.slice(i + 1)) {
        const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        expect([loaded.def!.id, a.id, b.id, overlap]).toEqual([loaded.def!.id, a.id, b.id, false]);
      }
    }
    expect(layout.edges).toHaveLength(graph.edges.length);
    for (const e of layout.edges) expect(e.points.length).toBeGreaterThanOrEqual(2);
    for (const e of layout.edges.filter((x) => graph.edges[x.index].kind !== 'next')) expect(e.label).toMatchObject({ width: BOX.label.width, height: BOX.label.height });
  }
});

it('lays a flow version out once', async () => {
  const layoutOf = layoutCache(2);
  const graph = flowGraph(loadFlowDir('flows').find((f) => f.def?.id === 'register')!.def!);
  const first = layoutOf('abc', graph);
  expect(layoutOf('abc', graph)).toBe(first);
  expect(layoutOf('def', graph)).not.toBe(first);
  await first;
});

it('wraps texts by words, Chinese by characters (two units each), and marks what was cut', () => {
  expect(wrapText('Which state do you live in? Write the name', 20, 3)).toEqual(['Which state do you', 'live in? Write the', 'name']);
  expect(wrapText('one two three four five six seven eight nine ten', 10, 2)).toEqual(['one two', 'three fou…']);
  expect(textWidth('您在哪个州')).toBe(10);
  expect(wrapText('您在哪个州登记投票', 10, 2)).toEqual(['您在哪个州', '登记投票']);
  expect(truncate('How to register, in full', 12)).toBe('How to regi…');
  expect(truncate('short', 12)).toBe('short');
});
