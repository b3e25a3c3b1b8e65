/**
 * The contacts screens in a real headless Chromium, as an organizer uses them (web only, on
 * PostgreSQL; PGlite for the Arabic pages):
 *  - the filters narrow the list (a tag, a number as typed), numbers masked;
 *  - a contact's page shows the consent ledger (the first message, an import's opt-in, STOP) and
 *    the conversation, newest last, and their feedback in their language;
 *  - an import with a refused row shows its line and reason and imports nothing; the corrected
 *    file is imported only after the attestation, and the page follows the import to its end;
 *  - a large import shows its progress bar, which the page's script refreshes, then the result;
 *  - forget asks for confirmation with the counts, then the contact is gone;
 *  - every page passes axe-core (no serious or critical violation) at 1280 and 390 px wide; an
 *    organizer who reads Arabic gets the pages right to left.
 * CONSOLE_SCREENSHOTS=<dir> saves the screenshots of docs/console.md's "Contacts" section
 * (scripts/console-contacts-screens.js).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { chromium, type Browser, type Page } from 'playwright-core';
import { consoleDb } from '../../src/console/store/tables';
import { recordConsent } from '../../src/store/consent';
import { findOrCreateIdentity, updateContact } from '../../src/store/contacts';
import type { TestSystem } from '../helpers/system';
import { addAccount, PASSWORD, startConsoleSystem } from './helpers';
import { checkBothWidths, closeTab as close, DESKTOP, h1, newTab, signInAs, type Tab } from './browser';
import { HANG_GUARD_MS } from '../helpers/guard';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** How long the browser waits for anything: a guard against a hang, never a margin (a busy machine is slower). */
const WAIT_MS = HANG_GUARD_MS;

let system: TestSystem;
let browser: Browser;
const db = () => system.runtime.db.kysely;

async function openTab(target: TestSystem = system, viewport = DESKTOP): Promise<Tab> {
  return newTab(browser, { viewport, locale: 'en-US', baseURL: target.url! }, WAIT_MS);
}

async function signIn(page: Page, email: string): Promise<void> {
  await signInAs(page, '/console/sign-in', email, PASSWORD);
}


