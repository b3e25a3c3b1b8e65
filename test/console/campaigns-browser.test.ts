/**
 * The campaigns pages in a real headless Chromium, against the whole system (workers included)
 * on the embedded default (PGlite) with no provider configured, as an organizer uses them:
 *  - contacts imported with en/es/ar show "0 people (channels on: none)" for a launch; the
 *    organizer writes the campaign with the form, previews it as a rehearsal, rehearses it, pauses
 *    and resumes it, and reads what each person would have received, in their language; a person
 *    who opted out after the hand-out is suppressed with the reason; quiet hours hold another;
 *  - campaign YAML with an error shows it by its field (with its line); a file saves a campaign;
 *  - every page passes axe-core (no serious or critical violation) at 1280 and 390 px wide, and an
 *    Arabic page is right to left.
 * CONSOLE_SCREENSHOTS=<dir> saves the pages' screenshots (docs/console).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { tickCampaigns } from '../../src/campaigns/tick';
import { consoleDb } from '../../src/console/store/tables';
import { importContacts } from '../../src/contacts/import';
import { recordConsent } from '../../src/store/consent';
import { findIdentity } from '../../src/store/contacts';
import { eventually, startTestSystem, type TestSystem } from '../helpers/system';
import { addAccount, PASSWORD } from './helpers';
import { checkBothWidths, closeTab as close, DESKTOP, expectAccessible, h1, newTab, signInAs, type Tab } from './browser';
import { HANG_GUARD_MS } from '../helpers/guard';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** How long the browser waits for anything: a guard against a hang, never a margin (a busy machine is slower). */
const WAIT_MS = HANG_GUARD_MS;

/**
 * A time zone where it is `hour` o'clock now (Etc/GMT±n: every offset from -12 to +14 exists),
 * so the test can place people in their sending hours (08:00-21:00) or out of them on the real
 * clock. (The console's sessions take their expiry from the browser's clock: a moved system clock
 * would sign the organizer out.)
 */
function zoneAt(hour: number): string {
  const utc = new Date().getUTCHours();
  for (let offset = -12; offset <= 14; offset++) {
    if ((utc + offset + 24) % 24 === hour) return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
  }
  throw new Error(`no zone at ${hour}:00`);
}
const DAY = zoneAt(13);
const NIGHT = zoneAt(3);

let system: TestSystem;
let browser: Browser;
const rt = () => system.runtime;

async function openTab(viewport = DESKTOP): Promise<Tab> {
  return newTab(browser, { viewport, locale: 'en-US' }, WAIT_MS);
}

async function signIn(page: Page, email: string): Promise<void> {
  await signInAs(page, `${system.url}/console/sign-in`, email, PASSWORD);
}


beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
  system = await startTestSystem(
    'console-campaigns',
    {
      ORG_SENDER: 'Ohio Voter Project',
      ORG_DISCLAIMER: 'Paid for by Ohio Voter Project PAC',
      SIMULATOR: 'false',
      // The test runs the periodic check itself, on its clock.
      CAMPAIGN_TICK_MS: '3600000',
    },
  );
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: HANG_GUARD_MS,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await addAccount(system, 'olu@example.org', 'organizer', 'Olu Organizer');
  const report = await importContacts(
    { db: rt().db.kysely, config: rt().config, languages: rt().translator.languages, now: rt().now },
    [
      'phone,name,language,state,timezone,tags,consent_source,consent_date',
      `+12125550101,Ana,en,NY,${DAY},demo,web form,2026-05-01`,
      `+12125550102,Beto,es,NY,${DAY},demo,web form,2026-05-01`,
      `+12125550103,Amal,ar,NY,${DAY},demo,web form,2026-05-01`,
      `+18085550104,Lani,en,HI,${NIGHT},demo,web form,2026-05-01`, // at night: waits for her morning, then has opted out
      `+12125550105,Dee,en,NY,${DAY},demo,,`, // no consent: never in the audience
    ].join('\n'),
    { fileName: 'demo.csv', attestedBy: 'Olu Organizer' },
  );
  expect(report.errors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await system?.close();
});

