/**
 * What a question costs in a conversation: one engine step (the pure `step()`, knowledge port
 * included) per test question, as the first message of a new contact (language identified, then
 * matched) and as the next question of a contact at "anything else?"; plus what loading the engine
 * with the knowledge base costs in heap. A measurement for docs/benchmarks.md, not a timed
 * assertion. Run: `node --expose-gc -r tsx/cjs test/knowledge/measure-steps.ts`
 */
import { loadEngine } from '../../src/app/engine';
import { step } from '../../src/engine/step';
import type { ConversationState } from '../../src/engine/types';
import { loadTestQuestions } from './evaluate';

const gc = () => (globalThis as { gc?: () => void }).gc?.();
const now = new Date('2030-09-01T12:00:00Z');

function timing(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return `${at(0.5).toFixed(2)} / ${at(0.99).toFixed(2)} ms (${samples.length} messages)`;
}

const questions = Object.values(loadTestQuestions(process.cwd())).flat();
gc();
const before = process.memoryUsage().heapUsed;
const { env } = loadEngine({ FLOWS_DIR: 'flows', LOCALES_DIR: 'locales', DEFAULT_LANGUAGE: 'en', ORG_NAME: 'Org', ORG_CONTACT: 'x' });
let start = process.hrtime.bigint();
env.knowledge!.match('where do i vote', 'en'); // the indexes are built on the first question
const firstMs = Number(process.hrtime.bigint() - start) / 1e6;
gc();
const heapMiB = (process.memoryUsage().heapUsed - before) / 2 ** 20;

// A contact at "anything else?" in their language, for the next-question case.
const waiting = new Map<string, ConversationState>();
for (const language of new Set(questions.map((q) => q.language))) {
  const r = step(env, { contact: { language, vars: {}, optedOut: false }, state: null, event: { type: 'message', text: 'x', keyword: null }, now });
  const q = step(env, { contact: { language, vars: {}, optedOut: false }, state: r.state, event: { type: 'message', text: 'MENU' }, now });
  waiting.set(language, q.state!);
}
const first: number[] = [];
const next: number[] = [];
for (const q of questions) {
  start = process.hrtime.bigint();
  step(env, { contact: { language: null, vars: {}, optedOut: false }, state: null, event: { type: 'message', text: q.text }, now });
  first.push(Number(process.hrtime.bigint() - start) / 1e6);
  start = process.hrtime.bigint();
  step(env, { contact: { language: q.language, vars: {}, optedOut: false }, state: waiting.get(q.language)!, event: { type: 'message', text: q.text }, now });
  next.push(Number(process.hrtime.bigint() - start) / 1e6);
}
console.log('| what | value |');
console.log('|---|---|');
console.log(`| heap held by the engine's environment with the knowledge base built${(globalThis as { gc?: unknown }).gc ? ' (after GC)' : ''} | ${heapMiB.toFixed(1)} MiB |`);
console.log(`| first question after start-up (builds the indexes) | ${firstMs.toFixed(0)} ms |`);
console.log(`| step(): a new contact's first message (identify + match + replies), median / p99 | ${timing(first)} |`);
console.log(`| step(): the next question at the menu, median / p99 | ${timing(next)} |`);
