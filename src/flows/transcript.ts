import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { parseDuration } from '../engine/duration';
import { step, type EngineEnv } from '../engine/step';
import type { ContactView, ConversationState, EngineEvent, Reply } from '../engine/types';

const transcriptSchema = z
  .object({
    name: z.string(),
    lang: z.string().optional(),
    locale_hint: z.string().optional(),
    vars: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    steps: z.array(
      z
        .object({
          user: z.union([z.string(), z.number()]).optional(),
          press: z.string().optional(),
          wait: z.string().optional(),
          bot: z.array(z.string()).optional(),
          state: z.string().optional(),
          saved: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
          effects: z.array(z.string()).optional(),
          language: z.string().optional(),
        })
        .strict()
        .refine((s) => [s.user, s.press, s.wait].filter((x) => x !== undefined).length === 1, 'each step needs exactly one of user, press or wait'),
    ),
  })
  .strict();

export type Transcript = z.infer<typeof transcriptSchema>;

/** The result of replaying one transcript file. */
export interface TranscriptResult {
  file: string;
  name: string;
  failures: { line: number; message: string }[];
}

/** When transcripts start: a fixed Monday afternoon, so quiet hours and timeouts are reproducible. */
const START = Date.parse('2026-01-05T18:00:00Z');

/**
 * Replays a transcript against the engine with a simulated clock: `wait` moves time forward and
 * fires the nudges, expiries and scheduled flows that fall due, in order, without sleeping.
 */
export function runTranscript(env: EngineEnv, file: string, text: string): TranscriptResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const lineOf = (i: number) => {
    const node = doc.getIn(['steps', i], true);
    return isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : 1;
  };
  const parsed = transcriptSchema.safeParse(doc.toJS());
  if (doc.errors.length || !parsed.success) {
    const message = doc.errors[0]?.message ?? parsed.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return { file, name: file, failures: [{ line: 1, message }] };
  }
  const t = parsed.data;
  const failures: TranscriptResult['failures'] = [];
  let contact: ContactView = { language: t.lang ?? null, vars: { ...(t.vars ?? {}) }, optedOut: false };
  let state: ConversationState | null = null;
  let now = START;
  const timers: { due: number; event: EngineEvent }[] = [];

  const run = (event: EngineEvent) => {
    const result = step(env, { contact, state, event, now: new Date(now) });
    contact = result.contact;
    state = result.state;
    for (const effect of result.effects) {
      if (effect.type === 'scheduleTimeout') timers.push({ due: now + effect.delayMs, event: { type: 'timeout', seq: effect.seq, kind: effect.kind } });
      if (effect.type === 'scheduleFlow') timers.push({ due: now + effect.delayMs, event: { type: 'startFlow', flowId: effect.flowId } });
    }
    return result;
  };

  t.steps.forEach((s, i) => {
    const replies: Reply[] = [];
    const effects: string[] = [];
    const collect = (r: ReturnType<typeof run>) => {
      replies.push(...r.replies);
      effects.push(...r.effects.map((e) => e.type));
    };
    if (s.wait !== undefined) {
      const ms = parseDuration(s.wait);
      if (ms === null) failures.push({ line: lineOf(i), message: `bad duration "${s.wait}"` });
      const until = now + (ms ?? 0);
      for (;;) {
        timers.sort((a, b) => a.due - b.due);
        if (!timers.length || timers[0].due > until) break;
        const timer = timers.shift()!;
        now = timer.due;
        collect(run(timer.event));
      }
      now = until;
    } else {
      now += 1000;
      const event: EngineEvent = s.press !== undefined
        ? { type: 'message', text: '', payload: s.press }
        : { type: 'message', text: String(s.user), localeHint: t.locale_hint };
      collect(run(event));
    }
    const fail = (message: string) => failures.push({ line: lineOf(i), message });
    const said = replies.map((r) => r.key);
    if (s.bot && said.join(' ') !== s.bot.join(' ')) fail(`bot said [${said.join(', ')}], expected [${s.bot.join(', ')}]`);
    if (s.state !== undefined) {
      const where = state ? `${(state as ConversationState).flowId}.${(state as ConversationState).value}` : 'none';
      if (where !== s.state) fail(`state is ${where}, expected ${s.state}`);
    }
    for (const [field, value] of Object.entries(s.saved ?? {})) {
      if (contact.vars[field] !== value) fail(`saved ${field} is ${JSON.stringify(contact.vars[field])}, expected ${JSON.stringify(value)}`);
    }
    if (s.effects) {
      let from = 0;
      for (const wanted of s.effects) {
        const found = effects.indexOf(wanted, from);
        if (found < 0) {
          fail(`effects were [${effects.join(', ')}], expected [${s.effects.join(', ')}] in that order`);
          break;
        }
        from = found + 1;
      }
    }
    if (s.language !== undefined && contact.language !== s.language) fail(`language is ${contact.language}, expected ${s.language}`);
  });
  return { file, name: t.name, failures };
}

/** Replays every `*.yaml` transcript of a directory. */
export function runTranscriptDir(env: EngineEnv, dir: string): TranscriptResult[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => runTranscript(env, join(dir, f), readFileSync(join(dir, f), 'utf8')));
}
