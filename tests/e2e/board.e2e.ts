import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TEAM_ID, GraphEmulator } from '@/emulator/graphEmulator';
import { startEmulatorServer, type EmulatorServer } from '@/emulator/nodeServer';
import { launchChromium, type LaunchedBrowser } from './support/chromium';
import { startGraphGate, type GraphGate } from './support/graphGate';
import { graphCalls } from './support/graphCalls';
import { openInTeamsHost, type HarnessOptions } from './support/teamsHostHarness';
import { SCREENSHOTS } from './support/buildOnce';
import { PROJECT_ROOT, startPreview, type RunningServer } from './support/viteServer';

async function waitForBoard(page: Page): Promise<number> {
  await page.getByText(/^Updated /).waitFor({ timeout: 60_000 });
  const text = await page.getByTestId('online-count').textContent();
  const online = Number(text!.replace(/[^\d]/g, ''));
  // The rows are drawn a frame after the header says "Updated" (the list lays them out first).
  if (online > 0) await page.locator('[data-person-id]').first().waitFor({ timeout: 30_000 });
  return online;
}

/** teams-js (which every page now asks whether there is a host) fetches its list of valid host origins from Microsoft's CDN, unreachable here. */
const TEAMS_CDN = 'res.cdn.office.net';

/**
 * Collects page errors, console errors and Content-Security-Policy violations. The one console
 * error let through is the unreachable CDN's, and only for a request to that CDN.
 */
function watchPage(page: Page, problems: string[]) {
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  // Counted when asked for: the console error can come before the request's failure event.
  let cdnFailures = 0;
  page.on('request', (request) => {
    if (new URL(request.url()).host === TEAMS_CDN) cdnFailures += 1;
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (/^Failed to load resource: net::ERR_(NAME_NOT_RESOLVED|CONNECTION_REFUSED|INTERNET_DISCONNECTED)$/.test(text) && cdnFailures > 0) {
      cdnFailures -= 1;
      return;
    }
    problems.push(`console error: ${text}`);
  });
}

describe('demo build on the emulated tenant', () => {
  const DEMO_USERS = 300;
  let server: RunningServer;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    server = await startPreview('demo', { DEMO_USERS: String(DEMO_USERS), DEMO_DRIFT_MS: '0' });
    browser = await launchChromium();
  });
  // Every browser test runs under the app's own security headers: no policy may be violated.
  afterEach(() => expect(browser?.takeCspViolations() ?? [], 'Content-Security-Policy violations').toEqual([]));
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows as many people online as the emulated tenant has, labelled as demo, and search narrows the list', async () => {
    const expected = new GraphEmulator({ users: DEMO_USERS }).onlineUserIds().length;
    const page = await browser.context.newPage();
    const problems: string[] = [];
    watchPage(page, problems);
    const response = await page.goto(server.url);
    expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");

    expect(await waitForBoard(page)).toBe(expected);
    await expect(page.getByText('Demo tenant').isVisible()).resolves.toBe(true);
    const list = page.getByRole('list', { name: 'People' });
    // Virtualised: only the rows on screen exist, each saying its place in the whole list.
    expect(await list.getByRole('listitem').first().getAttribute('aria-setsize')).toBe(String(expected));
    expect(await list.getByRole('listitem').count()).toBeLessThan(30);
    await page.screenshot({ path: join(SCREENSHOTS, 'board-light.png'), fullPage: false });

    const firstName = (await list.getByRole('listitem').first().getAttribute('aria-label'))!.split(',')[0]!;
    await page.getByRole('searchbox').fill(firstName);
    await expect.poll(async () => Number(await list.getByRole('listitem').first().getAttribute('aria-setsize'))).toBeLessThan(expected);
    const labels = await list.getByRole('listitem').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.every((l) => l.startsWith(firstName))).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'board-search.png') });

    expect(problems).toEqual([]);
  });

  it('follows the browser’s dark preference', async () => {
    const dark = await launchChromium({ colorScheme: 'dark' });
    try {
      const page = await dark.context.newPage();
      await page.goto(server.url);
      await waitForBoard(page);
      const background = await page.evaluate(() => getComputedStyle(document.querySelector('.fui-FluentProvider')!).backgroundColor);
      const [r, g, b] = background.match(/\d+/g)!.map(Number);
      expect(r! + g! + b!).toBeLessThan(3 * 80);
      await page.screenshot({ path: join(SCREENSHOTS, 'board-dark.png') });
      expect(dark.takeCspViolations(), 'Content-Security-Policy violations').toEqual([]);
    } finally {
      await dark.close();
    }
  });
});

