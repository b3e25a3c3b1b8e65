/**
 * Batcher (src/store/batcher.ts), pure: calls made while a batch runs become the next batch, one
 * batch at a time, outputs go back to their own callers, a failed batch rejects exactly its calls,
 * and maxBatch caps a batch. `run` is driven by hand (each invocation waits for its release), so no
 * test sleeps; waiting for one event-loop turn is how an idle Batcher gathers a batch.
 */
import { Batcher } from '../../src/store/batcher';

/** A promise with its resolve/reject exposed. */
function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * A `run` the test controls: every invocation is recorded with its inputs and waits until the
 * test releases it (ok: map each input; or fail with an error). Tracks how many run at once.
 */
function controlledRun<I, O>(map: (i: I) => O) {
  const invocations: { inputs: I[]; release(): void; fail(err: unknown): void }[] = [];
  const waiters: ((n: number) => void)[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const run = async (inputs: I[]): Promise<O[]> => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const gate = deferred<void>();
    invocations.push({ inputs: [...inputs], release: () => gate.resolve(), fail: (err) => gate.reject(err) });
    for (const w of waiters.splice(0)) w(invocations.length);
    try {
      await gate.promise;
      return inputs.map(map);
    } finally {
      inFlight--;
    }
  };
  /** Resolves once `run` has been invoked at least `n` times. */
  const invoked = (n: number) =>
    new Promise<void>((resolve) => {
      if (invocations.length >= n) return resolve();
      const check = (count: number) => (count >= n ? resolve() : waiters.push(check));
      waiters.push(check);
    });
  return { run, invocations, invoked, maxInFlight: () => maxInFlight };
}

/** Lets pending setImmediate callbacks and the promise jobs after them run (one event-loop turn, twice). */
const turns = async () => {
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
};

