import { join } from 'node:path';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type EmulatorServer } from '@/emulator/nodeServer';
import { SCREENSHOTS } from './support/buildOnce';
import { launchChromium, type LaunchedBrowser } from './support/chromium';
import { seriousAxeViolations } from './support/demoSuite';
import { graphCalls } from './support/graphCalls';
import { openInTeamsHost, type HarnessOptions } from './support/teamsHostHarness';
import { startPreview, type RunningServer } from './support/viteServer';
import { en } from '@/ui/strings';

type HostCall = { func: string; args: unknown[] };
const hostCalls = (page: Page) => page.evaluate(() => (window as unknown as { teamsHost: { calls: HostCall[] } }).teamsHost.calls);

/** The drawn rows' accessible names and places, in order. */
const drawnRows = (list: ReturnType<FrameLocator['getByRole']>) =>
  list.getByRole('listitem').evaluateAll((rows) =>
    rows
      .filter((r) => r.hasAttribute('data-person-id'))
      .map((r) => ({
        label: r.getAttribute('aria-label') ?? '',
        position: Number(r.getAttribute('aria-posinset')),
        setSize: Number(r.getAttribute('aria-setsize')),
        id: r.getAttribute('data-person-id') ?? '',
      })),
  );

describe('finding people in a simulated Teams host (demo build, 3,000 people)', () => {
  let server: RunningServer;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    server = await startPreview('demo', {
      DEMO_USERS: '3000',
      DEMO_DRIFT_MS: '0',
      VITE_CLIENT_ID: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
    });
    browser = await launchChromium();
  });
  // Every browser test runs under the app's own security headers: no policy may be violated.
  afterEach(() => expect(browser?.takeCspViolations() ?? [], 'Content-Security-Policy violations').toEqual([]));
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function openInTeams(page: Page, options: Omit<HarnessOptions, 'tabUrl'>) {
    const tab = await openInTeamsHost(page, server.url, options);
    await tab.getByText(/^Updated /).waitFor({ timeout: 60_000 });
    // The rows are drawn a frame after the header says "Updated" (the list lays them out first): a
    // test reading the rows at once on a busy machine found none.
    await tab.locator('[data-person-id]').first().waitFor({ timeout: 30_000 });
    return tab;
  }

  it('moves through 3,000 people by keyboard, and chats and calls through Teams from the actions menu', async () => {
    const page = await browser.context.newPage();
    const tab = await openInTeams(page, { theme: 'default' });
    const list = tab.getByRole('list', { name: 'People' });
    const first = list.getByRole('listitem').first();
    const total = Number(await first.getAttribute('aria-setsize'));
    expect(total).toBeGreaterThan(1500);

    await first.focus();
    const focused = () =>
      tab
        .locator(':focus')
        .evaluate((el) => ({ position: Number(el.getAttribute('aria-posinset')), label: el.getAttribute('aria-label') }));
    await page.keyboard.press('ArrowDown');
    expect((await focused()).position).toBe(2);
    // Far moves wait for their rows from the board worker: the focus follows when they are drawn
    // (polled for up to the browser tests' 15 s: vitest.e2e.config.ts).
    await page.keyboard.press('End');
    await expect.poll(async () => (await focused()).position).toBe(total);
    // A page up is the rows wholly on screen less one: more than one row (the last rows, out of
    // office with their replies, are tall: four fit at 900 px).
    await page.keyboard.press('PageUp');
    await expect.poll(async () => (await focused()).position).toBeLessThan(total - 1);
    await page.keyboard.press('Home');
    await expect.poll(async () => (await focused()).position).toBe(1);
    // Tab leaves the list from the focused row's own buttons, not through 3,000 rows.
    expect(await list.locator('[tabindex="0"][role="listitem"]').count()).toBe(1);

    const name = (await focused()).label!.split(',')[0]!;
    await page.keyboard.press('Enter');
    await tab.getByRole('menuitem', { name: 'Chat' }).click();
    // The menu takes focus when it opens, and gives it back to the row's ⋯ button on Escape.
    await first.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => tab.locator(':focus').getAttribute('role')).toBe('menuitem');
    await page.keyboard.press('Escape');
    await expect.poll(() => tab.locator(':focus').getAttribute('aria-label')).toBe(en.actionsFor(name));
    await page.keyboard.press('Enter');
    await tab.getByRole('menuitem', { name: 'Call' }).click();

    await expect
      .poll(async () => (await hostCalls(page)).map((c) => c.func))
      .toEqual(expect.arrayContaining(['chat.openChat', 'call.startCall']));
    const calls = await hostCalls(page);
    const chat = calls.find((c) => c.func === 'chat.openChat')!.args[0] as { members: string[] };
    const call = calls.find((c) => c.func === 'call.startCall')!.args[0] as { targets: string[]; requestedModalities: string[] };
    expect(chat.members).toHaveLength(1);
    expect(chat.members[0]).toMatch(/@/);
    expect(call.targets).toEqual(chat.members);
    expect(call.requestedModalities).toEqual(['audio']);
    await page.close();
  });

  it('search with highlight, status chips, grouping, favourites kept across visits, and a group chat with everyone shown', async () => {
    const page = await browser.context.newPage();
    let tab = await openInTeams(page, { theme: 'default' });
    let list = tab.getByRole('list', { name: 'People' });
    const total = (await drawnRows(list))[0]!.setSize;

    // Each status chip keeps only that status; its count is the list's size.
    const expected: Record<string, RegExp> = {
      Available: /, Available$/,
      Busy: /, (Busy|Busy, idle|In a call|In a meeting|In a conference call)$/,
      'Do not disturb': /, (Do not disturb|Presenting|Focusing|Urgent interruptions only)$/,
      'Away / Be right back': /, (Away|Be right back|Available, idle)$/,
      'Out of office': /, out of office$|, Out of office$/,
    };
    for (const [label, pattern] of Object.entries(expected)) {
      const chip = tab.getByRole('button', { name: new RegExp(`^${label} \\(`) });
      const count = Number((await chip.textContent())!.replace(/\D/g, ''));
      expect(count).toBeGreaterThan(0);
      await chip.click();
      await expect.poll(async () => (await drawnRows(list))[0]!.setSize).toBe(count);
      const labels = (await drawnRows(list)).map((r) => r.label);
      expect({ label, wrong: labels.filter((l) => !pattern.test(l)) }).toEqual({ label, wrong: [] });
      await chip.click();
      await expect.poll(async () => (await drawnRows(list))[0]!.setSize).toBe(total);
    }

    // Group by status: headings with counts, in the order of the chips.
    await tab.getByRole('combobox', { name: 'Group by' }).selectOption('status');
    await expect.poll(() => list.getByRole('heading', { level: 2 }).first().textContent()).toMatch(/^Available \([\d,]+\)$/);
    await tab.getByRole('combobox', { name: 'Group by' }).selectOption('department');
    await expect.poll(() => list.getByRole('heading', { level: 2 }).first().textContent()).toMatch(/^Engineering \([\d,]+\)$/);
    await tab.getByRole('combobox', { name: 'Group by' }).selectOption('none');

    // Search by department and job title, accent-insensitive; matches are marked.
    await tab.getByRole('searchbox').fill('legal director');
    await expect.poll(async () => (await drawnRows(list))[0]?.setSize ?? 0).toBeLessThan(total);
    const marks = await list.locator('mark').allTextContents();
    expect(marks.map((m) => m.toLowerCase())).toEqual(expect.arrayContaining(['legal', 'director']));
    const shown = await drawnRows(list);

    // Chat with everyone shown: one group chat through Teams with each shown person.
    await tab.getByRole('button', { name: /^Chat with everyone shown/ }).click();
    await expect.poll(async () => (await hostCalls(page)).filter((c) => c.func === 'chat.openChat').length).toBe(1);
    const group = (await hostCalls(page)).find((c) => c.func === 'chat.openChat')!.args[0] as { members: string[] };
    expect(group.members).toHaveLength(shown[0]!.setSize);

    // A favourite goes to the top and stays there on the next visit.
    await tab.getByRole('searchbox').fill('');
    await expect.poll(async () => (await drawnRows(list))[0]!.setSize).toBe(total);
    const rows = await drawnRows(list);
    const pick = rows[rows.length - 3]!;
    const name = pick.label.split(',')[0]!;
    await list
      .locator(`[data-person-id="${pick.id}"]`)
      .getByRole('button', { name: en.addFavourite(name) })
      .click();
    // Whoever's star the click pressed (the demo's presence keeps changing and re-sorting the list
    // under a busy machine's slow click, so it may be a neighbour's): exactly one, and that one goes to the top.
    await list.evaluate((el) => el.scrollTo(0, 0));
    // The star, not the watch bell beside it (also a toggle button).
    const starred = list.locator('[data-person-id]').filter({ has: tab.getByRole('button', { name: /from favourites$/, pressed: true }) });
    await expect.poll(() => starred.count()).toBe(1);
    const favouriteId = (await starred.getAttribute('data-person-id'))!;
    await expect.poll(async () => (await drawnRows(list))[0]!.id).toBe(favouriteId);
    await page.screenshot({ path: join(SCREENSHOTS, 'finding-favourite.png') });
    await page.close();

    const again = await browser.context.newPage();
    tab = await openInTeams(again, { theme: 'default' });
    list = tab.getByRole('list', { name: 'People' });
    expect((await drawnRows(list))[0]!.id).toBe(favouriteId);
    await again.close();
  });

  it('speaks the language of the Teams locale (German), with numbers in its format', async () => {
    const page = await browser.context.newPage();
    const tab = await openInTeamsHost(page, server.url, { theme: 'default', locale: 'de-DE' });
    await tab.getByText(/^Aktualisiert /).waitFor({ timeout: 60_000 });
    expect(await tab.getByRole('searchbox', { name: 'Personen suchen' }).count()).toBe(1);
    expect(await tab.getByTestId('online-count').textContent()).toMatch(/^\d{1,3}(\.\d{3})* online$/);
    expect(await tab.locator('main').getAttribute('lang')).toBe('de');
    await page.close();
  });

  it('has no serious or critical accessibility violations (axe-core) in the light, dark and high-contrast themes', async () => {
    for (const theme of ['default', 'dark', 'contrast'] as const) {
      const page = await browser.context.newPage();
      const tab = await openInTeams(page, { theme });
      // With the parts a person uses open: group headings and a row's actions menu.
      await tab.getByRole('combobox', { name: 'Group by' }).selectOption('status');
      await tab
        .getByRole('button', { name: /^Actions for / })
        .first()
        .click();
      await tab.getByRole('menu').waitFor();
      const frame = page.frames().find((f) => f !== page.mainFrame()) as Frame;
      // The open menu covers nothing but its own corner (a page-sized portal once hid the board).
      const boardCovered = await frame.evaluate(() => {
        const row = document.querySelector('[data-person-id]')!;
        const box = row.getBoundingClientRect();
        return !row.contains(document.elementFromPoint(box.left + 30, box.top + box.height / 2));
      });
      expect(boardCovered).toBe(false);
      const violations = await seriousAxeViolations(frame);
      await page.screenshot({ path: join(SCREENSHOTS, `axe-${theme}.png`) });
      // Rows have heights computed in advance: none may cut its own text off.
      const clipped = await frame.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('[data-person-id]')]
          .filter((row) => [row, row.children[1] as HTMLElement].some((el) => el.scrollHeight > el.clientHeight + 0.5))
          .map((row) => row.getAttribute('aria-label')),
      );
      expect(clipped).toEqual([]);
      expect({ theme, violations }).toEqual({ theme, violations: [] });
      await page.close();
    }
  });
});