describe('production build against a Graph-compatible server on loopback', () => {
  // Shaped like an Entra access token (tenant and user claims), so the board is kept for this person;
  // its scopes lack User.Read.All, so the directory is read with the basic fields from the start.
  const claims = Buffer.from(JSON.stringify({ tid: 'tenant-e2e', oid: 'user-e2e', scp: 'Presence.Read.All User.ReadBasic.All' })).toString(
    'base64url',
  );
  const TOKEN = `eyJhbGciOiJub25lIn0.${claims}.signature`;
  let graph: EmulatorServer;
  /** The page reaches the server through this gate, which a test can hold shut. */
  let gate: GraphGate;
  let server: RunningServer;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    // The server pages 137 users at a time, whatever $top asks for.
    graph = await startEmulatorServer({ users: 1400, maxPageSize: 137 });
    gate = await startGraphGate(graph.baseUrl);
    server = await startPreview('production', { GRAPH_BASE_URL: gate.baseUrl, GRAPH_TOKEN: TOKEN });
    browser = await launchChromium();
  });
  // Every browser test runs under the app's own security headers: no policy may be violated.
  afterEach(() => expect(browser?.takeCspViolations() ?? [], 'Content-Security-Policy violations').toEqual([]));
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await gate?.close();
    await graph?.close();
  });

  it('shows exactly that tenant’s online people, with the token sent only there and never more than 650 ids a call', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    watchPage(page, problems);
    const foreignTokens: string[] = [];
    page.on('request', (request) => {
      const auth = request.headers().authorization;
      if (auth && !request.url().startsWith(`${gate.baseUrl}/`)) foreignTokens.push(request.url());
    });
    const response = await page.goto(server.url);
    expect(response!.headers()['content-security-policy']).toContain(`connect-src 'self'`);
    expect(response!.headers()['x-content-type-options']).toBe('nosniff');

    expect(await waitForBoard(page)).toBe(graph.emulator.onlineUserIds().length);
    await expect(page.getByText('Demo tenant').count()).resolves.toBe(0);

    // Each Graph request, whether sent alone or inside a $batch (the load sends its pages and presence calls in batches).
    const calls = graphCalls(graph.emulator.requests);
    const usersCalls = calls.filter((c) => new URL(c.url).pathname.endsWith('/users'));
    const presenceCalls = calls.filter((c) => new URL(c.url).pathname.endsWith('/communications/getPresencesByUserId'));
    // Read page by page, the directory takes ceil(1400 / 137) users pages and at least a presence call per
    // 650 ids: however it is read, every page asks the documented $select, and the users pages stay within
    // what 1.1x those requests leaves besides the presence calls (issue 21). Presence is asked as the pages
    // come, as the sequential listing asks it: never more calls than pages.
    const sequentialPages = Math.ceil(1400 / 137);
    const sequentialPresence = Math.ceil(1400 / 650);
    expect(usersCalls.length).toBeGreaterThanOrEqual(sequentialPages);
    expect(usersCalls.length).toBeLessThanOrEqual(Math.floor(1.1 * (sequentialPages + sequentialPresence)) - sequentialPresence);
    expect(presenceCalls.length).toBeLessThanOrEqual(usersCalls.length);
    expect(usersCalls.map((c) => new URL(c.url).searchParams.get('$select'))).toEqual(usersCalls.map(() => 'id,displayName,mail,userPrincipalName'));
    expect(presenceCalls.reduce((sum, c) => sum + (c.idCount ?? 0), 0)).toBe(1400);
    expect(Math.max(...presenceCalls.map((c) => c.idCount ?? 0))).toBeLessThanOrEqual(650);
    expect([...usersCalls, ...presenceCalls].every((c) => c.status === 200)).toBe(true);
    expect(graph.emulator.requests.every((c) => c.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(foreignTokens).toEqual([]);
    expect(problems).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'board-loopback-graph.png') });
  });

  it('on a return visit draws the kept board before any answer from Graph, marked as updating', async () => {
    const first = await browser.context.newPage();
    await first.goto(server.url);
    const count = await waitForBoard(first);
    const readKept = () =>
      first.evaluate(
        () =>
          new Promise<string | null>((resolve) => {
            const open = indexedDB.open('whos-online');
            open.onsuccess = () => {
              const get = open.result.transaction('board').objectStore('board').get('last');
              get.onsuccess = () => resolve(get.result ? JSON.stringify(get.result) : null);
            };
            open.onerror = () => resolve(null);
          }),
      );
    await expect.poll(readKept).not.toBeNull();
    expect(await readKept()).not.toContain(TOKEN);
    expect(await first.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toContain(TOKEN);
    await first.close();

    // Graph's answers wait at the gate until the test has seen the kept board: whatever the
    // machine's speed, what is drawn meanwhile can only come from the cache.
    gate.hold();
    try {
      const answeredBefore = graph.emulator.requests.length;
      const page = await browser.context.newPage();
      await page.goto(server.url);
      await page.getByText(/^Updating… last updated /).waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('online-count').textContent()).toBe(`${count.toLocaleString('en-US')} online`);
      expect(graph.emulator.requests.length).toBe(answeredBefore);
      await page.screenshot({ path: join(SCREENSHOTS, 'board-warm-start.png') });
      await page.close();
    } finally {
      gate.release();
    }
  });

  it('carries no emulator in the production build', async () => {
    const dist = join(PROJECT_ROOT, 'dist');
    const files = await readdir(dist, { recursive: true });
    expect(files).not.toContain('mockServiceWorker.js');
    for (const file of files.filter((f) => f.endsWith('.js'))) {
      const code = await readFile(join(dist, file), 'utf8');
      expect(code).not.toContain('RFNwdAIA');
      expect(code).not.toContain('Ó Súilleabháin');
    }
  });
});

