/**
 * What matching costs: time per message (median and p99 over every test question, each language
 * in its own index) and the heap that the seven indexes hold. A measurement for the benchmarks,
 * not a timed assertion. Run: `node --expose-gc -r tsx/cjs test/knowledge/measure.ts [root]`
 * (without --expose-gc the memory figures are not taken after a collection and are marked so).
 */
import { loadLocales } from '../../src/i18n/catalog';
import { loadKnowledge } from '../../src/knowledge/load';
import { createMatcher, type KnowledgeMatcher } from '../../src/knowledge/matcher';
import type { KnowledgeBase } from '../../src/knowledge/types';
import { loadTestQuestions, type TestQuestion } from './evaluate';

/** Timing of one kind of call, in milliseconds per message. */
export interface Timing {
  calls: number;
  medianMs: number;
  p99Ms: number;
}

/** What building and using the matcher cost. */
export interface MatchingCost {
  languages: number;
  texts: number;
  buildMs: number;
  /** Heap growth from building every index (bytes), after garbage collection when it could be forced. */
  indexBytes: number;
  afterGc: boolean;
  match: Timing;
  identify: Timing;
}

const gc = (): boolean => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) return false;
  collect();
  collect();
  return true;
};

function timing(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { calls: samples.length, medianMs: at(0.5), p99Ms: at(0.99) };
}

function timeEach(questions: TestQuestion[], call: (q: TestQuestion) => unknown): Timing {
  for (const q of questions.slice(0, 50)) call(q); // warm the JIT and the segmenter first
  return timing(
    questions.map((q) => {
      const start = process.hrtime.bigint();
      call(q);
      return Number(process.hrtime.bigint() - start) / 1e6;
    }),
  );
}

/** Builds the matcher over the base and times every test question through match() and identifyLanguage(). */
export function measureMatching(base: KnowledgeBase, questions: TestQuestion[]): { cost: MatchingCost; matcher: KnowledgeMatcher } {
  const afterGc = gc();
  const before = process.memoryUsage().heapUsed;
  const start = process.hrtime.bigint();
  const matcher = createMatcher(base);
  const buildMs = Number(process.hrtime.bigint() - start) / 1e6;
  gc();
  const indexBytes = process.memoryUsage().heapUsed - before;
  const texts = base.topics.reduce((n, t) => n + Object.values(t.texts).reduce((m, x) => m + x.examples.length + 2, 0), 0);
  const cost: MatchingCost = {
    languages: matcher.languages.length,
    texts,
    buildMs,
    indexBytes,
    afterGc,
    match: timeEach(questions, (q) => matcher.match(q.text, q.language)),
    identify: timeEach(questions, (q) => matcher.identifyLanguage(q.text)),
  };
  return { cost, matcher };
}

/** The cost as a Markdown table. */
export function formatCost(c: MatchingCost): string {
  const ms = (x: number) => x.toFixed(3);
  return [
    '| what | value |',
    '|---|---|',
    `| languages indexed | ${c.languages} |`,
    `| texts indexed (examples, titles, answers) | ${c.texts} |`,
    `| build all indexes | ${c.buildMs.toFixed(0)} ms |`,
    `| heap held by all indexes${c.afterGc ? ' (after GC)' : ' (no --expose-gc: not after GC)'} | ${(c.indexBytes / 2 ** 20).toFixed(1)} MiB |`,
    `| match(): median / p99 per message (${c.match.calls} messages) | ${ms(c.match.medianMs)} / ${ms(c.match.p99Ms)} ms |`,
    `| identifyLanguage(): median / p99 per message | ${ms(c.identify.medianMs)} / ${ms(c.identify.p99Ms)} ms |`,
  ].join('\n');
}

if (require.main === module) {
  const root = process.argv[2] ?? process.cwd();
  const base = loadKnowledge(`${root}/knowledge`, loadLocales(`${root}/locales`).catalog);
  const questions = Object.values(loadTestQuestions(root)).flat();
  console.log(formatCost(measureMatching(base, questions).cost));
}
