/**
 * A person talking to the shipped flows through the web simulator's JSON API (as simulator.html
 * does), in one language, for test/languages/flows-by-language.test.ts.
 *
 * The person is mirrored by the pure engine (`step`, the oracle, as in the SMS end-to-end test),
 * which says which replies, with which variables (election facts included) and choices, should
 * come back. Every step is then checked three ways:
 * - keys: the replies' i18n keys, in stored order, are the oracle's;
 * - text: each reply's text and choice labels are exactly what the Translator renders for the
 *   person's language;
 * - language: every key and label key has its own text in that language (a missing translation
 *   falls back to English in the Translator, so rendering alone would not notice), no `{{`/`}}` is
 *   left, and outside the default language long texts and choice sets are not the English ones.
 * The oracle alone would agree with an engine that misreads a word, so each action also states
 * its intent independently: typing a choice's word must do what pressing its button does, a
 * typed keyword what the channel command does, a valid input must be saved as the given value.
 *
 * Words typed by the person come from the locale files (first entry of a keyword or match list,
 * as written there: case and accents included), so the same code works for every language.
 * A step's replies are read back from the simulator's log in stored order (message ids), once the
 * person's own message is marked processed: the runner stores the replies in the same
 * transaction, so no count is guessed and no fixed sleep is needed; the order in which the
 * outbound queue delivers them does not matter.
 */
import { randomBytes } from 'node:crypto';
import type { LoggedMessage } from '../../src/channels/types';
import type { CompiledFlow, WaitInfo } from '../../src/engine/compile';
import { classifyGlobal, type GlobalKeyword } from '../../src/engine/keywords';
import { step } from '../../src/engine/step';
import type { ContactView, ConversationState, EngineEvent, StepResult } from '../../src/engine/types';
import { lookup } from '../../src/i18n/catalog';
import { eventually, type TestSystem } from '../helpers/system';

/** How a person picks a choice. */
export type ChoiceBy = 'number' | 'digits' | 'word' | 'numberWord' | 'label';

/** A number written with the language's own digits (Arabic-Indic for ar), as Intl writes it. */
export const nativeNumber = (language: string, n: number): string =>
  // In the language's most likely region (ar -> ar-EG): CLDR gives bare "ar" Latin digits.
  new Intl.NumberFormat(`${language}-${new Intl.Locale(language).maximize().region ?? ''}`.replace(/-$/, ''), { useGrouping: false }).format(n);

/** How long a step may take on a busy 2-core machine. */
const STEP_TIMEOUT_MS = 20_000;
/** How often the person's message is looked at while it is processed. */
const POLL_MS = 25;

/** English texts at least this long must not be what another language shows (a fallback). */
const LONG_TEXT = 40;

/** Words that still reach the bot while a volunteer has the conversation (src/runtime/process-contact.ts). */
const DURING_HANDOFF: GlobalKeyword[] = ['stop', 'start', 'help'];

/** How long each step took (ms), for the test's timing summary. */
export const stepTimes: number[] = [];

/** What a step should do besides matching the oracle. */
type Intent = (result: StepResult | null, keys: string[]) => void;

export class SimulatorPerson {
  readonly session: string;
  contactId?: string;
  /** The oracle's view of the contact and conversation. */
  contact: ContactView = { language: null, vars: {}, optedOut: false };
  state: ConversationState | null = null;
  /** A volunteer has the conversation: the bot only answers STOP, START and HELP. */
  handedOff = false;
  private readonly transcript: string[] = [];

  constructor(
    private readonly system: TestSystem,
    readonly language: string,
    readonly name: string,
  ) {
    this.session = `lang-${language.replace(/[^A-Za-z0-9]/g, '')}-${randomBytes(6).toString('hex')}`;
  }

  private get rt() {
    return this.system.runtime;
  }

  private get t() {
    return this.rt.translator;
  }

  // ---- the flows ------------------------------------------------------------------------------

  flow(id: string): CompiledFlow {
    const flow = this.rt.flows.current(id);
    if (!flow) throw new Error(`flow "${id}" is not loaded`);
    return flow;
  }

  /** `flow.state` where the conversation waits, or 'none'. */
  get at(): string {
    return this.state ? `${this.state.flowId}.${this.state.value}` : 'none';
  }

