/**
 * Issue #13: the queue dashboard (bull-board at /admin/queues) accepted cross-site form posts
 * (`POST .../add` with text/plain: a page elsewhere could add jobs with the organizer's cached
 * Basic credentials), and its page loaded fonts from Google. Now every non-GET must come from the
 * board's own origin, and in real Chromium no request leaves 127.0.0.1.
 */
import { randomBytes } from 'node:crypto';
import { chromium, type Browser } from 'playwright-core';
import { startTestSystem, type TestSystem } from '../helpers/system';
import { HANG_GUARD_MS } from '../helpers/guard';


const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ADMIN_TOKEN = randomBytes(32).toString('base64url');
const basic = `Basic ${Buffer.from(`organizer:${ADMIN_TOKEN}`).toString('base64')}`;

let system: TestSystem;
let browser: Browser | undefined;

beforeAll(async () => {
  system = await startTestSystem('queue-board', { ADMIN_TOKEN }, { workers: false, postgres: true });
});
afterAll(async () => {
  await browser?.close();
  await system?.close();
});

const addUrl = () => `${system.url}/admin/queues/api/queues/maintenance/add`;
const waitingJobs = () => system.runtime.queues.get('maintenance').getJobCounts('waiting', 'delayed', 'prioritized');
const form = '{"name":"evil","data":{}}';

it('refuses a cross-site text/plain POST with the credentials (403), and adds nothing', async () => {
  const before = await waitingJobs();
  const attempts: Record<string, string>[] = [
    { origin: 'https://evil.example' },
    { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    { 'sec-fetch-site': 'same-site', origin: system.url! },
    {},
  ];
  for (const headers of attempts) {
    const res = await fetch(addUrl(), { method: 'POST', headers: { authorization: basic, 'content-type': 'text/plain', ...headers }, body: form });
    expect([headers, res.status]).toEqual([headers, 403]);
  }
  expect(await waitingJobs()).toEqual(before);
});

it('lets the board itself write (Origin is this server, or Sec-Fetch-Site: same-origin)', async () => {
  const own: Record<string, string>[] = [{ origin: system.url! }, { 'sec-fetch-site': 'same-origin', origin: system.url! }];
  for (const headers of own) {
    const res = await fetch(`${system.url}/admin/queues/api/queues/maintenance/pause`, { method: 'PUT', headers: { authorization: basic, ...headers } });
    expect([headers, res.status]).toEqual([headers, 200]);
  }
  await system.runtime.queues.get('maintenance').resume();
});

it('in Chromium, the board loads and nothing is requested from outside 127.0.0.1', async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const context = await browser.newContext({ httpCredentials: { username: 'organizer', password: ADMIN_TOKEN } });
  const page = await context.newPage();
  const requested: string[] = [];
  page.on('request', (req) => void requested.push(req.url()));
  await page.goto(`${system.url}/admin/queues`);
  // The queue list is rendered by the board's script from its own API.
  await page.getByText('maintenance').first().waitFor({ timeout: HANG_GUARD_MS });
  const hosts = [...new Set(requested.map((u) => new URL(u).host))];
  expect(hosts).toEqual([new URL(system.url!).host]);
  expect(await page.content()).not.toContain('fonts.googleapis.com');
});
