/**
 * Issue #6: every flow runs in every shipped language. One describe per language found in
 * `locales/` (discovered, never listed here) walks every shipped flow end to end through the web
 * simulator's HTTP API, on one system (HTTP, workers, the test Redis, and a fresh PostgreSQL
 * database: a few contacts at once are much faster there than on PGlite, which serialises them;
 * LANG_TEST_PGLITE=1 runs it on PGlite instead).
 *
 * Each scenario is its own simulator session (its own contact), so scenarios of every language
 * run side by side on the one system (a small pool started in beforeAll); each `it` awaits its
 * own scenario and reports its failure. See ./simulator-person.ts for what every step checks.
 * Foreign text never appears here: the words a person types come from the locale files.
 */
import { join } from 'node:path';
import { loadLocales } from '../../src/i18n/catalog';
import { Translator } from '../../src/i18n/translator';
import { startTestSystem, type TestSystem } from '../helpers/system';
import { nativeNumber, SimulatorPerson, stepTimes } from './simulator-person';


const ROOT = join(__dirname, '..', '..');
const LOCALES_DIR = join(ROOT, 'locales');
const FLOWS_DIR = join(ROOT, 'flows');
/** Discovered at collection time: the describes below are one per language. */
const COLLECTED = new Translator(loadLocales(LOCALES_DIR), 'en');
const LANGUAGES = [...COLLECTED.languages];
/** Scenarios running at once (the machine has 2 cores and other tests run beside this one). */
const POOL = 8;

let system: TestSystem;

const db = () => system.runtime.db.kysely;

/** A walk of one person; `when` limits it to the languages it concerns. */
interface Scenario {
  run: (p: SimulatorPerson) => Promise<void>;
  when?: (language: string) => boolean;
}

/** First contact, then this language picked by its number in the language menu. */
async function arrive(p: SimulatorPerson): Promise<void> {
  const menu = await p.firstContact();
  // The language menu offers every language, each in its own name, whatever the person's language.
  const t = system.runtime.translator;
  expect(menu.at(-1)!.choices?.map((c) => c.label)).toEqual(t.languages.map((l) => t.t(l, 'language.native_name')));
  await p.choose({ language: p.language }, 'number');
  const contact = await db().selectFrom('contacts').select('language').where('id', '=', p.contactId!).executeTakeFirstOrThrow();
  expect(contact.language).toBe(p.language);
}

async function feedbackRows(p: SimulatorPerson) {
  return db().selectFrom('feedback').selectAll().where('contact_id', '=', p.contactId!).orderBy('id').execute();
}

/** A free comment: the person's own words, not a word any list knows. */
const comment = (p: SimulatorPerson) => `Comment 4711 from ${p.session}`;