  /** What the waiting state waits for. */
  waiting(): { flow: CompiledFlow; wait: WaitInfo } {
    const flow = this.state && this.rt.flows.version(this.state.flowId, this.state.flowHash);
    const wait = flow && flow.waits.get(this.state!.value);
    if (!flow || !wait) throw new Error(`${this.where()}\nno conversation is waiting for an answer`);
    return { flow, wait };
  }

  // ---- the person's words ---------------------------------------------------------------------

  /** Entry `index` of a comma-separated word list in this language, as written in the locale file. */
  word(key: string, index = 0): string {
    const raw = lookup(this.t.locales.catalog, this.language, key);
    if (raw === undefined) throw new Error(`locales/${this.language}/${key.split('.')[0]}.json has no "${key.split('.').slice(1).join('.')}"`);
    const word = raw.split(',')[index]?.trim();
    if (!word) throw new Error(`locales/${this.language}: "${key}" has no entry ${index + 1}`);
    return word;
  }

  // ---- the oracle -----------------------------------------------------------------------------

  /** What the engine does with an event now (nothing is committed). */
  private predict(event: EngineEvent): StepResult {
    return step(this.rt.env, { contact: this.contact, state: this.state, event, now: new Date() });
  }

  /** The oracle for a typed message: null when it is relayed to a volunteer instead. */
  private predictText(text: string): StepResult | null {
    const keyword = classifyGlobal(text, this.rt.env.lexicon)?.keyword;
    if (this.handedOff && !(keyword && DURING_HANDOFF.includes(keyword))) return null;
    return this.predict({ type: 'message', text });
  }

  private commit(result: StepResult | null): void {
    if (!result) return;
    this.contact = result.contact;
    this.state = result.state;
    if (result.effects.some((e) => e.type === 'handoff')) this.handedOff = true;
  }

  // ---- talking --------------------------------------------------------------------------------

  /** Sends a message; checks that what comes back is what the oracle says, and the step's intent. */
  async send(text: string, intent?: Intent): Promise<LoggedMessage[]> {
    const result = this.predictText(text);
    const started = Date.now();
    const res = await fetch(`${this.system.url}/simulator/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session: this.session, text }),
    });
    const body = (await res.json()) as { status: string; messageId: string; contactId: string };
    expect({ status: res.status, body: body.status }).toEqual({ status: 202, body: 'accepted' });
    this.contactId ??= body.contactId;
    const id = BigInt(body.messageId);
    // The runner marks the message processed in the transaction that stores its replies; a message
    // relayed to a volunteer becomes 'relayed' when the handoff worker has passed it on, which may
    // already be the case when it is read here.
    const db = this.rt.db.kysely;
    const done = (status: string | undefined) => status === 'processed' || status === 'relayed';
    await eventually(async () => done((await db.selectFrom('messages').select('status').where('id', '=', body.messageId).executeTakeFirst())?.status), STEP_TIMEOUT_MS, POLL_MS).catch((err) => {
      throw new Error(`${this.where(text)}\n"${text}" was not processed: ${err.message}`);
    });
    const messages = await this.log((id - 1n).toString());
    stepTimes.push(Date.now() - started);
    const out = messages.filter((m) => m.direction === 'out' && BigInt(m.id) > id).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    this.transcript.push(`> ${text}`, ...out.map((m) => `< ${m.key}`));
    this.explain(text, () => {
      const received = messages.find((m) => m.id === body.messageId);
      expect(received).toMatchObject({ direction: 'in', text });
      expect(received?.status).toBe(result === null && this.handedOff && received?.status === 'relayed' ? 'relayed' : 'processed');
      intent?.(result, out.map((m) => m.key ?? ''));
      this.checkReplies(out, result);
    });
    this.commit(result);
    return out;
  }

  /** The simulator's message log of this session after a message id. */
  async log(after = '0'): Promise<LoggedMessage[]> {
    const res = await fetch(`${this.system.url}/simulator/api/messages?session=${this.session}&after=${after}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { messages: LoggedMessage[] }).messages;
  }

  where(text?: string): string {
    return `[${this.language}] ${this.name}${text === undefined ? '' : `, after ${JSON.stringify(text)}`} (was at ${this.at}); the conversation so far:\n${this.transcript.slice(-30).join('\n')}`;
  }