describe('Batcher', () => {
  test('an idle single call runs alone and resolves within one event-loop turn', async () => {
    const calls: number[][] = [];
    const b = new Batcher<number, string>(async (inputs) => {
      calls.push(inputs);
      return inputs.map((i) => `out-${i}`);
    });
    let result: string | undefined;
    const p = b.call(7).then((v) => (result = v));
    // The Batcher waits one setImmediate for company; a setImmediate queued after the call
    // therefore runs after its batch has run and resolved.
    await new Promise((r) => setImmediate(r));
    expect(result).toBe('out-7');
    expect(calls).toEqual([[7]]);
    await p;
  });

  test('calls made in the same turn share one batch; outputs are matched to callers by position', async () => {
    const r = controlledRun<number, number>((i) => i * 10);
    const b = new Batcher(r.run);
    const results = Promise.all([1, 2, 3, 4].map((i) => b.call(i)));
    await r.invoked(1);
    expect(r.invocations[0].inputs).toEqual([1, 2, 3, 4]);
    r.invocations[0].release();
    expect(await results).toEqual([10, 20, 30, 40]);
    expect(r.invocations).toHaveLength(1);
  });

  test('16 calls made while a slow batch runs wait for it, then go together as the next batch', async () => {
    const r = controlledRun<number, string>((i) => `m${i}`);
    const b = new Batcher(r.run);
    const first = b.call(0);
    await r.invoked(1);
    expect(r.invocations[0].inputs).toEqual([0]);

    const later = Array.from({ length: 16 }, (_, k) => b.call(k + 1));
    const settled: number[] = [];
    later.forEach((p, k) => void p.then(() => settled.push(k + 1)));
    await turns();
    // The first batch still runs: nothing else started, nothing of the later calls resolved.
    expect(r.invocations).toHaveLength(1);
    expect(settled).toEqual([]);

    r.invocations[0].release();
    await expect(first).resolves.toBe('m0');
    await r.invoked(2);
    expect(r.invocations[1].inputs).toEqual(Array.from({ length: 16 }, (_, k) => k + 1));
    r.invocations[1].release();
    expect(await Promise.all(later)).toEqual(Array.from({ length: 16 }, (_, k) => `m${k + 1}`));
    expect(r.invocations).toHaveLength(2);
    expect(r.maxInFlight()).toBe(1);
  });

  test('calls that waited for a running batch start as soon as it ends, not an event-loop turn later', async () => {
    const r = controlledRun<number, number>((i) => i);
    const b = new Batcher(r.run);
    const first = b.call(1);
    await r.invoked(1);
    const waiting = [b.call(2), b.call(3)];
    r.invocations[0].release();
    await first;
    // Only promise jobs have run since the release: no setImmediate, no I/O.
    expect(r.invocations.map((i) => i.inputs)).toEqual([[1], [2, 3]]);
    r.invocations[1].release();
    expect(await Promise.all(waiting)).toEqual([2, 3]);
  });

  test('run is never called concurrently, whatever the load', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const sizes: number[] = [];
    const b = new Batcher<number, number>(async (inputs) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      sizes.push(inputs.length);
      // Yield a few event-loop turns so that new calls arrive while this batch is in flight.
      await turns();
      inFlight--;
      return inputs.map((i) => i + 1);
    }, 8);
    const all: Promise<number>[] = [];
    for (let wave = 0; wave < 10; wave++) {
      for (let k = 0; k < 7; k++) all.push(b.call(wave * 7 + k));
      await new Promise((r) => setImmediate(r));
    }
    const out = await Promise.all(all);
    expect(out).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
    expect(maxInFlight).toBe(1);
    expect(sizes.reduce((a, n) => a + n, 0)).toBe(70);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(8);
    // Grouping did happen: fewer round trips than calls.
    expect(sizes.length).toBeLessThan(70);
  });

  test('a failed batch rejects exactly its own calls; the next batch still runs', async () => {
    const r = controlledRun<string, string>((s) => s.toUpperCase());
    const b = new Batcher(r.run);
    const failing = ['a', 'b', 'c'].map((s) => b.call(s));
    await r.invoked(1);
    const next = ['d', 'e'].map((s) => b.call(s));
    const boom = new Error('connection reset');
    r.invocations[0].fail(boom);
    const firstOutcomes = await Promise.allSettled(failing);
    expect(firstOutcomes).toEqual([
      { status: 'rejected', reason: boom },
      { status: 'rejected', reason: boom },
      { status: 'rejected', reason: boom },
    ]);
    await r.invoked(2);
    expect(r.invocations[1].inputs).toEqual(['d', 'e']);
    r.invocations[1].release();
    expect(await Promise.all(next)).toEqual(['D', 'E']);
  });

  test('a run that throws synchronously rejects its batch and does not wedge the Batcher', async () => {
    let n = 0;
    const b = new Batcher<number, number>((inputs) => {
      if (n++ === 0) throw new Error('sync failure');
      return Promise.resolve(inputs.map((i) => -i));
    });
    await expect(b.call(1)).rejects.toThrow('sync failure');
    await expect(b.call(2)).resolves.toBe(-2);
  });

  test('maxBatch splits a burst into batches of at most that size, in call order', async () => {
    const r = controlledRun<number, number>((i) => i);
    const b = new Batcher(r.run, 4);
    const all = Array.from({ length: 10 }, (_, i) => b.call(i));
    await r.invoked(1);
    expect(r.invocations[0].inputs).toEqual([0, 1, 2, 3]);
    r.invocations[0].release();
    await r.invoked(2);
    expect(r.invocations[1].inputs).toEqual([4, 5, 6, 7]);
    r.invocations[1].release();
    await r.invoked(3);
    expect(r.invocations[2].inputs).toEqual([8, 9]);
    r.invocations[2].release();
    expect(await Promise.all(all)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(r.invocations).toHaveLength(3);
    expect(r.maxInFlight()).toBe(1);
  });

  test('a call made from a resolution callback of a batch is run in a later batch', async () => {
    const r = controlledRun<number, number>((i) => i * 2);
    const b = new Batcher(r.run);
    let chained: Promise<number> | undefined;
    const first = b.call(1).then((v) => {
      chained = b.call(v + 100);
      return v;
    });
    await r.invoked(1);
    r.invocations[0].release();
    expect(await first).toBe(2);
    await r.invoked(2);
    expect(r.invocations[1].inputs).toEqual([102]);
    r.invocations[1].release();
    expect(await chained).toBe(204);
  });

  test('a run that returns fewer outputs than inputs rejects every call of the batch instead of resolving some with nothing', async () => {
    const batcher = new Batcher<number, number>(async (inputs) => inputs.slice(1));
    const calls = [batcher.call(1), batcher.call(2), batcher.call(3)];
    for (const c of calls) await expect(c).rejects.toThrow('a batch of 3 returned 2 results');
  });
});
