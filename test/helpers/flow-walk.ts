/**
 * Walks every shipped flow in every shipped language as a person writing in would, on a channel
 * whose choices are numbered lines (SMS, WhatsApp), and checks each step against the pure engine
 * (the oracle): the texts that reach the provider are the engine's replies rendered in the
 * person's language, choices as numbered lines, and the numbers typed back select them. Flows are
 * reached the way a person reaches them: the language menu on first contact, global keywords
 * (MENU, START, AGENT), menu choices, a flow's own keyword, or a scheduled follow-up arriving (its
 * delayed job promoted). Used by test/channels/sms and test/channels/whatsapp.
 */
import { renderAsText } from '../../src/channels/render-text';
import type { FlowDef } from '../../src/engine/flow-schema';
import { step } from '../../src/engine/step';
import type { ContactView, ConversationState, EngineEvent, OutboundMessage } from '../../src/engine/types';
import { JOB, QUEUES } from '../../src/queue/jobs';
import { getContact } from '../../src/store/contacts';
import type { Identity, Message } from '../../src/store/schema';
import { eventually, type TestSystem } from './system';

/** What the walk needs of a channel's test. */
export interface WalkHarness {
  system: TestSystem;
  /** The injected clock. */
  now(): Date;
  /** A fresh address (a phone number) for one person. */
  newAddress(): string;
  /** Writes `text` in through the channel's webhook and waits until done; the outbound messages it caused. */
  converse(address: string, text: string): Promise<Message[]>;
  /** The texts the fake provider accepted for `address`, in order. */
  sentTexts(address: string): string[];
  identity(address: string): Promise<Identity | undefined>;
  messagesOf(address: string): Promise<Message[]>;
  /** Waits until all `address` sent is processed and all queued for it has left the queue. */
  settled(address: string): Promise<Message[]>;
}

const answers = (h: WalkHarness): Record<string, (language: string) => string> => ({
  text: () => 'Thank you for doing this',
  number: () => '3',
  us_state: () => 'CA',
  zip: () => '94110',
  rating: () => '4',
  yes_no: (language) => h.system.runtime.translator.words(language, 'common.yes_words')[0] ?? 'yes',
  email: () => 'voter@example.org',
});

/** A person on a phone channel, mirrored by the pure engine. */
class Walker {
  contact: ContactView = { language: null, vars: {}, optedOut: false };
  state: ConversationState | null = null;
  readonly phone: string;
  /** States the conversation waited in, and choice targets taken (`flow.state`). */
  readonly visited = new Set<string>();
  readonly chosen = new Set<string>();
  /** Flows the conversation went through. */
  readonly entered = new Set<string>();
  readonly log: string[] = [];

  constructor(
    private readonly h: WalkHarness,
    readonly language: string,
  ) {
    this.phone = h.newAddress();
  }

  get env() {
    return this.h.system.runtime.env;
  }

  /** Texts `text`; checks what arrives against what the engine says should. */
  async say(text: string): Promise<void> {
    const expected = this.oracle({ type: 'message', text });
    const sentBefore = this.h.sentTexts(this.phone).length;
    const out = await this.h.converse(this.phone, text);
    this.check(`"${text}"`, out, expected, sentBefore);
  }

  /** A scheduled flow comes due: its delayed job is promoted (or queued, when none is pending). */
  async scheduled(flowId: string): Promise<void> {
    const who = (await this.h.identity(this.phone))!;
    const timers = this.h.system.runtime.queues.get(QUEUES.timers);
    const pending = (await timers.getDelayed()).find((j) => j.name === JOB.startFlow && j.data.contactId === who.contact_id && j.data.flowId === flowId);
    const expected = this.oracle({ type: 'startFlow', flowId });
    const sentBefore = this.h.sentTexts(this.phone).length;
    const before = (await this.h.messagesOf(this.phone)).length;
    if (pending) await pending.promote();
    else await timers.add(JOB.startFlow, { contactId: who.contact_id, identityId: who.id, flowId }, { jobId: `e2e-${who.contact_id}-${flowId}` });
    await eventually(async () => (await this.h.messagesOf(this.phone)).length >= before + expected.length && (await this.h.messagesOf(this.phone)).length);
    const out = (await this.h.settled(this.phone)).slice(before).filter((m) => m.direction === 'out');
    this.check(`(${flowId} due${pending ? ', scheduled by the conversation' : ''})`, out, expected, sentBefore);
  }