const SCENARIOS: Record<string, Scenario> = {
  'first contact, every FAQ topic (by number, by its word, by its label), done, rating by number word, comment': {
    run: async (p) => {
      await arrive(p);
      await p.choose('menu.faq', 'word');
      // Not a topic: the language's own "didn't get that", with the topics again.
      await p.invalid('Narnia');
      // Every topic the FAQ offers (read from the flow), picked in turn by number, by the first
      // word of its match list and by its label; "another question" likewise.
      const faq = p.flow('faq');
      const topics = faq.waits.get(faq.def.start)!.choices.map((c) => c.labelKey);
      expect(topics.length).toBeGreaterThan(1);
      const ways = ['number', 'word', 'label'] as const;
      for (const [i, topic] of topics.entries()) {
        if (i > 0) await p.choose('faq.another', ways[i % ways.length]);
        await p.choose(topic, ways[i % ways.length]);
        // A topic that needs the person's state (deadlines) asks for it first.
        while (p.waiting().wait.input === 'us_state') await p.input('TX', 'TX');
      }
      await p.choose('faq.done', 'word');
      await p.invalid('9');
      // A rating by this language's number word ("four").
      await p.input(p.word('common.number_words', 3), 4);
      await p.input(comment(p), comment(p));
      expect(p.at).toBe('none');
      const rows = await feedbackRows(p);
      expect(rows.map((r) => ({ flow: r.flow_id, rating: r.rating, comment: r.comment, language: r.language, channel: r.channel }))).toEqual([
        { flow: 'feedback', rating: 4, comment: comment(p), language: p.language, channel: 'web' },
      ]);
      await p.allDelivered();
    },
  },

  'a question in the language\'s own words at the menu: its answer at once, "anything else?", then done and a rating': {
    run: async (p) => {
      await arrive(p);
      // The first example question of the topic, as the language's knowledge.json writes it.
      const question = system.runtime.translator.text(p.language, 'knowledge.id_requirements.examples')!.split('\n')[0];
      await p.send(question, (_result, keys) => expect(keys).toEqual(['knowledge.id_requirements.answer', 'questions.anything_else']));
      expect(p.at).toBe('questions.anything_else');
      await p.choose('questions.done', 'word');
      await p.input('5', 5);
      await p.choose('common.skip', 'word');
      expect(p.at).toBe('none');
      await p.allDelivered();
    },
  },

  'choices picked by number words (menu, FAQ topic, another question, main menu)': {
    run: async (p) => {
      await arrive(p);
      await p.choose('menu.faq', 'numberWord');
      await p.choose('faq.topic_id', 'numberWord');
      await p.choose('faq.another', 'numberWord');
      await p.choose('faq.topic_access', 'numberWord');
      await p.choose('faq.main_menu', 'numberWord');
      expect(p.state?.flowId).toBe(system.runtime.env.settings.menuFlow);
    },
  },

  'register: an unknown state, then TX; a bad ZIP, then a good one; registered (yes word); rating, skip word': {
    run: async (p) => {
      await arrive(p);
      await p.choose('menu.register', 'number');
      await p.invalid('Narnia');
      await p.input('TX', 'TX');
      await p.invalid('123');
      await p.input('73301', '73301');
      await p.choose('common.yes', 'word');
      await p.input('5', 5);
      await p.choose('common.skip', 'word');
      expect(p.at).toBe('none');
      const rows = await feedbackRows(p);
      expect(rows.map((r) => ({ rating: r.rating, comment: r.comment, language: r.language }))).toEqual([{ rating: 5, comment: null, language: p.language }]);
      const contact = await db().selectFrom('contacts').select('vars').where('id', '=', p.contactId!).executeTakeFirstOrThrow();
      expect(contact.vars).toMatchObject({ state: 'TX', zip: '73301' });
      await p.allDelivered();
    },
  },

  'register: not registered (no word); rating by number word, skip by number': {
    run: async (p) => {
      await arrive(p);
      await p.choose('menu.register', 'word');
      await p.input('tx', 'TX');
      await p.input('10001', '10001');
      await p.choose('common.no', 'word');
      await p.input(p.word('common.number_words', 2), 3);
      await p.choose('common.skip', 'number');
      const rows = await feedbackRows(p);
      expect(rows.map((r) => ({ rating: r.rating, comment: r.comment, language: r.language }))).toEqual([{ rating: 3, comment: null, language: p.language }]);
      await p.allDelivered();
    },
  },

  'feedback from the menu, then register by its own keyword: not sure': {
    run: async (p) => {
      await arrive(p);
      await p.choose('menu.feedback', 'word');
      await p.input('2', 2);
      await p.choose('common.skip', 'label');
      expect(p.at).toBe('none');
      await p.flowKeyword('register');
      await p.input('TX', 'TX');
      await p.input('73301', '73301');
      await p.choose('register.not_sure', 'word');
      await p.input('1', 1);
      await p.input(comment(p), comment(p));
      const rows = await feedbackRows(p);
      expect(rows.map((r) => ({ rating: r.rating, comment: r.comment, language: r.language }))).toEqual([
        { rating: 2, comment: null, language: p.language },
        { rating: 1, comment: comment(p), language: p.language },
      ]);
      await p.allDelivered();
    },
  },

  'LANGUAGE, MENU and HELP words mid-conversation': {
    run: async (p) => {
      await arrive(p);
      await p.choose('menu.faq', 'number');
      await p.keyword('language');
      await p.choose({ language: p.language }, 'number');
      await p.choose('menu.faq', 'number');
      await p.choose('faq.topic_register', 'word');
      await p.keyword('menu');
      expect(p.state?.flowId).toBe(system.runtime.env.settings.menuFlow);
      await p.keyword('help');
      // HELP leaves the conversation where it was: the menu still answers.
      await p.choose('menu.register', 'label');
      await p.keyword('menu');
      await p.allDelivered();
    },
  },

  'handoff by the AGENT word: never mind, then a reason; the bot then stays quiet': {
    run: async (p) => {
      await arrive(p);
      await p.keyword('agent');
      await p.choose('handoff.never_mind', 'word');
      expect(p.at).toBe('none');
      await p.keyword('agent');
      await p.input('Can someone call me back about the polls', 'Can someone call me back about the polls');
      expect(p.handedOff).toBe(true);
      const tickets = await db().selectFrom('handoffs').selectAll().where('contact_id', '=', p.contactId!).execute();
      expect(tickets.map((h) => ({ flow: h.flow_id, status: h.status }))).toEqual([{ flow: system.runtime.env.settings.handoffFlow, status: 'open' }]);
      // The volunteer has the conversation now: MENU is relayed, not answered.
      await p.keyword('menu');
      await p.allDelivered();
    },
  },

  'STOP word: one confirmation, then nothing; START word opts back in': {
    run: async (p) => {
      await arrive(p);
      await p.choose('menu.faq', 'number');
      const [confirmation] = await p.keyword('stop');
      await p.keyword('menu');
      await p.silent('1');
      await p.keyword('agent');
      const [optedIn] = await p.keyword('start');
      const menu = await p.keyword('menu');
      expect(p.state?.flowId).toBe(system.runtime.env.settings.menuFlow);
      const out = await p.allDelivered();
      // Nothing was sent between the opt-out confirmation and the opt-in one.
      expect(out.filter((m) => BigInt(m.id) >= BigInt(confirmation.id)).map((m) => m.id)).toEqual([confirmation.id, optedIn.id, ...menu.map((m) => m.id)]);
      const identity = await db().selectFrom('identities').select(['opted_out']).where('contact_id', '=', p.contactId!).executeTakeFirstOrThrow();
      expect(identity.opted_out).toBe(false);
      const consent = await db().selectFrom('consent_events').select(['action']).where('contact_id', '=', p.contactId!).where('source', '=', 'keyword').orderBy('id').execute();
      expect(consent.map((c) => c.action)).toEqual(['opt_out', 'opt_in']);
    },
  },

  // Only for languages written with their own digits (Intl decides: Arabic-Indic for ar).
  "numbers in the language's own digits pick a choice and give a rating": {
    when: (language) => nativeNumber(language, 3) !== '3',
    run: async (p) => {
      await arrive(p);
      await p.choose('menu.feedback', 'digits');
      await p.input(nativeNumber(p.language, 4), 4);
      await p.choose('common.skip', 'digits');
      expect((await feedbackRows(p)).map((r) => r.rating)).toEqual([4]);
    },
  },

  // Only for right-to-left languages: phones and copied text often add direction marks (U+200F).
  'a STOP word wrapped in right-to-left marks still opts out': {
    when: (language) => COLLECTED.dir(language) === 'rtl',
    run: async (p) => {
      await arrive(p);
      await p.keyword('stop', (w) => `\u200F${w}\u200F`);
      await p.keyword('start', (w) => `\u200F${w}`);
    },
  },
};

