/**
 * Benchmark 1, the engine: conversation steps per second on one core through the pure `step`
 * (no I/O, no rendering), on the shipped flows and locales. Three conversations:
 * - short: a first contact gets the language menu and picks a language (language → welcome → menu);
 * - long: menu → register (state, ZIP, registered?) → feedback (rating, comment): 7 steps;
 * - 50 states: a generated flow of 50 text questions, started by a startFlow event.
 * Each run replays whole conversations, about `stepsPerRun` steps; the result is the median of `runs` runs after a
 * warm-up run. Every conversation is checked to end where it should, so a flow change that breaks
 * the path fails the benchmark instead of measuring something else.
 */
import path from 'node:path';
import type { FlowDef } from '../src/engine/flow-schema';
import { step, type EngineEnv } from '../src/engine/step';
import type { ContactView, ConversationState, EngineEvent } from '../src/engine/types';
import { loadEngine } from '../src/app/engine';
import { median } from './stats';

/** The generated flow's id and size. */
export const LONG_FLOW_ID = 'bench_fifty';
const LONG_FLOW_STATES = 50;

/** One scripted conversation. */
export interface Script {
  name: string;
  language: string | null;
  events: EngineEvent[];
  /** Where the conversation must be at the end: `flow.state`, or 'ended'. */
  endsAt: string;
}

/** Steps per second for one script. */
export interface EngineResult {
  name: string;
  stepsPerConversation: number;
  /** Steps per second of each measured run. */
  runs: number[];
  median: number;
  /** Microseconds per step at the median. */
  usPerStep: number;
}

/** The generated 50-state flow: each state asks a question (an existing key) and keeps the answer. */
export function fiftyStateFlow(): FlowDef {
  const states: FlowDef['states'] = {};
  for (let i = 1; i <= LONG_FLOW_STATES; i++) {
    states[`q${i}`] = i < LONG_FLOW_STATES ? { say: 'register.ask_zip', input: 'text', answer: `a${i}`, next: `q${i + 1}` } : { say: 'feedback.thanks', end: true };
  }
  return { id: LONG_FLOW_ID, start: 'q1', states };
}

/** The shipped flows and locales plus the generated flow. */
export function benchEngineEnv(): EngineEnv {
  const root = path.resolve(__dirname, '..');
  const { env, flows } = loadEngine({ FLOWS_DIR: path.join(root, 'flows'), LOCALES_DIR: path.join(root, 'locales'), DEFAULT_LANGUAGE: 'en', ORG_NAME: 'Bench Org', ORG_CONTACT: 'bench@example.org' });
  flows.addCurrent(fiftyStateFlow());
  return env;
}

const say = (text: string): EngineEvent => ({ type: 'message', text });

export const SCRIPTS: Script[] = [
  { name: 'short: language menu → menu (2 steps)', language: null, events: [say('hello'), say('1')], endsAt: 'menu.main' },
  {
    name: 'long: menu → register → feedback (7 steps)',
    language: 'en',
    events: [say('hello'), say('2'), say('CA'), say('94110'), say('no'), say('5'), say('very helpful, thanks')],
    endsAt: 'ended',
  },
  {
    name: `generated ${LONG_FLOW_STATES}-state flow (${LONG_FLOW_STATES} steps)`,
    language: 'en',
    events: [{ type: 'startFlow', flowId: LONG_FLOW_ID }, ...Array.from({ length: LONG_FLOW_STATES - 1 }, (_, i) => say(`answer number ${i + 1}`))],
    endsAt: 'ended',
  },
];

/** Plays one conversation; returns where it ended and the states it went through. */
export function play(env: EngineEnv, script: Script, t0: number, keep?: (state: ConversationState) => void): string {
  let contact: ContactView = { language: script.language, vars: {}, optedOut: false };
  let state: ConversationState | null = null;
  let t = t0;
  for (const event of script.events) {
    t += 1000;
    const r = step(env, { contact, state, event, now: new Date(t) });
    contact = r.contact;
    state = r.state;
    if (state && keep) keep(state);
  }
  return state ? `${state.flowId}.${state.value}` : 'ended';
}

/** Runs the engine benchmark: per script, `runs` timed runs of about `stepsPerRun` steps (whole conversations). */
export function benchEngine(opts: { stepsPerRun: number; runs: number; env?: EngineEnv; onRun?: (name: string, stepsPerSec: number) => void }): EngineResult[] {
  const env = opts.env ?? benchEngineEnv();
  const t0 = Date.parse('2030-06-04T16:00:00Z');
  return SCRIPTS.map((script) => {
    const where = play(env, script, t0);
    if (where !== script.endsAt) throw new Error(`engine benchmark "${script.name}" ended at ${where}, expected ${script.endsAt}: the shipped flows changed`);
    const conversations = Math.max(1, Math.round(opts.stepsPerRun / script.events.length));
    const once = () => {
      const started = process.hrtime.bigint();
      for (let c = 0; c < conversations; c++) play(env, script, t0 + c * 60_000);
      const secs = Number(process.hrtime.bigint() - started) / 1e9;
      return (conversations * script.events.length) / secs;
    };
    once(); // warm-up: JIT, caches
    const runs: number[] = [];
    for (let r = 0; r < opts.runs; r++) {
      runs.push(once());
      opts.onRun?.(script.name, runs[runs.length - 1]);
    }
    const m = median(runs);
    return { name: script.name, stepsPerConversation: script.events.length, runs, median: m, usPerStep: 1e6 / m };
  });
}
