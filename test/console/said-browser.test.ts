/**
 * "What people said" and the shifts pages in a real headless Chromium, as an organizer uses them,
 * by role and label, over a seeded data set whose figures are known (test/console/said-seed.ts):
 *  - the least engaged language is named in a plain sentence, and the charts' own text (the SVG's
 *    <desc>, its bars' values) and their tables carry the seeded numbers, by language and by channel;
 *  - the filters narrow the feedback, and the CSV download holds exactly the filtered rows;
 *  - the shifts list shows each shift's fill rate, a shift its roster (who confirmed) and waitlist;
 *  - the page in Arabic is right to left; no CSP violation anywhere; axe-core (no serious or
 *    critical violation), one h1 and no sideways scrolling at 1280 and 390 px wide on every page.
 * CONSOLE_SCREENSHOTS=<dir> saves the pages' screenshots (docs/console).
 */
import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TestSystem } from '../helpers/system';
import { addAccount, PASSWORD, startConsoleSystem } from './helpers';
import { checkBothWidths, closeTab as close, DESKTOP, expectAccessible, newTab, type Tab } from './browser';
import { SEEDED, seedSaid } from './said-seed';
import { HANG_GUARD_MS } from '../helpers/guard';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** How long the browser waits for anything: a guard against a hang, never a margin (a busy machine is slower). */
const WAIT_MS = HANG_GUARD_MS;
const ORGANIZER = 'olga@example.org';

let system: TestSystem;
let browser: Browser;

async function openTab(locale = 'en-US'): Promise<Tab> {
  return newTab(browser, { viewport: DESKTOP, locale, acceptDownloads: true }, WAIT_MS);
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${system.url}/console/sign-in`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('form button[type="submit"]').last().click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
}

/** A bar chart's values as its SVG writes them: label → value text. */
async function bars(page: Page, chart: string): Promise<Record<string, string>> {
  const rows = page.locator(`svg#${chart} g.chart-row`);
  const out: Record<string, string> = {};
  for (let i = 0; i < (await rows.count()); i++) out[(await rows.nth(i).getAttribute('data-label'))!] = (await rows.nth(i).locator('text.chart-value').textContent())!.replace(/ least engaged$/, '');
  return out;
}

/** A chart's table: first column → the other cells joined with " | ". */
async function tableOf(page: Page, chart: string): Promise<Record<string, string>> {
  return page.locator(`#${chart}-table tbody tr`).evaluateAll((trs) => Object.fromEntries(trs.map((tr) => [tr.querySelector('th')!.textContent!.trim(), Array.from(tr.querySelectorAll('td')).map((td) => td.textContent!.trim()).join(' | ')])));
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
  system = await startConsoleSystem('said-browser');
  await addAccount(system, ORGANIZER, 'organizer', 'Olga Organizer');
  await seedSaid(system.runtime.db.kysely, new Date());
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: HANG_GUARD_MS,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  await system?.close();
});