// ---- running the scenarios side by side --------------------------------------------------------

const scenariosOf = (language: string) => Object.keys(SCENARIOS).filter((name) => SCENARIOS[name].when?.(language) ?? true);

type Outcome = { error?: unknown; person?: SimulatorPerson };
const runs = new Map<string, Promise<Outcome>>();
const runKey = (language: string, scenario: string) => `${language}\u0000${scenario}`;

/** Runs every (language, scenario) with at most POOL at once, languages in menu order. */
function startAll(): void {
  const queue = LANGUAGES.flatMap((language) => scenariosOf(language).map((scenario) => ({ language, scenario })));
  const resolvers = new Map<string, (o: Outcome) => void>();
  for (const { language, scenario } of queue) runs.set(runKey(language, scenario), new Promise((resolve) => resolvers.set(runKey(language, scenario), resolve)));
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const { language, scenario } = queue[next++];
      const person = new SimulatorPerson(system, language, scenario);
      let outcome: Outcome;
      try {
        await SCENARIOS[scenario].run(person);
        outcome = { person };
      } catch (error) {
        // Say where: the language, the walk and the conversation so far (once).
        if (error instanceof Error && !error.message.startsWith(`[${language}]`)) error.message = `${person.where()}\n\n${error.message}`;
        outcome = { error, person };
      }
      resolvers.get(runKey(language, scenario))!(outcome);
    }
  };
  for (let i = 0; i < POOL; i++) void worker();
}