/** Writes a CSV file for the upload field; returns its path. */
function csvFile(name: string, text: string): string {
  const dir = path.join(tmpdir(), `contacts-browser-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A person on SMS with a conversation: they wrote in, got answers, gave feedback, then sent STOP. */
async function seedPeople(): Promise<string> {
  const { identity: marisol } = await findOrCreateIdentity(db(), 'sms', '+17135550123');
  await updateContact(db(), marisol.contact_id, { language: 'es', vars: { name: 'Marisol Vega', state: 'TX', zip: '77002' } });
  await db().insertInto('contact_tags').values([{ contact_id: marisol.contact_id, tag: 'rally' }]).execute();
  const at = (minutes: number) => new Date(Date.UTC(2026, 9, 1, 15, minutes));
  await recordConsent(db(), marisol, 'opt_in', { source: 'import:rally sign-up sheet', at: at(0) });
  const message = (direction: 'in' | 'out', body: string, minutes: number) => ({ contact_id: marisol.contact_id, identity_id: marisol.id, channel: 'sms', direction, kind: 'reply', body, status: direction === 'in' ? 'processed' : 'delivered', created_at: at(minutes), updated_at: at(minutes) });
  await db()
    .insertInto('messages')
    .values([message('in', 'Hola, ¿dónde voto?', 1), message('out', 'Su lugar de votación está en la Biblioteca Central.', 2), message('in', 'Gracias', 3), message('in', 'ALTO', 5)])
    .execute();
  await db().insertInto('feedback').values({ contact_id: marisol.contact_id, flow_id: 'feedback', question: 'rating', rating: 5, comment: 'Muy útil, gracias', choice: null, topic: null, channel: 'sms', language: 'es', created_at: at(4) }).execute();
  await recordConsent(db(), marisol, 'opt_out', { source: 'keyword', word: 'ALTO', at: at(5) });

  for (const [phone, name, language, tag] of [
    ['+12125550101', 'Ana Lee', 'en', 'door'],
    ['+12125550102', 'Bao Tran', 'vi', 'door'],
    ['+12125550103', 'Chen Wei', 'zh', 'phonebank'],
  ] as const) {
    const { identity } = await findOrCreateIdentity(db(), 'sms', phone);
    await updateContact(db(), identity.contact_id, { language, vars: { name } });
    await db().insertInto('contact_tags').values({ contact_id: identity.contact_id, tag }).execute();
  }
  return marisol.contact_id;
}

beforeAll(async () => {
  system = await startConsoleSystem('console-contacts-browser');
  await addAccount(system, 'otto@example.org', 'organizer', 'Otto Organizer');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});
afterAll(async () => {
  await browser?.close();
  await system?.close();
});

it('narrows the list with the filters, and shows a contact with their consent ledger, conversation and feedback', async () => {
  const marisolId = await seedPeople();
  const page = await openTab();
  await signIn(page, 'otto@example.org');
  await page.getByRole('link', { name: 'Contacts' }).first().click();
  await page.waitForURL('**/console/contacts');
  expect(await h1(page)).toBe('Contacts');
  expect(await page.getByRole('row').count()).toBe(5);
  // Numbers are masked in the list.
  expect(await page.locator('main').textContent()).toContain('+1******0123');
  expect(await page.locator('main').textContent()).not.toContain('7135550123');
  await checkBothWidths(page, 'contacts');

  await page.getByLabel('Tag').selectOption('door');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/tag=door/);
  expect(await page.getByRole('row').count()).toBe(3);
  expect(await page.getByRole('rowheader').allTextContents()).toEqual(expect.arrayContaining(['Ana Lee', 'Bao Tran']));
  await page.getByRole('link', { name: 'Clear filters' }).click();
  await page.waitForURL('**/console/contacts');
  await page.getByLabel('Number').fill('(713) 555-0123');
  await page.getByLabel('Consent').selectOption('opted_out');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/consent=opted_out/);
  await page.getByText('1 contact matches.').waitFor();
  expect(await page.getByRole('row').count()).toBe(2);
  await checkBothWidths(page, 'contacts-filtered');

  await page.getByRole('link', { name: 'Marisol Vega' }).click();
  await page.waitForURL(`**/console/contacts/${marisolId}`);
  expect(await h1(page)).toBe('Marisol Vega');
  // The whole number on the contact's page, with where its consent stands.
  await page.getByText('+17135550123').waitFor();
  const ledger = page.getByRole('table', { name: 'Consent ledger' });
  const entries = (await ledger.getByRole('row').allTextContents()).slice(1);
  expect(entries).toHaveLength(3);
  expect(entries[0]).toContain('Contacts file, consent source: rally sign-up sheet');
  expect(entries[1]).toContain('Wrote to us (their first message)');
  expect(entries[2]).toContain('Opted out');
  expect(entries[2]).toContain('Wrote ALTO');
  // The conversation, newest last, in the person's language.
  const messages = page.locator('.transcript .message-text');
  expect(await messages.allTextContents()).toEqual(['Hola, ¿dónde voto?', 'Su lugar de votación está en la Biblioteca Central.', 'Gracias', 'ALTO']);
  expect(await messages.first().getAttribute('lang')).toBe('es');
  await page.getByText('Muy útil, gracias').waitFor();
  await checkBothWidths(page, 'contact');
  await close(page);
});

it('shows a refused row with its line and reason and imports nothing; imports the corrected file only after the attestation', async () => {
  const page = await openTab();
  await signIn(page, 'otto@example.org');
  await page.goto('/console/contacts');
  await page.getByRole('link', { name: 'Import a contacts file' }).click();
  await page.waitForURL('**/console/contacts/import');
  expect(await h1(page)).toBe('Import a contacts file');
  await checkBothWidths(page, 'contacts-import');

  const header = 'phone,name,language,tags,consent_source,consent_date\n';
  const rows = ['+13125550140,Dana Cruz,es,canvass,block party,2026-09-01', '+13125550141,Eli Park,ko,canvass,block party,2026-09-01'];
  await page.getByLabel('Contacts file (CSV)').setInputFiles(csvFile('canvass.csv', `${header}${rows[0]}\n312-555-01,Bad Number,en,canvass,,\n${rows[1]}\n`));
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByRole('heading', { name: 'Nothing can be imported from this file' }).waitFor();
  expect(await h1(page)).toBe('Check before importing');
  const refused = page.getByRole('table', { name: '1 refused row' });
  expect(await refused.getByRole('cell').allTextContents()).toEqual(['3', 'phone "312-555-01" is not a valid phone number (write +<country code> for numbers outside the US)']);
  expect(await page.getByRole('button', { name: /^Import/ }).count()).toBe(0);
  await checkBothWidths(page, 'contacts-import-refused');
  expect(await db().selectFrom('identities').select('id').where('address', '=', '+13125550140').executeTakeFirst()).toBeUndefined();

  await page.getByRole('link', { name: 'Upload a corrected file' }).click();
  await page.waitForURL('**/console/contacts/import');
  await page.getByLabel('Contacts file (CSV)').setInputFiles(csvFile('canvass.csv', `${header}${rows.join('\n')}\n+17135550123,Marisol Vega,es,canvass,block party,2026-09-01\n`));
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByRole('button', { name: 'Import 3 rows' }).waitFor();
  expect(await h1(page)).toBe('Check before importing');
  const counts = await page.locator('dl.details').textContent();
  expect(counts).toMatch(/New contacts\s*2/);
  expect(counts).toMatch(/Opted out before: stay opted out\s*1/);
  await checkBothWidths(page, 'contacts-import-preview');

  // Without the attestation nothing is imported.
  await page.getByRole('button', { name: 'Import 3 rows' }).click();
  await page.getByRole('link', { name: 'Tick the box to attest that these people opted in.' }).waitFor();
  expect(await db().selectFrom('identities').select('id').where('address', '=', '+13125550140').executeTakeFirst()).toBeUndefined();

  await page.getByLabel('I attest that these people agreed to receive messages from Test Org, as the file says.').check();
  expect(await page.getByLabel('Who attests').inputValue()).toBe('Otto Organizer');
  await page.getByRole('button', { name: 'Import 3 rows' }).click();
  // The page follows the import (its script reloads it when the import ends).
  await page.getByRole('heading', { level: 1, name: 'Imported' }).waitFor();
  await page.getByText('The file was imported (3 rows). It has been erased from the server.').waitFor();
  await checkBothWidths(page, 'contacts-import-done');
  const imported = await db().selectFrom('contact_imports').select(['attested_by', 'created', 'updated']).where('file_name', '=', 'canvass.csv').executeTakeFirstOrThrow();
  expect(imported).toEqual({ attested_by: 'Otto Organizer', created: 2, updated: 1 });
  // Marisol had written STOP (ALTO): the file's consent does not bring her back.
  const marisol = await db().selectFrom('identities').select('opted_out').where('address', '=', '+17135550123').executeTakeFirstOrThrow();
  expect(marisol.opted_out).toBe(true);

  await page.getByRole('link', { name: 'See the contacts' }).click();
  await page.waitForURL('**/console/contacts');
  await page.getByLabel('Tag').selectOption('canvass');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/tag=canvass/);
  expect(await page.getByRole('row').count()).toBe(4);
  await close(page);
});

it('follows a large import with a progress bar that the page refreshes, then shows the result', async () => {
  // The import's last write (its record in contact_imports) waits behind this lock, so the page is
  // seen while the import runs, with every row read, whatever the machine's speed.
  let release!: () => void;
  let locked!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const lock = db()
    .transaction()
    .execute(async (trx) => {
      await sql`LOCK TABLE contact_imports IN EXCLUSIVE MODE`.execute(trx);
      locked();
      await held;
    });
  await isLocked;
  try {
    const page = await openTab();
    await signIn(page, 'otto@example.org');
    await page.goto('/console/contacts/import');
    const rows = Array.from({ length: 1200 }, (_, n) => `+1646555${String(1000 + n)},Volunteer ${n}`);
    await page.getByLabel('Contacts file (CSV)').setInputFiles(csvFile('volunteers.csv', ['phone,name', ...rows].join('\n')));
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('button', { name: 'Import 1200 rows' }).click();
    await page.getByRole('heading', { level: 1, name: 'Importing…' }).waitFor();
    await page.getByText('1200 of 1200 rows').waitFor();
    expect(await page.getByRole('progressbar', { name: 'Progress' }).getAttribute('value')).toBe('1200');
    await page.getByRole('link', { name: 'Refresh' }).waitFor();
    await checkBothWidths(page, 'contacts-import-progress');
    release();
    await page.getByRole('heading', { level: 1, name: 'Imported' }).waitFor();
    await page.getByText('The file was imported (1200 rows). It has been erased from the server.').waitFor();
    await close(page);
  } finally {
    release();
    await lock;
  }
});

it('forgets a contact after a confirmation that says what will be erased', async () => {
  const page = await openTab();
  await signIn(page, 'otto@example.org');
  await page.goto('/console/contacts?name=Bao');
  await page.getByRole('link', { name: 'Bao Tran' }).click();
  await page.getByRole('link', { name: 'Forget this person…' }).click();
  await page.waitForURL(/\/forget$/);
  expect(await h1(page)).toBe('Forget this person?');
  await page.getByText('1 address (phone number or chat id)').waitFor();
  await page.getByText('0 messages').waitFor();
  await page.getByText('1 tag', { exact: true }).waitFor();
  await checkBothWidths(page, 'contact-forget');
  await page.getByRole('button', { name: 'Forget this person' }).click();
  await page.waitForURL(/forgotten=1/);
  expect(await h1(page)).toBe('Contacts');
  await page.getByText('The person was forgotten.', { exact: false }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill('Bao');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByText('No contact matches these filters.').waitFor();
  expect(await db().selectFrom('identities').select('id').where('address', '=', '+12125550102').executeTakeFirst()).toBeUndefined();
  const audit = await consoleDb(db()).selectFrom('console_audit_log').select(['action', 'detail']).where('action', '=', 'contact_forgotten').execute();
  expect(audit).toHaveLength(1);
  await close(page);
});

it('shows the contacts pages right to left to an organizer who reads Arabic, on the embedded database', async () => {
  const embedded = await startConsoleSystem('console-contacts-browser-ar', {}, { pglite: true });
  try {
    const user = await addAccount(embedded, 'amal@example.org', 'organizer', 'أمل');
    await consoleDb(embedded.runtime.db.kysely).updateTable('console_users').set({ language: 'ar' }).where('id', '=', user.id).execute();
    const { identity } = await findOrCreateIdentity(embedded.runtime.db.kysely, 'sms', '+12125550177');
    await updateContact(embedded.runtime.db.kysely, identity.contact_id, { language: 'ar', vars: { name: 'سارة' } });
    const page = await openTab(embedded);
    await signIn(page, 'amal@example.org');
    await page.goto('/console/contacts');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    expect(await h1(page)).toBe('جهات الاتصال');
    await checkBothWidths(page, 'contacts-arabic');
    await page.getByRole('link', { name: 'سارة' }).click();
    await page.waitForURL(`**/console/contacts/${identity.contact_id}`);
    await checkBothWidths(page, 'contact-arabic');
    await page.goto('/console/contacts/import');
    await checkBothWidths(page, 'contacts-import-arabic');
    await close(page);
  } finally {
    await embedded.close();
  }
});
