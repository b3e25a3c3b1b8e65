import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import type { CompiledFlow } from './compile';
import { parseDuration } from './duration';
import { interpretAnswer } from './interpret';
import { HELP_OPTED_OUT_KEY, STOP_CONFIRM_KEY } from './consent';
import { flowForKeyword } from './keywords';
import { messageKeyword } from './message-keyword';
import { matchOptOut } from './opt-out';
import type { ClassifiedKeyword, ContactView, ConversationState, Effect, EngineEvent, MessageIntent, Reply, StepResult } from './types';
import { normalizeWords } from './inputs/normalize';
import type { Lexicon } from './lexicon';

/** Where the engine finds flows: the current version by id, or an older one by hash. */
export interface FlowResolver {
  current(id: string): CompiledFlow | undefined;
  version(id: string, hash: string): CompiledFlow | undefined;
  all(): CompiledFlow[];
}

/** Flows with a special role, and the organisation's values every message may use. */
export interface EngineSettings {
  /** Started when someone writes and no conversation is active. */
  defaultFlow: string;
  /** First-contact language menu, and the LANGUAGE keyword. */
  languageFlow: string;
  /** The MENU keyword ("start over"). */
  menuFlow: string;
  /** The AGENT keyword (ask for a person). */
  handoffFlow: string;
  /** `org_name`, `org_contact`, ...: available to every message as {{name}}. */
  vars: Record<string, string>;
  /**
   * Facts that depend on what is known about the contact (election dates and offices for their
   * state), rendered for their language; only what the organizer's data has, never a guess.
   */
  facts?: (vars: Readonly<Record<string, string | number>>, language: string) => Record<string, string>;
}

/** Everything a step depends on besides its input; all of it is plain, already-loaded data. */
export interface EngineEnv {
  flows: FlowResolver;
  lexicon: Lexicon;
  settings: EngineSettings;
}

export interface StepInput {
  contact: ContactView;
  state: ConversationState | null;
  event: EngineEvent;
  now: Date;
}

/**
 * YES opts back in while someone is opted out (carrier practice), but only the plain word: the
 * first entry of `common.yes_words` in any language ("yes", "sí"), never "ok" or "sure", which
 * people send in passing.
 */
function isPlainYes(text: string, lexicon: Lexicon): boolean {
  const word = normalizeWords(text);
  return !!word && (lexicon.keywordLanguages ?? lexicon.languages).some((l) => lexicon.words(l, 'common.yes_words')[0] === word);
}

/** At most this many `@flow` hand-overs in one step, so a cycle of pass-through states cannot spin. */
const MAX_FLOW_HOPS = 8;

/**
 * One conversation step: (flows, contact, persisted state, event) -> (new state, replies, effects).
 * This is a pure function: it performs no I/O and executes no effects; `now` is the only clock.
 */
export function step(env: EngineEnv, input: StepInput): StepResult {
  return new Step(env, input).run();
}

class Step {
  private contact: ContactView;
  private state: ConversationState | null;
  private readonly replies: Reply[] = [];
  private readonly effects: Effect[] = [];
  private hops = 0;

  constructor(
    private readonly env: EngineEnv,
    private readonly input: StepInput,
  ) {
    this.contact = { ...input.contact, vars: { ...input.contact.vars } };
    this.state = input.state;
  }

  run(): StepResult {
    const { event } = this.input;
    if (event.type === 'timeout') this.onTimeout(event.seq, event.kind);
    else if (event.type === 'startFlow') {
      if (!this.contact.optedOut) this.startFlow(event.flowId, 'replaced');
    } else this.onMessage(event.text, event.payload, event.localeHint, event.intent, event.keyword);
    return { state: this.state, contact: this.contact, replies: this.replies, effects: this.effects };
  }

  private get language(): string {
    return this.contact.language ?? this.env.lexicon.defaultLanguage;
  }

