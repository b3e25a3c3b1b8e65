/**
 * The console in a real headless Chromium (playwright-core and the system's chromium), used as
 * a person uses it, by role and label: the first admin's one-time link, sign-in with a wrong
 * password, sign-out, adding a user, an agent refused an admin page, a disabled user's session
 * ending, a form without its CSRF token, the audit log and its CSV export, Arabic; axe-core on
 * every page at desktop and phone width, with no serious or critical violation.
 *
 * Chromium: CHROMIUM_PATH or /usr/bin/chromium. CONSOLE_SCREENSHOTS=<dir> (docs/console) saves
 * each page at 1280 and 390 px wide.
 */
import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { firstAdminLink } from '../../src/console/first-admin';
import { consoleDb } from '../../src/console/store/tables';
import type { TestSystem } from '../helpers/system';
import { addAccount, PASSWORD, startConsoleSystem } from './helpers';
import { checkBothWidths, closeTab as close, DESKTOP, h1, newTab, signInAs, type Tab } from './browser';
import { HANG_GUARD_MS } from '../helpers/guard';


const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** How long the browser waits for anything: a guard against a hang, never a margin (a busy machine is slower). */
const WAIT_MS = HANG_GUARD_MS;

let system: TestSystem;
let browser: Browser;
const ADMIN = { email: 'ana@example.org', name: 'Ana Admin' };

/** A page in its own browser context (its own cookies), with CSP violations and script errors collected. */
async function openTab(viewport = DESKTOP, locale = 'en-US'): Promise<Tab> {
  return newTab(browser, { viewport, locale, acceptDownloads: true }, WAIT_MS);
}

async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await signInAs(page, `${system.url}/console/sign-in`, email, password);
}


async function auditActions(): Promise<string[]> {
  const rows = await consoleDb(system.runtime.db.kysely).selectFrom('console_audit_log').select('action').orderBy('id').execute();
  return rows.map((r) => r.action);
}

