import { join } from 'node:path';
import { parse } from 'yaml';
import { templateSegments } from '../../src/lib/sms-segments';
import type { FlowDef } from '../../src/engine/flow-schema';
import { CONSENT_REPLY_KEYS } from '../../src/engine/consent';
import { step, type EngineEnv } from '../../src/engine/step';
import type { ContactView, ConversationState, EngineEvent, StepResult } from '../../src/engine/types';
import { Translator } from '../../src/i18n/translator';
import { makeEnv } from './fixtures';

const T0 = new Date('2026-03-02T15:00:00Z');

/** A conversation driven through the pure step function, keeping state like the runner does. */
class Convo {
  contact: ContactView;
  state: ConversationState | null = null;
  now = T0.getTime();
  last!: StepResult;
  constructor(
    readonly env: EngineEnv,
    language: string | null = 'en',
  ) {
    this.contact = { language, vars: {}, optedOut: false };
  }
  send(event: EngineEvent): StepResult {
    this.now += 1000;
    this.last = step(this.env, { contact: this.contact, state: this.state, event, now: new Date(this.now) });
    this.contact = this.last.contact;
    this.state = this.last.state;
    return this.last;
  }
  say(text: string, extra: Partial<Extract<EngineEvent, { type: 'message' }>> = {}) {
    return this.send({ type: 'message', text, ...extra });
  }
  keys(r = this.last) {
    return r.replies.map((x) => x.key);
  }
  effects(r = this.last) {
    return r.effects.map((e) => e.type);
  }
  where() {
    return this.state ? `${this.state.flowId}.${this.state.value}` : 'none';
  }
}