describe('hostile directory content', () => {
  const HOSTILE = [
    { displayName: '<img src=x onerror="window.__pwned=1">Mallory', mail: 'mallory@contoso.com' },
    { displayName: '<script>window.__pwned=2</script>Eve', mail: 'javascript:window.__pwned=3//@contoso.com' },
    { displayName: '\u202Eevil\u202C Trudy 👾', mail: null },
    { displayName: `Long ${'x'.repeat(10_000)}`, mail: 'long@contoso.com' },
  ];
  let graph: EmulatorServer;
  let server: RunningServer;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    graph = await startEmulatorServer({ users: 30 });
    HOSTILE.forEach((change, i) => {
      const id = graph.emulator.users[i]!.id;
      graph.emulator.updateUser(id, change);
      graph.emulator.setPresence(id, {
        availability: 'Available',
        activity: 'Available',
        // In the first status group, so all four are drawn at the top of the list.
        isOutOfOffice: false,
        statusMessage: '<img src=x onerror="window.__pwned=4">Back soon <a href="javascript:window.__pwned=5">here</a>',
      });
    });
    server = await startPreview('production', { GRAPH_BASE_URL: graph.baseUrl, GRAPH_TOKEN: 'hostile-test' });
    browser = await launchChromium();
  });
  // Every browser test runs under the app's own security headers: no policy may be violated.
  afterEach(() => expect(browser?.takeCspViolations() ?? [], 'Content-Security-Policy violations').toEqual([]));
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await graph?.close();
  });

  it('shows names and messages as text: no script runs, no markup or link is made from them', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    watchPage(page, problems);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(server.url);
    await waitForBoard(page);

    const list = page.getByRole('list', { name: 'People' });
    await expect(list.getByText('<img src=x onerror="window.__pwned=1">Mallory').count()).resolves.toBe(1);
    await expect(list.getByText('<script>window.__pwned=2</script>Eve').count()).resolves.toBe(1);
    await expect(list.getByText('Back soon here').count()).resolves.toBe(HOSTILE.length);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // The only images are profile photos, as data URLs the board made from Graph's bytes.
    expect(await list.locator('img:not([src^="data:image/png;base64,"]), script, a, iframe, object').count()).toBe(0);
    expect(dialogs).toEqual([]);
    // A 10,000-character name stays on one clamped line instead of pushing the page wide.
    const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(pageWidth).toBeLessThanOrEqual(1100);
    expect(problems).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'board-hostile-content.png') });
  });
});

