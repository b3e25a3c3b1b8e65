#!/usr/bin/env node
/**
 * Takes the screenshots of the flows and translations sections in docs/console.md, in Chromium,
 * doing what the page tells an organizer to do: start civic-engage as `npm start` does (embedded
 * PGlite in a fresh data directory, texts from a temporary copy of locales/ so the repository is
 * never written), create the first admin from the banner's link, let a person start a conversation
 * in the simulator, look at the flows (a graph in English, Spanish and Arabic, the versions), then
 * find a Spanish text that is missing, export Spanish for a translator, import the filled-in file.
 *
 *   node scripts/console-flows-screens.js [--out docs/console] [--port 3198]
 *
 * Needs Redis (REDIS_URL, default redis://127.0.0.1:6379; a fresh QUEUE_PREFIX is used) and
 * Chromium (CHROMIUM_PATH, default /usr/bin/chromium); playwright-core is a dev dependency.
 * Waits on what the pages show, never on fixed delays.
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { ROOT, options, startServer, launchChromium, openPage, createFirstAdmin, shooter } = require('./lib/screens');

const { out: OUT, port: PORT } = options(3198);
const DESKTOP = { width: 1100, height: 760 };
const PHONE = { width: 390, height: 760 };

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-flows-screens-'));
  const dataDir = path.join(work, 'data');
  const localesDir = path.join(work, 'locales');
  fs.cpSync(path.join(ROOT, 'locales'), localesDir, { recursive: true });
  const server = startServer({ name: 'flows-screens', port: PORT, dataDir, env: { LOCALES_DIR: localesDir } });
  let browser;
  try {
    const link = await server.link;
    const base = new URL(link).origin;
    browser = await launchChromium();
    const shot = shooter(OUT);
    const open = (viewport, locale = 'en-US') => openPage(browser, viewport, { locale, acceptDownloads: true });

    // The first admin, from the banner's link.
    const admin = await open(DESKTOP);
    await createFirstAdmin(admin, link);

    // A person starts a conversation in the simulator: it is on the menu's current version.
    const person = await open(PHONE);
    await person.goto(`${base}/simulator`);
    const say = async (text, expect) => {
      await person.locator('#input').fill(text);
      await person.locator('#send').click();
      await person.locator('#log').getByText(expect).first().waitFor();
    };
    await say('hi', /What can I help you with|choose your language/);
    if (await person.locator('#log').getByText(/choose your language/).count()) await say('1', /What can I help you with/);

    // Flows: the list with the versions, a graph in English, in Spanish, in Arabic on a phone.
    await admin.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Flows' }).click();
    await shot(admin, 'flows-list', true);
    await admin.goto(`${base}/console/flows/register`);
    await shot(admin, 'flows-register', true);
    await admin.getByLabel('Language of the texts').selectOption('es');
    await admin.getByRole('button', { name: 'Show' }).click();
    await admin.waitForURL(/lang=es/);
    await admin.locator('#graph-title').evaluate((el) => el.scrollIntoView());
    await shot(admin, 'flows-register-es');
    await admin.goto(`${base}/console/flows/faq`);
    await admin.locator('#graph-title').evaluate((el) => el.scrollIntoView());
    await shot(admin, 'flows-faq');
    const arabic = await open(PHONE);
    await arabic.context().addCookies(await admin.context().cookies());
    await arabic.goto(`${base}/console/flows/register?lang=ar`);
    await arabic.locator('#graph-title').evaluate((el) => el.scrollIntoView());
    await shot(arabic, 'flows-register-ar-phone');

    // Translations: a Spanish text goes missing (as after a new English text), export, fill in, import.
    const file = path.join(localesDir, 'es', 'common.json');
    const common = JSON.parse(fs.readFileSync(file, 'utf8'));
    const missing = common.expired;
    delete common.expired;
    fs.writeFileSync(file, `${JSON.stringify(common, null, 2)}\n`);
    await admin.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Translations' }).click();
    await admin.locator('table.completeness tr[data-language="es"]').getByRole('link').waitFor();
    await shot(admin, 'translations', true);
    await admin.getByLabel('Language', { exact: true }).selectOption('es');
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Download' }).click()]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    const filled = csv
      .split('\r\n')
      .filter((l, i) => i === 0 || l.startsWith('common.expired,es,'))
      .map((l) => (l.startsWith('common.expired,es,') ? l.replace(/^(common\.expired,es,"?[^,]*"?,)/, `$1"${missing}"`) : l))
      .join('\r\n');
    const upload = path.join(work, 'translations-es.csv');
    fs.writeFileSync(upload, filled);
    await admin.getByLabel('Translated file').setInputFiles(upload);
    await admin.getByRole('button', { name: 'Check the file' }).click();
    await admin.getByRole('button', { name: 'Import these translations' }).waitFor();
    await shot(admin, 'translations-preview', true);
    await admin.getByRole('button', { name: 'Import these translations' }).click();
    await admin.waitForURL(/imported=1$/);
    await shot(admin, 'translations-imported');
  } finally {
    await browser?.close();
    await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
