#!/usr/bin/env node
/**
 * Takes the screenshots of the "Contacts" section of docs/console.md: runs the contacts screens'
 * Chromium test (test/console/contacts-browser.test.ts), which does what the section describes
 * (filter the list, open a contact, import a file with a refused row, then the corrected file
 * with the attestation, forget someone, the pages in Arabic) and saves each page at 1280 and
 * 390 px wide while it checks them with axe-core.
 *
 *   node scripts/console-contacts-screens.js [--out docs/console]
 *
 * Needs what the tests need: Redis (TEST_REDIS_URL), PostgreSQL (test/helpers/postgres.ts) and
 * Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
 */
'use strict';

const { spawnSync } = require('child_process');
const path = require('path');

const args = process.argv.slice(2);
const i = args.indexOf('--out');
const ROOT = path.resolve(__dirname, '..');
const OUT = path.resolve(ROOT, i >= 0 ? args[i + 1] : 'docs/console');

const result = spawnSync(
  process.execPath,
  ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', path.join(ROOT, 'node_modules/jest/bin/jest.js'), 'test/console/contacts-browser.test.ts'],
  { cwd: ROOT, stdio: 'inherit', env: { ...process.env, CONSOLE_SCREENSHOTS: OUT } },
);
if (result.status === 0) console.log(`Screenshots written to ${path.relative(process.cwd(), OUT) || '.'}`);
process.exit(result.status ?? 1);