describe('engine step', () => {
  const env = makeEnv();

  test('first contact without a language gets the language menu in every language', () => {
    const c = new Convo(env, null);
    const r = c.say('hello');
    expect(c.keys()).toEqual(['language.prompt']);
    expect(r.replies[0].allLanguages).toBe(true);
    expect(r.replies[0].choices).toEqual([
      { value: 'lang_en', labelKey: 'language.native_name', labelLanguage: 'en' },
      { value: 'lang_es', labelKey: 'language.native_name', labelLanguage: 'es' },
    ]);
    c.say('2');
    expect(c.contact.language).toBe('es');
    expect(c.keys()).toEqual(['welcome.hello', 'menu.prompt']);
    expect(c.effects()).toEqual(expect.arrayContaining(['setLanguage', 'scheduleTimeout']));
    expect(c.where()).toBe('menu.choose');
  });

  test('a language can be picked by its own name, with or without accents', () => {
    const c = new Convo(env, null);
    c.say('hi');
    c.say('espanol');
    expect(c.contact.language).toBe('es');
  });

  test('a locale hint chooses the language without forcing a menu', () => {
    const c = new Convo(env, null);
    c.say('hola', { localeHint: 'es-MX' });
    expect(c.contact.language).toBe('es');
    expect(c.keys()).toEqual(['welcome.hello', 'menu.prompt']);
  });

  test.each([
    ['by number', { text: '1' }],
    ['by word in the contact language', { text: 'Registrarse' }],
    ['by word in another language', { text: 'register' }],
    ['by button payload', { text: '', payload: 'register' }],
  ])('choices are selected %s', (_name, msg) => {
    const c = new Convo(env, 'es');
    c.say('hola');
    c.say(msg.text, { payload: (msg as any).payload });
    expect(c.keys()).toEqual(['reg.ask_state']);
    expect(c.where()).toBe('reg.ask_state');
  });

  test('an unmatched answer to a choice re-asks with the choices again', () => {
    const c = new Convo(env);
    c.say('hi');
    const r = c.say('pizza');
    expect(c.keys()).toEqual(['common.invalid']);
    expect(r.replies[0].choices?.map((x) => x.value)).toEqual(['register', 'rate']);
    expect(c.where()).toBe('menu.choose');
  });

  test('validated input re-prompts politely, saves the normalised value, and interpolates it', () => {
    const c = new Convo(env);
    c.say('REGISTER');
    expect(c.keys()).toEqual(['reg.ask_state']);
    c.say('Narnia');
    expect(c.keys()).toEqual(['reg.bad_state']);
    c.say('  north carolina ');
    expect(c.contact.vars.state).toBe('NC');
    expect(c.last.effects).toContainEqual({ type: 'saveField', field: 'state', value: 'NC' });
    expect(c.keys()).toEqual(['reg.ask_zip']);
    c.say('27601-1234');
    expect(c.contact.vars.zip).toBe('27601');
    expect(c.keys()).toEqual(['reg.done']);
    expect(c.last.replies[0].vars).toMatchObject({ state: 'NC', org_name: 'Test Org' });
    expect(c.last.effects).toContainEqual({ type: 'scheduleFlow', flowId: 'fb', delayMs: 86_400_000 });
    expect(c.where()).toBe('none');
  });

  test('after too many bad answers the flow goes to its fail state', () => {
    const c = new Convo(env);
    c.say('REGISTER');
    c.say('x');
    c.say('y');
    c.say('z');
    expect(c.keys()).toEqual(['reg.fail']);
    expect(c.last.effects).toContainEqual({ type: 'handoff', flowId: 'reg', reason: 'stuck' });
  });

  test('nudge, then expiry; a timeout for an older step is ignored', () => {
    const c = new Convo(env);
    c.say('REGISTER');
    const firstSeq = c.state!.seq;
    c.say('Narnia'); // re-prompt: a new wait, a new seq
    expect(c.state!.seq).toBeGreaterThan(firstSeq);
    c.send({ type: 'timeout', seq: firstSeq, kind: 'nudge' });
    expect(c.last.replies).toEqual([]);
    const seq = c.state!.seq;
    c.send({ type: 'timeout', seq, kind: 'nudge' });
    expect(c.keys()).toEqual(['common.nudge']);
    expect(c.last.effects).toEqual([{ type: 'scheduleTimeout', seq, kind: 'expire', delayMs: 86_400_000 - 3_600_000 }]);
    c.send({ type: 'timeout', seq, kind: 'expire' });
    expect(c.keys()).toEqual(['common.expired']);
    expect(c.last.effects).toContainEqual({ type: 'conversationEnded', flowId: 'reg', outcome: 'expired' });
    expect(c.where()).toBe('none');
  });

  test('a rating already given is kept as feedback when the comment question expires', () => {
    const c = new Convo(env);
    c.say('hi');
    c.say('2');
    c.say('★★★★');
    expect(c.keys()).toEqual(['fb.comment']);
    c.send({ type: 'timeout', seq: c.state!.seq, kind: 'expire' });
    expect(c.last.effects).toContainEqual({ type: 'feedback', flowId: 'fb', question: 'overall', rating: 4 });
  });

  test('feedback: rating and comment stored together; skip leaves the comment out', () => {
    const a = new Convo(env);
    a.say('hi');
    a.say('2');
    a.say('nine');
    expect(a.keys()).toEqual(['fb.bad']);
    a.say('five');
    a.say('The volunteers were great');
    expect(a.keys()).toEqual(['fb.thanks']);
    expect(a.last.effects).toContainEqual({ type: 'feedback', flowId: 'fb', question: 'overall', rating: 5, comment: 'The volunteers were great' });
    const b = new Convo(env);
    b.say('hi');
    b.say('2');
    b.say('3');
    b.say('skip');
    expect(b.last.effects).toContainEqual({ type: 'feedback', flowId: 'fb', question: 'overall', rating: 3 });
  });

  test('MENU works from the middle of any flow', () => {
    const c = new Convo(env, 'es');
    c.say('REGISTRO');
    c.say('menú');
    expect(c.keys()).toEqual(['menu.prompt']);
    expect(c.last.effects).toContainEqual({ type: 'conversationEnded', flowId: 'reg', outcome: 'replaced' });
  });

  test('HELP answers without losing the place or its timers', () => {
    const c = new Convo(env);
    c.say('REGISTER');
    const before = c.state;
    c.say('help');
    expect(c.keys()).toEqual(['system.help']);
    expect(c.state).toEqual(before);
  });

  test.each(['STOP', 'stop', '  Stop! ', 'parar', 'ALTO.'])('"%s" opts out with exactly one confirmation, in any language', (word) => {
    const c = new Convo(env);
    c.say('REGISTER');
    c.say(word);
    expect(c.keys()).toEqual(['system.opted_out']);
    expect(c.effects()).toEqual(['optOut', 'conversationEnded']);
    expect(c.contact.optedOut).toBe(true);
    expect(c.where()).toBe('none');
    c.say('hello?');
    expect(c.last.replies).toEqual([]);
    expect(c.last.effects).toEqual([]);
    c.send({ type: 'startFlow', flowId: 'fb' });
    expect(c.last.replies).toEqual([]);
  });

  test.each(['stop by tomorrow?', "Don't stop", 'stopping'])('"%s" is not an opt-out', (text) => {
    const c = new Convo(env);
    c.say('hi');
    c.say(text);
    expect(c.contact.optedOut).toBe(false);
    expect(c.effects()).not.toContain('optOut');
  });

  test.each(['START', 'unstop', 'yes', 'Sí'])('"%s" opts back in', (word) => {
    const c = new Convo(env);
    c.say('STOP');
    c.say(word);
    expect(c.keys()).toEqual(['system.opted_in']);
    expect(c.effects()).toEqual(['optIn']);
    expect(c.contact.optedOut).toBe(false);
  });

  test('an intent (deep link) picks the language and the flow', () => {
    const c = new Convo(env, null);
    c.say('/start es_reg', { intent: { language: 'es', flow: 'reg' } });
    expect(c.contact.language).toBe('es');
    expect(c.keys()).toEqual(['reg.ask_state']);
  });

  test('a conversation stays on the flow version it started with when the flow is edited', () => {
    const old = makeEnv();
    const c = new Convo(old);
    c.say('REGISTER');
    c.say('CA');
    expect(c.where()).toBe('reg.ask_zip');
    const oldHash = c.state!.flowHash;
    // The organizer edits the flow: ask_zip is gone. The old version stays registered.
    const edited = parse(`
id: reg
keywords: reg.keywords
start: ask_state
states:
  ask_state: { say: reg.ask_state, input: us_state, save: state, next: done }
  done: { say: reg.done, end: true }
`) as FlowDef;
    old.flows.addCurrent(edited);
    expect(old.flows.current('reg')!.hash).not.toBe(oldHash);
    c.say('94110');
    expect(c.keys()).toEqual(['reg.done']);
    expect(c.contact.vars.zip).toBe('94110');
    const fresh = new Convo(old);
    fresh.say('REGISTER');
    fresh.say('CA');
    expect(fresh.keys()).toEqual(['reg.done']);
  });

  test('step is pure: inputs are not mutated and the same input gives the same output', () => {
    const contact: ContactView = { language: 'en', vars: { a: 1 }, optedOut: false };
    const input = { contact, state: null, event: { type: 'message', text: 'REGISTER' } as EngineEvent, now: T0 };
    const frozen = JSON.stringify(input);
    const a = step(env, input);
    const b = step(env, input);
    expect(JSON.stringify(input)).toBe(frozen);
    expect(a).toEqual(b);
  });
});

