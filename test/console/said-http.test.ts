/**
 * "What people said" and the shifts pages over plain HTTP: who may open every route (anonymous →
 * sign-in, agent → 403, organizer and admin → 200), the downloads (the CLI's own export, with the
 * page's filters, audited), a malformed filter sent back to the page, and the figures of a seeded
 * data set in the page's HTML, on PostgreSQL and on the embedded PGlite default.
 */
import { consoleDb } from '../../src/console/store/tables';
import { renderFeedbackExport } from '../../src/feedback/export';
import { listFeedback } from '../../src/feedback/query';
import type { TestSystem } from '../helpers/system';
import { addAccount, Browserless, h1Of, startConsoleSystem } from './helpers';
import { SEEDED, seedSaid, type Seeded } from './said-seed';

let system: TestSystem;
let seeded: Seeded;
const ADMIN_TOKEN = `adm_${'7'.repeat(40)}`;
const client = (ip: string) => new Browserless(system.url!, { 'x-forwarded-for': ip, 'accept-language': 'en-US' });
const routes = () => ['/console/feedback', '/console/feedback?by=channel', '/console/feedback/export?format=csv', '/console/feedback/questions?format=json', '/console/shifts', '/console/shifts?all=1', `/console/shifts/${seeded.shifts.doors}`];

beforeAll(async () => {
  system = await startConsoleSystem('said-http', { ADMIN_TOKEN });
  await addAccount(system, 'ada@example.org', 'admin', 'Ada');
  await addAccount(system, 'otto@example.org', 'organizer', 'Otto');
  await addAccount(system, 'agnes@example.org', 'agent', 'Agnes');
  seeded = await seedSaid(system.runtime.db.kysely, new Date());
});
afterAll(async () => system?.close());

describe('who may open the pages', () => {
  it('sends anonymous visitors to sign in', async () => {
    const anon = client('198.51.100.10');
    for (const path of routes()) {
      const res = await anon.get(path);
      expect([path, res.status, res.location]).toEqual([path, 303, `/console/sign-in?next=${encodeURIComponent(path)}`]);
    }
  });

  it('refuses agents with 403 and no navigation link', async () => {
    const agent = client('198.51.100.11');
    await agent.signIn('agnes@example.org');
    for (const path of routes()) expect([path, (await agent.get(path)).status]).toEqual([path, 403]);
    const home = await agent.get('/console');
    expect(home.body).not.toContain('href="/console/feedback"');
    expect(home.body).not.toContain('href="/console/shifts"');
  });

  it('opens every page for organizers and admins', async () => {
    for (const email of ['otto@example.org', 'ada@example.org']) {
      const c = client('198.51.100.12');
      await c.signIn(email);
      for (const path of routes()) expect([email, path, (await c.get(path)).status]).toEqual([email, path, 200]);
      const home = await c.get('/console');
      expect(home.body).toContain('href="/console/feedback"');
      expect(home.body).toContain('href="/console/shifts"');
    }
  });

  it('has no form that changes anything, so a POST is no route (the CSRF check comes first: 403)', async () => {
    const c = client('198.51.100.13');
    await c.signIn('otto@example.org');
    for (const path of ['/console/feedback', '/console/shifts']) expect((await c.request('POST', path, { x: '1' })).status).toBe(403);
  });
});

