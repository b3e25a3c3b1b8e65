/**
 * The flows and translations sections in a real headless Chromium, used as an organizer uses
 * them, by role and label:
 *  - every shipped flow (flows/*.yaml) drawn with every one of its states as a node of the SVG;
 *  - the language picker changes the texts in the boxes and the list (Spanish; Arabic right to
 *    left), a box for another flow links to that flow's graph, the simulator sits beside it;
 *  - the versions each active conversation is on, with their counts;
 *  - on a copy of locales/ (LOCALES_DIR): a text removed from Spanish is listed as missing, the
 *    Spanish export downloads with that text empty, the filled-in file is previewed, confirmed,
 *    written, audited, and Spanish is complete again;
 *  - axe-core on every page (no serious or critical violation) at 1280 and 390 px wide, one h1,
 *    no sideways scrolling; one page with the console in Arabic.
 * CONSOLE_SCREENSHOTS=<dir> saves the pages' screenshots (docs/console).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { parse } from 'yaml';
import { consoleDb } from '../../src/console/store/tables';
import { findOrCreateIdentity } from '../../src/store/contacts';
import type { TestSystem } from '../helpers/system';
import { addAccount, PASSWORD, startConsoleSystem } from './helpers';
import { checkBothWidths, closeTab as close, DESKTOP, expectAccessible, h1, newTab, SCREENSHOTS, type Tab } from './browser';
import { HANG_GUARD_MS } from '../helpers/guard';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** How long the browser waits for anything: a guard against a hang, never a margin (a busy machine is slower). */
const WAIT_MS = HANG_GUARD_MS;
const ORGANIZER = 'olivia@example.org';
/** Every shipped flow and its states, read from the files themselves. */
const SHIPPED = readdirSync('flows')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => parse(readFileSync(path.join('flows', f), 'utf8')) as { id: string; states: Record<string, { say?: string }> });

let system: TestSystem;
let browser: Browser;
let localesDir: string;

