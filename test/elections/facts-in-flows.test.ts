/**
 * Election facts in conversations: the FAQ's deadline answer comes from the organizer's data for
 * the person's state, in their language, through the engine's `when` decisions; example data and
 * states without data give the honest "no checked dates" answer instead.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { step, type EngineEnv } from '../../src/engine/step';
import type { ContactView, ConversationState, Reply } from '../../src/engine/types';
import { electionFacts } from '../../src/elections/facts';
import { loadEngine } from '../../src/app/engine';

const shipped = readFileSync('data/elections.yaml', 'utf8');

function electionsFile(example: boolean): string {
  const path = join(mkdtempSync(join(tmpdir(), 'elections-')), 'elections.yaml');
  writeFileSync(path, shipped.replace(/^example: true$/m, `example: ${example}`));
  return path;
}

function engine(electionsPath: string): EngineEnv {
  return loadEngine({ FLOWS_DIR: 'flows', LOCALES_DIR: 'locales', DEFAULT_LANGUAGE: 'en', ORG_NAME: 'Org', ORG_CONTACT: 'x', ELECTIONS_FILE: electionsPath }).env;
}

/** Plays messages through the engine; returns the replies of the last one. */
function talk(env: EngineEnv, contact: ContactView, messages: string[]): { replies: Reply[]; contact: ContactView } {
  let state: ConversationState | null = null;
  let replies: Reply[] = [];
  for (const text of messages) {
    const result = step(env, { contact, state, event: { type: 'message', text }, now: new Date('2030-09-01T12:00:00Z') });
    ({ state, contact } = result);
    replies = result.replies;
  }
  return { replies, contact };
}

describe('electionFacts', () => {
  it('states nothing from example data but the national site', () => {
    const { facts, problem } = electionFacts(electionsFile(true));
    expect(facts({ state: 'TX' }, 'en')).toEqual({ vote_gov: 'https://vote.gov' });
    expect(problem).toMatch(/example/);
  });

  it("gives a checked file's offices and dates for the state, dates in the person's language", () => {
    const { facts, problem } = electionFacts(electionsFile(false));
    expect(problem).toBeUndefined();
    expect(facts({ state: 'TX' }, 'es')).toMatchObject({ registration_deadline: '7 de octubre', election_office_url: 'https://www.sos.state.tx.us/elections/' });
    expect(facts({ state: 'TX' }, 'vi').registration_deadline).toBe('7 tháng 10');
    expect(facts({ state: 'WY' }, 'en')).not.toHaveProperty('registration_deadline');
    expect(facts({}, 'en')).not.toHaveProperty('registration_deadline');
  });

  it('a missing or invalid file is a problem, not a crash', () => {
    expect(electionFacts('/nonexistent/elections.yaml').problem).toMatch(/does not exist/);
  });
});

describe('FAQ deadlines', () => {
  const es: ContactView = { language: 'es', vars: {}, optedOut: false };

  it('asks the state when unknown, then says its deadline from the data, in Spanish', () => {
    const { replies, contact } = talk(engine(electionsFile(false)), es, ['preguntas', 'fechas limite', 'TX']);
    expect(contact.vars.state).toBe('TX');
    expect(replies.map((r) => r.key)).toEqual(['knowledge.deadlines.answer_state', 'faq.more']);
    expect(replies[0].vars).toMatchObject({ state: 'TX', registration_deadline: '7 de octubre' });
  });

  it('uses the state it already knows without asking', () => {
    const { replies } = talk(engine(electionsFile(false)), { ...es, vars: { state: 'CA' } }, ['preguntas', '5']);
    expect(replies.map((r) => r.key)).toEqual(['knowledge.deadlines.answer_state', 'faq.more']);
    expect(replies[0].vars).toMatchObject({ registration_deadline: '21 de octubre' });
  });

  it('says it has no checked dates for a state without data, and for example data', () => {
    expect(talk(engine(electionsFile(false)), { ...es, vars: { state: 'WY' } }, ['preguntas', '5']).replies[0].key).toBe('faq.answer_deadline_unknown');
    expect(talk(engine(electionsFile(true)), { ...es, vars: { state: 'TX' } }, ['preguntas', '5']).replies[0].key).toBe('faq.answer_deadline_unknown');
  });

  it('answers where official information is, with the national site', () => {
    const { replies } = talk(engine(electionsFile(true)), es, ['preguntas', '6']);
    expect(replies[0]).toMatchObject({ key: 'faq.answer_official', vars: expect.objectContaining({ vote_gov: 'https://vote.gov' }) });
  });
});
