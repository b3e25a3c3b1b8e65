/**
 * The web simulator's JSON API end to end: the whole system in-process (HTTP, workers, PGlite in
 * memory, the test Redis), driven over HTTP with fetch exactly as simulator.html drives it.
 *
 * Expected reply keys are read from the shipped flows (flows/*.yaml) rather than copied here, so
 * the test pins down the behaviour (welcome then menu, numbers and button payloads pick choices)
 * and not the wording of today's content.
 */
import { randomBytes } from 'node:crypto';
import type { LoggedMessage } from '../../../src/channels/types';
import type { FlowDef } from '../../../src/engine/flow-schema';
import { eventually, startTestSystem, type TestSystem } from '../../helpers/system';


let system: TestSystem;
let base: string;

beforeAll(async () => {
  system = await startTestSystem(
    'sim-api',
    {},
    // PostgreSQL, not PGlite: PGlite's dynamic WASM import needs --experimental-vm-modules under jest.
    { postgres: true },
  );
  base = system.url!;
});

afterAll(async () => {
  await system?.close();
});

const newSession = () => `api-${randomBytes(8).toString('hex')}`;

async function post(body: unknown, init: { raw?: string; contentType?: string } = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}/simulator/api/messages`, {
    method: 'POST',
    headers: { 'content-type': init.contentType ?? 'application/json' },
    body: init.raw ?? JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the assertion message
  }
  return { status: res.status, body: parsed };
}

async function log(session: string, after = '0'): Promise<LoggedMessage[]> {
  const res = await fetch(`${base}/simulator/api/messages?session=${session}&after=${after}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { messages: LoggedMessage[] }).messages;
}

/** Sends a message and waits until the replies that `expected` keys describe have all arrived. */
async function say(session: string, body: { text?: string; payload?: string; lang?: string }, expected: string[]): Promise<LoggedMessage[]> {
  const before = await log(session);
  const after = before.length ? before[before.length - 1].id : '0';
  const res = await post({ session, text: '', ...body });
  expect(res.status).toBe(202);
  expect(res.body).toMatchObject({ status: 'accepted' });
  const replies = await eventually(async () => {
    const out = (await log(session, after)).filter((m) => m.direction === 'out');
    return out.length >= expected.length ? out : undefined;
  });
  expect(replies.map((m) => m.key)).toEqual(expected);
  return replies;
}

function flow(id: string): FlowDef {
  const def = system.runtime.flows.current(id)?.def;
  if (!def) throw new Error(`flow ${id} is not loaded`);
  return def;
}

/**
 * The keys said on entering `state` of `flowId`, following `next` through states that do not wait
 * (docs/flows.md: a state with `next` and no wait goes straight on, `@flow` continues in another).
 */
function saidFrom(flowId: string, state = flow(flowId).start): string[] {
  const keys: string[] = [];
  let def = flow(flowId);
  let name: string | undefined = state;
  for (let hops = 0; name && hops < 50; hops++) {
    const s: FlowDef['states'][string] = def.states[name];
    if (s.say) keys.push(s.say);
    if (s.choices || s.input || s.language_menu || s.end || !s.next) break;
    if (s.next.startsWith('@')) {
      def = flow(s.next.slice(1));
      name = def.start;
    } else name = s.next;
  }
  return keys;
}

/** The menu's choice that leads to another flow (`@id`), and its 1-based number. */
function menuChoiceTo(target: string) {
  const menu = flow('menu');
  const state = menu.states[menu.start];
  const index = (state.choices ?? []).findIndex((c) => c.next === `@${target}`);
  if (index < 0) throw new Error(`the menu has no choice leading to @${target}`);
  const choice = state.choices![index];
  return { number: index + 1, value: choice.value ?? choice.label.split('.').pop()!, labelKey: choice.label };
}