describe('What people said', () => {
  it('names the least engaged language, and the charts carry the seeded numbers', async () => {
    const page = await openTab();
    await signIn(page, ORGANIZER);
    await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'What people said' }).click();
    await page.waitForURL('**/console/feedback');
    expect((await page.getByRole('heading', { level: 1 }).textContent())!.trim()).toBe('What people said');
    expect((await page.locator('#least-engaged').textContent())!.trim()).toBe(SEEDED.least);

    // The replies chart: its bars, its description for screen readers, its table, the least engaged marked.
    expect(await bars(page, 'chart-replied')).toEqual(SEEDED.replyRates);
    expect(await page.locator('svg#chart-replied desc').textContent()).toBe('English: 60% (6/10); Spanish: 50% (5/10); Vietnamese: 38% (3/8) (least engaged)');
    expect(await page.getByRole('img', { name: 'Replied to what we sent' }).count()).toBe(1);
    expect(await page.locator('svg#chart-replied g.chart-row-highlight').getAttribute('data-label')).toBe('Vietnamese');
    expect(await page.locator('svg#chart-replied g.chart-row-highlight text.chart-value').textContent()).toBe('38% (3/8) least engaged');
    expect(await tableOf(page, 'chart-replied')).toEqual({ English: '60% | 6 | 10', Spanish: '50% | 5 | 10', Vietnamese: '38% | 3 | 8' });
    expect(await bars(page, 'chart-reached')).toEqual(SEEDED.reached);
    expect(await bars(page, 'chart-opted-out')).toEqual(SEEDED.optOutRates);
    // The numbers open under the chart.
    await page.locator('#chart-replied-figure summary').click();
    await expect(page.locator('#chart-replied-table').isVisible()).resolves.toBe(true);

    // Ratings over time and choices.
    expect(await page.locator('#feedback-count').textContent()).toBe(`Answers: ${SEEDED.feedbackAnswers} · ratings: ${SEEDED.ratings.count} · average rating: ${SEEDED.ratings.average} out of 5.`);
    expect(await page.locator('svg#chart-ratings g.chart-point').count()).toBe(3);
    expect(Object.values(await tableOf(page, 'chart-ratings'))).toEqual(['4.5 | 2', '3.0 | 2', '3.3 | 3']);
    expect(await bars(page, 'chart-choice-1')).toEqual(SEEDED.choices);
    // Comments as written, each marked with its language; Arabic right to left.
    const arabic = page.locator('.comment-text', { hasText: SEEDED.arComment });
    expect([await arabic.getAttribute('lang'), await arabic.getAttribute('dir')]).toEqual(['ar', 'rtl']);
    expect(await page.locator('.comment').filter({ hasText: SEEDED.esComment }).locator('.comment-language').textContent()).toBe('Written in Spanish');
    // Unanswered questions, by language.
    expect(await page.getByRole('heading', { name: 'Spanish: 3 questions' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'English: 1 question' }).count()).toBe(1);
    await checkBothWidths(page, 'said');

    // By channel.
    await page.getByRole('link', { name: 'By channel' }).click();
    await page.waitForURL(/by=channel/);
    expect(await bars(page, 'chart-replied')).toEqual(SEEDED.channelReplyRates);
    await close(page);
  });

  it('filters narrow the feedback, and the CSV download has exactly the filtered rows', async () => {
    const page = await openTab();
    await signIn(page, ORGANIZER);
    await page.goto(`${system.url}/console/feedback`);
    await page.getByLabel('Language', { exact: true }).selectOption({ label: 'Spanish' });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/language=es/);
    expect(await page.locator('#feedback-count').textContent()).toBe('Answers: 4 · ratings: 2 · average rating: 2.5 out of 5.');
    expect(await page.locator('.comment-text').allTextContents()).toEqual([SEEDED.esComment]);
    await page.getByLabel('Flow', { exact: true }).selectOption('feedback_wait');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/flow=feedback_wait/);
    expect(await page.locator('#feedback-count').textContent()).toBe('Answers: 2 · no ratings.');
    await checkBothWidths(page, 'said-filtered');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as CSV (spreadsheet)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^feedback-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFFid,created_at,local_time,flow,question,rating,choice,comment,topic,channel,language\r\n')).toBe(true);
    const lines = csv.trim().split('\r\n').slice(1);
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => l.includes(',feedback_wait,wait_time,,too_long,') && l.endsWith(',sms,es'))).toBe(true);

    // A day that is no day: said at the top, linked to its field.
    await page.getByLabel('From', { exact: true }).evaluate((el) => ((el as HTMLInputElement).type = 'text'));
    await page.getByLabel('From', { exact: true }).fill('2030-02-30');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/from=2030-02-30/);
    expect(await page.getByRole('alert').getByRole('link', { name: 'Enter a day like 2030-06-01.' }).getAttribute('href')).toBe('#from');
    await expectAccessible(page, 'said with a bad day');
    await close(page);
  });

  it('reads right to left in Arabic', async () => {
    const page = await openTab('ar');
    await signIn(page, ORGANIZER);
    await page.goto(`${system.url}/console/feedback`);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    expect((await page.getByRole('heading', { level: 1 }).textContent())!.trim()).toBe('ماذا قال الناس');
    expect(await page.locator('#least-engaged').textContent()).toContain('الأقل مشاركة');
    // The bar chart is mirrored: labels on the right, bars growing leftwards.
    const label = await page.locator('svg#chart-replied g.chart-row').first().locator('text').first().getAttribute('text-anchor');
    expect(label).toBe('start');
    await checkBothWidths(page, 'said-arabic');
    await close(page);
  });
});

describe('Shifts', () => {
  it('lists shifts with their fill rate; a shift shows its roster with confirmations and its waitlist', async () => {
    const page = await openTab();
    await signIn(page, ORGANIZER);
    await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Shifts' }).click();
    await page.waitForURL('**/console/shifts');
    const doors = page.getByRole('row', { name: /Door knocking in Eastside/ });
    expect(await doors.getByRole('cell').allTextContents()).toEqual([expect.any(String), '12 Main St', '3 of 3 (100%)', '2']);
    const fill = Object.entries(await bars(page, 'chart-fill'));
    expect(fill.map(([label, value]) => [label.replace(/ · .*/, ''), value])).toEqual([
      ['Door knocking in Eastside', '3 of 3 (100%)'],
      ['Phone bank', '1 of 4 (25%)'],
    ]);
    await checkBothWidths(page, 'shifts');

    await page.getByRole('link', { name: 'Door knocking in Eastside' }).click();
    await page.waitForURL(/\/console\/shifts\/\d+$/);
    const roster = page.locator('#roster tbody tr');
    expect(await roster.count()).toBe(3);
    const rosa = page.locator('#roster tbody tr', { hasText: 'Rosa Díaz' });
    expect(await rosa.locator('td').nth(2).textContent()).toMatch(/^Yes, /);
    expect(await page.locator('#roster tbody tr', { hasText: 'Sam Lee' }).locator('td').nth(2).textContent()).toBe('Not yet');
    expect(await rosa.locator('td').first().textContent()).toBe('SMS +1******7001');
    expect(await page.locator('#waitlist tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('td')!.textContent, tr.querySelector('th')!.textContent]))).toEqual([
      ['1', 'Lina Haddad'],
      ['2', 'Joe Park'],
    ]);
    expect(await page.locator('#fill').textContent()).toContain('3 of 3 (100%)');
    await checkBothWidths(page, 'shift');
    await close(page);
  });
});
