/**
 * Questions in people's own words (issue #15): the engine's decision paths, with the shipped flows
 * and texts and a knowledge port that answers from a table, so each path is pinned down whatever
 * the matcher's tuning. The real matcher is exercised by the transcripts (flows/tests/questions-*).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEngine } from '../../src/app/engine';
import { renderAsText } from '../../src/channels/render-text';
import { Translator } from '../../src/i18n/translator';
import { countSegments } from '../../src/lib/sms-segments';
import { step, type EngineEnv } from '../../src/engine/step';
import type { ContactView, ConversationState, EngineEvent, KnowledgeMatch, KnowledgePort, StepResult } from '../../src/engine/types';

/** A knowledge port that answers from tables, and remembers the languages it was asked in. */
function tablePort(matches: Record<string, KnowledgeMatch>, languages: Record<string, string> = {}): KnowledgePort & { asked: string[] } {
  const base = loadEngine({ FLOWS_DIR: 'flows', LOCALES_DIR: 'locales', DEFAULT_LANGUAGE: 'en', ORG_NAME: 'Org', ORG_CONTACT: 'x' }).env.knowledge!;
  const asked: string[] = [];
  return {
    asked,
    match(text, language) {
      asked.push(language);
      return matches[text] ?? { kind: 'none', asked: false };
    },
    identifyLanguage: (text) => (languages[text] ? { language: languages[text], confident: true } : { language: 'en', confident: false }),
    topic: (id) => base.topic(id),
  };
}

const shipped = readFileSync('data/elections.yaml', 'utf8');
function env(knowledge: KnowledgePort | undefined, checkedElections = false): EngineEnv {
  const path = join(mkdtempSync(join(tmpdir(), 'elections-')), 'elections.yaml');
  writeFileSync(path, shipped.replace(/^example: true$/m, `example: ${!checkedElections}`));
  const loaded = loadEngine({ FLOWS_DIR: 'flows', LOCALES_DIR: 'locales', DEFAULT_LANGUAGE: 'en', ORG_NAME: 'Org', ORG_CONTACT: 'x', ELECTIONS_FILE: path }).env;
  return { ...loaded, knowledge };
}

/** A conversation: each `say` is one step; the last result is kept. */
class Talk {
  state: ConversationState | null = null;
  last!: StepResult;
  constructor(
    readonly env: EngineEnv,
    public contact: ContactView,
  ) {}
  say(text: string, payload?: string): StepResult {
    const event: EngineEvent = { type: 'message', text, ...(payload ? { payload } : {}) };
    this.last = step(this.env, { contact: this.contact, state: this.state, event, now: new Date('2030-09-01T12:00:00Z') });
    this.state = this.last.state;
    this.contact = this.last.contact;
    return this.last;
  }
  get keys() {
    return this.last.replies.map((r) => r.key);
  }
  get where() {
    return this.state ? `${this.state.flowId}.${this.state.value}` : 'none';
  }
}

const en: ContactView = { language: 'en', vars: {}, optedOut: false };
const es: ContactView = { language: 'es', vars: {}, optedOut: false };

const MATCHES: Record<string, KnowledgeMatch> = {
  'do i need id': { kind: 'answer', topic: 'id_requirements' },
  'who should i vote for': { kind: 'answer', topic: 'opinion' },
  'registration deadline': { kind: 'answer', topic: 'deadlines' },
  'am i signed up': { kind: 'choices', topics: ['register', 'check_registration'] },
  "what's the weather?": { kind: 'none', asked: true, nearest: 'not_covered' },
  'how do i register': { kind: 'answer', topic: 'register' },
  pizza: { kind: 'none', asked: false },
  AGENT: { kind: 'answer', topic: 'volunteer' },
  '¿necesito identificación?': { kind: 'answer', topic: 'id_requirements' },
};

