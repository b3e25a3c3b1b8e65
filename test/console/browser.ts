/**
 * What every console page's Chromium test checks the same way: axe-core on the page as it is, one
 * h1, no sideways scrolling, at desktop and phone width, with the screenshots for docs/console.md
 * when CONSOLE_SCREENSHOTS names a folder.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';

/** Where to save screenshots (CONSOLE_SCREENSHOTS=docs/console), or none. */
export const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS;
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core on the page as it is (evaluated through the DevTools protocol: the CSP refuses injected scripts), one h1, no sideways scrolling. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, {
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) }));
  });
  expect([label, violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')]).toEqual([label, []]);
  expect([label, await page.locator('h1').count()]).toEqual([label, 1]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect([label, overflow <= 0]).toEqual([label, true]);
}

/** expectAccessible at desktop, then at phone width (a screenshot of each when asked), then back to desktop. */
export async function checkBothWidths(page: Page, name: string): Promise<void> {
  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    await expectAccessible(page, `${name} (${size})`);
    if (SCREENSHOTS) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${size}.png`), fullPage: true });
    }
  }
  await page.setViewportSize(DESKTOP);
}

/** A browser tab that collects script errors and CSP refusals: `closeTab` fails the test on any. */
export type Tab = Page & { problems: string[] };

/** A new context and tab with `options` (viewport, locale, ...), waiting at most `waitMs` for anything. */
export async function newTab(browser: Browser, options: BrowserContextOptions, waitMs: number): Promise<Tab> {
  const context = await browser.newContext(options);
  const page = (await context.newPage()) as Tab;
  page.setDefaultTimeout(waitMs);
  page.problems = [];
  page.on('pageerror', (err) => page.problems.push(`script error: ${err.message}`));
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) page.problems.push(msg.text());
  });
  return page;
}

/** No script error or CSP refusal happened on the tab; then its context is closed. */
export async function closeTab(page: Tab): Promise<void> {
  expect(page.problems).toEqual([]);
  await page.context().close();
}

/** Signs in through the English sign-in form at `signInUrl` and waits to leave it. */
export async function signInAs(page: Page, signInUrl: string, email: string, password: string): Promise<void> {
  await page.goto(signInUrl);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
}

/** The page's h1, trimmed. */
export async function h1(page: Page): Promise<string> {
  return (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
}
