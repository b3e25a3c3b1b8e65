/**
 * The simulator page in a real headless Chromium (playwright-core, the system's chromium): what an
 * organizer does in a demo, from choosing Spanish to the feedback being stored in the database.
 *
 * Chromium: CHROMIUM_PATH or /usr/bin/chromium (.ci/run installs it; on a workstation
 * `apt-get install chromium`). SIMULATOR_SCREENSHOTS=<dir> saves phone and desktop screenshots.
 *
 * Expected keys and choices are read from the shipped flows, as in simulator-api.test.ts.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FlowDef } from '../../../src/engine/flow-schema';
import { eventually, startTestSystem, type TestSystem } from '../../helpers/system';
import { HANG_GUARD_MS } from '../../helpers/guard';


const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SCREENSHOTS = process.env.SIMULATOR_SCREENSHOTS;
/** How long the browser waits for anything: a guard against a hang, never a margin (a busy machine is slower). */
const WAIT_MS = HANG_GUARD_MS;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const VARS = { org_name: 'Test Org', org_contact: 'help@example.org' };
/** Answer buttons of the latest question (earlier ones are disabled). */
const ACTIVE_CHOICES = '[data-testid="choice"]:not([disabled])';

let system: TestSystem;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
  system = await startTestSystem(
    'sim-browser',
    {},
    // PostgreSQL, not PGlite: PGlite's dynamic WASM import needs --experimental-vm-modules under jest.
    { postgres: true },
  );
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

// ---- what the flows say (read from flows/*.yaml through the running system) ----

function flow(id: string): FlowDef {
  const def = system.runtime.flows.current(id)?.def;
  if (!def) throw new Error(`flow ${id} is not loaded`);
  return def;
}
const t = (key: string) => system.runtime.translator.t('es', key, VARS);
/** The simulator page's own text (locales/<lang>/simulator.json). */
const ui = (language: string, key: string, vars: Record<string, string> = {}) => system.runtime.translator.t(language, `simulator.${key}`, vars);
const menuState = () => flow('menu').states[flow('menu').start];

/** The menu's choice that leads to the feedback flow, and its 1-based number. */
function feedbackChoice() {
  const choices = menuState().choices ?? [];
  const index = choices.findIndex((c) => c.next === '@feedback');
  if (index < 0) throw new Error('the menu has no choice leading to @feedback');
  return { number: index + 1, value: choices[index].value ?? choices[index].label.split('.').pop()!, label: t(choices[index].label) };
}

/** The feedback flow's rating question, comment question and thank-you, found by what they do. */
function feedbackSteps() {
  const states = Object.values(flow('feedback').states);
  const rating = states.find((s) => s.input === 'rating');
  const comment = states.find((s) => s.input === 'text');
  const thanks = states.find((s) => s.do?.some((a) => 'feedback' in a));
  if (!rating?.say || !comment?.say || !thanks?.say) throw new Error('feedback flow: expected a rating input, a text input and a state storing the feedback');
  return { rating: rating.say, comment: comment.say, thanks: thanks.say };
}

// ---- driving the page ----

async function openSimulator(viewport = PHONE): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  (page as Page & { errors: string[] }).errors = errors;
  await page.goto(`${system.url}/simulator`);
  await page.getByTestId('lang').locator('option[value="es"]').waitFor({ state: 'attached' });
  return page;
}

async function setUp(page: Page, mode: 'sms' | 'buttons'): Promise<void> {
  await page.getByTestId('lang').selectOption('es');
  await page.getByTestId('mode').selectOption(mode);
}

async function type(page: Page, text: string): Promise<void> {
  await page.getByTestId('input').fill(text);
  await page.getByTestId('input').press('Enter');
}

/** The last reply with this key, once it is on the page. */
async function reply(page: Page, key: string) {
  const bubble = page.locator(`[data-testid="msg-out"][data-key="${key}"]`).last();
  await bubble.waitFor();
  return bubble;
}

async function sessionOf(page: Page): Promise<string> {
  return page.evaluate(() => JSON.parse(sessionStorage.getItem('civic-engage.simulator') ?? '{}').session as string);
}

async function feedbackOf(session: string) {
  const db = system.runtime.db.kysely;
  const identity = await db.selectFrom('identities').selectAll().where('channel', '=', 'web').where('address', '=', session).executeTakeFirstOrThrow();
  return eventually(() => db.selectFrom('feedback').selectAll().where('contact_id', '=', identity.contact_id).execute().then((rows) => (rows.length ? rows : undefined)), WAIT_MS);
}

/** Our own messages appear once each, confirmed by the log (no optimistic duplicate left over). */
async function expectOwnMessages(page: Page, texts: string[]): Promise<void> {
  await eventually(() => page.locator('.row.in.pending').count().then((n) => n === 0), WAIT_MS);
  expect(await page.getByTestId('msg-in').allTextContents()).toEqual(texts);
}

