/**
 * What every console page's Chromium test checks the same way: axe-core on the page as it is, one
 * h1, no sideways scrolling, at desktop and phone width, with the screenshots for docs/console.md
 * when CONSOLE_SCREENSHOTS names a folder.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

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