describe('actions outside Teams (demo build, plain browser)', () => {
  let server: RunningServer;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    server = await startPreview('demo', { DEMO_USERS: '60', DEMO_DRIFT_MS: '0' });
    browser = await launchChromium();
  });
  // Every browser test runs under the app's own security headers: no policy may be violated.
  afterEach(() => expect(browser?.takeCspViolations() ?? [], 'Content-Security-Policy violations').toEqual([]));
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens Teams deep links for chat and call, and offers mail and copy', async () => {
    await browser.context.route('https://teams.microsoft.com/**', (route) => route.fulfill({ contentType: 'text/html', body: 'Teams' }));
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.getByText(/^Updated /).waitFor({ timeout: 60_000 });
    const row = page.getByRole('list', { name: 'People' }).locator('[data-person-id]').first();
    const name = (await row.getAttribute('aria-label'))!.split(',')[0]!;

    await row.getByRole('button', { name: en.actionsFor(name) }).click();
    const [chat] = await Promise.all([browser.context.waitForEvent('page'), page.getByRole('menuitem', { name: 'Chat' }).click()]);
    expect(chat.url()).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/chat\/0\/0\?users=[^&]+%40/);
    await chat.close();

    await row.getByRole('button', { name: en.actionsFor(name) }).click();
    const [call] = await Promise.all([browser.context.waitForEvent('page'), page.getByRole('menuitem', { name: 'Call' }).click()]);
    expect(call.url()).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/call\/0\/0\?users=/);
    await call.close();

    await row.getByRole('button', { name: en.actionsFor(name) }).click();
    expect(await page.getByRole('menuitem', { name: 'Send mail' }).getAttribute('href')).toMatch(/^mailto:[^?]+@/);
    await page.close();
  });
});