describe('engine step: opting back in', () => {
  // Regression: any word of common.yes_words ("ok", "sure", "y") re-subscribed an opted-out person.
  test.each(['ok', 'y', 'sure thing'])('"%s" does not opt back in', (text) => {
    const env = makeEnv();
    const r1 = step(env, { contact: { language: 'en', vars: {}, optedOut: true }, state: null, event: { type: 'message', text }, now: T0 });
    expect(r1.contact.optedOut).toBe(true);
    expect(r1.replies).toEqual([]);
  });
});

describe('engine step: HELP is answered after STOP', () => {
  // Regression (issue 13): HELP after STOP got no answer; carriers require HELP to work at all times.
  const env = makeEnv();

  test.each([
    ['HELP', { text: 'HELP' }],
    ['its translation', { text: 'ayuda' }],
    ['a channel command', { text: '/help', intent: { keyword: 'help' as const } }],
  ])('%s gets who is writing and how to opt back in, and stays opted out', (_name, msg) => {
    const c = new Convo(env);
    c.say('REGISTER');
    c.say('STOP');
    expect(c.keys()).toEqual(['system.opted_out']);
    const r = c.say(msg.text, 'intent' in msg ? { intent: msg.intent } : {});
    expect(c.keys()).toEqual(['system.help_opted_out']);
    expect(r.replies[0].vars).toMatchObject({ org_name: 'Test Org', org_contact: 'x@example.org' });
    expect(r.effects).toEqual([]);
    expect(c.contact.optedOut).toBe(true);
    expect(c.where()).toBe('none');
  });

  test('everything else still gets nothing; START opts back in', () => {
    const c = new Convo(env);
    c.say('STOP');
    for (const text of ['hello', 'MENU', 'AGENT', 'STOP', 'REGISTER']) expect(c.say(text).replies).toEqual([]);
    c.say('START');
    expect(c.keys()).toEqual(['system.opted_in']);
    c.say('HELP');
    expect(c.keys()).toEqual(['system.help']);
  });

  test('the replies an opted-out person still receives are one set the runner reads', () => {
    expect([...CONSENT_REPLY_KEYS].sort()).toEqual(['system.help_opted_out', 'system.opted_out']);
  });
});