describe('questions: free text reaches the knowledge base', () => {
  it('answers at the menu, then waits for the next question with menu / person / done', () => {
    const t = new Talk(env(tablePort(MATCHES)), en);
    t.say('hi');
    expect(t.where).toBe('menu.main');
    t.say('do i need id');
    expect(t.keys).toEqual(['knowledge.id_requirements.answer', 'questions.anything_else']);
    expect(t.where).toBe('questions.anything_else');
    expect(t.last.replies[1].choices?.map((c) => c.labelKey)).toEqual(['questions.main_menu', 'questions.person', 'questions.done']);
    t.say('who should i vote for');
    expect(t.keys).toEqual(['knowledge.opinion.answer', 'questions.anything_else']);
  });

  it('says the general answer at once and offers to tailor it; the state then gives the checked one', () => {
    const t = new Talk(env(tablePort(MATCHES), true), en);
    t.say('registration deadline');
    expect(t.keys).toEqual(['knowledge.deadlines.answer', 'questions.offer_state']);
    t.say('texas');
    expect(t.last.effects).toContainEqual({ type: 'saveField', field: 'state', value: 'TX' });
    expect(t.keys).toEqual(['knowledge.deadlines.answer_state', 'questions.anything_else']);
    expect(t.last.replies[0].vars).toMatchObject({ state: 'TX', registration_deadline: 'October 7' });
  });

  it('gives the tailored answer at once when the state and its checked facts are known', () => {
    const t = new Talk(env(tablePort(MATCHES), true), { ...en, vars: { state: 'TX' } });
    t.say('registration deadline');
    expect(t.keys).toEqual(['knowledge.deadlines.answer_state', 'questions.anything_else']);
  });

  it('never states a fact the data does not have: example data gives the general answer, then says so for the state', () => {
    const t = new Talk(env(tablePort(MATCHES), false), en);
    t.say('registration deadline');
    t.say('TX');
    expect(t.keys).toEqual(['questions.no_state_facts', 'questions.anything_else']);
    t.say('registration deadline');
    expect(t.keys).toEqual(['knowledge.deadlines.answer', 'questions.anything_else']); // state known, nothing to offer
  });

  it('offers close topics as a did-you-mean whose values are the topic ids; a pick answers it', () => {
    const t = new Talk(env(tablePort(MATCHES)), en);
    t.say('am i signed up');
    expect(t.where).toBe('questions.did_you_mean');
    expect(t.last.replies[0].choices).toEqual([
      { value: 'register', labelKey: 'knowledge.register.title' },
      { value: 'check_registration', labelKey: 'knowledge.check_registration.title' },
      { value: 'none_of_these', labelKey: 'questions.none_of_these' },
    ]);
    t.say('', 'check_registration');
    expect(t.keys).toEqual(['knowledge.check_registration.answer', 'questions.offer_state']);
    t.say('am i signed up');
    t.say('1');
    expect(t.keys[0]).toBe('knowledge.register.answer');
  });

  it('"something else" is the honest fallback, and the question is kept for organizers', () => {
    const t = new Talk(env(tablePort(MATCHES)), en);
    t.say('am i signed up');
    t.say('3');
    expect(t.keys).toEqual(['questions.not_sure']);
    // The nearest topic of a "none of these" is the first one offered (the digest and export group by it).
    expect(t.last.effects).toContainEqual({ type: 'unanswered', text: 'am i signed up', language: 'en', nearestTopic: 'register' });
  });

  it('a question it does not know gets "I don\'t know" with a person and the menu, and is kept', () => {
    const t = new Talk(env(tablePort(MATCHES)), en);
    t.say("what's the weather?");
    expect(t.keys).toEqual(['questions.not_sure']);
    expect(t.last.replies[0].choices?.map((c) => c.value)).toEqual(['person', 'main_menu']);
    expect(t.last.effects.filter((e) => e.type === 'unanswered')).toEqual([{ type: 'unanswered', text: "what's the weather?", language: 'en', nearestTopic: 'not_covered' }]);
  });

  it('after the answer of a topic with a follow-up flow, offers that flow first; picking it starts the flow', () => {
    const t = new Talk(env(tablePort(MATCHES)), { ...en, vars: { state: 'TX' } });
    t.say('how do i register');
    expect(t.keys).toEqual(['knowledge.register.answer', 'questions.anything_else']);
    expect(t.last.replies[1].choices?.map((c) => [c.value, c.labelKey])).toEqual([
      ['follow_up', 'questions.follow_up'],
      ['main_menu', 'questions.main_menu'],
      ['person', 'questions.person'],
      ['done', 'questions.done'],
    ]);
    t.say('1');
    expect(t.where).toBe('register.ask_state');
    expect(t.last.effects).toContainEqual({ type: 'conversationEnded', flowId: 'questions', outcome: 'completed' });
    // A topic without one: no such choice, and "1" is the main menu as before.
    t.say('do i need id');
    expect(t.last.replies[1].choices?.map((c) => c.value)).toEqual(['main_menu', 'person', 'done']);
  });

  it('the follow-up is offered beside the offer to tailor too, and by button', () => {
    const t = new Talk(env(tablePort(MATCHES)), en);
    t.say('how do i register');
    expect(t.keys).toEqual(['knowledge.register.answer', 'questions.offer_state']);
    expect(t.last.replies[1].choices?.map((c) => c.value)).toEqual(['follow_up']);
    t.say('', 'follow_up');
    expect(t.keys).toEqual(['register.ask_state']);
  });

  it('a stray word at the menu keeps the menu\'s re-prompt (no question, nothing kept)', () => {
    const t = new Talk(env(tablePort(MATCHES)), en);
    t.say('hi');
    t.say('pizza');
    expect(t.keys).toEqual(['common.invalid']);
    expect(t.last.effects.some((e) => e.type === 'unanswered')).toBe(false);
  });

  it('in a state that collects data, only a confident match is a question; other text keeps the invalid reply', () => {
    const t = new Talk(env(tablePort(MATCHES)), en);
    t.say('REGISTER');
    expect(t.where).toBe('register.ask_state');
    t.say("what's the weather?");
    expect(t.keys).toEqual(['register.bad_state']);
    t.say('do i need id');
    expect(t.keys).toEqual(['knowledge.id_requirements.answer', 'questions.anything_else']);
  });

  it('a message that is exactly a global keyword keeps its meaning', () => {
    const t = new Talk(env(tablePort(MATCHES)), en);
    t.say('do i need id');
    t.say('AGENT');
    expect(t.keys).toEqual(['handoff.ask_reason']);
  });

  it('matches in the contact\'s language, whatever language the words are in', () => {
    const port = tablePort(MATCHES);
    const t = new Talk(env(port), es);
    t.say('do i need id');
    expect(port.asked).toEqual(['es']);
    expect(t.keys[0]).toBe('knowledge.id_requirements.answer');
  });

  it('without a knowledge base, free text is no question (as before)', () => {
    const t = new Talk(env(undefined), en);
    t.say('hi');
    t.say('do i need id');
    expect(t.keys).toEqual(['common.invalid']);
  });
});

