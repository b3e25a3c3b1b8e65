/**
 * The flows section over plain HTTP: who may open it (anonymous → sign-in, agent → 403,
 * organizer and admin → 200), a flow's page with every state of the flow, an unknown flow, and
 * the versions active conversations are on, counted from the conversations table.
 */
import { readdirSync } from 'node:fs';
import { findOrCreateIdentity } from '../../src/store/contacts';
import type { TestSystem } from '../helpers/system';
import { addAccount, Browserless, h1Of, startConsoleSystem } from './helpers';

let system: TestSystem;
const db = () => system.runtime.db.kysely;
const client = (ip: string) => new Browserless(system.url!, { 'x-forwarded-for': ip });
const FLOW_IDS = readdirSync('flows').filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));

beforeAll(async () => {
  system = await startConsoleSystem('console-flows-http');
  await addAccount(system, 'olga@example.org', 'organizer', 'Olga');
  await addAccount(system, 'adam@example.org', 'admin', 'Adam');
  await addAccount(system, 'agata@example.org', 'agent', 'Agata');
});
afterAll(async () => system?.close());

it('lets organizers and admins in, sends anonymous people to sign in and refuses agents', async () => {
  for (const path of ['/console/flows', '/console/flows/register', '/console/flows/menu?lang=es']) {
    const anonymous = await client('198.51.100.40').get(path);
    expect([path, anonymous.status, anonymous.location]).toEqual([path, 303, `/console/sign-in?next=${encodeURIComponent(path)}`]);
  }
  const agent = client('198.51.100.41');
  await agent.signIn('agata@example.org');
  for (const path of ['/console/flows', '/console/flows/register']) expect([path, (await agent.get(path)).status]).toEqual([path, 403]);
  expect((await agent.get('/console')).body).not.toContain('href="/console/flows"');

  for (const [email, ip] of [
    ['olga@example.org', '198.51.100.42'],
    ['adam@example.org', '198.51.100.43'],
  ]) {
    const c = client(ip);
    await c.signIn(email);
    const list = await c.get('/console/flows');
    expect([email, list.status, h1Of(list.body)]).toEqual([email, 200, 'Flows']);
    for (const id of FLOW_IDS) expect(list.body).toContain(`href="/console/flows/${id}"`);
    const one = await c.get('/console/flows/register');
    expect([email, one.status, h1Of(one.body)]).toEqual([email, 200, 'Flow: register']);
  }
});

it('draws every state of every shipped flow, and says so when a flow does not exist', async () => {
  const c = client('198.51.100.44');
  await c.signIn('olga@example.org');
  for (const id of FLOW_IDS) {
    const page = await c.get(`/console/flows/${id}`);
    expect([id, page.status]).toEqual([id, 200]);
    const def = system.runtime.flows.current(id)!.def;
    for (const state of Object.keys(def.states)) {
      expect([id, state, page.body.includes(`data-state="${state}" aria-hidden="true"`)]).toEqual([id, state, true]);
      expect([id, state, page.body.includes(`id="about-${state}"`)]).toEqual([id, state, true]);
    }
  }
  const missing = await c.get('/console/flows/no_such_flow');
  expect([missing.status, h1Of(missing.body)]).toEqual([404, 'Page not found']);
  // An unknown language falls back to the page's language.
  const odd = await c.get('/console/flows/register?lang=xx');
  expect(odd.status).toBe(200);
  expect(odd.body).toContain('<option value="en" selected');
});

it('counts the active conversations on each version of a flow', async () => {
  const current = system.runtime.flows.current('register')!.hash;
  const old = 'aaaaaaaaaaaaaaaa';
  await db().insertInto('flow_versions').values({ flow_id: 'register', hash: old, definition: JSON.stringify(system.runtime.flows.current('register')!.def), created_at: new Date('2026-01-02T03:04:05Z') }).execute();
  const on = async (phone: string, hash: string | null) => {
    const { identity } = await findOrCreateIdentity(db(), 'sms', phone);
    await db()
      .insertInto('conversations')
      .values({ contact_id: identity.contact_id, identity_id: identity.id, state: hash ? JSON.stringify({ flowId: 'register', flowHash: hash }) : null, flow_id: hash ? 'register' : null, flow_hash: hash })
      .execute();
  };
  await on('+12125550301', current);
  await on('+12125550302', current);
  await on('+12125550303', old);
  await on('+12125550304', null); // ended: on no version
  const c = client('198.51.100.45');
  await c.signIn('olga@example.org');
  const page = await c.get('/console/flows/register');
  const row = (hash: string) => new RegExp(`<tr data-version="${hash}">.*?</tr>`, 's').exec(page.body)?.[0] ?? '';
  expect(row(current)).toMatch(/class="count"[^>]*>2</);
  expect(row(current)).toContain('Current');
  expect(row(old)).toMatch(/class="count"[^>]*>1</);
  expect(row(old)).toContain('Older');
  const list = await c.get('/console/flows');
  expect(/<tr data-flow="register">.*?<\/tr>/s.exec(list.body)?.[0]).toMatch(/class="count"[^>]*>3</);
});

it('links to the simulator when it is on, and says it is off (with the terminal command) when it is not', async () => {
  const c = client('198.51.100.46');
  await c.signIn('olga@example.org');
  const on = await c.get('/console/flows/register?lang=es');
  expect(on.body).toContain('<a class="button button-secondary" href="/simulator">Try it in the simulator</a>');
  const off = await startConsoleSystem('console-flows-http-off', { SIMULATOR: 'false' });
  try {
    await addAccount(off, 'olga@example.org', 'organizer', 'Olga');
    const other = new Browserless(off.url!, { 'x-forwarded-for': '198.51.100.47' });
    await other.signIn('olga@example.org');
    const page = await other.get('/console/flows/register?lang=es');
    expect(page.body).not.toContain('href="/simulator"');
    expect(page.body).toContain('The simulator is off on this server');
    expect(page.body).toContain('<code>civic-engage chat --lang es</code>');
  } finally {
    await off.close();
  }
});
