#!/usr/bin/env node
/**
 * Takes the screenshots of "Walkthrough: an organizer's week" in docs/console.md, in Chromium,
 * doing what a new organizer does on a fresh clone with the default settings (no ORG_DISCLAIMER,
 * the demo sender, the example election data): start civic-engage as `npm start` does (embedded
 * PGlite in a fresh data directory), create the first admin from the banner's link, import a
 * contacts file (one refused row first, then the corrected file), write a campaign with the form,
 * preview and rehearse it, read what each person would have received, let a few people talk to the
 * assistant in the web simulator (feedback, opt-outs), and read What people said.
 *
 *   node scripts/console-organizer-walkthrough.js [--out docs/console] [--port 3199]
 *
 * Needs Redis (REDIS_URL, default redis://127.0.0.1:6379; a fresh QUEUE_PREFIX is used) and
 * Chromium (CHROMIUM_PATH, default /usr/bin/chromium); playwright-core is a dev dependency.
 * Waits on what the pages show, never on fixed delays. The rehearsal keeps the sending hours of
 * each person's time zone (DEFAULT_TIMEZONE here: the file has no state): run at night there, its
 * messages wait for the morning and the script stops after 120 s saying so.
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { ROOT, WAIT_MS, options, startServer, launchChromium, openPage, createFirstAdmin, shooter } = require('./lib/screens');

const { out: OUT, port: PORT } = options(3199);
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 800 };
const locale = (lang, ns) => JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', lang, `${ns}.json`), 'utf8'));

/** The contacts file: a dozen people in four languages, with where and when they opted in. */
const HEADER = 'phone,name,language,tags,consent_source,consent_date';
const PEOPLE = [
  ['+12125550101', 'Ana Lee', 'en'],
  ['+12125550102', 'Ben Okafor', 'en'],
  ['+12125550103', 'Carla Ruiz', 'es'],
  ['+12125550104', 'Diego Mora', 'es'],
  ['+12125550105', 'Elena Soto', 'es'],
  ['+12125550106', 'Bao Tran', 'vi'],
  ['+12125550107', 'Linh Nguyen', 'vi'],
  ['+12125550108', 'Minh Pham', 'vi'],
  ['+12125550109', 'Amal Haddad', 'ar'],
  ['+12125550110', 'Omar Saleh', 'ar'],
  ['+12125550111', 'Huda Karim', 'ar'],
  ['+12125550112', 'Sam Park', 'en'],
];
const row = ([phone, name, lang]) => `${phone},${name},${lang},eastside,spring rally sign-up sheet,2026-04-12`;
const GOOD = `${HEADER}\n${PEOPLE.map(row).join('\n')}\n`;
// The same file with a typo in Diego's number: line 5 is refused.
const BAD = GOOD.replace('+12125550104', '212-555-01');

/** People who talk to the assistant in the simulator: [language, what they do]. */
const VISITORS = [
  ['es', 5, 'Muy claro, gracias.'], ['es', 4, 'Me ayudó a encontrar mi casilla.'], ['es', 5, null], ['es', 3, 'Quisiera más horarios.'], ['es', 5, null],
  ['vi', 4, 'Cảm ơn nhiều.'], ['vi', 2, null], ['vi', 'STOP'], ['vi', 'STOP'], ['vi', 'STOP'],
  ['en', 5, 'Quick and easy.'], ['ar', 4, 'شكرا، كان مفيدا.'],
];

