import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type EmulatorServer } from '@/emulator/nodeServer';
import { SCREENSHOTS } from './support/buildOnce';
import { launchChromium, type LaunchedBrowser } from './support/chromium';
import { seriousAxeViolations } from './support/demoSuite';
import { startPreview, type RunningServer } from './support/viteServer';

/**
 * Watches in a plain browser tab (the production build on the emulated tenant over loopback, whose
 * presence the test sets): the bell, the person turning Available, the toast with a working Chat, the
 * title's count, the list of watches with remove, a reload, and the system notification where the
 * browser permits it (window.Notification observed, the real one underneath).
 */
describe('watches: tell me when they are available', () => {
  let graph: EmulatorServer;
  let server: RunningServer;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    graph = await startEmulatorServer({ users: 24, driftEveryMs: 0 });
    for (const user of graph.emulator.users)
      graph.emulator.setPresence(user.id, { availability: 'Busy', activity: 'InAMeeting', isOutOfOffice: false });
    server = await startPreview('production', { GRAPH_BASE_URL: graph.baseUrl, GRAPH_TOKEN: 'watches-test' });
    browser = await launchChromium();
    // Teams' deep links open in a new window: answered here, as the network is not there.
    await browser.context.route('https://teams.microsoft.com/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/plain', body: 'Teams' }),
    );
  });
  afterEach(() => expect(browser?.takeCspViolations() ?? [], 'Content-Security-Policy violations').toEqual([]));
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await graph?.close();
  });

  /** Records every system notification the page makes (the browser's own Notification underneath). */
  async function observeNotifications(page: Page) {
    await page.addInitScript(() => {
      const Real = window.Notification;
      const made: Array<{ title: string; body: string | undefined }> = [];
      (window as unknown as { __notifications: typeof made }).__notifications = made;
      class Observed extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          made.push({ title, body: options?.body });
        }
      }
      Object.defineProperty(window, 'Notification', { value: Observed, configurable: true, writable: true });
    });
  }
  const notificationsMade = (page: Page) =>
    page.evaluate(() => (window as unknown as { __notifications: Array<{ title: string; body?: string }> }).__notifications);

  /** The element and every box around it are drawn whole (their opening animation is over): for screenshots. */
  const settled = (element: Locator) =>
    element.evaluate((el) => {
      for (let e: Element | null = el; e; e = e.parentElement) if (getComputedStyle(e).opacity !== '1') return false;
      return el.getAnimations({ subtree: true }).every((a) => a.playState !== 'running');
    });

  async function openBoard(page: Page) {
    await page.goto(server.url);
    await page.getByText(/^Updated /).waitFor({ timeout: 60_000 });
    await page.locator('[data-person-id]').first().waitFor({ timeout: 30_000 });
  }

  /** Shows only `name` in the list (the search), so their row is on screen. */
  async function find(page: Page, name: string) {
    await page.getByRole('searchbox').fill(name);
    const row = page.getByRole('listitem', { name: new RegExp(`^${name},`) });
    await row.waitFor();
    return row;
  }

  it('bell, the person turning Available, toast with Chat, title count, system notification; the list with remove; kept over a reload', async () => {
    await browser.context.grantPermissions(['notifications'], { origin: server.url.replace(/\/$/, '') });
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await observeNotifications(page);
    await openBoard(page);
    const [anna, ben] = graph.emulator.users;

    let row = await find(page, anna!.displayName);
    await row.getByRole('button', { name: `Notify me when \u2068${anna!.displayName}\u2069 is available` }).click();
    await expect.poll(() => row.locator('[data-watch-bell]').getAttribute('aria-pressed')).toBe('true');
    row = await find(page, ben!.displayName);
    await row.locator('[data-watch-bell]').click();
    await page.getByRole('button', { name: 'Watching (2)' }).waitFor();

    // Kept over a reload (localStorage, this viewer and tenant).
    await page.reload();
    await page.getByText(/^Updated /).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Watching (2)' }).waitFor();

    // The list: both, and a remove button each.
    await page.getByRole('button', { name: 'Watching (2)' }).click();
    const list = page.getByRole('dialog', { name: 'Notify me when available' });
    await list.getByText(anna!.displayName).waitFor();
    await list.getByText(ben!.displayName).waitFor();
    await expect.poll(() => settled(list)).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'watches-list.png') });
    expect(await seriousAxeViolations(page.mainFrame())).toEqual([]);
    await list.getByRole('button', { name: `Stop notifying me about \u2068${ben!.displayName}\u2069` }).click();
    await expect.poll(() => list.getByText(ben!.displayName).count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Watching (1)' }).waitFor();

    // Anna turns Available: told once, by toast, title, announcement and system notification.
    graph.emulator.setPresence(anna!.id, { availability: 'Available', activity: 'Available' });
    await page.getByRole('button', { name: 'Refresh' }).click();
    const toast = page.locator(`[data-watch-toast="${anna!.id}"]`);
    await toast.waitFor({ timeout: 30_000 });
    await expect.poll(() => toast.textContent()).toContain(`${anna!.displayName}\u2069 is available`);
    expect(await toast.textContent()).toContain('Available');
    expect(await page.title()).toBe("(1) Who's Online");
    expect(await page.locator('[data-watch-announcement]').textContent()).toBe(`\u2068${anna!.displayName}\u2069 is available. Available.`);
    await expect
      .poll(() => notificationsMade(page))
      .toEqual([{ title: `\u2068${anna!.displayName}\u2069 is available`, body: 'Available' }]);
    await expect.poll(() => settled(toast)).toBe(true);
    const toastBox = (await toast.boundingBox())!;
    expect(toastBox.x + toastBox.width).toBeLessThanOrEqual(1100);
    await page.screenshot({ path: join(SCREENSHOTS, 'watches-toast.png') });
    expect(await seriousAxeViolations(page.mainFrame())).toEqual([]);
    // The watch ended with it.
    await expect.poll(() => page.getByRole('button', { name: /^Watching/ }).count()).toBe(0);

    // Chat opens Teams' chat with her, as the actions menu's Chat does in a browser.
    const opened = browser.context.waitForEvent('page');
    await toast.getByRole('button', { name: 'Chat in Teams' }).click();
    const teams = await opened;
    const link = new URL(teams.url());
    expect(`${link.origin}${link.pathname}`).toBe('https://teams.microsoft.com/l/chat/0/0');
    expect(link.searchParams.get('users')).toBe(anna!.userPrincipalName);
    await teams.close();

    // Looking at the page clears the title's count.
    await page.bringToFront();
    await page.mouse.click(5, 5);
    await expect.poll(() => page.title()).toBe("Who's Online");
    expect(problems).toEqual([]);
    await page.close();
  });

  it('where notifications are refused, the toast alone, said once; on a 320 px phone the list fits and the bell is on watched rows only', async () => {
    await browser.context.clearPermissions();
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 320, height: 640 });
    // A browser that refuses (as a denied permission does): the page must say so once and carry on.
    await page.addInitScript(() => {
      Object.defineProperty(Notification, 'permission', { get: () => 'denied', configurable: true });
    });
    await openBoard(page);
    await page.evaluate(() => localStorage.clear());
    const [, , carl, dana] = graph.emulator.users;
    let row = await find(page, carl!.displayName);
    // A phone's row has no room for an idle bell: the actions menu offers it.
    expect(await row.locator('[data-watch-bell]').isVisible()).toBe(false);
    await row.getByRole('button', { name: /^Actions for/ }).click();
    await page.getByRole('menuitem', { name: 'Notify me when available' }).click();
    await page.getByText(/does not allow system notifications here/).waitFor();
    expect(await row.locator('[data-watch-bell]').isVisible()).toBe(true);
    row = await find(page, dana!.displayName);
    await row.getByRole('button', { name: /^Actions for/ }).click();
    await page.getByRole('menuitem', { name: 'Notify me when available' }).click();
    const watching = page.getByRole('button', { name: 'Watching (2)' });
    await watching.waitFor();
    expect(await page.getByText(/does not allow system notifications here/).count()).toBeLessThanOrEqual(1);
    await watching.click();
    const list = page.getByRole('dialog', { name: 'Notify me when available' });
    await list.getByText(dana!.displayName).waitFor();
    const box = (await list.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(320);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await expect.poll(() => settled(list)).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'watches-phone.png') });
    await page.keyboard.press('Escape');

    graph.emulator.setPresence(dana!.id, { availability: 'Available', activity: 'Available' });
    await page.getByRole('button', { name: 'Refresh' }).click();
    const toast = page.locator(`[data-watch-toast="${dana!.id}"]`);
    await toast.waitFor({ timeout: 30_000 });
    await expect.poll(() => settled(toast)).toBe(true);
    const box2 = (await toast.boundingBox())!;
    expect(box2.x).toBeGreaterThanOrEqual(0);
    expect(box2.x + box2.width).toBeLessThanOrEqual(320);
    await page.screenshot({ path: join(SCREENSHOTS, 'watches-phone-toast.png') });
    await page.close();
  });
});