beforeAll(async () => {
  system = await startTestSystem('flows-by-language', { LOCALES_DIR, FLOWS_DIR }, { postgres: !process.env.LANG_TEST_PGLITE });
  startAll();
});

afterAll(async () => {
  await Promise.all(runs.values());
  if (process.env.LANG_TEST_TIMING) {
    const sorted = [...stepTimes].sort((a, b) => a - b);
    process.stderr.write(`steps: ${sorted.length}, median ${sorted[sorted.length >> 1]} ms, p90 ${sorted[Math.floor(sorted.length * 0.9)]} ms, max ${sorted.at(-1)} ms\n`);
  }
  await system?.close();
});

it('runs the languages found in locales/', () => {
  expect(LANGUAGES.length).toBeGreaterThan(1);
  // The running system read the same languages (nobody added one between collection and start).
  expect(system.runtime.translator.languages).toEqual(LANGUAGES);
});

describe.each(LANGUAGES)('%s', (language) => {
  it('is offered by the simulator in its own name', async () => {
    const t = system.runtime.translator;
    const res = await fetch(`${system.url}/simulator/api/info`);
    const info = (await res.json()) as { languages: { code: string; name: string; dir: string }[] };
    expect(info.languages.find((l) => l.code === language)).toEqual({ code: language, name: t.t(language, 'language.native_name'), dir: t.dir(language) });
    expect(t.has(language, 'language.native_name')).toBe(true);
    if (language !== t.defaultLanguage) expect(t.t(language, 'language.native_name')).not.toBe(t.t(t.defaultLanguage, 'language.native_name'));
  });

  for (const scenario of scenariosOf(language)) {
    it(scenario, async () => {
      const { error } = await runs.get(runKey(language, scenario))!;
      if (error) throw error;
    });
  }

  it('went through every shipped flow', async () => {
    const outcomes = await Promise.all(scenariosOf(language).map((s) => runs.get(runKey(language, s))!));
    const contacts = outcomes.map((o) => o.person?.contactId).filter((c): c is string => !!c);
    expect(contacts.length).toBeGreaterThan(0);
    const ended = await db().selectFrom('conversation_events').select('flow_id').distinct().where('contact_id', 'in', contacts).execute();
    const flows = system.runtime.flows.all().map((f) => f.id).sort();
    expect({ language, walked: flows.filter((f) => ended.some((e) => e.flow_id === f)) }).toEqual({ language, walked: flows });
  });
});
