/**
 * What the screenshot scripts share: their options, starting civic-engage as `npm start` does
 * (embedded PGlite in a given data directory, a fresh QUEUE_PREFIX) and reading the first-admin
 * link from its banner, launching the system's Chromium, creating the first admin, and saving a
 * screenshot. Each script keeps only its own story.
 */
'use strict';

const { spawn } = require('child_process');
const path = require('path');

const ROOT = path.resolve(__dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const WAIT_MS = 30_000;
const BANNER_WAIT_MS = 180_000;
/** The first admin every script creates. */
const ADMIN = { name: 'Ana Organizer', email: 'ana@eastside.example.org', password: 'river lantern orchard seven' };

/** `--out DIR` (default docs/console, from the project root) and `--port N` (default PORT, else `defaultPort`). */
function options(defaultPort) {
  const args = process.argv.slice(2);
  const arg = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  return { out: path.resolve(ROOT, arg('--out', 'docs/console')), port: arg('--port', process.env.PORT || String(defaultPort)) };
}

/**
 * Starts `civic-engage start` for `name` (the queue prefix says whose it is) with `env` added.
 * `link` resolves with the first-admin link once the banner is printed; `output()` is what the
 * server printed so far; `stop()` ends it.
 */
function startServer({ name, port, dataDir, env = {} }) {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/civic-engage.js'), 'start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, QUEUE_PREFIX: `{${name}-${process.pid}}`, ORG_NAME: 'Eastside Votes', ORG_CONTACT: 'help@eastside.example.org', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const link = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within ${BANNER_WAIT_MS / 1000} s:\n${output}`)), BANNER_WAIT_MS);
    const read = (chunk) => {
      output += chunk;
      const m = /(http:\/\/\S+\/console\/setup\?token=\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return { child, link, output: () => output, stop };
}

/** The system's Chromium, headless, asking nothing of the network. */
async function launchChromium() {
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}

/** A new page in its own browser context (`viewport`, `locale`), waiting at most WAIT_MS for anything. */
async function openPage(browser, viewport, { locale = 'en-US', acceptDownloads = false } = {}) {
  const context = await browser.newContext({ viewport, locale, acceptDownloads });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  return page;
}

/** Creates the first admin from the banner's link and waits for the console's home page. */
async function createFirstAdmin(page, link) {
  await page.goto(link);
  await page.getByLabel('Your name').fill(ADMIN.name);
  await page.getByLabel('Your e-mail address').fill(ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Password again').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create account and sign in' }).click();
  await page.waitForURL(`${new URL(link).origin}/console`);
}

/** A function saving a page's screenshot as `<out>/<prefix><name>.png` and printing where. */
function shooter(out, prefix = '') {
  return async (page, name, fullPage = false) => {
    const file = path.join(out, `${prefix}${name}.png`);
    await page.screenshot({ path: file, fullPage });
    console.log(`  ${path.relative(ROOT, file)}`);
  };
}

module.exports = { ROOT, WAIT_MS, options, startServer, launchChromium, openPage, createFirstAdmin, shooter };