describe('simulator API', () => {
  it('describes the organization and its languages, each in its own name', async () => {
    const res = await fetch(`${base}/simulator/api/info`);
    expect(res.status).toBe(200);
    const info = (await res.json()) as { org: string; languages: { code: string; name: string; dir: string }[] };
    expect(info.org).toBe('Test Org');
    const es = info.languages.find((l) => l.code === 'es');
    expect(es).toEqual({ code: 'es', name: system.runtime.translator.t('es', 'language.native_name'), dir: 'ltr' });
    expect(es!.name).not.toBe(system.runtime.translator.t('en', 'language.native_name'));
  });

  it('serves the page', async () => {
    const res = await fetch(`${base}/simulator`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('data-testid="input"');
    // Self-contained: the page loads nothing from anywhere else.
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//i);
  });

  it('answers a first "hi" with lang es with the Spanish welcome and menu', async () => {
    const session = newSession();
    const expected = saidFrom('welcome');
    expect(expected).toContain(flow('menu').states[flow('menu').start].say);
    const replies = await say(session, { text: 'hi', lang: 'es' }, expected);

    const t = system.runtime.translator;
    const vars = { org_name: 'Test Org', org_contact: 'help@example.org' };
    expect(replies.map((m) => m.text)).toEqual(expected.map((key) => t.t('es', key, vars)));
    const menu = replies[replies.length - 1];
    const menuState = flow('menu').states[flow('menu').start];
    expect(menu.choices?.map((c) => c.label)).toEqual(menuState.choices!.map((c) => t.t('es', c.label, vars)));
    // Really Spanish, not the English fallback.
    expect(menu.text).not.toBe(t.t('en', menu.key!, vars));

    // The person's own message is in the log too, first.
    const all = await log(session);
    expect(all[0]).toMatchObject({ direction: 'in', text: 'hi' });
    expect(all.filter((m) => m.direction === 'in')).toHaveLength(1);
    // `after` pages: nothing after the last id.
    expect(await log(session, all[all.length - 1].id)).toEqual([]);
  });

  it('picks a menu choice by its number, as on SMS', async () => {
    const session = newSession();
    await say(session, { text: 'hi', lang: 'es' }, saidFrom('welcome'));
    const feedback = menuChoiceTo('feedback');
    await say(session, { text: String(feedback.number) }, saidFrom('feedback'));
  });

  it('picks a menu choice by its button payload, as on Telegram or Slack', async () => {
    const session = newSession();
    await say(session, { text: 'hi', lang: 'es' }, saidFrom('welcome'));
    const feedback = menuChoiceTo('feedback');
    const label = system.runtime.translator.t('es', feedback.labelKey);
    await say(session, { text: label, payload: feedback.value }, saidFrom('feedback'));
  });

  it('treats a repeated client id as the same message', async () => {
    const session = newSession();
    const id = `dup-${randomBytes(6).toString('hex')}`;
    const first = await post({ session, text: 'hi', lang: 'es', id });
    expect(first).toMatchObject({ status: 202, body: { status: 'accepted' } });
    const again = await post({ session, text: 'hi', lang: 'es', id });
    expect(again).toMatchObject({ status: 202, body: { status: 'duplicate' } });
    const expected = saidFrom('welcome');
    await eventually(async () => (await log(session)).filter((m) => m.direction === 'out').length >= expected.length);
    expect((await log(session)).filter((m) => m.direction === 'in')).toHaveLength(1);
  });

  describe('refuses bad requests with 4xx and keeps working', () => {
    const cases: { name: string; body?: unknown; raw?: string; status: number; error?: RegExp }[] = [
      { name: 'missing session', body: { text: 'hi' }, status: 400 },
      { name: 'malformed session', body: { session: 'a b', text: 'hi' }, status: 400, error: /session/ },
      { name: 'neither text nor payload', body: { session: newSession(), text: '   ' }, status: 400, error: /text or payload/ },
      { name: 'text over 2000 characters', body: { session: newSession(), text: 'x'.repeat(2001) }, status: 400 },
      { name: 'invalid JSON', raw: '{"session": "abcdefgh", "text": ', status: 400 },
      { name: 'a JSON array', raw: '[1,2,3]', status: 400 },
      { name: 'a body over 256 KB', raw: JSON.stringify({ session: newSession(), text: 'x'.repeat(300 * 1024) }), status: 413 },
    ];
    it.each(cases)('$name -> $status', async ({ body, raw, status, error }) => {
      const res = await post(body, { raw });
      expect(res.status).toBe(status);
      if (error) expect(res.body.error).toMatch(error);
    });

    it('GET without a valid session -> 400', async () => {
      expect((await fetch(`${base}/simulator/api/messages`)).status).toBe(400);
      expect((await fetch(`${base}/simulator/api/messages?session=x`)).status).toBe(400);
      // A junk `after` is read as "from the start", not an error.
      expect((await fetch(`${base}/simulator/api/messages?session=${newSession()}&after=abc`)).status).toBe(200);
    });

    it('still answers after all of that', async () => {
      await say(newSession(), { text: 'hi', lang: 'es' }, saidFrom('welcome'));
    });
  });

  it('reports database and redis ok on /healthz', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok', redis: 'ok' });
  });
});