  private onMessage(text: string, payload: string | undefined, localeHint: string | undefined, intent?: MessageIntent, classified?: ClassifiedKeyword | null): void {
    const { lexicon, settings } = this.env;
    const global = classified !== undefined ? classified : messageKeyword({ text, payload, intent }, lexicon);

    if (this.contact.optedOut) {
      // Nothing reaches an opted-out person except the confirmation that they are back in, and the
      // answer to HELP (who is writing, how to opt back in), which carriers require at all times.
      if (global?.keyword === 'start' || isPlainYes(text, lexicon)) {
        this.contact.optedOut = false;
        this.effects.push({ type: 'optIn', word: global?.word ?? text.trim().toUpperCase() });
        this.say('system.opted_in');
      } else if (global?.keyword === 'help') this.say(HELP_OPTED_OUT_KEY);
      return;
    }
    if (global?.keyword === 'stop') {
      this.effects.push({ type: 'optOut', word: global.word });
      this.contact.optedOut = true;
      this.say('system.opted_out');
      this.end('stopped');
      return;
    }
    if (global?.keyword === 'help') {
      this.say('system.help');
      return;
    }
    const unsure = global || payload ? null : matchOptOut(text, lexicon);
    if (unsure?.kind === 'ambiguous' && !this.answersWaitingState(text)) {
      // An opt-out word typed without its accents that is also an everyday word ("dung": "dừng"
      // stop, or "đúng" right), and no answer to the question asked: ask rather than opt out
      // silently, in the word's language when the person has not chosen one yet.
      this.replies.push({ key: STOP_CONFIRM_KEY, vars: this.vars({}), ...(this.contact.language ? {} : { language: unsure.language }) });
      return;
    }
    if (!this.contact.language && !(intent?.language && lexicon.languages.includes(intent.language))) {
      const hint = localeHint?.toLowerCase().split(/[-_]/)[0];
      if (hint && lexicon.languages.includes(hint)) this.setLanguage(hint);
      else if (this.state?.flowId !== settings.languageFlow) {
        this.startFlow(settings.languageFlow, 'replaced');
        return;
      }
    }
    if (intent?.language && lexicon.languages.includes(intent.language) && intent.language !== this.contact.language) this.setLanguage(intent.language);
    if (intent?.flow && this.env.flows.current(intent.flow)) {
      this.startFlow(intent.flow, 'replaced');
      return;
    }
    if (global) {
      const flow = { start: settings.defaultFlow, menu: settings.menuFlow, language: settings.languageFlow, agent: settings.handoffFlow }[
        global.keyword as 'start' | 'menu' | 'language' | 'agent'
      ];
      this.startFlow(flow, 'replaced');
      return;
    }
    const active = this.state && this.resolve(this.state);
    const wait = active && active.waits.get(this.state!.value);
    if (active && wait) {
      const answer = interpretAnswer(wait, { text, payload }, this.language, lexicon);
      this.advance(active, answer);
      return;
    }
    const keywordFlows = this.env.flows.all().map((f) => ({ id: f.id, keywordsKey: f.def.keywords }));
    const byKeyword = payload ? null : flowForKeyword(text, lexicon, keywordFlows, this.contact.language);
    this.startFlow(byKeyword ?? settings.defaultFlow, 'replaced');
  }

  /** True when the waiting state (if any) takes this text as a valid answer. */
  private answersWaitingState(text: string): boolean {
    const active = this.state && this.resolve(this.state);
    const wait = active && active.waits.get(this.state!.value);
    return !!wait && interpretAnswer(wait, { text }, this.language, this.env.lexicon).type !== 'INPUT_INVALID';
  }

  private onTimeout(seq: number, kind: 'nudge' | 'expire'): void {
    const state = this.state;
    if (!state || state.seq !== seq || this.contact.optedOut) return; // stale: the person answered meanwhile
    const flow = this.resolve(state);
    const wait = flow?.waits.get(state.value);
    if (!flow || !wait) return;
    if (kind === 'nudge' && state.context.nudged) return;
    this.advance(flow, { type: `TIMEOUT.${kind}` }, false);
    if (kind === 'nudge' && this.state) {
      this.effects.push({ type: 'scheduleTimeout', seq: this.state.seq, kind: 'expire', delayMs: Math.max(0, wait.expireMs - wait.nudgeMs) });
    }
  }

  private resolve(state: ConversationState): CompiledFlow | undefined {
    return this.env.flows.version(state.flowId, state.flowHash);
  }

  /** Starts a flow from its first state, ending the current conversation. */
  private startFlow(flowId: string, previousOutcome: 'replaced' | 'completed'): void {
    if (this.state) this.end(previousOutcome);
    const flow = this.env.flows.current(flowId) ?? this.env.flows.current(this.env.settings.menuFlow);
    if (!flow || ++this.hops > MAX_FLOW_HOPS) return;
    const [snapshot, actions] = initialTransition(flow.machine);
    this.apply(flow, snapshot, actions, undefined, true);
  }

  /** Sends an event to the active conversation's machine and applies what comes out. */
  private advance(flow: CompiledFlow, event: { type: string; value?: string | number }, newWait = true): void {
    const state = this.state!;
    const current = flow.machine.resolveState({ value: state.value, context: state.context });
    const [snapshot, actions] = transition(flow.machine, current, event);
    this.apply(flow, snapshot, actions, event.value, newWait);
  }

