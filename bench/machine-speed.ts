/**
 * A fixed amount of CPU work, timed: how fast this machine is at the time of the run. The
 * benchmarks' absolute targets (messages a second held, seconds to a healthy start) move with it;
 * their ratios against a bare baseline measured in the same run do not. It is printed with every
 * run so that figures from two days can be told apart from a change in the code (stop 31 found
 * the same code about 1.8× slower on one day than on the day before; docs/benchmarks.md).
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { median } from './stats';

/** One pass: JSON, sorting, a regular expression over text and hashing, the stuff a message's handling is made of. */
function workload(): number {
  let seed = 1;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const rows = Array.from({ length: 20_000 }, (_, i) => ({ id: i, name: `person ${i}`, score: random(), tags: ['a', 'b', String(i % 7)] }));
  const parsed = JSON.parse(JSON.stringify(rows)) as typeof rows;
  parsed.sort((a, b) => a.score - b.score);
  const text = parsed.map((r) => r.name).join(' ');
  const words = text.match(/\b\w+\b/g)?.length ?? 0;
  const hash = createHash('sha256');
  for (let i = 0; i < 2_000; i++) hash.update(text.slice(i * 10, i * 10 + 500));
  return words + hash.digest()[0];
}

/** Milliseconds per pass of the workload: the median and the fastest of `runs` after a warm-up pass, with each pass's time. */
export function machineSpeed(runs = 9): { medianMs: number; minMs: number; runsMs: number[] } {
  workload();
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    workload();
    runsMs.push(performance.now() - t0);
  }
  return { medianMs: median(runsMs), minMs: Math.min(...runsMs), runsMs };
}