describe('photos for the people on screen only (production build, loopback Graph, 2,000 people)', () => {
  let graph: EmulatorServer;
  let server: RunningServer;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    graph = await startEmulatorServer({ users: 2000 });
    server = await startPreview('production', { GRAPH_BASE_URL: graph.baseUrl, GRAPH_TOKEN: 'photos-test' });
    browser = await launchChromium();
  });
  // Every browser test runs under the app's own security headers: no policy may be violated.
  afterEach(() => expect(browser?.takeCspViolations() ?? [], 'Content-Security-Policy violations').toEqual([]));
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await graph?.close();
  });

  /** A photo's request: `/users/{id}/photo/$value` or a size of it (`/photos/48x48/$value`). */
  const PHOTO_PATH = /\/users\/([^/]+)\/photos?\//;
  /** The `$batch` requests that asked for photos (the load's users pages and presence calls travel in batches of their own). */
  const photoBatches = () => graph.emulator.requests.filter((r) => (r.batchItems ?? []).some((item) => PHOTO_PATH.test(item.url)));
  /** Each person whose photo was asked for, as often as it was asked (alone or inside a batch). */
  const askedIds = () =>
    graphCalls(graph.emulator.requests).flatMap((c) => {
      const photo = PHOTO_PATH.exec(new URL(c.url).pathname);
      return photo ? [decodeURIComponent(photo[1]!)] : [];
    });
  /** Everyone's presence, as often as it was read (a load, then once more on each refresh), alone or inside a batch. */
  const presenceRead = () =>
    graphCalls(graph.emulator.requests)
      .filter((c) => new URL(c.url).pathname.endsWith('/communications/getPresencesByUserId'))
      .reduce((sum, c) => sum + (c.idCount ?? 0), 0);

  it('asks for drawn rows only, 20 to a $batch, shows them, and asks no more on a refresh', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.getByText(/^Updated /).waitFor({ timeout: 60_000 });
    const list = page.getByRole('list', { name: 'People' });
    const drawn = async () =>
      new Set(await list.locator('[data-person-id]').evaluateAll((r) => r.map((e) => e.getAttribute('data-person-id')!)));
    /** Waits until every drawn row's photo has been asked for (and answered); the rows drawn then. */
    const settledRows = async () => {
      let rows = new Set<string>();
      await expect
        .poll(async () => {
          rows = await drawn();
          // No rows drawn at this instant (the list between two renders on a busy machine) is not settled.
          if (rows.size === 0) return ['(no row drawn yet)'];
          return [...rows].filter((id) => !askedIds().includes(id));
        })
        .toEqual([]);
      return rows;
    };

    await expect.poll(() => askedIds().length).toBeGreaterThan(0);
    // While the board filled in, the rows on screen changed a few times; every settled row is asked for.
    const onScreen = await settledRows();
    expect(askedIds().length).toBeLessThanOrEqual(3 * onScreen.size);
    expect(photoBatches().every((r) => (r.idCount ?? 0) <= 20)).toBe(true);
    // Photos travel in batches: none was asked on its own.
    expect(graph.emulator.requests.filter((r) => PHOTO_PATH.test(new URL(r.url).pathname))).toEqual([]);
    const withPhoto = [...onScreen].filter((id) => graph.emulator.hasPhoto(id));
    await expect.poll(() => list.locator('img[src^="data:image/png;base64,"]').count()).toBe(withPhoto.length);

    // Scrolling a screen further asks for the newly drawn people only.
    const before = new Set(askedIds());
    await list.evaluate((el) => el.scrollBy(0, el.clientHeight));
    await expect.poll(() => askedIds().length).toBeGreaterThan(before.size);
    const nowDrawn = await settledRows();
    const added = askedIds().filter((id) => !before.has(id));
    expect(added.every((id) => nowDrawn.has(id))).toBe(true);
    expect(new Set(askedIds()).size).toBe(askedIds().length);

    // A refresh reads presence again but no photo twice. Once it has read everyone's presence and
    // says so, half a screen's scroll: the rows still drawn are wanted again beside the new ones,
    // and only the new ones may be asked for (a refresh that forgot the photos would ask again).
    const asked = new Set(askedIds());
    const readBefore = presenceRead();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(presenceRead).toBeGreaterThanOrEqual(readBefore + graph.emulator.users.length);
    await page.getByText(/^Updated /).waitFor();
    expect(askedIds().length).toBe(asked.size);
    await list.evaluate((el) => el.scrollBy(0, el.clientHeight / 2));
    await expect.poll(() => askedIds().length).toBeGreaterThan(asked.size);
    const drawnAfter = await settledRows();
    expect(askedIds().filter((id) => !asked.has(id) && !drawnAfter.has(id))).toEqual([]);
    expect(new Set(askedIds()).size).toBe(askedIds().length);
    expect(askedIds().length).toBeLessThan(graph.emulator.onlineUserIds().length / 10);
    await page.screenshot({ path: join(SCREENSHOTS, 'photos.png') });
    await page.close();
  });

  it('keeps the person at the top of the view in place when a refresh re-sorts the rows above', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.getByText(/^Updated /).waitFor({ timeout: 60_000 });
    const list = page.getByRole('list', { name: 'People' });
    await list.evaluate((el) => el.scrollTo(0, 3000));
    const firstVisible = () =>
      list.evaluate((el) => {
        const top = el.getBoundingClientRect().top;
        const rows = [...el.querySelectorAll('[data-person-id]')];
        const row = rows.find((r) => r.getBoundingClientRect().bottom > top + 1)!;
        const above = rows.filter((r) => r.getBoundingClientRect().bottom <= top + 1).map((r) => r.getAttribute('data-person-id')!);
        return { id: row.getAttribute('data-person-id')!, y: Math.round(row.getBoundingClientRect().top - top), above };
      });
    // Until the list has drawn the rows at the new place, the view's top edge shows no row.
    const rowsDrawnAtTop = () =>
      list.evaluate((el) => {
        const edge = el.getBoundingClientRect().top + 1;
        return [...el.querySelectorAll('[data-person-id]')].some((r) => {
          const box = r.getBoundingClientRect();
          return box.top <= edge && box.bottom > edge;
        });
      });
    await expect.poll(rowsDrawnAtTop).toBe(true);
    const before = await firstVisible();
    expect(before.above.length).toBeGreaterThan(2);
    // The people just above go offline: on refresh their rows leave the list above the reader.
    for (const id of before.above) graph.emulator.setPresence(id, { availability: 'Offline', activity: 'Offline' });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByText(/^Updated /).waitFor();
    await expect.poll(() => list.locator(`[data-person-id="${before.above[0]}"]`).count()).toBe(0);
    const after = await firstVisible();
    expect({ id: after.id, y: after.y }).toEqual({ id: before.id, y: before.y });
    await page.close();
  });
});