  private check(what: string, out: Message[], expected: OutboundMessage[], sentBefore: number): void {
    this.log.push(`> ${what}`, ...out.map((m) => `< ${m.key}`));
    const where = `${this.language}, after ${what}, now at ${this.where()}:\n${this.log.join('\n')}`;
    expect({ where, keys: out.map((m) => m.key) }).toEqual({ where, keys: expected.map((e) => e.key) });
    expect({ where, statuses: out.map((m) => m.status) }).toEqual({ where, statuses: out.map(() => 'queued') });
    // What reached Twilio: exactly these texts (replies of one step may overtake each other).
    const arrived = this.h.sentTexts(this.phone).slice(sentBefore);
    expect({ where, arrived: [...arrived].sort() }).toEqual({ where, arrived: expected.map(renderAsText).sort() });
  }

  /** Steps the oracle; the rendered messages it expects. */
  private oracle(event: EngineEvent): OutboundMessage[] {
    const result = step(this.env, { contact: this.contact, state: this.state, event, now: this.h.now() });
    this.contact = result.contact;
    this.state = result.state;
    for (const e of result.effects) if (e.type === 'conversationEnded') this.entered.add(e.flowId);
    if (this.state) {
      this.entered.add(this.state.flowId);
      this.visited.add(`${this.state.flowId}.${this.state.value}`);
    }
    const language = this.contact.language ?? this.h.system.runtime.translator.defaultLanguage;
    return result.replies.map((r) => this.h.system.runtime.translator.render(r, language));
  }

  where(): string {
    return this.state ? `${this.state.flowId}.${this.state.value}` : 'none';
  }

  /** The first word of a keyword list in this person's language (normalised, as the engine matches). */
  word(key: string): string | undefined {
    return this.h.system.runtime.translator.words(this.language, key)[0];
  }

  private waiting(): boolean {
    return !!this.state && !!this.env.flows.version(this.state.flowId, this.state.flowHash)?.waits.has(this.state.value);
  }

  /** Answers the waiting state: a valid input, or a choice leading somewhere new (else out of the flow). */
  async answer(): Promise<void> {
    const state = this.state!;
    const flow = this.env.flows.version(state.flowId, state.flowHash)!;
    const wait = flow.waits.get(state.value)!;
    const def = flow.def.states[state.value];
    // Where a state takes a choice or an input (a comment, or "skip"), the input is the main road.
    if (wait.input) return this.say(answers(this.h)[wait.input](this.language));
    let index: number;
    if (def.language_menu) index = wait.choices.findIndex((c) => c.language === this.language);
    else {
      const targets = this.targets(flow.def, state.value);
      // Stay in the flow while it has something not yet seen (every FAQ answer); then leave it.
      index = targets.findIndex((t) => !t.startsWith('@') && ((!this.visited.has(t) && !this.chosen.has(t)) || this.unexplored(flow.def, t)));
      if (index < 0) index = targets.findIndex((t) => t.startsWith('@'));
      if (index < 0) index = targets.length - 1;
      this.chosen.add(targets[index]);
    }
    return this.say(String(index + 1));
  }

  /** Where each choice of a state leads: `flow.state`, or `@flow`. */
  private targets(def: FlowDef, stateName: string): string[] {
    return (def.states[stateName].choices ?? []).map((c) => (c.next.startsWith('@') ? c.next : `${def.id}.${c.next}`));
  }

