/** A small self-contained flow set and two languages for engine tests (independent of shipped content). */
import { parse } from 'yaml';
import { FlowSet } from '../../src/engine/flow-set';
import type { FlowDef } from '../../src/engine/flow-schema';
import type { EngineEnv } from '../../src/engine/step';
import { Translator } from '../../src/i18n/translator';

export const catalog = {
  en: {
    common: { yes: 'Yes', no: 'No', yes_words: 'yes,y', no_words: 'no,n', invalid: 'Sorry?', invalid_again: 'Send MENU or AGENT', text_only: 'I read text only.', slow_down: 'Too many at once.', nudge: 'Still there?', expired: 'Closed.', skip: 'Skip', number_words: 'one,two,three,four,five' },
    keywords: { stop: 'STOP,UNSUBSCRIBE', start: 'START,UNSTOP', help: 'HELP,INFO', menu: 'MENU', language: 'LANGUAGE', agent: 'AGENT' },
    language: { prompt: 'Pick a language', native_name: 'English' },
    system: { opted_out: 'Bye from {{org_name}}', opted_in: 'Welcome back', help: '{{org_name}} help', help_opted_out: '{{org_name}}: unsubscribed, START to return', stop_confirm: 'Stop {{org_name}}?' },
    menu: { prompt: 'Menu', register: 'Register', rate: 'Rate us' },
    reg: { keywords: 'REGISTER', ask_state: 'Which state?', bad_state: 'Not a state. Which state?', ask_zip: 'ZIP?', done: 'Thanks, {{state}}', fail: 'Let a person help' },
    fb: { ask: 'Rate 1-5', bad: '1 to 5 please', comment: 'Any comment?', thanks: 'Thanks!' },
    welcome: { hello: 'Hi from {{org_name}}' },
    handoff: { queued: 'A person will reply' },
  },
  es: {
    common: { yes: 'Sí', no: 'No', yes_words: 'si,s', no_words: 'no,n', invalid: '¿Perdón?', invalid_again: 'Escribe MENÚ o HUMANO', text_only: 'Solo leo texto.', slow_down: 'Demasiados a la vez.', nudge: '¿Sigues ahí?', expired: 'Cerrado.', skip: 'Omitir', number_words: 'uno,dos,tres,cuatro,cinco' },
    keywords: { stop: 'PARAR,ALTO', start: 'COMENZAR', help: 'AYUDA', menu: 'MENÚ', language: 'IDIOMA', agent: 'HUMANO' },
    language: { prompt: 'Elige un idioma', native_name: 'Español' },
    system: { opted_out: 'Adiós de {{org_name}}', opted_in: 'Bienvenido de nuevo', help: 'Ayuda de {{org_name}}', help_opted_out: '{{org_name}}: baja, COMENZAR para volver', stop_confirm: '¿Parar {{org_name}}?' },
    menu: { prompt: 'Menú', register: 'Registrarse', rate: 'Califícanos' },
    reg: { keywords: 'REGISTRO', ask_state: '¿Qué estado?', bad_state: 'No es un estado. ¿Qué estado?', ask_zip: '¿Código postal?', done: 'Gracias, {{state}}', fail: 'Una persona te ayudará' },
    fb: { ask: 'Califica 1-5', bad: 'Del 1 al 5', comment: '¿Algún comentario?', thanks: '¡Gracias!' },
    welcome: { hello: 'Hola de {{org_name}}' },
    handoff: { queued: 'Una persona responderá' },
  },
};

export const flowYaml: Record<string, string> = {
  language: `
id: language
start: pick
states:
  pick: { say: language.prompt, language_menu: true, invalid: language.prompt, next: '@welcome' }
`,
  welcome: `
id: welcome
start: hello
states:
  hello: { say: welcome.hello, next: '@menu' }
`,
  menu: `
id: menu
start: choose
states:
  choose:
    say: menu.prompt
    choices:
      - { label: menu.register, next: '@reg' }
      - { label: menu.rate, next: '@fb' }
`,
  reg: `
id: reg
keywords: reg.keywords
start: ask_state
timeout: { nudge: 1h, expire: 1d }
states:
  ask_state: { say: reg.ask_state, input: us_state, save: state, invalid: reg.bad_state, tries: 3, fail: give_up, next: ask_zip }
  ask_zip: { say: reg.ask_zip, input: zip, save: zip, next: done }
  done:
    say: reg.done
    do: [{ schedule: { flow: fb, after: 1d } }]
    end: true
  give_up:
    say: reg.fail
    do: [{ handoff: { reason: stuck } }]
    end: true
`,
  fb: `
id: fb
start: ask
states:
  ask: { say: fb.ask, input: rating, answer: rating, invalid: fb.bad, next: comment }
  comment:
    say: fb.comment
    choices: [{ label: common.skip, next: thanks }]
    input: text
    answer: comment
    next: thanks
  thanks:
    say: fb.thanks
    do: [{ feedback: { question: overall } }]
    end: true
`,
  handoff: `
id: handoff
start: queued
states:
  queued:
    say: handoff.queued
    do: [{ handoff: {} }]
    end: true
`,
};

export const roles = { defaultFlow: 'welcome', languageFlow: 'language', menuFlow: 'menu', handoffFlow: 'handoff' };

export function makeTranslator(texts: typeof catalog = catalog): Translator {
  return new Translator({ languages: ['en', 'es'], catalog: texts as any, files: {} }, 'en');
}

/** The engine environment over the fixture flows (optionally with some flows replaced, or other texts). */
export function makeEnv(overrides: Record<string, string> = {}, texts: typeof catalog = catalog): EngineEnv & { flows: FlowSet; translator: Translator } {
  const translator = makeTranslator(texts);
  const flows = new FlowSet(translator.languages);
  for (const text of Object.values({ ...flowYaml, ...overrides })) flows.addCurrent(parse(text) as FlowDef);
  return { flows, lexicon: translator, translator, settings: { ...roles, vars: { org_name: 'Test Org', org_contact: 'x@example.org' } } };
}

/** Writes the fixture flows and locales to a temporary directory, for tests that run the whole system. */
export function writeFixtureDirs(overrides: Record<string, string> = {}): { flowsDir: string; localesDir: string } {
  const { mkdtempSync, mkdirSync, writeFileSync } = require('node:fs') as typeof import('node:fs');
  const { join } = require('node:path') as typeof import('node:path');
  const { tmpdir } = require('node:os') as typeof import('node:os');
  const root = mkdtempSync(join(tmpdir(), 'ce-fixture-'));
  const flowsDir = join(root, 'flows');
  const localesDir = join(root, 'locales');
  mkdirSync(flowsDir);
  for (const [id, text] of Object.entries({ ...flowYaml, ...overrides })) writeFileSync(join(flowsDir, `${id}.yaml`), text);
  for (const [lang, namespaces] of Object.entries(catalog)) {
    mkdirSync(join(localesDir, lang), { recursive: true });
    for (const [ns, entries] of Object.entries(namespaces)) writeFileSync(join(localesDir, lang, `${ns}.json`), JSON.stringify(entries, null, 2));
  }
  return { flowsDir, localesDir };
}