describe('engine step: never the same "didn\'t understand" twice in a row', () => {
  const env = makeEnv();

  test('the second invalid answer to a choice offers MENU / AGENT in one short line, without the choices', () => {
    const c = new Convo(env);
    c.say('hi');
    const first = c.say('pizza');
    expect(c.keys()).toEqual(['common.invalid']);
    expect(first.replies[0].choices).toHaveLength(2);
    const second = c.say('pasta');
    expect(c.keys()).toEqual(['common.invalid_again']);
    expect(second.replies[0].choices).toBeUndefined();
    expect(c.where()).toBe('menu.choose');
    // The third is the full re-prompt again, the fourth the short line: they alternate.
    c.say('soup');
    expect(c.keys()).toEqual(['common.invalid']);
    c.say('salad');
    expect(c.keys()).toEqual(['common.invalid_again']);
    c.say('1');
    expect(c.keys()).toEqual(['reg.ask_state']);
  });

  test('the count is per question: a new question starts with its own re-prompt', () => {
    const c = new Convo(env);
    c.say('REGISTER');
    c.say('Narnia');
    expect(c.keys()).toEqual(['reg.bad_state']);
    c.say('TX');
    c.say('abc');
    expect(c.keys()).toEqual(['common.invalid']);
    c.say('def');
    expect(c.keys()).toEqual(['common.invalid_again']);
  });

  test('with tries: 3 and a fail state: re-prompt, short line, then the fail state', () => {
    const c = new Convo(env);
    c.say('REGISTER');
    c.say('x');
    expect(c.keys()).toEqual(['reg.bad_state']);
    c.say('y');
    expect(c.keys()).toEqual(['common.invalid_again']);
    c.say('z');
    expect(c.keys()).toEqual(['reg.fail']);
  });

  test('the short line is one SMS segment in every shipped language (GSM-7 160 / UCS-2 70 characters)', () => {
    const shipped = Translator.fromDir(join(__dirname, '../../locales'), 'en');
    const sizes = shipped.keywordLanguages.map((language) => [language, templateSegments(shipped.t(language, 'common.invalid_again')).segments]);
    expect(sizes).toEqual(shipped.keywordLanguages.map((language) => [language, 1]));
  });

  test('the language menu: the second invalid answer is one line in the default language, not the menu in every language', () => {
    const c = new Convo(env, null);
    c.say('hello');
    c.say('9');
    expect(c.last.replies).toMatchObject([{ key: 'language.prompt', allLanguages: true }]);
    c.say('99');
    expect(c.last.replies).toEqual([{ key: 'common.invalid_again', vars: expect.any(Object) }]);
  });
});

describe('engine step: opt-out words typed without their accents', () => {
  // Regression (issue 13): Vietnamese "DỪNG" restarted the greeting; stripped, it is also "đúng" (right).
  const texts = JSON.parse(JSON.stringify(makeEnv().translator.locales.catalog));
  texts.es.keywords.stop += ',DỪNG';
  texts.es.common.yes_words += ',đúng';
  const env = makeEnv({}, texts);

  test('with the tone marks it opts out', () => {
    const c = new Convo(env, 'es');
    c.say('hola');
    c.say('DỪNG');
    expect(c.keys()).toEqual(['system.opted_out']);
    expect(c.last.effects).toContainEqual({ type: 'optOut', word: 'DUNG' });
  });

  test('without them, and ambiguous, it asks instead of opting out or restarting', () => {
    const c = new Convo(env, 'es');
    c.say('hola');
    const r = c.say('dung');
    expect(c.keys()).toEqual(['system.stop_confirm']);
    expect(r.replies[0].language).toBeUndefined();
    expect(r.effects).toEqual([]);
    expect(c.contact.optedOut).toBe(false);
    expect(c.where()).toBe('menu.choose');
    c.say('đúng');
    expect(c.keys()).toEqual(['common.invalid']);
  });

  test('where the question takes it as an answer, it is the answer', () => {
    const c = new Convo(env, 'es');
    c.say('hola');
    c.say('2');
    c.say('4');
    expect(c.where()).toBe('fb.comment');
    c.say('dung');
    expect(c.keys()).toEqual(['fb.thanks']);
    expect(c.last.effects).toContainEqual(expect.objectContaining({ type: 'feedback', comment: 'dung' }));
  });

  test('before a language is chosen the question is asked in the language of the word', () => {
    const c = new Convo(env, null);
    const r = c.say('dung');
    expect(r.replies).toMatchObject([{ key: 'system.stop_confirm', language: 'es' }]);
    expect(env.translator.render(r.replies[0], 'en').text).toBe('¿Parar Test Org?');
  });

  test('"STOP STOP" in the middle of a flow opts out and ends the conversation', () => {
    const c = new Convo(env);
    c.say('REGISTER');
    c.say('STOP STOP');
    expect(c.keys()).toEqual(['system.opted_out']);
    expect(c.last.effects).toContainEqual({ type: 'conversationEnded', flowId: 'reg', outcome: 'stopped' });
  });
});
