import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { FOLLOW_UP_KEY, FOLLOW_UP_VALUE, type CompiledChoice, type CompiledFlow, type FlowInput, type WaitInfo } from './compile';
import { parseDuration } from './duration';
import { interpretAnswer } from './interpret';
import { HELP_OPTED_OUT_KEY, STOP_CONFIRM_KEY } from './consent';
import { flowForKeyword } from './keywords';
import { messageKeyword } from './message-keyword';
import { matchOptOut } from './opt-out';
import type { ClassifiedKeyword, ContactView, ConversationState, Effect, EngineEvent, FlowContext, KnowledgePort, MessageIntent, Reply, StepResult } from './types';
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
  /**
   * Questions answered from the knowledge base: started with what was found (`topic`, `topics`,
   * `unanswered`, `offer`) and waiting for the next question (flows/questions.yaml). Without it,
   * or without `EngineEnv.knowledge`, free text is never a question.
   */
  questionsFlow?: string;
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
  /** The knowledge base (questions in people's own words); optional: without it no text is a question. */
  knowledge?: KnowledgePort;
}

/** The language note: said once when the language was read from the person's first message. */
export const LANGUAGE_NOTE_KEY = 'questions.language_note';
/** Said after a general answer when the person's state is known but the election data has nothing checked for it. */
export const NO_STATE_FACTS_KEY = 'questions.no_state_facts';


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
  /** The language was read from this message (no menu): tell the person once how to change it. */
  private languageGuessed = false;

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
    if (this.languageGuessed && !this.contact.optedOut && !this.replies.some((r) => r.allLanguages)) {
      // One line on how to change language, after the answer and before what waits for the next
      // message ("anything else?", the menu), which stays last beside its choices.
      this.replies.splice(Math.max(1, this.replies.length - 1), 0, { key: LANGUAGE_NOTE_KEY, vars: this.vars({}) });
    }
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
      const guess = this.guessLanguage(text, payload);
      if (guess) {
        this.setLanguage(guess);
        this.languageGuessed = true;
      } else if (hint && lexicon.languages.includes(hint)) this.setLanguage(hint);
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
      const offered = this.waitWithTopics(wait, this.state!.context);
      const answer = interpretAnswer(offered, { text, payload }, this.language, lexicon);
      const picked = answer.type.startsWith('CHOICE.') ? answer.type.slice('CHOICE.'.length) : undefined;
      if (picked && offered !== wait && !wait.choices.some((c) => c.value === picked)) {
        const followUp = picked === FOLLOW_UP_VALUE && this.followUpOf(this.state!.context);
        if (followUp) this.startFlow(followUp, 'completed');
        else this.answerTopic(picked, this.state!.context.question ?? text);
        return;
      }
      if (answer.type === 'INPUT_INVALID' && !payload) {
        // Where free text is a question, a flow's keyword (the whole message: REGISTRAR) still opens it.
        const byKeyword = wait.questions ? this.flowKeyword(text) : null;
        if (byKeyword) return this.startFlow(byKeyword, 'replaced');
        // Not an answer to the question asked: a question of the person's own, when the knowledge base
        // knows it (in a state that collects data, only a confident match: "Narnia" stays invalid).
        if (this.askKnowledge(text, !!wait.questions)) return;
      }
      this.advance(active, answer);
      return;
    }
    const byKeyword = payload ? null : this.flowKeyword(text);
    if (!byKeyword && !payload && this.askKnowledge(text, true)) return;
    this.startFlow(byKeyword ?? settings.defaultFlow, 'replaced');
  }

  /** The flow whose `keywords` are the whole message, or null. */
  private flowKeyword(text: string): string | null {
    const keywordFlows = this.env.flows.all().map((f) => ({ id: f.id, keywordsKey: f.def.keywords }));
    return flowForKeyword(text, this.env.lexicon, keywordFlows, this.contact.language);
  }

  /**
   * The language of a new contact's first message, when the knowledge base says it clearly, and
   * unless it is an answer to the language menu they are looking at ("2", "español").
   */
  private guessLanguage(text: string, payload: string | undefined): string | undefined {
    const { knowledge, lexicon, settings } = this.env;
    if (!knowledge || payload || !text.trim()) return undefined;
    if (this.state?.flowId === settings.languageFlow && this.answersWaitingState(text)) return undefined;
    const guess = knowledge.identifyLanguage(text);
    return guess.confident && lexicon.languages.includes(guess.language) ? guess.language : undefined;
  }

  /** Whether questions can be answered now: a knowledge base, the questions flow, and a language to answer in. */
  private get questionsFlow(): CompiledFlow | undefined {
    const { knowledge, settings } = this.env;
    if (!knowledge || !settings.questionsFlow || !this.contact.language) return undefined;
    return this.env.flows.current(settings.questionsFlow);
  }

  /**
   * Free text as a question for the knowledge base, in the contact's language. An answer or a "did
   * you mean" is given whenever the base finds one; the honest "I don't know" (and the question
   * kept for organizers) only when `fallback` and the message is a question at all ("hi" is not).
   * Returns false when nothing was said, so the caller goes on as before.
   */
  private askKnowledge(text: string, fallback: boolean): boolean {
    const knowledge = this.env.knowledge;
    if (!knowledge || !this.questionsFlow) return false;
    const found = knowledge.match(text, this.language);
    if (found.kind === 'answer' && knowledge.topic(found.topic)?.kind !== 'none') {
      this.answerTopic(found.topic, text);
      return true;
    }
    if (found.kind === 'choices' && found.topics.length) {
      this.startQuestions({ topics: found.topics.join(' ') }, text);
      return true;
    }
    if (fallback && (found.kind === 'none' ? found.asked : true)) {
      const nearest = found.kind === 'none' ? found.nearest : found.kind === 'choices' ? found.topics[0] : found.topic;
      this.startQuestions({ unanswered: 'yes', ...(nearest ? { nearest } : {}) }, text);
      return true;
    }
    return false;
  }

  /** Says a topic's answer at once, then waits for the next question (offering to tailor it when the state would). */
  private answerTopic(topic: string, question: string): void {
    const info = this.env.knowledge?.topic(topic);
    const tailored = this.sayTopic(topic, {}, false);
    const offer = info?.tailor === 'state' && !tailored && (this.contact.vars.state === undefined || this.contact.vars.state === '');
    this.startQuestions(offer ? { topic, offer: 'state' } : { topic }, question);
  }

  /**
   * Says `knowledge.<topic>.answer_state` when the topic is tailored by state and every variable it
   * names is known for the person's state; otherwise the general answer (or, `onlyTailored`, the
   * line saying there is nothing checked for their state). True when the tailored answer was said.
   */
  private sayTopic(topic: string, answers: Record<string, string | number>, onlyTailored: boolean): boolean {
    const info = this.env.knowledge?.topic(topic);
    const vars = this.vars(answers);
    const known = (v: string) => vars[v] !== undefined && vars[v] !== '';
    if (info?.tailor === 'state' && known('state') && (info.stateVars ?? []).every(known)) {
      this.replies.push({ key: `knowledge.${topic}.answer_state`, vars });
      return true;
    }
    this.replies.push({ key: onlyTailored ? NO_STATE_FACTS_KEY : `knowledge.${topic}.answer`, vars });
    return false;
  }

  /** Starts the questions flow with what the knowledge base found, ending the current conversation. */
  private startQuestions(answers: Record<string, string | number>, question: string): void {
    const flow = this.questionsFlow;
    if (!flow) return;
    this.startFlow(flow.id, 'replaced', { answers, question });
  }

  /**
   * A waiting state's choices with what the conversation adds before its own: a "did you mean"'s
   * topics (value: the topic id, label: its title), and after an answer the topic's follow-up flow
   * (value `follow_up`, label `questions.follow_up`).
   */
  private waitWithTopics(wait: WaitInfo, context: FlowContext): WaitInfo {
    const added: CompiledChoice[] = [];
    if (wait.topicChoices) {
      const topics = String(context.answers.topics ?? '').split(' ').filter(Boolean);
      added.push(...topics.map((topic) => ({ value: topic, labelKey: `knowledge.${topic}.title` })));
    }
    if (wait.followUp && this.followUpOf(context)) added.push({ value: FOLLOW_UP_VALUE, labelKey: FOLLOW_UP_KEY });
    return added.length ? { ...wait, choices: [...added, ...wait.choices] } : wait;
  }

  /** The follow-up flow of the conversation's answered topic (knowledge/<id>.yaml `follow_up`), when it exists. */
  private followUpOf(context: FlowContext): string | undefined {
    const topic = context.answers.topic;
    const flow = topic === undefined ? undefined : this.env.knowledge?.topic(String(topic))?.followUp;
    return flow && this.env.flows.current(flow) ? flow : undefined;
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
  private startFlow(flowId: string, previousOutcome: 'replaced' | 'completed', input?: FlowInput): void {
    if (this.state) this.end(previousOutcome);
    const flow = this.env.flows.current(flowId) ?? this.env.flows.current(this.env.settings.menuFlow);
    if (!flow || ++this.hops > MAX_FLOW_HOPS) return;
    const [snapshot, actions] = initialTransition(flow.machine, input);
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
      else if (action.type === 'do') this.doAction(flow, p, context);
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
    const offered = wait && this.waitWithTopics(wait, { tries: 0, nudged: false, answers });
    // A nudge and the short "still not sure" line go without the choices: they point to MENU.
    if (offered?.choices.length && !p.nudge && !p.short) {
      reply.choices = offered.choices.map((c) => (c.language ? { value: c.value, labelKey: c.labelKey, labelLanguage: c.language } : { value: c.value, labelKey: c.labelKey }));
      // The language menu is read before a language is chosen: say it in every language.
      if (flow.def.states[p.state]?.language_menu) reply.allLanguages = true;
    }
    this.replies.push(reply);
  }

  private doAction(flow: CompiledFlow, action: any, context: FlowContext): void {
    const answers = context.answers;
    if (action.save) this.saveField(action.save.field, action.save.value);
    else if (action.answer) {
      if (answers.topic !== undefined) this.sayTopic(String(answers.topic), answers, true);
    } else if (action.unanswered) {
      if (context.question) {
        // The best-ranked topic: what the matcher found nearest, or the first topic a "did you mean" offered.
        const nearest = answers.nearest ?? String(answers.topics ?? '').split(' ').filter(Boolean)[0];
        this.effects.push({ type: 'unanswered', text: context.question, language: this.language, ...(nearest ? { nearestTopic: String(nearest) } : {}) });
      }
    }
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
