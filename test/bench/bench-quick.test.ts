/**
 * The engine benchmark (bench/engine.ts) at a tiny size: it plays every script to where it
 * must end (it throws otherwise) and returns positive, finite rates. No timing is asserted: the
 * numbers belong to `npm run bench`, not to the test suite.
 */
import { benchEngine, SCRIPTS } from '../../bench/engine';
import { machineSpeed } from '../../bench/machine-speed';

describe('engine benchmark', () => {
  test('runs each script and returns sane numbers', () => {
    const results = benchEngine({ stepsPerRun: 100, runs: 2 });
    expect(results.map((r) => r.name)).toEqual(SCRIPTS.map((s) => s.name));
    for (const r of results) {
      expect(r.runs).toHaveLength(2);
      expect(r.stepsPerConversation).toBeGreaterThan(1);
      for (const rate of [...r.runs, r.median, r.usPerStep]) {
        expect(Number.isFinite(rate)).toBe(true);
        expect(rate).toBeGreaterThan(0);
      }
      expect(r.median).toBeGreaterThanOrEqual(Math.min(...r.runs));
      expect(r.median).toBeLessThanOrEqual(Math.max(...r.runs));
    }
  });
});

describe('reference workload', () => {
  test('times each pass and reports their median and the fastest', () => {
    const { medianMs, minMs, runsMs } = machineSpeed(3);
    expect(runsMs).toHaveLength(3);
    for (const ms of runsMs) expect(ms).toBeGreaterThan(0);
    expect(minMs).toBe(Math.min(...runsMs));
    expect(medianMs).toBe([...runsMs].sort((a, b) => a - b)[1]);
  });
});
