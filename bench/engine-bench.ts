/** Benchmark 1 as a suite entry: the engine's steps per second (bench/engine.ts). */
import { benchEngine } from './engine';
import { fmt } from './stats';
import type { Benchmark } from './types';

export const engineBenchmark: Benchmark = {
  name: 'engine',
  title: 'Engine: conversation steps per second (pure step, one core)',
  async run({ quick, report }) {
    const stepsPerRun = quick ? 10_000 : 40_000;
    const runs = quick ? 5 : 9;
    report.note(
      `The pure \`step\` (src/engine/step.ts) on the shipped flows and locales, no I/O and no rendering, in this one Node process (one core). ` +
        `Each run replays whole conversations of a script, about ${stepsPerRun.toLocaleString('en-US')} steps; the figure is the median of ${runs} runs after a warm-up run.`,
    );
    const results = benchEngine({ stepsPerRun, runs, onRun: (name, s) => report.progress(`${name}: ${fmt(s)} steps/s`) });
    report.table(
      ['conversation', 'steps/s (median)', 'µs/step', 'runs min–max'],
      results.map((r) => [r.name, fmt(r.median), fmt(r.usPerStep), `${fmt(Math.min(...r.runs))}–${fmt(Math.max(...r.runs))}`]),
    );
  },
};