describe('in a simulated Teams host', () => {
  const DEMO_USERS = 200;
  let server: RunningServer;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    // A client id makes the tab sign in through the host; the demo build still answers Graph from
    // its emulated tenant, which takes any bearer token.
    server = await startPreview('demo', {
      DEMO_USERS: String(DEMO_USERS),
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

  const openInTeams = (page: Page, options: Omit<HarnessOptions, 'tabUrl'> & { tabPath?: string }) =>
    openInTeamsHost(page, server.url, options);

  /** Teams' background colours for its themes, from the Fluent theme objects the tab uses. */
  const backgroundOf = (page: Page) =>
    page
      .frameLocator('#tab')
      .locator('.fui-FluentProvider')
      .first()
      .evaluate((el) => getComputedStyle(el).backgroundColor);

  type Harness = { teamsHost: { calls: Array<{ func: string; args: unknown[] }>; pressSave(): void } };

  const calls = (page: Page) => page.evaluate(() => (window as unknown as Harness).teamsHost.calls);

  it('takes the theme from Teams, follows a theme change, and tells Teams when the board is on screen', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    watchPage(page, problems);
    // teams-js fetches its list of valid host origins from Microsoft's CDN, unreachable here.
    const failedRequests: string[] = [];
    page.on('requestfailed', (request) => failedRequests.push(new URL(request.url()).host));
    const tab = await openInTeams(page, { theme: 'dark' });
    await tab.getByText(/^Updated /).waitFor({ timeout: 60_000 });

    const calls = () =>
      page.evaluate(() => (window as unknown as { teamsHost: { calls: Array<{ func: string }> } }).teamsHost.calls.map((c) => c.func));
    expect(await calls()).toEqual(expect.arrayContaining(['initialize', 'getContext', 'appInitialization.success']));
    const dark = await backgroundOf(page);
    const [r, g, b] = dark.match(/\d+/g)!.map(Number);
    expect(r! + g! + b!).toBeLessThan(3 * 80);
    await page.screenshot({ path: join(SCREENSHOTS, 'teams-host-dark.png') });

    await page.evaluate(() => (window as unknown as { teamsHost: { changeTheme(t: string): void } }).teamsHost.changeTheme('default'));
    await expect.poll(() => backgroundOf(page)).not.toBe(dark);
    const [lr, lg, lb] = (await backgroundOf(page)).match(/\d+/g)!.map(Number);
    expect(lr! + lg! + lb!).toBeGreaterThan(3 * 200);

    await page.evaluate(() => (window as unknown as { teamsHost: { changeTheme(t: string): void } }).teamsHost.changeTheme('contrast'));
    await expect.poll(() => backgroundOf(page)).toBe('rgb(0, 0, 0)');
    await page.screenshot({ path: join(SCREENSHOTS, 'teams-host-contrast.png') });

    // Signed in through the host, silently, for exactly the scopes the manifest prefetches.
    const naa = await page.evaluate(
      () =>
        (window as unknown as { teamsHost: { naaRequests: Array<{ method: string; tokenParams?: { scope?: string } }> } }).teamsHost
          .naaRequests,
    );
    expect(naa.map((r) => r.method)).toContain('GetToken');
    expect(naa.map((r) => r.method)).not.toContain('GetTokenPopup');
    const scopes = naa.find((r) => r.method === 'GetToken')!.tokenParams!.scope!.split(' ');
    // The same scopes, in the same order, as the manifest's nestedAppAuthInfo (so the prefetch is used).
    expect(scopes).toEqual(['User.ReadBasic.All', 'Presence.Read.All']);
    expect(failedRequests.every((host) => host === 'res.cdn.office.net')).toBe(true);
    const unreachableCdn = 'console error: Failed to load resource: net::ERR_NAME_NOT_RESOLVED';
    expect(problems.filter((p) => !(p === unreachableCdn && failedRequests.length > 0))).toEqual([]);
  });

  it('shows "Grant access", and loads the board after the click opens the consent popup', async () => {
    const page = await browser.context.newPage();
    const tab = await openInTeams(page, { theme: 'default', silentToken: 'needs-consent' });
    const grant = tab.getByRole('button', { name: 'Grant access' });
    await grant.waitFor({ timeout: 60_000 });
    await expect(tab.getByText('Access needed').count()).resolves.toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'teams-host-grant-access.png') });

    await grant.click();
    // The board an earlier test left in this browser's cache may already say "Updated …", so wait
    // for the consent popup's request and for the notice to go, not for the header alone.
    const methods = () =>
      page.evaluate(() =>
        (window as unknown as { teamsHost: { naaRequests: Array<{ method: string }> } }).teamsHost.naaRequests.map((r) => r.method),
      );
    await expect.poll(methods, { timeout: 60_000 }).toContain('GetTokenPopup');
    await expect.poll(() => tab.getByText('Access needed').count(), { timeout: 60_000 }).toBe(0);
    await tab.getByText(/^Updated /).waitFor({ timeout: 60_000 });
  });

  it('offers "Grant access" instead of a board it cannot sign in to, and serves its auth page with the app headers', async () => {
    const page = await browser.context.newPage();
    const tab = await openInTeams(page, { theme: 'default', nestedAppAuth: false });
    await tab.getByRole('button', { name: 'Grant access' }).waitFor({ timeout: 60_000 });
    // No token was asked of a bridge the host does not have.
    const funcs = await page.evaluate(() =>
      (window as unknown as { teamsHost: { calls: Array<{ func: string }> } }).teamsHost.calls.map((c) => c.func),
    );
    expect(funcs).not.toContain('nestedAppAuth.execute');
    // teams-js opens only https pages in its sign-in window, so the round trip through auth.html is
    // unit-tested; here: the page Teams would open is there, under the same security headers.
    const response = await page.request.get(`${server.url}auth.html`);
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain('Signing you in');
    expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
  });

  it('configuration page: enables Save, and saves "this team\'s members" into the content URL', async () => {
    const page = await browser.context.newPage();
    const tab = await openInTeams(page, { theme: 'default', frameContext: 'settings', teamGroupId: DEMO_TEAM_ID });
    await tab.getByRole('radio', { name: "This team's members" }).click();
    await tab.getByRole('textbox', { name: /Start with this search/ }).fill('contoso.com');
    await expect.poll(async () => (await calls(page)).some((c) => c.func === 'settings.setValidityState' && c.args[0] === true)).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'teams-channel-config.png') });

    await page.evaluate(() => (window as unknown as Harness).teamsHost.pressSave());
    await expect.poll(async () => (await calls(page)).map((c) => c.func)).toContain('settings.save.success');
    const saved = (await calls(page)).find((c) => c.func === 'settings.setSettings')!.args[0] as { entityId: string; contentUrl: string };
    expect(saved.entityId).toBe('whos-online-channel');
    const contentUrl = new URL(saved.contentUrl);
    expect(contentUrl.origin).toBe(new URL(server.url).origin);
    expect(Object.fromEntries(contentUrl.searchParams)).toEqual({ show: 'team', group: DEMO_TEAM_ID, q: 'contoso.com' });
  });

  it("content page: shows who is online among the team's members only", async () => {
    const emulator = new GraphEmulator({ users: DEMO_USERS });
    const members = new Set(emulator.groups.get(DEMO_TEAM_ID)!.map((u) => u.id));
    const expected = emulator.onlineUserIds().filter((id) => members.has(id)).length;
    const page = await browser.context.newPage();
    const tab = await openInTeams(page, {
      tabPath: `index.html?show=team&group=${DEMO_TEAM_ID}&q=contoso`,
      theme: 'default',
      teamGroupId: DEMO_TEAM_ID,
    });
    await tab.getByText(/^Updated /).waitFor({ timeout: 60_000 });
    expect(await tab.getByTestId('online-count').textContent()).toBe(`${expected} online`);
    expect(expected).toBeLessThan(emulator.onlineUserIds().length);
    // The channel's default search fills the search box; the count stays everyone online in the team.
    await expect(tab.getByRole('searchbox').inputValue()).resolves.toBe('contoso');
  });
});