  private apply(
    flow: CompiledFlow,
    snapshot: AnyMachineSnapshot,
    actions: { type: string; params?: any }[],
    value: string | number | undefined,
    newWait: boolean,
  ): void {
    let goto: string | undefined;
    let decide: string | undefined;
    let expired = false;
    const context = snapshot.context;
    for (const action of actions) {
      const p = action.params ?? {};
      if (action.type === 'say') this.sayState(flow, p, context.answers);
      else if (action.type === 'saveInput' && value !== undefined) this.saveField(p.field, value);
      else if (action.type === 'setLanguage') this.setLanguage(p.language);
      else if (action.type === 'do') this.doAction(flow, p, context.answers);
      else if (action.type === 'goto') goto = p.flow;
      else if (action.type === 'decide') decide = p.state;
      else if (action.type === 'expired') expired = true;
    }
    if (snapshot.status !== 'done') {
      const previousSeq = this.state?.seq ?? 0;
      const seq = newWait ? Math.max(previousSeq + 1, this.input.now.getTime()) : previousSeq;
      this.state = {
        flowId: flow.id,
        flowHash: flow.hash,
        value: String(snapshot.value),
        context,
        seq,
        startedAt: this.state?.flowId === flow.id && this.state.flowHash === flow.hash ? this.state.startedAt : this.input.now.toISOString(),
      };
      if (decide) {
        if (++this.hops > MAX_FLOW_HOPS) return this.end('completed');
        const when = flow.def.states[decide].when!;
        const vars = this.vars(context.answers);
        const branch = when.findIndex((w) => vars[w.known] !== undefined && vars[w.known] !== '');
        this.advance(flow, { type: `DECIDE.${branch < 0 ? 'else' : branch}` }, newWait);
        return;
      }
      const wait = flow.waits.get(this.state.value);
      if (wait && newWait) this.effects.push({ type: 'scheduleTimeout', seq, kind: 'nudge', delayMs: wait.nudgeMs });
      return;
    }
    if (expired) {
      if (flow.feedback && ['rating', 'comment', 'choice'].some((k) => k in context.answers)) {
        this.effects.push(this.feedbackEffect(flow, flow.feedback, context.answers));
      }
      this.say('common.expired');
    }
    this.state = { flowId: flow.id, flowHash: flow.hash, value: String(snapshot.value), context, seq: this.state?.seq ?? 0, startedAt: '' };
    if (goto) this.startFlow(goto, 'completed');
    else this.end(expired ? 'expired' : 'completed');
  }

  private sayState(flow: CompiledFlow, p: { key: string; state: string; reprompt?: boolean; nudge?: boolean; short?: boolean }, answers: Record<string, string | number>): void {
    const wait = flow.waits.get(p.state);
    const reply: Reply = { key: p.key, vars: this.vars(answers) };
    // A nudge and the short "still not sure" line go without the choices: they point to MENU.
    if (wait?.choices.length && !p.nudge && !p.short) {
      reply.choices = wait.choices.map((c) => (c.language ? { value: c.value, labelKey: c.labelKey, labelLanguage: c.language } : { value: c.value, labelKey: c.labelKey }));
      // The language menu is read before a language is chosen: say it in every language.
      if (flow.def.states[p.state]?.language_menu) reply.allLanguages = true;
    }
    this.replies.push(reply);
  }

  private doAction(flow: CompiledFlow, action: any, answers: Record<string, string | number>): void {
    if (action.save) this.saveField(action.save.field, action.save.value);
    else if (action.feedback) this.effects.push(this.feedbackEffect(flow, action.feedback, answers));
    else if (action.handoff) this.effects.push({ type: 'handoff', flowId: flow.id, ...(action.handoff.reason ? { reason: action.handoff.reason } : {}) });
    else if (action.schedule) {
      this.effects.push({ type: 'scheduleFlow', flowId: action.schedule.flow, delayMs: parseDuration(action.schedule.after) ?? 0 });
    }
  }

  private feedbackEffect(flow: CompiledFlow, fb: { question: string; topic?: string }, answers: Record<string, string | number>): Effect {
    const effect: Extract<Effect, { type: 'feedback' }> = { type: 'feedback', flowId: flow.id, question: fb.question };
    if (typeof answers.rating === 'number') effect.rating = answers.rating;
    if (answers.comment !== undefined) effect.comment = String(answers.comment);
    if (answers.choice !== undefined && answers.choice !== 'skip') effect.choice = String(answers.choice);
    if (fb.topic) effect.topic = fb.topic;
    return effect;
  }

  private say(key: string): void {
    this.replies.push({ key, vars: this.vars({}) });
  }

  private vars(answers: Record<string, string | number>): Record<string, string | number> {
    const { settings } = this.env;
    const known = { ...this.contact.vars, ...answers };
    return { ...settings.vars, ...settings.facts?.(known, this.language), ...known };
  }

  private saveField(field: string, value: string | number): void {
    this.contact.vars[field] = value;
    this.effects.push({ type: 'saveField', field, value });
  }

  private setLanguage(language: string): void {
    this.contact.language = language;
    this.effects.push({ type: 'setLanguage', language });
  }

  private end(outcome: 'completed' | 'expired' | 'replaced' | 'stopped'): void {
    if (this.state) this.effects.push({ type: 'conversationEnded', flowId: this.state.flowId, outcome });
    this.state = null;
  }
}