  /** Runs `assert`; a failure says where it happened (language, walk, the conversation so far). */
  explain(text: string | undefined, assert: () => void): void {
    try {
      assert();
    } catch (err) {
      if (err instanceof Error) err.message = `${this.where(text)}\n\n${err.message}`;
      throw err;
    }
  }

  private checkReplies(out: LoggedMessage[], result: StepResult | null): void {
    const replies = result?.replies ?? [];
    expect(out.map((m) => m.key)).toEqual(replies.map((r) => r.key));
    const { t } = this;
    const base = t.defaultLanguage;
    // The runner renders in the contact's language once the step has set it.
    const language = result?.contact.language ?? base;
    out.forEach((m, i) => {
      const reply = replies[i];
      const rendered = t.render(reply, language);
      // Exactly what the Translator renders for this language.
      expect({ key: m.key, text: m.text, choices: m.choices ?? [] }).toEqual({ key: m.key, text: rendered.text, choices: rendered.choices ?? [] });
      // ... and really this language's text, not a fallback.
      const problems: string[] = [];
      for (const l of reply.allLanguages ? t.languages : [language]) {
        if (!t.has(l, reply.key)) problems.push(`"${reply.key}" has no text in ${l}`);
      }
      for (const c of reply.choices ?? []) if (!t.has(c.labelLanguage ?? language, c.labelKey)) problems.push(`choice label "${c.labelKey}" has no text in ${c.labelLanguage ?? language}`);
      for (const s of [m.text, ...(m.choices ?? []).map((c) => c.label)]) {
        if (s.includes('{{') || s.includes('}}')) problems.push(`uninterpolated text: ${JSON.stringify(s)}`);
        if (!s.trim()) problems.push(`empty text in "${m.key}"`);
      }
      if (language !== base && !reply.allLanguages) {
        const english = t.render(reply, base);
        if (english.text.length >= LONG_TEXT && m.text === english.text) problems.push(`"${m.key}" is the ${base} text: ${JSON.stringify(m.text)}`);
        const labels = (m.choices ?? []).map((c) => c.label);
        const baseLabels = (english.choices ?? []).map((c) => c.label);
        if (labels.length && JSON.stringify(labels) === JSON.stringify(baseLabels)) problems.push(`the choices of "${m.key}" are the ${base} ones: ${labels.join(' | ')}`);
      }
      expect({ key: m.key, problems }).toEqual({ key: m.key, problems: [] });
    });
  }

  /** Sends a message that must get no reply at all. */
  async silent(text: string): Promise<void> {
    await this.send(text, (_, keys) => expect(keys).toEqual([]));
  }

  // ---- what a person does ---------------------------------------------------------------------

  /** First contact: "Hi" brings the language menu, in every language. */
  async firstContact(): Promise<LoggedMessage[]> {
    return this.send('Hi', (result) => expect(result?.state?.flowId).toBe(this.rt.env.settings.languageFlow));
  }

  /**
   * Picks a choice of the waiting state by its label key (the language menu: `{ language }`).
   * Intent: typing it does exactly what pressing its button does (the same replies, the same place).
   */
  async choose(labelKey: string | { language: string }, by: ChoiceBy): Promise<LoggedMessage[]> {
    const { flow, wait } = this.waiting();
    const index = wait.choices.findIndex((c) => (typeof labelKey === 'string' ? c.labelKey === labelKey && !c.language : c.language === labelKey.language));
    if (index < 0) throw new Error(`${this.where()}\n${flow.id}.${this.state!.value} has no choice ${JSON.stringify(labelKey)}`);
    const choice = wait.choices[index];
    let typed: string;
    if (by === 'number') typed = String(index + 1);
    else if (by === 'digits') typed = nativeNumber(this.language, index + 1);
    else if (by === 'numberWord') typed = this.word('common.number_words', index);
    else if (by === 'word' && choice.matchKey) typed = this.word(choice.matchKey);
    else typed = this.t.t(choice.language ?? this.language, choice.labelKey);
    const pressed = this.predict({ type: 'message', text: '', payload: choice.value });
    return this.send(typed, (result) => {
      const outcome = (r: StepResult | null) => ({ replies: r?.replies.map((x) => x.key), at: r?.state ? `${r.state.flowId}.${r.state.value}` : 'none' });
      expect({ typed, ...outcome(result) }).toEqual({ typed, ...outcome(pressed) });
    });
  }

