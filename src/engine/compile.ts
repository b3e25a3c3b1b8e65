import { assign, createMachine, type AnyStateMachine } from 'xstate';
import { parseDuration } from './duration';
import type { ActionDef, FlowDef, InputTypeName, StateDef } from './flow-schema';
import type { FlowContext } from './types';

/** Defaults for every wait: one gentle nudge after an hour, the conversation ends after a day. */
export const DEFAULT_NUDGE_MS = 3_600_000;
export const DEFAULT_EXPIRE_MS = 86_400_000;
export const DEFAULT_TRIES = 3;
/**
 * Said instead of the re-prompt at the second invalid answer in a row to the same question (and
 * every second one after): one short line offering MENU and AGENT, so the same long "I didn't
 * understand" is never sent twice in a row.
 */
export const INVALID_AGAIN_KEY = 'common.invalid_again';
/** The label of the choice that starts an answered topic's follow-up flow (a state with `follow_up: true`), and its value. */
export const FOLLOW_UP_KEY = 'questions.follow_up';
export const FOLLOW_UP_VALUE = 'follow_up';

/** A choice as the engine matches it. */
export interface CompiledChoice {
  value: string;
  labelKey: string;
  /** Language menu: the language this choice selects. */
  language?: string;
  matchKey?: string;
}

/** Everything the engine needs to interpret an answer in a waiting state. */
export interface WaitInfo {
  state: string;
  choices: CompiledChoice[];
  input?: InputTypeName;
  invalidKey: string;
  nudgeKey: string;
  nudgeMs: number;
  expireMs: number;
  /** Free text that is no answer here is a question for the knowledge base. */
  questions?: boolean;
  /** The conversation's `topics` answer is offered as choices before these ("did you mean"). */
  topicChoices?: boolean;
  /** The answered topic's follow-up flow, if it has one, is offered as a choice before these. */
  followUp?: boolean;
}

/** A flow compiled to an XState machine, with the lookup tables the engine uses around it. */
export interface CompiledFlow {
  id: string;
  hash: string;
  def: FlowDef;
  machine: AnyStateMachine;
  waits: Map<string, WaitInfo>;
  /** The question of the flow's feedback action, so expiry can keep a rating already given. */
  feedback?: { question: string; topic?: string };
}

/** Machine state names the compiler adds; flow states are lower_snake_case and never start with `__`. */
export const EXPIRED_STATE = '__expired';
export const gotoState = (flow: string) => `__goto_${flow}`;

/** A flow may be started with answers already known and the question it is about (the `questions` flow). */
export interface FlowInput {
  answers?: Record<string, string | number>;
  question?: string;
}

const initialContext = (input: FlowInput | undefined): FlowContext => ({
  tries: 0,
  answers: { ...(input?.answers ?? {}) },
  nudged: false,
  ...(input?.question !== undefined ? { question: input.question } : {}),
});