async function screenshot(page: Page, name: string): Promise<void> {
  if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

describe('simulator page in Chromium', () => {
  it('goes from the Spanish menu to stored feedback with buttons', async () => {
    const page = await openSimulator(PHONE);
    await setUp(page, 'buttons');
    expect(await page.locator('#org-name').textContent()).toBe('Test Org');

    await type(page, 'hola');
    const menu = await reply(page, menuState().say!);
    expect(await menu.textContent()).toBe(t(menuState().say!));
    const choice = feedbackChoice();
    expect(await page.locator(ACTIVE_CHOICES).allTextContents()).toEqual(menuState().choices!.map((c) => t(c.label)));
    await screenshot(page, 'simulator');

    await page.locator(`[data-testid="choice"][data-value="${choice.value}"]`).click();
    const steps = feedbackSteps();
    expect(await (await reply(page, steps.rating)).textContent()).toContain(t(steps.rating));
    // Older buttons no longer answer once the conversation has moved on.
    expect(await page.locator(`[data-testid="choice"][data-value="${choice.value}"]`).isDisabled()).toBe(true);

    // A rating: the "4" button when the question offers buttons, else typed.
    const four = page.locator(ACTIVE_CHOICES).filter({ hasText: /^\s*4\b/ });
    let rating = '4';
    if ((await four.count()) === 1) {
      rating = (await four.textContent())!;
      await four.click();
    } else await type(page, rating);
    await reply(page, steps.comment);
    const comment = 'Más asambleas los sábados, por favor <b>gracias</b>';
    await type(page, comment);
    const thanks = await reply(page, steps.thanks);
    expect(await thanks.textContent()).toContain(t(steps.thanks));

    await expectOwnMessages(page, ['hola', choice.label, rating, comment]);
    // Message text is text: the markup someone typed is shown, not parsed.
    expect(await page.locator('[data-testid="log"] b').count()).toBe(0);
    // The page's own texts follow the picked language too.
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    expect(await page.getByTestId('log').getAttribute('dir')).toBe('ltr');

    const [stored] = await feedbackOf(await sessionOf(page));
    expect(stored).toMatchObject({ flow_id: 'feedback', rating: 4, comment, channel: 'web', language: 'es' });

    await page.setViewportSize(DESKTOP);
    await screenshot(page, 'simulator-desktop');
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.context().close();
  });

  it('answers a question typed as the first message in its language, with buttons for what comes next (issue #15)', async () => {
    const page = await openSimulator(PHONE);
    await setUp(page, 'buttons');
    await type(page, 'donde voto?');
    const answer = await reply(page, 'knowledge.polling_place.answer');
    const raw = system.runtime.translator.text('es', 'knowledge.polling_place.answer')!;
    expect(await answer.textContent()).toContain(raw.split('{{')[0].trim());
    await reply(page, 'questions.offer_state');
    await type(page, '¿necesito identificación para votar?');
    await reply(page, 'knowledge.id_requirements.answer');
    await reply(page, 'questions.anything_else');
    await page.getByRole('button', { name: t('questions.person') }).waitFor();
    await page.getByRole('button', { name: t('questions.main_menu') }).click();
    await reply(page, menuState().say!);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.context().close();
  });

  it('goes through the same flow as SMS, typing numbers', async () => {
    const page = await openSimulator(PHONE);
    await setUp(page, 'sms');

    await type(page, 'hola');
    const menu = await reply(page, menuState().say!);
    // Exactly what the SMS channel sends (src/channels/render-text.ts): choices as numbered lines.
    const lines = menuState().choices!.map((c, i) => `${i + 1}) ${t(c.label)}`);
    expect(await menu.textContent()).toBe([t(menuState().say!), ...lines].join('\n'));
    expect(await page.getByTestId('choice').count()).toBe(0);

    const choice = feedbackChoice();
    await type(page, String(choice.number));
    const steps = feedbackSteps();
    await reply(page, steps.rating);
    await type(page, '4');
    await reply(page, steps.comment);
    await type(page, 'Buen evento');
    await reply(page, steps.thanks);
    await screenshot(page, 'simulator-sms');

    await expectOwnMessages(page, ['hola', String(choice.number), '4', 'Buen evento']);
    const [stored] = await feedbackOf(await sessionOf(page));
    expect(stored).toMatchObject({ flow_id: 'feedback', rating: 4, comment: 'Buen evento', channel: 'web', language: 'es' });
    await page.context().close();
  });

  it('switches the rendering of a conversation between SMS and buttons', async () => {
    const page = await openSimulator(PHONE);
    await setUp(page, 'buttons');
    await type(page, 'hola');
    const key = menuState().say!;
    await reply(page, key);
    const count = menuState().choices!.length;
    expect(await page.getByTestId('choice').count()).toBe(count);

    await page.getByTestId('mode').selectOption('sms');
    expect(await page.getByTestId('choice').count()).toBe(0);
    expect(await (await reply(page, key)).textContent()).toContain(`\n1) ${t(menuState().choices![0].label)}`);
    await page.getByTestId('mode').selectOption('buttons');
    expect(await page.getByTestId('choice').count()).toBe(count);
    await page.context().close();
  });

  it('starts a new conversation, and keeps it across a reload', async () => {
    const page = await openSimulator(PHONE);
    await setUp(page, 'buttons');
    await type(page, 'hola');
    await reply(page, menuState().say!);
    const first = await sessionOf(page);

    await page.reload();
    await reply(page, menuState().say!); // the same conversation, read back from the log
    expect(await sessionOf(page)).toBe(first);
    expect(await page.getByTestId('lang').inputValue()).toBe('es');

    await page.getByRole('button', { name: ui('es', 'new_conversation') }).click();
    expect(await sessionOf(page)).not.toBe(first);
    expect(await page.getByTestId('msg-out').count()).toBe(0);
    expect(await page.getByTestId('msg-in').count()).toBe(0);
    await page.context().close();
  });

  it('is usable with the keyboard alone', async () => {
    const page = await openSimulator(PHONE);
    await setUp(page, 'buttons');
    await page.getByTestId('input').focus();
    await page.keyboard.type('hola');
    await page.keyboard.press('Enter');
    await reply(page, menuState().say!);
    // Every control has an accessible name, and the log announces new messages.
    expect(await page.getByLabel(ui('es', 'message'), { exact: true }).getAttribute('data-testid')).toBe('input');
    expect(await page.getByLabel(ui('es', 'language'), { exact: true }).getAttribute('data-testid')).toBe('lang');
    expect(await page.getByLabel(ui('es', 'channel_style'), { exact: true }).getAttribute('data-testid')).toBe('mode');
    expect(await page.getByTestId('log').getAttribute('aria-live')).toBe('polite');
    // From the conversation, Tab reaches the first answer button, and Enter presses it.
    await page.getByTestId('log').focus();
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    expect(await focused.getAttribute('data-testid')).toBe('choice');
    expect(await focused.textContent()).toBe(t(menuState().choices![0].label));
    await page.keyboard.press('Enter');
    await eventually(() => page.getByTestId('msg-in').count().then((n) => n === 2), WAIT_MS);
    await page.context().close();
  });

  it('shows its own texts in the language picked, with its lang and dir, and the browser’s before any pick', async () => {
    const page = await openSimulator(DESKTOP);
    const texts = async () => ({
      lang: await page.locator('html').getAttribute('lang'),
      dir: await page.locator('html').getAttribute('dir'),
      language: await page.locator('label[for="lang"]').textContent(),
      style: await page.locator('label[for="mode"]').textContent(),
      send: await page.getByTestId('send').textContent(),
      placeholder: await page.getByTestId('input').getAttribute('placeholder'),
      log: await page.getByTestId('log').getAttribute('aria-label'),
      keyword: await page.locator('.kw').first().getAttribute('aria-label'),
      ask: await page.locator('#lang option[value=""]').textContent(),
      title: await page.title(),
    });
    const expected = (language: string, dir: string) => ({
      lang: language,
      dir,
      language: ui(language, 'language'),
      style: ui(language, 'channel_style'),
      send: ui(language, 'send'),
      placeholder: ui(language, 'placeholder'),
      log: ui(language, 'conversation'),
      keyword: ui(language, 'send_word', { word: 'MENU' }),
      ask: ui(language, 'ask_language'),
      title: `Test Org · ${ui(language, 'title')}`,
    });
    // An English browser, first visit: English (the browser's language, shipped).
    expect(await texts()).toEqual(expected('en', 'ltr'));
    await page.getByTestId('lang').selectOption('es');
    expect(await texts()).toEqual(expected('es', 'ltr'));
    expect(ui('es', 'send')).not.toBe(ui('en', 'send'));
    await page.getByTestId('lang').selectOption('ar');
    expect(await texts()).toEqual(expected('ar', 'rtl'));
    expect(await page.getByTestId('empty').textContent()).toContain(ui('ar', 'empty_title'));
    await screenshot(page, 'simulator-arabic');
    // "Ask me": the page speaks the browser's language again.
    await page.getByTestId('lang').selectOption('');
    expect(await texts()).toEqual(expected('en', 'ltr'));
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.context().close();

    // A Spanish browser that has not picked anything gets Spanish.
    const context = await browser.newContext({ viewport: PHONE, locale: 'es-ES' });
    const spanish = await context.newPage();
    await spanish.goto(`${system.url}/simulator`);
    await spanish.getByTestId('lang').locator('option[value="es"]').waitFor({ state: 'attached' });
    await spanish.waitForFunction(() => document.documentElement.lang === 'es');
    expect(await spanish.getByTestId('send').textContent()).toBe(ui('es', 'send'));
    await context.close();
  });
});