async function openTab(locale = 'en-US'): Promise<Tab> {
  return newTab(browser, { viewport: DESKTOP, locale, acceptDownloads: true }, WAIT_MS);
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${system.url}/console/sign-in`);
  await page.getByLabel(/E-mail address|البريد الإلكتروني/).fill(email);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('form[action="/console/sign-in"] button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
}


/** A text of the copied locales, raw. */
function localeText(lang: string, key: string): string {
  const [ns, ...rest] = key.split('.');
  let node: unknown = JSON.parse(readFileSync(path.join(localesDir, lang, `${ns}.json`), 'utf8'));
  for (const part of rest) node = (node as Record<string, unknown>)[part];
  return node as string;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
  localesDir = mkdtempSync(path.join(tmpdir(), 'ce-console-flows-locales-'));
  cpSync('locales', localesDir, { recursive: true });
  system = await startConsoleSystem('console-flows-browser', { LOCALES_DIR: localesDir });
  await addAccount(system, ORGANIZER, 'organizer', 'Olivia Organizer');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: HANG_GUARD_MS,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  await system?.close();
  if (localesDir) rmSync(localesDir, { recursive: true, force: true });
});

describe('flows in Chromium', () => {
  it('draws every state of every shipped flow as a node of its graph, and lists it under the graph', async () => {
    const page = await openTab();
    await signIn(page, ORGANIZER);
    await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Flows' }).click();
    expect(await h1(page)).toBe('Flows');
    for (const flow of SHIPPED) {
      await page.goto(`${system.url}/console/flows`);
      await page.getByRole('table').first().getByRole('link', { name: flow.id, exact: true }).click();
      expect(await h1(page)).toBe(`Flow: ${flow.id}`);
      const drawn = await page.locator('svg.flow-graph [data-state]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-state')));
      expect([flow.id, drawn.sort()]).toEqual([flow.id, Object.keys(flow.states).sort()]);
      for (const state of Object.keys(flow.states)) {
        // The box is drawn (a rect with a size) and its name is written in it.
        const box = page.locator(`svg.flow-graph [data-state="${state}"]`);
        expect([flow.id, state, (await box.locator('.node-name').textContent())?.trim()]).toEqual([flow.id, state, state]);
        expect(Number(await box.locator('rect').getAttribute('width'))).toBeGreaterThan(0);
        await expect(page.locator(`#about-${state} h3`).textContent()).resolves.toContain(state);
      }
      await expectAccessible(page, `flow ${flow.id}`);
    }
    await close(page);
  });

  it('shows the texts in the chosen language (Spanish; Arabic right to left), links to other flows and sits beside the simulator', async () => {
    const page = await openTab();
    await signIn(page, ORGANIZER);
    await page.goto(`${system.url}/console/flows/register`);
    const box = page.locator('svg.flow-graph [data-state="ask_state"] .node-text');
    const english = localeText('en', 'register.ask_state');
    expect((await box.textContent())!.replace(/\s+/g, ' ')).toContain(english.slice(0, 12));
    await expect(page.getByRole('link', { name: 'Try it in the simulator' }).getAttribute('href')).resolves.toBe('/simulator');
    await expect(page.locator('.try-it').textContent()).resolves.toMatch(/write [A-Z]+ to start this flow/);
    await checkBothWidths(page, 'flow-register');

    await page.getByLabel('Language of the texts').selectOption('es');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/lang=es/);
    const spanish = localeText('es', 'register.ask_state');
    expect((await box.textContent())!.replace(/\s+/g, ' ')).toContain(spanish.slice(0, 12));
    await expect(box.getAttribute('lang')).resolves.toBe('es');
    await expect(page.locator('#about-ask_state .state-text').textContent()).resolves.toBe(spanish);
    // A choice's label is in Spanish too, on the arrow and in the list.
    const yes = localeText('es', 'common.yes');
    await expect(page.locator('svg.flow-graph .edge-label-choice text').first().textContent()).resolves.toBe(`1. ${yes}`);
    await expect(page.locator('#about-is_registered .ways li').first().textContent()).resolves.toContain(`1. ${yes}`);
    if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, 'flow-register-es-desktop.png'), fullPage: true });

    await page.getByLabel('Language of the texts').selectOption('ar');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/lang=ar/);
    const arabic = localeText('ar', 'register.ask_state');
    await expect(box.getAttribute('direction')).resolves.toBe('rtl');
    await expect(box.getAttribute('lang')).resolves.toBe('ar');
    const listed = page.locator('#about-ask_state .state-text');
    await expect(listed.textContent()).resolves.toBe(arabic);
    await expect(listed.getAttribute('dir')).resolves.toBe('rtl');
    await expect(listed.getAttribute('lang')).resolves.toBe('ar');
    await checkBothWidths(page, 'flow-register-ar');

    // The box of another flow is a link to that flow's graph, in the same language.
    await page.locator('svg.flow-graph a[data-flow="feedback"]').first().click();
    await page.waitForURL(/\/console\/flows\/feedback\?lang=ar$/);
    expect(await h1(page)).toBe('Flow: feedback');
    await close(page);
  });

  it('shows which version each active conversation is on, with the counts', async () => {
    const db = system.runtime.db.kysely;
    const current = system.runtime.flows.current('faq')!;
    const old = 'bbbbbbbbbbbbbbbb';
    await db.insertInto('flow_versions').values({ flow_id: 'faq', hash: old, definition: JSON.stringify(current.def), created_at: new Date('2026-03-01T12:00:00Z') }).execute();
    const phones = ['+12125550501', '+12125550502', '+12125550503'];
    for (const [i, phone] of phones.entries()) {
      const { identity } = await findOrCreateIdentity(db, 'sms', phone);
      const hash = i === 0 ? old : current.hash;
      await db.insertInto('conversations').values({ contact_id: identity.contact_id, identity_id: identity.id, state: JSON.stringify({ flowId: 'faq', flowHash: hash }), flow_id: 'faq', flow_hash: hash }).execute();
    }
    const page = await openTab();
    await signIn(page, ORGANIZER);
    await page.goto(`${system.url}/console/flows`);
    const table = page.getByRole('table', { name: 'Versions of faq, newest first' });
    const row = (hash: string) => table.locator(`tr[data-version="${hash}"]`);
    await expect(row(current.hash).locator('td.count').textContent()).resolves.toBe('2');
    await expect(row(current.hash).textContent()).resolves.toContain('Current');
    await expect(row(old).locator('td.count').textContent()).resolves.toBe('1');
    await expect(row(old).textContent()).resolves.toContain('Older');
    await expect(page.locator('table.flows tr[data-flow="faq"] td.count').last().textContent()).resolves.toBe('3');
    await checkBothWidths(page, 'flows');
    await close(page);
  });
});