/** Compiles a validated flow definition into an XState v5 machine (pure; `languages` feed language menus). */
export function compileFlow(def: FlowDef, hash: string, languages: readonly string[]): CompiledFlow {
  const flowTimeout = def.timeout ?? {};
  const waits = new Map<string, WaitInfo>();
  const states: Record<string, any> = {};
  const gotos = new Set<string>();
  let feedback: CompiledFlow['feedback'];

  const target = (next: string) => {
    if (!next.startsWith('@')) return next;
    gotos.add(next.slice(1));
    return gotoState(next.slice(1));
  };

  for (const [name, s] of Object.entries(def.states)) {
    const choices = compileChoices(s, languages);
    const isWait = choices.length > 0 || !!s.input;
    const entry: any[] = [];
    if (isWait) entry.push(assign({ tries: 0, nudged: false }));
    if (s.say) entry.push({ type: 'say', params: { key: s.say, state: name } });
    for (const action of s.do ?? []) {
      entry.push({ type: 'do', params: action });
      if ('feedback' in action) feedback = action.feedback;
    }
    const node: any = { entry };
    if (s.when) {
      // A decision: the step picks the branch from what it knows and sends DECIDE.<i> or DECIDE.else.
      entry.push({ type: 'decide', params: { state: name } });
      node.on = Object.fromEntries([...s.when.map((w, i) => [`DECIDE.${i}`, target(w.next)]), ['DECIDE.else', target(s.next!)]]);
    } else if (s.end) node.type = 'final';
    else if (isWait) {
      waits.set(name, {
        state: name,
        choices,
        input: s.input,
        invalidKey: s.invalid ?? 'common.invalid',
        nudgeKey: s.nudge ?? 'common.nudge',
        nudgeMs: parseDuration(s.timeout?.nudge ?? flowTimeout.nudge ?? '') ?? DEFAULT_NUDGE_MS,
        expireMs: parseDuration(s.timeout?.expire ?? flowTimeout.expire ?? '') ?? DEFAULT_EXPIRE_MS,
        ...(s.questions ? { questions: true } : {}),
        ...(s.topic_choices ? { topicChoices: true } : {}),
        ...(s.follow_up ? { followUp: true } : {}),
      });
      node.on = waitTransitions(name, s, choices, target);
    } else if (s.next) node.always = target(s.next);
    states[name] = node;
  }
  for (const flow of gotos) states[gotoState(flow)] = { type: 'final', entry: [{ type: 'goto', params: { flow } }] };
  states[EXPIRED_STATE] = { type: 'final', entry: [{ type: 'expired' }] };

  const machine = createMachine({ id: def.id, initial: def.start, context: ({ input }: { input: FlowInput | undefined }) => initialContext(input), states });
  return { id: def.id, hash, def, machine, waits, feedback };
}

function compileChoices(s: StateDef, languages: readonly string[]): CompiledChoice[] {
  if (s.language_menu) return languages.map((language) => ({ value: `lang_${language}`, labelKey: 'language.native_name', language }));
  return (s.choices ?? []).map((c) => ({
    value: c.value ?? c.label.split('.').pop()!,
    labelKey: c.label,
    matchKey: c.match,
  }));
}

function waitTransitions(name: string, s: StateDef, choices: CompiledChoice[], target: (next: string) => string) {
  const on: Record<string, any> = {};
  choices.forEach((choice, i) => {
    const next = s.language_menu ? s.next : s.choices![i].next;
    const actions: any[] = [assign({ answers: ({ context }: any) => ({ ...context.answers, choice: choice.value }) })];
    if (choice.language) actions.push({ type: 'setLanguage', params: { language: choice.language } });
    on[`CHOICE.${choice.value}`] = next ? { target: target(next), actions } : { actions };
  });
  if (s.input) {
    const actions: any[] = [];
    if (s.answer) {
      const answer = s.answer;
      actions.push(assign({ answers: ({ context, event }: any) => ({ ...context.answers, [answer]: event.value }) }));
    }
    if (s.save) actions.push({ type: 'saveInput', params: { field: s.save } });
    on.INPUT_VALID = s.next ? { target: target(s.next), actions } : { actions };
  }
  const tries = s.tries ?? DEFAULT_TRIES;
  const invalidKey = s.invalid ?? 'common.invalid';
  // `tries` already counts this answer when the params are read (XState runs the assign first).
  const repromptParams = ({ context }: any) =>
    context.tries % 2 === 0 ? { key: INVALID_AGAIN_KEY, state: name, reprompt: true, short: true } : { key: invalidKey, state: name, reprompt: true };
  const reprompt = { actions: [assign({ tries: ({ context }: any) => context.tries + 1 }), { type: 'say', params: repromptParams }] };
  on.INPUT_INVALID = s.fail
    ? [{ guard: ({ context }: any) => context.tries + 1 >= tries, target: target(s.fail) }, reprompt]
    : reprompt;
  on['TIMEOUT.nudge'] = { actions: [assign({ nudged: true }), { type: 'say', params: { key: s.nudge ?? 'common.nudge', state: name, nudge: true } }] };
  on['TIMEOUT.expire'] = { target: EXPIRED_STATE };
  return on;
}

/** The do-actions of a flow, for checks and docs. */
export function actionsOf(def: FlowDef): ActionDef[] {
  return Object.values(def.states).flatMap((s) => s.do ?? []);
}