  /** An answer the waiting state does not take: its re-prompt (with its choices again), and it still waits. */
  async invalid(text: string): Promise<LoggedMessage[]> {
    const { wait } = this.waiting();
    const at = this.at;
    return this.send(text, (result, keys) => {
      expect(keys).toEqual([wait.invalidKey]);
      expect(result?.state ? `${result.state.flowId}.${result.state.value}` : 'none').toBe(at);
    });
  }

  /** Answers the waiting state's input with a valid value; `saved` is the value it must be kept as. */
  async input(text: string, saved: string | number): Promise<LoggedMessage[]> {
    const { flow, wait } = this.waiting();
    if (!wait.input) throw new Error(`${this.where()}\n${this.at} takes no input`);
    const def = flow.def.states[this.state!.value];
    return this.send(text, (result, keys) => {
      expect(keys).not.toEqual([wait.invalidKey]);
      if (def.save) expect(result?.contact.vars[def.save]).toEqual(saved);
      // An answer is kept in the conversation, or stored as feedback when the flow ends there.
      const feedback = result?.effects.find((e) => e.type === 'feedback') as Record<string, unknown> | undefined;
      if (def.answer && result?.state?.flowId === flow.id) expect(result.state.context.answers[def.answer]).toEqual(saved);
      else if (def.answer && feedback) expect(feedback[def.answer]).toEqual(saved);
    });
  }

  /**
   * Sends this language's first word of `keywords.<name>` (optionally disguised by `wrap`).
   * Intent: it does what the channel command for that keyword does (Telegram's /stop and friends).
   */
  async keyword(name: GlobalKeyword, wrap = (w: string) => w): Promise<LoggedMessage[]> {
    const typed = wrap(this.word(`keywords.${name}`));
    // The person has read what was sent before opting out (consent is checked at send time: a reply
    // still queued when STOP arrives is rightly dropped, which is not what this walk is about).
    if (name === 'stop') await this.allDelivered();
    const optedOut = this.contact.optedOut;
    const relayed = this.handedOff && !DURING_HANDOFF.includes(name);
    const command = relayed ? null : this.predict({ type: 'message', text: '', intent: { keyword: name } });
    return this.send(typed, (result) => {
      const outcome = (r: StepResult | null) => ({ replies: r?.replies.map((x) => x.key) ?? [], at: r?.state ? `${r.state.flowId}.${r.state.value}` : 'none', optedOut: r?.contact.optedOut ?? this.contact.optedOut });
      expect({ typed, keyword: name, ...outcome(result) }).toEqual({ typed, keyword: name, ...outcome(command) });
      // One confirmation each way, and nothing else.
      if (name === 'stop' && !optedOut) expect(outcome(result)).toEqual({ replies: ['system.opted_out'], at: 'none', optedOut: true });
      if (name === 'start' && optedOut) expect(outcome(result)).toMatchObject({ replies: ['system.opted_in'], optedOut: false });
      if (optedOut && name !== 'start') expect(outcome(result).replies).toEqual([]);
    });
  }

  /** Starts a flow by the first word of its own `keywords` list (when no conversation waits). */
  async flowKeyword(flowId: string): Promise<LoggedMessage[]> {
    const key = this.flow(flowId).def.keywords;
    if (!key) throw new Error(`flow "${flowId}" has no keywords`);
    return this.send(this.word(key), (result) => expect(result?.state?.flowId).toBe(flowId));
  }

  /** Every reply of this session reached the channel (none suppressed, none failed). */
  async allDelivered(): Promise<LoggedMessage[]> {
    return eventually(async () => {
      const out = (await this.log()).filter((m) => m.direction === 'out');
      return out.every((m) => m.status === 'delivered') ? out : undefined;
    }, STEP_TIMEOUT_MS).catch(async (err) => {
      const out = (await this.log()).filter((m) => m.direction === 'out' && m.status !== 'delivered');
      throw new Error(`${this.where()}\nnot delivered: ${out.map((m) => `${m.key}=${m.status}`).join(', ')} (${err.message})`);
    });
  }
}