describe('translations in Chromium', () => {
  it('lists a missing text, exports it for a translator, previews the filled-in file and imports it', async () => {
    // A Spanish text goes missing on disk while the server runs (the page reads the files as they are now).
    const file = path.join(localesDir, 'es', 'common.json');
    const common = JSON.parse(readFileSync(file, 'utf8'));
    const removed = common.expired as string;
    delete common.expired;
    writeFileSync(file, `${JSON.stringify(common, null, 2)}\n`);

    const page = await openTab();
    await signIn(page, ORGANIZER);
    await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Translations' }).click();
    expect(await h1(page)).toBe('Translations');
    const spanishRow = page.locator('table.completeness tr[data-language="es"]');
    await expect(spanishRow.locator('td').first().textContent()).resolves.toBe('1');
    await expect(page.locator('table.completeness tr[data-language="ko"]').textContent()).resolves.toContain('Complete');
    await spanishRow.getByRole('link', { name: 'To fix: 1' }).click();
    const problems = page.getByRole('table', { name: 'Every problem found in Español' });
    await expect(problems.locator('tr[data-key="common.expired"]').textContent()).resolves.toContain('text "common.expired" is missing in "es"');
    await checkBothWidths(page, 'translations');

    // Export Spanish as a spreadsheet: the missing text has an empty translation.
    await page.getByLabel('Language', { exact: true }).selectOption('es');
    await page.getByLabel('Format').selectOption('csv');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toBe('translations-es.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    const line = csv.split('\r\n').find((l) => l.startsWith('common.expired,es,'));
    expect(line).toBeDefined();
    expect(line!.split(',')[3]).toBe('');

    // The translator fills it in; the organizer uploads it, sees what would change, confirms.
    const filled = csv
      .split('\r\n')
      .filter((l, i) => i === 0 || l.startsWith('common.expired,es,'))
      .map((l) => (l.startsWith('common.expired,es,') ? l.replace(/^(common\.expired,es,"?[^,]*"?,)/, `$1"${removed}"`) : l))
      .join('\r\n');
    const upload = path.join(localesDir, '..', `es-filled-${process.pid}.csv`);
    writeFileSync(upload, filled);
    await page.goto(`${system.url}/console/translations`);
    await page.getByLabel('Translated file').setInputFiles(upload);
    await page.getByRole('button', { name: 'Check the file' }).click();
    expect(await h1(page)).toBe('Check the import');
    const writes = page.getByRole('table', { name: 'Files the import would write' });
    await expect(writes.locator('tbody tr').count()).resolves.toBe(1);
    await expect(writes.locator('tbody tr').textContent()).resolves.toContain(path.join(localesDir, 'es', 'common.json'));
    await expect(writes.locator('td.count').textContent()).resolves.toBe('1');
    const change = page.locator('table.changes tr[data-key="common.expired"]');
    await expect(change.locator('td').nth(1).textContent()).resolves.toBe('None yet');
    await expect(change.locator('td').nth(2).textContent()).resolves.toBe(removed);
    await expect(change.locator('td').nth(2).locator('span').getAttribute('lang')).resolves.toBe('es');
    expect(JSON.parse(readFileSync(file, 'utf8')).expired).toBeUndefined();
    await checkBothWidths(page, 'translations-preview');

    await page.getByRole('button', { name: 'Import these translations' }).click();
    await page.waitForURL(/\/console\/translations\?imported=1$/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Imported: 1 files written.');
    expect(JSON.parse(readFileSync(file, 'utf8')).expired).toBe(removed);
    await expect(page.locator('table.completeness tr[data-language="es"]').textContent()).resolves.toContain('Complete');
    const audit = await consoleDb(system.runtime.db.kysely).selectFrom('console_audit_log').select(['action', 'target_label']).where('action', 'in', ['translations_exported', 'translations_imported']).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['translations_exported', 'translations_imported']);
    rmSync(upload, { force: true });
    await close(page);
  });

  it('works in Arabic, right to left', async () => {
    const page = await openTab('ar');
    await signIn(page, ORGANIZER);
    await page.goto(`${system.url}/console/translations`);
    await expect(page.locator('html').getAttribute('dir')).resolves.toBe('rtl');
    expect(await h1(page)).toBe(localeText('ar', 'console-translations.report.title'));
    await checkBothWidths(page, 'translations-ar');
    await page.goto(`${system.url}/console/flows`);
    expect(await h1(page)).toBe(localeText('ar', 'console-flows.list.title'));
    await checkBothWidths(page, 'flows-ar');
    await close(page);
  });
});
