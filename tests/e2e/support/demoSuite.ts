import axe from 'axe-core';
import type { Frame } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchChromium, type LaunchedBrowser } from './chromium';
import { startPreview, type RunningServer } from './viteServer';

/**
 * The demo build served by `vite preview` and one Chromium, for the tests of one `describe`;
 * every test fails on a Content-Security-Policy violation in any page or frame.
 */
export function demoBrowserSuite(env: Record<string, string>): { server: () => RunningServer; browser: () => LaunchedBrowser } {
  let server: RunningServer;
  let browser: LaunchedBrowser;
  beforeAll(async () => {
    server = await startPreview('demo', env);
    browser = await launchChromium();
  });
  afterEach(() => expect(browser?.takeCspViolations() ?? [], 'Content-Security-Policy violations').toEqual([]));
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return { server: () => server, browser: () => browser };
}

/**
 * Serious and critical axe-core findings in a frame. Tabster (Fluent's focus manager) puts
 * aria-hidden focus sentinels around open menus and sheets; they pass focus on at once and are
 * never where focus stays, so axe is told to skip them.
 */
export async function seriousAxeViolations(frame: Frame): Promise<Array<{ id: string; targets: string[] }>> {
  await frame.evaluate(axe.source);
  const violations = await frame.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: {
          run(c: object, o: object): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }>;
        };
      }
    ).axe.run({ include: [document], exclude: [['[data-tabster-dummy]']] }, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map(({ id, targets }) => ({ id, targets }));
}