/** The account, added as the CLI would when an earlier test has not made it (so each test can run alone). */
async function ensureAccount(email: string, role: 'admin' | 'organizer' | 'agent', name: string): Promise<void> {
  const found = await consoleDb(system.runtime.db.kysely).selectFrom('console_users').select('id').where('email', '=', email).executeTakeFirst();
  if (!found) await addAccount(system, email, role, name);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
  system = await startConsoleSystem('console-browser');
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

describe('the console in Chromium', () => {
  it('creates the first admin from the one-time link, which then no longer works', async () => {
    const link = (await firstAdminLink(system.runtime, system.url!))!;
    const page = await openTab();
    await page.goto(link);
    expect(await h1(page)).toBe('Create the first admin account');
    await checkBothWidths(page, 'setup');
    await page.getByLabel('Your name').fill(ADMIN.name);
    await page.getByLabel('Your e-mail address').fill(ADMIN.email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account and sign in' }).click();
    await page.waitForURL(`${system.url}/console`);
    expect(await h1(page)).toBe(`Welcome, ${ADMIN.name}`);
    expect(await page.getByRole('banner').textContent()).toContain('Admin');
    await close(page);

    const again = await openTab();
    const res = await again.goto(link);
    expect(res!.status()).toBe(410);
    expect(await h1(again)).toBe('The console is already set up');
    await close(again);
  });

  it('shows a wrong password as an error at the top, focused, audits it, and signs out for good', async () => {
    await ensureAccount(ADMIN.email, 'admin', ADMIN.name);
    const page = await openTab();
    await page.goto(`${system.url}/console/users`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await page.getByLabel('E-mail address').fill(ADMIN.email);
    await page.getByLabel('Password', { exact: true }).fill('not my password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const summary = page.getByRole('alert');
    await summary.waitFor();
    expect(await summary.getByRole('heading').textContent()).toBe('There is a problem');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
    await summary.getByRole('link', { name: 'The e-mail address or the password is not right.' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('email');
    expect(await page.getByLabel('E-mail address').inputValue()).toBe(ADMIN.email);
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    expect((await auditActions()).filter((a) => a === 'sign_in_failed')).toHaveLength(1);
    await checkBothWidths(page, 'sign-in-error');

    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${system.url}/console/users`);
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'ce_console')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/console\/sign-in\?signed_out=1$/);
    expect(await page.getByRole('status').textContent()).toBe('You are signed out.');
    await checkBothWidths(page, 'sign-in');

    // The cookie from before signing out, put back by hand, opens nothing.
    const replay = await openTab();
    await replay.context().addCookies([session]);
    await replay.goto(`${system.url}/console`);
    expect(new URL(replay.url()).pathname).toBe('/console/sign-in');
    await close(replay);
    await close(page);
  });

  it('lets the admin add a user: errors summarised and linked to their fields, then the account listed', async () => {
    await ensureAccount(ADMIN.email, 'admin', ADMIN.name);
    const page = await openTab();
    await signIn(page, ADMIN.email);
    await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Users' }).click();
    expect(await h1(page)).toBe('Users');
    await page.getByRole('link', { name: 'Add a user' }).click();
    expect(await h1(page)).toBe('Add a user');
    await page.getByLabel('E-mail address').fill('not an address');
    await page.getByRole('radio', { name: 'Organizer' }).check();
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Password again').fill('short');
    await page.getByRole('button', { name: 'Add user' }).click();
    const summary = page.getByRole('alert');
    expect(await summary.getByRole('link').allTextContents()).toEqual(['Enter an e-mail address like name@example.org.', 'The password must have at least 12 characters.']);
    expect(await page.getByLabel('E-mail address').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('radio', { name: 'Organizer' }).isChecked()).toBe(true);
    await checkBothWidths(page, 'add-user-errors');

    await page.getByLabel('E-mail address').fill('olu@example.org');
    await page.getByLabel('Name', { exact: true }).fill('Olu Organizer');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.waitForURL(/\/console\/users\?added=\d+$/);
    expect(await page.getByRole('status').textContent()).toContain('olu@example.org can now sign in as Organizer.');
    const row = page.getByRole('row', { name: /Olu Organizer/ });
    expect(await row.getByRole('cell').allTextContents()).toEqual(['olu@example.org', 'Organizer', 'Active', 'Never']);
    await checkBothWidths(page, 'users');
    await close(page);

    const olu = await openTab();
    await signIn(olu, 'olu@example.org');
    expect(await h1(olu)).toBe('Welcome, Olu Organizer');
    await checkBothWidths(olu, 'home-organizer');
    await close(olu);
  });

  it('refuses an agent the admin pages with 403, and offers them only what they may open', async () => {
    await ensureAccount(ADMIN.email, 'admin', ADMIN.name);
    await addAccount(system, 'agatha@example.org', 'agent', 'Agatha Agent');
    const page = await openTab();
    await signIn(page, 'agatha@example.org');
    const links = await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link').allTextContents();
    expect(links).toEqual(['Home', 'Inbox']);
    for (const where of ['/console/users', '/console/audit']) {
      const res = await page.goto(`${system.url}${where}`);
      expect(res!.status()).toBe(403);
      expect(await h1(page)).toBe('You cannot open this page');
    }
    expect(await page.locator('main p').first().textContent()).toBe('Your role (Agent) does not give access to this page. Ask an admin if you need it.');
    await checkBothWidths(page, 'forbidden');
    await close(page);
  });

  it('ends a disabled user’s session at once', async () => {
    await ensureAccount(ADMIN.email, 'admin', ADMIN.name);
    await addAccount(system, 'dana@example.org', 'agent', 'Dana');
    const dana = await openTab();
    await signIn(dana, 'dana@example.org');
    expect(await h1(dana)).toBe('Welcome, Dana');

    const admin = await openTab();
    await signIn(admin, ADMIN.email);
    await admin.goto(`${system.url}/console/users`);
    await admin.getByRole('link', { name: 'Dana' }).click();
    expect(await h1(admin)).toBe('Dana');
    await checkBothWidths(admin, 'user');
    await admin.getByRole('button', { name: 'Disable account' }).click();
    expect(await admin.getByRole('status').textContent()).toBe('dana@example.org is disabled and was signed out.');
    expect(await admin.getByRole('button', { name: 'Enable account' }).count()).toBe(1);

    await dana.reload();
    expect(new URL(dana.url()).pathname).toBe('/console/sign-in');
    await close(dana);
    await close(admin);
    expect(await auditActions()).toContain('user_disabled');
  });

  it('refuses a form whose CSRF token is missing', async () => {
    await ensureAccount(ADMIN.email, 'admin', ADMIN.name);
    const page = await openTab();
    await signIn(page, ADMIN.email);
    await page.goto(`${system.url}/console/users/new`);
    await page.locator('#main input[name="_csrf"]').evaluate((input) => input.remove());
    await page.getByLabel('E-mail address').fill('forged@example.org');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Add user' }).click()]);
    expect(response.status()).toBe(403);
    expect(await h1(page)).toBe('This form has expired');
    await checkBothWidths(page, 'csrf');
    const forged = await consoleDb(system.runtime.db.kysely).selectFrom('console_users').select('id').where('email', '=', 'forged@example.org').execute();
    expect(forged).toEqual([]);
    await close(page);
  });

  it('shows the audit log, filtered and a page at a time, and exports it as CSV', async () => {
    await ensureAccount(ADMIN.email, 'admin', ADMIN.name);
    const page = await openTab();
    // A failed sign-in whose address would be a formula in a spreadsheet.
    await page.goto(`${system.url}/console/sign-in`);
    await page.getByLabel('E-mail address').fill('=cmd@example.org');
    await page.getByLabel('Password', { exact: true }).fill('whatever it is');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await signIn(page, ADMIN.email);
    await page.goto(`${system.url}/console/audit`);
    expect(await h1(page)).toBe('Audit log');
    const table = page.getByRole('table', { name: 'Audit log entries, newest first' });
    const first = table.getByRole('row').nth(1);
    expect(await first.getByRole('cell').nth(2).textContent()).toBe('Signed in');
    await checkBothWidths(page, 'audit');

    await page.getByLabel('Action').selectOption({ label: 'Sign-in failed' });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/action=sign_in_failed/);
    const actions = await table.getByRole('row').locator('td:nth-child(3)').allTextContents();
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(['Sign-in failed']));

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export as CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFFid,time,actor,actor_id,action,target_type,target_id,target,detail,ip\r\n')).toBe(true);
    const lines = csv.trim().split('\r\n').slice(1);
    expect(lines.length).toBe(actions.length);
    expect(lines.every((l) => l.includes(',sign_in_failed,'))).toBe(true);
    expect(csv).not.toContain(PASSWORD);
    expect(csv).not.toContain('not my password at all');
    expect(csv).not.toContain('whatever it is');
    // Neutralized for spreadsheets: the masked address starts with "=", so it is written as text.
    expect(csv).toContain(`,"'=***@example.org",`);
    expect(await auditActions()).toContain('audit_exported');

    // More entries than a page: the newest page links to the older one.
    const db = consoleDb(system.runtime.db.kysely);
    await db
      .insertInto('console_audit_log')
      .values(Array.from({ length: 60 }, (_, i) => ({ actor_label: 'command line (test)', action: 'user_enabled', target_type: 'user', target_label: `u${i}@example.org`, created_at: new Date() })))
      .execute();
    await page.goto(`${system.url}/console/audit`);
    const pages = page.getByRole('navigation', { name: 'Pages', exact: true });
    await pages.getByRole('link', { name: 'Older entries' }).click();
    await page.waitForURL(/page=2/);
    expect(await pages.textContent()).toContain('Page 2');
    expect(await pages.getByRole('link', { name: 'Newer entries' }).count()).toBe(1);
    await close(page);
  });

  it('speaks the language the person picks: Arabic right to left, Spanish from the browser', async () => {
    await ensureAccount(ADMIN.email, 'admin', ADMIN.name);
    await ensureAccount('olu@example.org', 'organizer', 'Olu Organizer');
    const page = await openTab();
    await signIn(page, 'olu@example.org');
    await page.getByRole('link', { name: 'Olu Organizer' }).click();
    expect(await h1(page)).toBe('Your account');
    await checkBothWidths(page, 'account');
    await page.getByLabel('Console language').selectOption({ label: 'العربية' });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/saved=1/);
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await h1(page)).toBe('حسابك');
    expect(await page.getByRole('status').textContent()).toBe('تم الحفظ.');
    // The Arabic font stack applies to the page.
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain('Noto Naskh Arabic');
    await page.goto(`${system.url}/console`);
    await checkBothWidths(page, 'home-arabic');
    await close(page);

    const spanish = await openTab(DESKTOP, 'es-MX');
    await spanish.goto(`${system.url}/console/sign-in`);
    expect(await spanish.locator('html').getAttribute('lang')).toBe('es');
    expect(await h1(spanish)).toBe('Iniciar sesión');
    await spanish.getByLabel('Correo electrónico').fill(ADMIN.email);
    await spanish.getByLabel('Contraseña').fill(PASSWORD);
    await spanish.getByRole('button', { name: 'Iniciar sesión' }).click();
    await spanish.waitForURL(`${system.url}/console`);
    expect(await h1(spanish)).toBe(`Hola, ${ADMIN.name}`);
    await close(spanish);
  });

  it('is usable with the keyboard: a skip link first, then every control in order', async () => {
    await ensureAccount(ADMIN.email, 'admin', ADMIN.name);
    const page = await openTab();
    await signIn(page, ADMIN.email);
    await page.goto(`${system.url}/console/users`);
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    // The navigation's links in their order (one per section this role may open: sections come and go).
    const nav = (await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link').allTextContents()).map((l) => l.trim());
    expect(nav.slice(0, 2)).toEqual(['Home', 'Inbox']);
    expect(nav).toEqual(expect.arrayContaining(['Users', 'Audit log']));
    const expected = ['Skip to main content', 'Test OrgConsole', 'Ana Admin', 'Sign out', ...nav, 'Add a user', 'Ana Admin'];
    const reached: string[] = [];
    for (let i = 0; i < expected.length; i++) {
      await page.keyboard.press('Tab');
      reached.push(await focused());
    }
    expect(reached).toEqual(expected);
    // The skip link lands in the page's own content.
    await page.reload();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Add a user');
    await page.goto(`${system.url}/console`);
    await checkBothWidths(page, 'home');
    await page.goto(`${system.url}/console/nowhere`);
    expect(await h1(page)).toBe('Page not found');
    await checkBothWidths(page, 'not-found');
    await close(page);
  });
});