  /** A choice state of this flow with a choice not taken yet. */
  private unexplored(def: FlowDef, target: string): boolean {
    const name = target.slice(def.id.length + 1);
    return !!def.states[name]?.choices && this.targets(def, name).some((t) => !t.startsWith('@') && !this.chosen.has(t));
  }

  /** Starts a flow as a person can: its global keyword, a menu choice, its own keyword, or it comes due. */
  async start(flowId: string): Promise<void> {
    const { settings } = this.env;
    const roles: Record<string, string> = { [settings.menuFlow]: 'keywords.menu', [settings.languageFlow]: 'keywords.language', [settings.handoffFlow]: 'keywords.agent', [settings.defaultFlow]: 'keywords.start' };
    const roleWord = roles[flowId] && this.word(roles[flowId]);
    if (roleWord) return this.say(roleWord);
    const menu = this.env.flows.current(settings.menuFlow);
    const menuState = menu && Object.entries(menu.def.states).find(([, s]) => s.choices?.some((c) => c.next === `@${flowId}`));
    const menuWord = this.word('keywords.menu');
    if (menuState && menuWord) {
      await this.say(menuWord);
      if (this.state?.flowId === settings.menuFlow && this.state.value === menuState[0]) {
        return this.say(String(menuState[1].choices!.findIndex((c) => c.next === `@${flowId}`) + 1));
      }
    }
    const own = this.env.flows.current(flowId)?.def.keywords;
    const ownWord = own && this.word(own);
    if (ownWord && !this.waiting()) return this.say(ownWord);
    return this.scheduled(flowId);
  }

  /** Answers until the conversation leaves the flow. */
  async walk(flowId: string, maxSteps = 30): Promise<void> {
    for (let i = 0; i < maxSteps && this.state?.flowId === flowId && this.waiting(); i++) await this.answer();
    const where = `${this.language}: walking ${flowId}\n${this.log.join('\n')}`;
    expect({ where, stillIn: this.state?.flowId === flowId }).toEqual({ where, stillIn: false });
  }
}

/** The walk, one person per language at once: language menu, menu, every flow, handoff last. */
export async function walkEveryFlowInEveryLanguage(h: WalkHarness): Promise<void> {
  const { flows, settings } = h.system.runtime.env;
  const languages = h.system.runtime.translator.languages;
  const ids = flows.all().map((f) => f.id);
  expect(languages.length).toBeGreaterThan(1);
  expect(ids).toEqual(expect.arrayContaining([settings.languageFlow, settings.menuFlow, settings.handoffFlow]));
  // Handoff hands the conversation to a volunteer (the bot then stays quiet): it comes last.
  const middle = ids.filter((id) => ![settings.languageFlow, settings.menuFlow, settings.handoffFlow].includes(id)).sort();
  const order = [settings.menuFlow, ...middle, settings.handoffFlow];

  await Promise.all(
    languages.map(async (language) => {
      const person = new Walker(h, language);
      // First contact: the language menu, in every language; the person picks theirs.
      await person.say('Hi');
      expect(person.where()).toMatch(new RegExp(`^${settings.languageFlow}\\.`));
      await person.walk(settings.languageFlow);
      const contact = await getContact(h.system.runtime.db.kysely, (await h.identity(person.phone))!.contact_id);
      expect(contact!.language).toBe(language);
      for (const flowId of order) {
        if (person.state?.flowId !== flowId) await person.start(flowId);
        expect({ language, flow: flowId, entered: person.entered.has(flowId) }).toEqual({ language, flow: flowId, entered: true });
        if (person.state?.flowId === flowId) await person.walk(flowId);
      }
      expect([...ids].filter((id) => !person.entered.has(id))).toEqual([]);
      // The stored conversation agrees with the oracle's.
      const stored = await h.system.runtime.db.kysely.selectFrom('conversations').selectAll().where('contact_id', '=', contact!.id).executeTakeFirst();
      expect(stored?.flow_id ?? null).toBe(person.state?.flowId ?? null);
    }),
  );
}