/** Reloads the page until `done()` holds (the page refreshes itself too; this is the no-script way). */
async function reloadUntil(page, done, what) {
  const deadline = Date.now() + 120_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`still not true after 120 s: ${what}`);
    await page.waitForLoadState('load');
    await page.reload();
  }
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-organizer-walkthrough-'));
  const csvDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-organizer-csv-'));
  const server = startServer({ name: 'organizer-walkthrough', port: PORT, dataDir });
  let browser;
  try {
    const link = await server.link;
    const base = new URL(link).origin;
    browser = await launchChromium();
    const shot = shooter(OUT, 'organizer-');
    const open = (viewport) => openPage(browser, viewport);
    const nav = (page, name) => page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name }).click();

    // 1. The banner's link: create the first admin account.
    const org = await open(DESKTOP);
    await createFirstAdmin(org, link);
    await shot(org, 'home');

    // 2. Contacts: import the file; one row is refused; fix it, check again, attest, import.
    await nav(org, 'Contacts');
    await org.getByRole('link', { name: 'Import a contacts file' }).click();
    await org.waitForURL('**/console/contacts/import');
    const csv = path.join(csvDir, 'eastside-rally.csv');
    fs.writeFileSync(csv, BAD);
    await org.getByLabel('Contacts file (CSV)').setInputFiles(csv);
    await org.getByRole('button', { name: 'Check the file' }).click();
    await org.getByRole('heading', { name: 'Nothing can be imported from this file' }).waitFor();
    await shot(org, 'import-refused');
    await org.getByRole('link', { name: 'Upload a corrected file' }).click();
    await org.waitForURL('**/console/contacts/import');
    fs.writeFileSync(csv, GOOD);
    await org.getByLabel('Contacts file (CSV)').setInputFiles(csv);
    await org.getByRole('button', { name: 'Check the file' }).click();
    const importButton = org.getByRole('button', { name: `Import ${PEOPLE.length} rows` });
    await importButton.waitFor();
    await org.getByLabel(/^I attest that these people agreed to receive messages/).check();
    await shot(org, 'import-preview', true);
    await importButton.click();
    await org.waitForURL((url) => !url.pathname.endsWith('/import'));
    // The page follows the import (on the embedded database it jumps from the start to the end).
    await reloadUntil(org, async () => (await org.getByRole('heading', { level: 1, name: 'Imported' }).count()) === 1, 'the import finished');
    await shot(org, 'import-done');

    // 3. Campaigns: write it with the form, preview it as a rehearsal, rehearse it.
    await nav(org, 'Campaigns');
    await org.getByRole('link', { name: 'New campaign' }).click();
    await org.getByLabel('Campaign id').fill('register-nudge');
    await org.getByLabel('Name', { exact: true }).fill('Check your registration');
    await org.getByLabel('With any of these tags').fill('eastside');
    await org.getByLabel(/^Text in .*\(en\)$/).fill('Hi {{name}}, the registration deadline is close. Reply MENU to check yours in a minute.');
    await org.getByLabel(/^Text in .*\(es\)$/).fill('Hola {{name}}, se acerca la fecha límite para registrarte. Responde MENÚ para revisar tu registro.');
    await org.getByLabel(/^Text in .*\(vi\)$/).fill('Chào {{name}}, sắp hết hạn đăng ký cử tri. Nhắn MENU để kiểm tra đăng ký của bạn.');
    await org.getByLabel(/^Text in .*\(ar\)$/).fill('مرحبا {{name}}، اقترب آخر موعد للتسجيل. أرسل «القائمة» للتحقق من تسجيلك.');
    await shot(org, 'campaign-form', true);
    await org.getByRole('button', { name: 'Save draft' }).click();
    await org.waitForURL(/\/console\/campaigns\/register-nudge\?done=saved$/);
    await org.getByRole('link', { name: 'Preview', exact: true }).click();
    await org.getByRole('link', { name: 'Preview as a rehearsal' }).click();
    await org.getByText(`${PEOPLE.length} people (channels on: SMS)`).waitFor();
    await shot(org, 'campaign-preview', true);
    await org.getByRole('link', { name: 'Rehearse…' }).click();
    await org.getByRole('button', { name: 'Rehearse' }).click();
    await org.waitForURL(/done=rehearsed$/);
    await shot(org, 'campaign-rehearsing');

    // Every person recorded (or why not): reload the recorded messages until nobody is waiting.
    await org.getByRole('link', { name: 'Read the recorded messages' }).click();
    const rows = org.locator('table.rehearsal tbody tr');
    await reloadUntil(org, async () => (await rows.count()) === PEOPLE.length && (await rows.filter({ hasText: /^\s*Waiting/ }).count()) === 0 && (await org.getByText(/Waiting:/).count()) === 0, 'every person recorded');
    await shot(org, 'campaign-recorded', true);
    const phone = await org.context().browser().newContext({ viewport: PHONE, locale: 'en-US', storageState: await org.context().storageState() });
    const orgPhone = await phone.newPage();
    orgPhone.setDefaultTimeout(WAIT_MS);
    await orgPhone.goto(org.url());
    await shot(orgPhone, 'campaign-recorded-phone');

    // 4. People talk to the assistant in the simulator, each in their language.
    let shown = false;
    for (const [lang, rating, comment] of VISITORS) {
      const menu = locale(lang, 'menu');
      const feedback = locale(lang, 'feedback');
      const person = await open(PHONE);
      await person.goto(`${base}/simulator`);
      await person.locator('#lang').selectOption(lang);
      const log = person.locator('#log');
      const say = async (text, expect) => {
        const before = await log.locator(':scope > *').count();
        await person.locator('#input').fill(text);
        await person.locator('#send').click();
        if (expect) await log.getByText(expect).last().waitFor();
        else await person.waitForFunction((n) => document.querySelectorAll('#log > *').length >= n + 2, before);
      };
      await say('hi', menu.prompt);
      if (rating === 'STOP') {
        await say('STOP', null);
      } else {
        await say(menu.feedback, feedback.ask_rating);
        await say(String(rating), feedback.ask_comment);
        await say(comment ?? locale(lang, 'common').skip_words.split(',')[0], feedback.thanks);
        if (lang === 'vi' && !shown) {
          await shot(person, 'simulator-feedback-vi');
          shown = true;
        }
      }
      await person.context().close();
    }

    // 5. What people said: the charts and the least engaged language.
    await nav(org, 'What people said');
    await org.waitForURL('**/console/feedback**');
    await shot(org, 'said', true);
    // The least engaged sentence and the first charts, as the organizer scrolls to them.
    const section = (page) => page.getByRole('heading', { name: 'Who we reach, and who is left out' });
    await section(org).evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 16));
    await shot(org, 'said-top');
    await orgPhone.goto(`${base}/console/feedback`);
    await section(orgPhone).evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 8));
    await shot(orgPhone, 'said-phone');
    const least = await org.locator('main').getByText(/Least engaged|fewer than two|compare/i).first().textContent().catch(() => null);
    console.log(`  What people said: ${least ? least.trim().replace(/\s+/g, ' ') : '(no least engaged sentence)'}`);
  } catch (err) {
    // What the server said (LOG_LEVEL=warn: warnings and errors only) helps to see why.
    console.error(server.output().split('\n').filter((l) => !/setup\?token=/.test(l)).slice(-40).join('\n'));
    throw err;
  } finally {
    await browser?.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(csvDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