describe('questions: the first message of a new contact', () => {
  const nobody: ContactView = { language: null, vars: {}, optedOut: false };

  it('in a clear language: answered in it, with one line on how to change language, once', () => {
    const t = new Talk(env(tablePort(MATCHES, { '¿necesito identificación?': 'es' })), nobody);
    t.say('¿necesito identificación?');
    expect(t.contact.language).toBe('es');
    expect(t.last.effects).toContainEqual({ type: 'setLanguage', language: 'es' });
    expect(t.keys).toEqual(['knowledge.id_requirements.answer', 'questions.language_note', 'questions.anything_else']);
    t.say('¿necesito identificación?');
    expect(t.keys).toEqual(['knowledge.id_requirements.answer', 'questions.anything_else']);
  });

  it('a greeting in a clear language: the welcome and menu in it, with the language note', () => {
    const t = new Talk(env(tablePort(MATCHES, { hola: 'es' })), nobody);
    t.say('hola');
    expect(t.keys).toEqual(['welcome.hello', 'questions.language_note', 'menu.prompt']);
  });

  it('unclear ("hi", "?"): the language menu, and the answer to it as before', () => {
    const t = new Talk(env(tablePort(MATCHES)), nobody);
    t.say('?');
    expect(t.keys).toEqual(['language.prompt']);
    expect(t.last.replies[0].allLanguages).toBe(true);
    t.say('2');
    expect(t.contact.language).toBe('es');
    expect(t.keys).toEqual(['welcome.hello', 'menu.prompt']);
  });

  it('a question typed at the language menu is answered in its language', () => {
    const t = new Talk(env(tablePort(MATCHES, { '¿necesito identificación?': 'es' })), nobody);
    t.say('hi');
    t.say('¿necesito identificación?');
    expect(t.contact.language).toBe('es');
    expect(t.keys).toEqual(['knowledge.id_requirements.answer', 'questions.language_note', 'questions.anything_else']);
  });
});

describe('the language menu for an unclear first message', () => {
  it('costs at most 3 SMS segments with all seven languages (it was 5)', () => {
    const t = new Talk(env(tablePort(MATCHES)), { language: null, vars: {}, optedOut: false });
    t.say('hi');
    const translator = Translator.fromDir('locales', 'en');
    expect(translator.languages).toHaveLength(7);
    const text = renderAsText(translator.render(t.last.replies[0], 'en'));
    expect(text).toContain('العربية');
    expect(countSegments(text).segments).toBeLessThanOrEqual(3);
  });
});