describe('campaigns in Chromium', () => {
  it('rehearses a campaign without an SMS provider: form, preview, rehearse, pause, resume, the recorded messages', async () => {
    const page = await openTab();
    await signIn(page, 'olu@example.org');
    await page.getByRole('navigation').getByRole('link', { name: 'Campaigns' }).click();
    expect(await h1(page)).toBe('Campaigns');
    expect(await page.getByText('No SMS provider is configured here').count()).toBe(1);
    await checkBothWidths(page, 'campaigns-list-empty');

    // The form: a wrong id and no channel are shown by their fields.
    await page.getByRole('link', { name: 'New campaign' }).click();
    expect(await h1(page)).toBe('New campaign');
    await checkBothWidths(page, 'campaign-new');
    await page.getByLabel('Campaign id').fill('Demo Rehearsal');
    await page.getByLabel('Name', { exact: true }).fill('Office hours');
    await page.getByRole('checkbox', { name: 'SMS' }).uncheck();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.locator('#id-error').textContent()).resolves.toMatch(/id: lower case letters/);
    await expect(page.locator('#channels-error').textContent()).resolves.toMatch(/audience\.channels/);
    await expectAccessible(page, 'campaign-new-errors');

    await page.getByLabel('Campaign id').fill('office-hours');
    await page.getByRole('checkbox', { name: 'SMS' }).check();
    await page.getByLabel('With any of these tags').fill('demo');
    await page.getByLabel('Text in English (en)').fill('Hi {{name}}, our office is open Saturday 10-2.');
    await page.getByLabel('Text in Español (es)').fill('Hola {{name}}, la oficina abre el sábado de 10 a 2.');
    await page.getByLabel('Text in العربية (ar)').fill('مرحبا {{name}}، مكتبنا مفتوح يوم السبت من 10 إلى 2.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/console\/campaigns\/office-hours\?done=saved$/);
    expect(await h1(page)).toBe('Office hours');
    await checkBothWidths(page, 'campaign-draft');

    // As a launch it reaches nobody here; as a rehearsal, the three who opted in.
    await page.getByRole('link', { name: 'Preview', exact: true }).click();
    expect(await page.getByText('0 people (channels on: none)').count()).toBe(1);
    expect(await page.getByText('launch it as a rehearsal').count()).toBe(1);
    await checkBothWidths(page, 'campaign-preview-launch');
    await page.getByRole('link', { name: 'Preview as a rehearsal' }).click();
    expect(await page.getByText('4 people (channels on: SMS)').count()).toBe(1);
    expect(await page.getByText('Nothing: it can go.').count()).toBe(1);
    const arabic = page.locator('p.message-text[lang="ar"]');
    expect(await arabic.getAttribute('dir')).toBe('rtl');
    expect(await arabic.textContent()).toMatch(/^مرحبا Amal، مكتبنا مفتوح يوم السبت من 10 إلى 2\.\n/);
    await checkBothWidths(page, 'campaign-preview-rehearsal');

    await page.getByRole('link', { name: 'Rehearse…' }).click();
    expect(await h1(page)).toBe('Rehearse Office hours?');
    expect(await page.getByText('The messages of 4 people').count()).toBe(1);
    await checkBothWidths(page, 'campaign-confirm-rehearse');
    await page.getByRole('button', { name: 'Rehearse' }).click();
    await page.waitForURL(/done=rehearsed$/);
    expect(await page.getByText('This is a rehearsal: nothing was sent.').count()).toBe(1);

    // The progress refreshes by itself: three recorded, one waiting for Honolulu's morning.
    const total = page.locator('table.progress tr.total');
    await eventually(async () => ((await total.locator('td').allTextContents()).join(',') === '4,3,0,0,0,1,0' ? true : false));
    await checkBothWidths(page, 'campaign-rehearsal-progress');

    // Pause and resume, each behind a confirmation.
    await page.getByRole('link', { name: 'Pause…' }).click();
    expect(await h1(page)).toBe('Pause Office hours?');
    await expectAccessible(page, 'campaign-confirm-pause');
    await page.getByLabel('Why (shown with its state)').fill('checking the hours');
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.waitForURL(/done=paused$/);
    expect(await page.getByText('checking the hours').count()).toBe(1);
    await page.getByRole('link', { name: 'Resume…' }).click();
    await expectAccessible(page, 'campaign-confirm-resume');
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.waitForURL(/done=resumed$/);
    expect(await page.getByText('Running').count()).toBeGreaterThan(0);

    // Lani texts STOP before her morning. Her morning comes (the test moves her to a time zone
    // where it is day and makes her message due, rather than moving the clock): her message is
    // released, and suppressed at send time.
    const lani = (await findIdentity(rt().db.kysely, 'sms', '+18085550104'))!;
    await recordConsent(rt().db.kysely, lani, 'opt_out', { word: 'STOP', source: 'keyword', at: new Date() });
    await rt().db.kysely.updateTable('contacts').set({ timezone: DAY }).where('id', '=', lani.contact_id).execute();
    await rt().db.kysely.updateTable('campaign_recipients').set({ send_at: new Date(Date.now() - 60_000) }).where('contact_id', '=', lani.contact_id).where('send_at', 'is not', null).execute();
    await tickCampaigns(rt());
    await eventually(async () => ((await total.locator('td').allTextContents()).join(',') === '4,3,0,0,1,0,1' ? true : false));

    await page.getByRole('link', { name: 'Read the recorded messages' }).click();
    expect(await h1(page)).toBe('Rehearsal of Office hours');
    const rows = page.locator('table.rehearsal tbody tr');
    expect(await rows.count()).toBe(4);
    const row = (digits: string) => rows.filter({ hasText: digits });
    expect(await row('0101').locator('p.message-text').textContent()).toMatch(/^Hi Ana, our office is open Saturday 10-2\.\nOhio Voter Project\. Paid for by Ohio Voter Project PAC\. Reply STOP to opt out\.$/);
    expect(await row('0101').getByText('Would have been sent').count()).toBe(1);
    expect(await row('0102').locator('p.message-text[lang="es"]').textContent()).toMatch(/^Hola Beto, la oficina abre el sábado de 10 a 2\.\n/);
    expect(await row('0103').locator('p.message-text[lang="ar"]').textContent()).toMatch(/^مرحبا Amal، مكتبنا مفتوح يوم السبت من 10 إلى 2\.\n/);
    expect(await row('0104').getByText('Not sent: opted_out').count()).toBe(1);
    expect(await page.getByText('+12125550101').count()).toBe(0); // masked
    await checkBothWidths(page, 'campaign-rehearsal-recorded');

    // The same page in Arabic: right to left.
    // (The account's own language: the browser's would count only without one.)
    await consoleDb(rt().db.kysely).updateTable('console_users').set({ language: 'ar' }).where('email', '=', 'olu@example.org').execute();
    await page.reload();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    await checkBothWidths(page, 'campaign-rehearsal-recorded-ar');
    await consoleDb(rt().db.kysely).updateTable('console_users').set({ language: null }).where('email', '=', 'olu@example.org').execute();

    // The list says it is a rehearsal.
    await page.goto(`${system.url}/console/campaigns`);
    expect(await page.getByRole('row', { name: /Office hours/ }).getByText('Rehearsal').count()).toBe(1);
    await checkBothWidths(page, 'campaigns-list');
    await close(page);
  });

  it('shows a YAML error by its field, with its line; saves a YAML file', async () => {
    const page = await openTab();
    await signIn(page, 'olu@example.org');
    await page.goto(`${system.url}/console/campaigns/new`);
    await page.getByLabel('Campaign YAML').fill('id: bad-one\nname: Bad\naudience:\n  channels: [sms, pigeon]\ntext: { en: "Hi" }\n');
    await page.getByRole('button', { name: 'Save from YAML' }).click();
    const error = page.locator('#yaml-error');
    expect(await error.textContent()).toMatch(/^Line 4: audience\.channels\.1: /);
    expect(await page.locator('#yaml').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('alert').getByRole('link').first().getAttribute('href')).toBe('#yaml');
    await checkBothWidths(page, 'campaign-yaml-error');

    await page.locator('#yaml_file').setInputFiles({ name: 'nudge.yaml', mimeType: 'text/yaml', buffer: Buffer.from('id: from-file\nname: From a file\naudience: { channels: [sms] }\ntext: { en: "Hi {{name}}" }\n') });
    await page.getByRole('button', { name: 'Save from YAML' }).click();
    await page.waitForURL(/\/console\/campaigns\/from-file\?done=saved$/);
    expect(await h1(page)).toBe('From a file');
    await close(page);
  });
});