describe('the pages and downloads', () => {
  it('shows the seeded figures and names the least engaged language', async () => {
    const c = client('198.51.100.14');
    await c.signIn('otto@example.org');
    const page = await c.get('/console/feedback');
    expect(h1Of(page.body)).toBe('What people said');
    expect(page.body).toContain(SEEDED.least);
    expect(page.body).toContain(`Answers: ${SEEDED.feedbackAnswers} · ratings: ${SEEDED.ratings.count} · average rating: ${SEEDED.ratings.average} out of 5.`);
    expect(page.body).toContain(`<p class="comment-text" lang="es" dir="ltr">${SEEDED.esComment}</p>`);
    expect(page.body).toContain(`<p class="comment-text" lang="ar" dir="rtl">${SEEDED.arComment}</p>`);
    expect(page.body).not.toContain('style=');
  });

  it('downloads the CLI export with the filters, and records it in the audit log', async () => {
    const c = client('198.51.100.15');
    await c.signIn('otto@example.org');
    const page = await c.get('/console/feedback?language=es');
    const link = /href="(\/console\/feedback\/export\?[^"]*format=csv[^"]*)"/.exec(page.body)![1].replace(/&amp;/g, '&');
    const res = await c.get(link);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="feedback-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = res.body.trim().split('\r\n');
    expect(lines.length - 1).toBe(4); // es: 2 ratings (one with its comment), 2 choices
    expect(lines.slice(1).every((l) => l.endsWith(',es'))).toBe(true);
    // The same bytes as the CLI's export of those rows (same function, same rows).
    const params = new URLSearchParams(link.split('?')[1]);
    const rows = await listFeedback(system.runtime.db.kysely, { language: 'es' });
    // (fetch's text() drops the byte-order mark the CSV starts with.)
    expect(res.body).toBe(renderFeedbackExport(rows, 'csv', 'America/New_York', { exportedAt: new Date() }).body.replace(/^\uFEFF/, ''));
    expect(params.get('language')).toBe('es');
    const audit = await consoleDb(system.runtime.db.kysely).selectFrom('console_audit_log').selectAll().where('action', '=', 'feedback_exported').execute();
    expect(audit.at(-1)).toMatchObject({ actor_label: 'otto@example.org' });
    expect(JSON.stringify(audit.at(-1)!.detail)).toContain('"rows":4');

    // And the same file as the admin API's (the CLI's code too) for the same days and filters.
    const dayAfter = new Date(Date.parse(`${params.get('to')}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const api = await fetch(`${system.url}/api/admin/feedback?format=csv&language=es&since=${params.get('from')}&until=${dayAfter}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(api.status).toBe(200);
    expect(await api.text()).toBe(res.body);

    const questions = await c.get('/console/feedback/questions?format=json&language=es');
    expect(JSON.parse(questions.body).languages).toEqual([expect.objectContaining({ language: 'es', total: SEEDED.unanswered.es })]);
  });

  it('sends a malformed filter back to the page, which says what is wrong', async () => {
    const c = client('198.51.100.16');
    await c.signIn('otto@example.org');
    const res = await c.get('/console/feedback/export?format=csv&from=yesterday');
    expect([res.status, res.location]).toEqual([303, '/console/feedback?from=yesterday']);
    const page = await c.get(res.location!);
    expect(page.status).toBe(400);
    expect(page.body).toContain('Enter a day like 2030-06-01.');
  });

  it('shows a shift with its fill rate, roster and waitlist; an unknown shift is a 404', async () => {
    const c = client('198.51.100.17');
    await c.signIn('otto@example.org');
    const list = await c.get('/console/shifts');
    expect(list.body).toContain('3 of 3 (100%)');
    expect(list.body).toContain('1 of 4 (25%)');
    const shift = await c.get(`/console/shifts/${seeded.shifts.doors}`);
    expect(h1Of(shift.body)).toBe('Door knocking in Eastside');
    expect(shift.body).toContain('Rosa Díaz');
    expect(shift.body).toContain('SMS +1******7001');
    expect(shift.body).not.toContain('+12125557001');
    expect((await c.get('/console/shifts/999999')).status).toBe(404);
    expect((await c.get('/console/shifts/nope')).status).toBe(404);
  });
});

describe('on the embedded PGlite default', () => {
  let embedded: TestSystem;
  beforeAll(async () => {
    embedded = await startConsoleSystem('said-pglite', {}, { pglite: true });
    await addAccount(embedded, 'olga@example.org', 'organizer', 'Olga');
    await seedSaid(embedded.runtime.db.kysely, new Date());
  });
  afterAll(async () => embedded?.close());

  it('shows the same figures', async () => {
    const c = new Browserless(embedded.url!, { 'x-forwarded-for': '198.51.100.20', 'accept-language': 'en-US' });
    await c.signIn('olga@example.org');
    const page = await c.get('/console/feedback');
    expect(page.status).toBe(200);
    expect(page.body).toContain(SEEDED.least);
    expect(page.body).toContain(`Answers: ${SEEDED.feedbackAnswers} · ratings: ${SEEDED.ratings.count} · average rating: ${SEEDED.ratings.average} out of 5.`);
    expect((await c.get('/console/shifts')).body).toContain('3 of 3 (100%)');
  });
});
