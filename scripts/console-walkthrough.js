#!/usr/bin/env node
/**
 * Takes the screenshots of the console walkthrough in docs/console.md, in Chromium, doing what
 * the page tells a new organizer to do: start civic-engage as `npm start` does (embedded PGlite in
 * a fresh data directory), open the first-admin link the banner prints, create the account, let a
 * person in the simulator ask for a human, answer them from the inbox, and close the conversation.
 *
 *   node scripts/console-walkthrough.js [--out docs/console] [--port 3199]
 *
 * Needs Redis (REDIS_URL, default redis://127.0.0.1:6379; a fresh QUEUE_PREFIX is used) and
 * Chromium (CHROMIUM_PATH, default /usr/bin/chromium); playwright-core is a dev dependency.
 * Waits on what the pages show, never on fixed delays.
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { options, startServer, launchChromium, openPage, createFirstAdmin, shooter } = require('./lib/screens');

const { out: OUT, port: PORT } = options(3199);
const DESKTOP = { width: 1100, height: 760 };
const PHONE = { width: 390, height: 760 };

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-walkthrough-'));
  const server = startServer({ name: 'walkthrough', port: PORT, dataDir });
  let browser;
  try {
    const link = await server.link;
    const base = new URL(link).origin;
    browser = await launchChromium();
    const shot = shooter(OUT);
    const open = (viewport) => openPage(browser, viewport);

    // 1. The banner's link: create the first admin account.
    const admin = await open(DESKTOP);
    await createFirstAdmin(admin, link);
    await shot(admin, 'walkthrough-home');

    // 2. A person in the simulator asks for a human.
    const person = await open(PHONE);
    await person.goto(`${base}/simulator`);
    const say = async (text, expect) => {
      await person.locator('#input').fill(text);
      await person.locator('#send').click();
      await person.locator('#log').getByText(expect).first().waitFor();
    };
    await say('hi', /What can I help you with|choose your language/);
    if (await person.locator('#log').getByText(/choose your language/).count()) await say('1', /What can I help you with/);
    await say('AGENT', /what do you need help with/i);
    await say('I need a ride to vote on Tuesday', /volunteer/i);
    await shot(person, 'walkthrough-simulator-agent');

    // 3. The inbox shows them (without a reload); open the conversation, claim it, reply.
    await admin.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Inbox' }).click();
    await admin.getByRole('row', { name: /Someone/ }).waitFor();
    await shot(admin, 'walkthrough-inbox');
    await admin.getByRole('row', { name: /Someone/ }).getByRole('link').first().click();
    await admin.getByRole('button', { name: 'Claim: I will answer' }).click();
    await admin.getByLabel('Your reply').fill('Hi, I am Ana, a volunteer with Eastside Votes. We can drive you on Tuesday. What time suits you?');
    await shot(admin, 'walkthrough-reply');
    await admin.getByRole('button', { name: 'Send reply' }).click();
    await admin.waitForURL(/\?sent=1$/);

    // 4. The person gets it and answers; the conversation page shows the answer by itself.
    await person.locator('#log').getByText('We can drive you on Tuesday').waitFor();
    await person.locator('#input').fill('10 in the morning, please. Thank you!');
    await person.locator('#send').click();
    await admin.locator('#transcript').getByText('10 in the morning, please').waitFor();
    await admin.locator('#transcript .message-volunteer .delivery').getByText('Delivered').waitFor();
    await shot(admin, 'walkthrough-conversation', true);
    await shot(person, 'walkthrough-simulator-reply');

    // 5. Close: the bot answers the person again.
    await admin.getByRole('button', { name: 'Close conversation' }).click();
    await admin.waitForURL(/\/console\/inbox\?closed=/);
    await shot(admin, 'walkthrough-closed');
    await person.locator('#log').getByText(/Thanks for talking with us/).waitFor();
    await say('MENU', /What can I help you with/);
    await shot(person, 'walkthrough-simulator-closed');
  } finally {
    await browser?.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
