/**
 * The tab against the real protocols of Microsoft 365 hosts (issue 10): host pages on their real
 * origins over https, the tab on its own (https://tab.contoso.example, a `vite preview` of the
 * production build), teams-js's own origin checks, nested app auth as msal-browser and teams-js
 * speak it, a phone's native interface, auth.html through `authentication.authenticate` and a fake
 * Entra, all on loopback (see tests/e2e/support/realHosts/).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOUDS } from '@/host/clouds';
import { DEFAULT_BEHAVIOUR, type HostBehaviour } from './support/realHosts/hostProtocol';
import {
  CDN_HOST,
  CLIENT_ID,
  DEMO_ORIGIN,
  GRAPH_HOST,
  LOGIN_HOST,
  OUTLOOK_HOST,
  RIG_SOVEREIGN_CLOUDS,
  TAB_ORIGIN,
  TEAMS_HOST,
  TEAMS_ORIGIN,
  TENANT_ID,
} from './support/realHosts/names';
import { startRig, type Rig } from './support/realHosts/rig';
import { withScenario, type Scenario } from './support/realHosts/scenario';
import { graphCalls } from './support/graphCalls';
import {
  UI,
  becomesVisible,
  expectRows,
  failure,
  localStorageAccess,
  outcomeMeaning,
  pageBackground,
  startupFailures,
  visibleText,
  waitForOutcome,
  type TabScope,
} from './support/realHosts/tabUi';

const TAB_URL = `${TAB_ORIGIN}/index.html`;
const behaviour = (changes: Partial<HostBehaviour>): HostBehaviour => ({ ...DEFAULT_BEHAVIOUR, ...changes });

async function expectNotifySuccess(s: Scenario, tab: TabScope, what: string, timeoutMs = 10_000): Promise<void> {
  if (await s.waitForMessage('appInitialization.success', timeoutMs)) return;
  throw await failure(`${what}: the tab never told its host it loaded (no appInitialization.success, i.e. app.notifySuccess()).`, tab, s);
}

async function expectNoSignInRedirect(s: Scenario, tab: TabScope, what: string): Promise<void> {
  const redirects = s.signInNavigations();
  const authorize = s.entraRequests().filter((r) => r.endpoint === 'authorize');
  if (redirects.length === 0 && authorize.length === 0) return;
  throw await failure(
    `${what}: the tab navigated to Microsoft sign-in (${[...redirects, ...authorize.map((a) => a.path)].join(', ')}); inside a host it must never redirect.`,
    tab,
    s,
  );
}

async function expectDark(s: Scenario, tab: TabScope, what: string): Promise<void> {
  const [r, g, b] = await pageBackground(tab);
  if (r + g + b < 3 * 80) return;
  throw await failure(`${what}: the host said theme 'dark' but the board's background is rgb(${r}, ${g}, ${b}).`, tab, s);
}

/** Clicks Grant access (which must be there) as a person would. */
async function clickGrantAccess(s: Scenario, tab: TabScope, what: string, timeoutMs = 30_000): Promise<void> {
  const outcome = await waitForOutcome(timeoutMs, { button: () => UI.grantAccess(tab).first().isVisible(), ...startupFailures(s) });
  if (outcome !== 'button') {
    throw await failure(`${what}: no "Grant access" (or "Sign in") button appeared (${outcomeMeaning(outcome)}).`, tab, s);
  }
  await UI.grantAccess(tab).first().click();
}

/** The auth window's text and the Cross-Origin-Opener-Policy auth.html came with, for failure messages. */
async function authWindowReport(s: Scenario): Promise<Record<string, string>> {
  const authDocs = s.documents.filter((d) => d.url.startsWith(`${TAB_ORIGIN}/auth.html`));
  const windows: string[] = [];
  for (const popup of s.popups) {
    if (popup.isClosed()) {
      windows.push('  (a window that has closed)');
      continue;
    }
    windows.push(`  ${popup.url()}: ${(await visibleText(popup, 400)).replace(/\n/g, ' / ')}`);
  }
  return {
    'auth.html responses':
      authDocs.map((d) => `  ${d.status} ${d.url} Cross-Origin-Opener-Policy: ${d.coop ?? '(none)'}`).join('\n') ||
      '  (auth.html never loaded)',
    'Windows open in the browser': windows.join('\n') || '  (none)',
    'Requests to the fake Entra':
      s
        .entraRequests()
        .map((r) => `  ${r.method} https://${r.host}${r.path}`)
        .join('\n') || '  (none)',
  };
}

/**
 * Grant access through teams-js authentication.authenticate → the host opens auth.html → msal
 * redirect against the fake Entra → authentication.notifySuccess → the host answers the tab.
 */
async function signInThroughAuthPage(s: Scenario, tab: TabScope, what: string, tabOrigin = TAB_ORIGIN): Promise<void> {
  await clickGrantAccess(s, tab, what);
  if (!(await s.waitForMessage('authentication.authenticate', 10_000))) {
    throw await failure(
      `${what}: clicking "Grant access" did not call teams-js authentication.authenticate (no such message reached the host).`,
      tab,
      s,
    );
  }
  const [url] = s.sent('authentication.authenticate')[0]!.args as [string];
  if (!String(url).startsWith(`${tabOrigin}/auth.html`)) {
    throw await failure(`${what}: authentication.authenticate asked the host to open ${String(url)}, not the tab's auth.html.`, tab, s);
  }
  const answered = await s.waitForMessage('authentication.authenticate (host answer)', 30_000);
  const answer = s.sent('authentication.authenticate (host answer)')[0];
  if (!answered || answer?.args[0] !== true) {
    const details = await authWindowReport(s);
    const coops = s.documents
      .filter((d) => d.url.startsWith(`${tabOrigin}/auth.html`))
      .map((d) => d.coop ?? 'unsafe-none')
      .filter((coop) => coop !== 'unsafe-none');
    const severed = /No Parent window found/.test(details['Windows open in the browser'] ?? '');
    const why =
      coops.length > 0 || severed
        ? ` auth.html came with Cross-Origin-Opener-Policy: ${coops[0] ?? '?'}, which severs window.opener (the host page), so teams-js there fails with "No Parent window found" and notifySuccess can never reach the host.`
        : '';
    throw await failure(
      `${what}: auth.html did not hand a token back through authentication.notifySuccess; the host ${
        answered
          ? `answered the tab ${JSON.stringify(answer?.args)}${answer?.note ? ` (${answer.note})` : ''}`
          : 'got no answer from the auth window within 30 s'
      }.${why}`,
      tab,
      s,
      details,
    );
  }
}

describe('the tab in real Microsoft 365 hosts (real origins, real teams-js and msal protocols)', () => {
  let rig: Rig;

  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it('1. Teams web: a cross-site frame with third-party storage blocked, nested app auth over postMessage, dark theme, no CSP violations', async () => {
    await withScenario(rig, { blockThirdPartyCookies: true }, async (s) => {
      const { tabFrame } = await s.openWebHost(TEAMS_HOST, { behaviour: behaviour({ theme: 'dark' }), tabUrl: TAB_URL });
      const tab = await tabFrame();
      const storage = await localStorageAccess(tab);
      expect(storage, 'Rig check: with third-party cookies blocked, Chromium must deny localStorage to the cross-site tab frame').not.toBe(
        'allowed',
      );

      await expectRows(tab, s, 'Teams web (nested app auth, third-party storage blocked)');
      await expectNotifySuccess(s, tab, 'Teams web');
      expect(s.funcs().slice(0, 2), 'teams-js starts with initialize, then (after the origin check passed) getContext').toEqual([
        'initialize',
        'getContext',
      ]);
      expect(s.naaMethods(), 'the token came over nested app auth (nestedAppAuth.execute → GetInitContext, GetToken)').toEqual(
        expect.arrayContaining(['GetInitContext', 'GetToken']),
      );
      expect(s.graphTokenIssuers(), "Graph was called with the host's nested-app-auth token").toContain('host-naa:Teams/web');
      await expectDark(s, tab, 'Teams web');
      expect(s.sent('appInitialization.failure'), 'no notifyFailure').toEqual([]);
      expect(s.csp, `no Content-Security-Policy violations\n${s.report()}`).toEqual([]);
      expect(
        s.requestsTo(CDN_HOST).length,
        "teams-js fetched its valid origins list from the CDN (the tab's CSP allows it)",
      ).toBeGreaterThan(0);
      await expectNoSignInRedirect(s, tab, 'Teams web');
    });
  });

  it('1b. Teams web with the demo build: the emulated tenant still starts in a cross-site frame whose storage is denied', async () => {
    await withScenario(rig, { blockThirdPartyCookies: true }, async (s) => {
      const { tabFrame } = await s.openWebHost(TEAMS_HOST, { behaviour: behaviour({}), tabUrl: `${DEMO_ORIGIN}/index.html` });
      const tab = await tabFrame();
      expect(await localStorageAccess(tab), 'Rig check: the demo frame is denied localStorage').not.toBe('allowed');
      await expectRows(tab, s, 'Demo build in Teams web (third-party storage blocked)');
      await expectNotifySuccess(s, tab, 'Demo build in Teams web');
      expect(s.sent('appInitialization.failure'), 'no notifyFailure').toEqual([]);
    });
  });

  it('2. Phone (Teams on Android): top-level web view with window.nativeInterface, host theme and locale, nested app auth through the native bridge, no sign-in redirect', async () => {
    await withScenario(rig, {}, async (s) => {
      const page = await s.openPhone(
        {
          behaviour: behaviour({ hostClientType: 'android', theme: 'dark', locale: 'de-de' }),
          injectNaaBridge: true,
        },
        '/index.html',
      );
      const outcome = await waitForOutcome(30_000, { rows: () => UI.rows(page).first().isVisible(), ...startupFailures(s) });
      await expectNoSignInRedirect(s, page, 'Phone');
      if (!(await s.waitForMessage('initialize', 10_000))) {
        throw await failure('Phone: the tab never called app.initialize() over window.nativeInterface.framelessPostMessage.', page, s);
      }
      if (outcome !== 'rows') throw await failure(`Phone: no people rows appeared (${outcomeMeaning(outcome)}).`, page, s);
      await expectNotifySuccess(s, page, 'Phone');
      expect(
        s.messages.every((m) => m.channel !== 'postMessage'),
        'on a phone everything goes through the native interface',
      ).toBe(true);
      expect(s.naaMethods(), 'the token came over the native nested app auth bridge').toEqual(
        expect.arrayContaining(['GetInitContext', 'GetToken']),
      );
      expect(s.graphTokenIssuers()).toContain('host-naa:Teams/android');
      const text = await visibleText(page, 5000);
      if (!/Verfügbar|Beschäftigt|Abwesend|Nicht stören/.test(text)) {
        throw await failure("Phone: the host's locale 'de-de' was not taken (no German presence labels such as \"Verfügbar\").", page, s);
      }
      await expectDark(s, page, 'Phone');
    });
  });

  for (const hostClientType of ['web', 'desktop'] as const) {
    it(`3. Teams ${hostClientType} without nested app auth: "Grant access" → authentication.authenticate → auth.html (msal redirect against Entra) → notifySuccess → rows`, async () => {
      await withScenario(rig, {}, async (s) => {
        const { tabFrame } = await s.openWebHost(TEAMS_HOST, {
          behaviour: behaviour({ hostClientType, naaRecommended: false, supportsNestedAppAuth: false }),
          tabUrl: TAB_URL,
        });
        const tab = await tabFrame();
        await signInThroughAuthPage(s, tab, `Teams ${hostClientType}, auth page`);
        const entra = s.entraRequests().map((r) => r.endpoint);
        expect(entra, 'auth.html signed in by redirect against Entra (authorize, then token)').toEqual(
          expect.arrayContaining(['authorize', 'token']),
        );
        await expectRows(tab, s, `Teams ${hostClientType}, after the auth page returned a token`);
        expect(s.graphTokenIssuers()).toContain('fake-entra');
        await expectNotifySuccess(s, tab, `Teams ${hostClientType}, auth page`);
      });
    });
  }

  it('4. A slow host (initialize answered after 5 s) is still a host: success, no redirect sign-in, no redirect_in_iframe', async () => {
    await withScenario(rig, {}, async (s) => {
      const { tabFrame } = await s.openWebHost(TEAMS_HOST, { behaviour: behaviour({ initializeAfterMs: 5000 }), tabUrl: TAB_URL });
      const tab = await tabFrame();
      const outcome = await waitForOutcome(40_000, { rows: () => UI.rows(tab).first().isVisible(), ...startupFailures(s) });
      await expectNoSignInRedirect(s, tab, 'Slow host');
      const iframeRedirect = [...s.console, ...s.pageErrors].filter((line) => /redirect_in_iframe/.test(line));
      if (iframeRedirect.length > 0) {
        throw await failure(`Slow host: the tab took the plain-browser path inside a frame (${iframeRedirect[0]}).`, tab, s);
      }
      if (outcome !== 'rows') {
        throw await failure(`Slow host: no people rows appeared (initialize was answered after 5 s; ${outcomeMeaning(outcome)}).`, tab, s);
      }
      await expectNotifySuccess(s, tab, 'Slow host');
    });
  });

  it('5a. A host whose NAA bridge teams-js does not install (tab in a nested frame) falls back to the auth page, not a generic error', async () => {
    await withScenario(rig, {}, async (s) => {
      const { page } = await s.openWebHost(TEAMS_HOST, { behaviour: behaviour({}), tabUrl: TAB_URL, nestedFrame: true });
      const tab = await s.tabFrame(page);
      await expectAuthPageFallback(s, tab, 'Nested frame without the NAA bridge');
    });
  });

  it('5b. A phone host without a native NAA bridge (older clients) falls back to the auth page, not a generic error', async () => {
    await withScenario(rig, {}, async (s) => {
      const page = await s.openPhone({ behaviour: behaviour({ hostClientType: 'ios' }), injectNaaBridge: false }, '/index.html');
      await expectAuthPageFallback(s, page, 'Phone without the NAA bridge');
    });
  });

  for (const bridge of ['silent', 'refuses'] as const) {
    it(`5${bridge === 'silent' ? 'c' : 'd'}. A host whose NAA bridge is there but ${bridge === 'silent' ? 'never answers' : 'refuses to start'} falls back to the auth page, not a hang or a generic error`, async () => {
      await withScenario(rig, {}, async (s) => {
        const { tabFrame } = await s.openWebHost(TEAMS_HOST, { behaviour: behaviour({ bridge }), tabUrl: TAB_URL });
        const tab = await tabFrame();
        await expectAuthPageFallback(s, tab, `NAA bridge that ${bridge === 'silent' ? 'never answers' : 'refuses'}`);
      });
    });
  }

  it('6. A tenant that lets no user consent: "Grant access" → GetTokenPopup fails with AADSTS90094 → a plain message, the admin-consent link and a copy button', async () => {
    await withScenario(rig, {}, async (s) => {
      // The host frames the tab with allow="clipboard-read; clipboard-write", as Teams does.
      await s.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: TAB_ORIGIN });
      await s.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: TEAMS_ORIGIN });
      const { page, tabFrame } = await s.openWebHost(TEAMS_HOST, {
        behaviour: behaviour({ silentToken: 'interaction-required', popupToken: 'admin-approval-required' }),
        tabUrl: TAB_URL,
      });
      const tab = await tabFrame();
      await clickGrantAccess(s, tab, 'Consent refused');
      await waitForNaa(s, tab, 'GetTokenPopup', 'Consent refused');
      const link = tab.locator('a[href*="adminconsent"]');
      if (!(await becomesVisible(link, 10_000))) {
        throw await failure(
          `Consent refused: no admin-consent link appeared (expected https://login.microsoftonline.com/${TENANT_ID}/adminconsent?client_id=${CLIENT_ID} or the v2.0 form).`,
          tab,
          s,
        );
      }
      const href = new URL((await link.first().getAttribute('href'))!);
      expect(href.host, 'the admin-consent link goes to Entra').toBe(LOGIN_HOST);
      expect(href.pathname, "the admin-consent link names this tenant (from the host's context)").toMatch(
        new RegExp(`^/${TENANT_ID}/(v2\\.0/)?adminconsent$`),
      );
      expect(href.searchParams.get('client_id'), "the admin-consent link names this app's client id").toBe(CLIENT_ID);
      if (!(await becomesVisible(tab.getByText(/admin/i), 10_000))) {
        throw await failure('Consent refused: no plain message saying an administrator must approve the app.', tab, s);
      }
      const copy = tab.getByRole('button', { name: /copy/i });
      if (!(await becomesVisible(copy, 10_000))) {
        throw await failure('Consent refused: no button to copy the admin-consent link.', tab, s);
      }
      await copy.first().click();
      // Read back from the host page (a focused top-level document may read the clipboard); the write is async.
      await page.bringToFront();
      let copied = '';
      const deadline = Date.now() + 15_000;
      while (copied !== href.href && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        copied = await page.evaluate(() => navigator.clipboard.readText().catch((e: unknown) => `(clipboard unreadable: ${String(e)})`));
      }
      if (copied !== href.href) {
        const label = await copy.first().innerText();
        throw await failure(
          `Consent refused: after "Copy" (now labelled "${label}") the clipboard holds "${copied}", not the admin-consent link.`,
          tab,
          s,
        );
      }
    });
  });

  it('7. A cancelled sign-in popup goes back to "Grant access" with a word about why', async () => {
    await withScenario(rig, {}, async (s) => {
      const { tabFrame } = await s.openWebHost(TEAMS_HOST, {
        behaviour: behaviour({ silentToken: 'interaction-required', popupToken: 'user-cancelled' }),
        tabUrl: TAB_URL,
      });
      const tab = await tabFrame();
      await clickGrantAccess(s, tab, 'Cancelled popup');
      await waitForNaa(s, tab, 'GetTokenPopup', 'Cancelled popup');
      if (!(await becomesVisible(tab.getByText(/closed|cancel/i), 10_000))) {
        throw await failure('Cancelled popup: no message saying the sign-in window was closed or cancelled.', tab, s);
      }
      if (/user_cancel|msal\.js\.errors|ClientAuthError/i.test(await visibleText(tab, 5000))) {
        throw await failure("Cancelled popup: the tab shows MSAL's raw error instead of a plain word about the closed window.", tab, s);
      }
      if (!(await becomesVisible(UI.grantAccess(tab), 10_000))) {
        throw await failure('Cancelled popup: "Grant access" is not offered again.', tab, s);
      }
    });
  });

  it('8. Outlook as host (no chat or call capability): rows, and Chat / Call open through app.openLink (executeDeepLink), saying they go to Teams', async () => {
    await withScenario(rig, {}, async (s) => {
      const { tabFrame } = await s.openWebHost(OUTLOOK_HOST, {
        behaviour: behaviour({ hostName: 'Outlook', chat: false, call: false }),
        tabUrl: TAB_URL,
      });
      const tab = await tabFrame();
      await expectRows(tab, s, 'Outlook');
      await expectNotifySuccess(s, tab, 'Outlook');
      for (const [action, path] of [
        ['Chat', '/l/chat/'],
        ['Call', '/l/call/'],
      ] as const) {
        const row = UI.rows(tab).first();
        await row.hover();
        await UI.actionsButton(row).click();
        const item = tab.getByRole('menuitem', { name: new RegExp(action === 'Chat' ? 'chat' : 'call', 'i') }).first();
        if (!(await becomesVisible(item, 10_000))) throw await failure(`Outlook: the actions menu has no ${action} item.`, tab, s);
        const label = (await item.innerText()).trim();
        if (!/teams/i.test(label)) {
          throw await failure(`Outlook: the ${action} item ("${label}") does not say it opens in Teams.`, tab, s);
        }
        const before = s.sent('executeDeepLink').length;
        await item.click();
        const deadline = Date.now() + 15_000;
        while (s.sent('executeDeepLink').length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        const newTabs = s.popups.filter((p) => !p.isClosed() && p.url().includes('teams.microsoft.com/l/'));
        const sent = s.sent('executeDeepLink').slice(before);
        if (sent.length === 0 || newTabs.length > 0) {
          throw await failure(
            `Outlook: ${action} must open through app.openLink (executeDeepLink to the host); ${
              newTabs.length > 0 ? `it opened a browser tab at ${newTabs[0]!.url()}` : 'no executeDeepLink reached the host'
            }.`,
            tab,
            s,
          );
        }
        expect(String(sent[0]!.args[0]), `${action} deep link`).toMatch(new RegExp(`^https://teams\\.microsoft\\.com${path}`));
        await tab
          .locator('body')
          .press('Escape')
          .catch(() => undefined);
      }
    });
  });

  it('9. A host that never answers initialize: within 15 s a message on screen says what to do (never a blank tab or an endless spinner)', async () => {
    await withScenario(rig, {}, async (s) => {
      const { tabFrame } = await s.openWebHost(TEAMS_HOST, { behaviour: behaviour({ initializeAfterMs: 'never' }), tabUrl: TAB_URL });
      const tab = await tabFrame();
      const message = tab
        .getByRole('alert')
        .or(tab.getByText(/(did not|didn't|could not|couldn't|not) (answer|respond|connect|start)|reload|try again|neu laden|erneut/i));
      // The tab gives up on the host after its own 15 s; on a busy machine it may start late, so the
      // wait is far longer (a message that never comes is the failure, not a slow one).
      const shown = await becomesVisible(message, 60_000);
      await expectNoSignInRedirect(s, tab, 'Silent host');
      if (!shown) {
        throw await failure(
          'Silent host: 60 s after the host stopped answering there is no message on screen (role="alert" or text saying to reload / try again).',
          tab,
          s,
        );
      }
      expect((await visibleText(tab)).length, 'the tab is not blank').toBeGreaterThan(0);
    });
  });

  for (const cloud of RIG_SOVEREIGN_CLOUDS) {
    // China's Graph offers no presence (src/host/clouds.ts): there everyone is listed with status unknown, and the board says why.
    const presence = CLOUDS[cloud.id].offers.presence === 'yes';
    it(`10 (${cloud.id}). ${cloud.name}: the cloud's build framed by https://${cloud.teamsHost}, nested app auth against ${cloud.loginHost}, Graph at ${cloud.graphHost}, ${presence ? 'the exact online count' : 'everyone listed with status unknown and no presence asked for'}, no CSP violation`, async () => {
      await withScenario(rig, {}, async (s) => {
        const { graph } = rig.clouds.get(cloud.id)!;
        const graphFrom = graph.emulator.requests.length;
        const tabOrigin = `https://${cloud.tabHost}`;
        const what = `${cloud.name} (${cloud.teamsHost})`;
        const { page } = await s.openWebHost(cloud.teamsHost, { behaviour: behaviour({}), tabUrl: `${tabOrigin}/index.html` });
        const tab = await framedTab(s, page, tabOrigin, what);
        await expectRows(tab, s, what);
        await expectNotifySuccess(s, tab, what);
        const countText = presence
          ? `${graph.emulator.onlineUserIds().length.toLocaleString('en-US')} online`
          : `${graph.emulator.users.length.toLocaleString('en-US')} people · status unknown`;
        await expect
          .poll(async () => (await tab.getByTestId('online-count').first().textContent())?.trim(), { timeout: 30_000 })
          .toBe(countText);
        if (!presence) {
          await expect.poll(() => tab.getByTestId('presence-not-offered').first().isVisible(), { timeout: 10_000 }).toBe(true);
          // Alone or inside a $batch (the board's load sends its calls in batches).
          const asked = graphCalls(graph.emulator.requests.slice(graphFrom)).filter((c) => /presence/i.test(new URL(c.url).pathname));
          expect(asked, `no presence request to ${cloud.graphHost}`).toEqual([]);
        }
        expect(graph.emulator.requests.length, `Graph was called at https://${cloud.graphHost}`).toBeGreaterThan(graphFrom);
        expect(s.requestsTo(GRAPH_HOST), "nothing went to the public cloud's Graph").toEqual([]);
        expect(s.requestsTo(LOGIN_HOST), "nothing went to the public cloud's Entra").toEqual([]);
        const authorities = s.messages.flatMap((m) => (m.naa?.method === 'GetToken' && m.naa.authority ? [m.naa.authority] : []));
        expect(authorities.length, 'the tab asked the host for a token over nested app auth').toBeGreaterThan(0);
        for (const authority of authorities) {
          expect(new URL(authority).host, `the token request named ${cloud.name}'s authority`).toBe(cloud.loginHost);
        }
        expect(s.csp, `no Content-Security-Policy violations\n${s.report()}`).toEqual([]);
      });
    });
  }

  // Issue 22: the auth-page fallback in a sovereign cloud signs in at that cloud's Entra, not the commercial one.
  it('11. GCC High without nested app auth: "Grant access" → auth.html → msal redirect against login.microsoftonline.us → notifySuccess → rows', async () => {
    const cloud = RIG_SOVEREIGN_CLOUDS.find((c) => c.id === 'gcch')!;
    await withScenario(rig, {}, async (s) => {
      const { graph } = rig.clouds.get(cloud.id)!;
      const graphFrom = graph.emulator.requests.length;
      const tabOrigin = `https://${cloud.tabHost}`;
      const what = `${cloud.name} (${cloud.teamsHost}), auth page`;
      const { page } = await s.openWebHost(cloud.teamsHost, {
        behaviour: behaviour({ naaRecommended: false, supportsNestedAppAuth: false }),
        tabUrl: `${tabOrigin}/index.html`,
      });
      const tab = await framedTab(s, page, tabOrigin, what);
      await signInThroughAuthPage(s, tab, what, tabOrigin);
      const entra = s.entraRequests();
      expect(
        entra.filter((r) => r.endpoint === 'authorize' || r.endpoint === 'token').map((r) => `${r.endpoint} ${r.host}`),
        `${what}: signed in by redirect at ${cloud.loginHost}`,
      ).toEqual(expect.arrayContaining([`authorize ${cloud.loginHost}`, `token ${cloud.loginHost}`]));
      expect(
        entra.filter((r) => r.host !== cloud.loginHost).map((r) => `${r.method} https://${r.host}${r.path}`),
        'no other Entra asked',
      ).toEqual([]);
      await expectRows(tab, s, `${what}, after the auth page returned a token`);
      expect(tokenIssuers(graph.emulator.requests.slice(graphFrom))).toContain('fake-entra');
      expect(s.requestsTo(GRAPH_HOST), "nothing went to the public cloud's Graph").toEqual([]);
      expect(s.requestsTo(LOGIN_HOST), "nothing went to the public cloud's Entra").toEqual([]);
      expect(s.csp, `no Content-Security-Policy violations\n${s.report()}`).toEqual([]);
    });
  });
});

/** Which Entra issued each Graph token a cloud's emulated Graph received since `from` (the rig's `xms_rig` claim). */
function tokenIssuers(requests: readonly { authorization?: string | null }[]): string[] {
  return requests.flatMap((r) => {
    const payload = r.authorization?.replace(/^Bearer\s+/i, '').split('.')[1];
    if (!payload) return [];
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { xms_rig?: string };
      return claims.xms_rig ? [claims.xms_rig] : [];
    } catch {
      return [];
    }
  });
}

/**
 * The tab's frame in a host page, or a failure that says the browser refused to frame it (the tab's
 * `frame-ancestors` does not name the host) with Chromium's own words.
 */
async function framedTab(s: Scenario, page: Page, origin: string, what: string): Promise<TabScope> {
  try {
    return await s.tabFrame(page, origin);
  } catch {
    const refused = s.console.filter((line) => /frame-ancestors|Refused to frame/i.test(line));
    const served = s.documents.find((d) => d.url.startsWith(`${origin}/index.html`));
    const ancestors = /frame-ancestors[^;]*/.exec(served?.csp ?? '')?.[0] ?? '(no frame-ancestors)';
    throw new Error(
      `${what}: the browser refused to frame the tab. ${refused[0] ?? '(no console line)'}\nThe tab was served with: ${ancestors}\n${s.report()}`,
    );
  }
}

/** The auth-page fallback: "Grant access" on screen, no generic error, and the click goes to authentication.authenticate. */
async function expectAuthPageFallback(s: Scenario, tab: TabScope, what: string): Promise<void> {
  const outcome = await waitForOutcome(30_000, {
    button: () => UI.grantAccess(tab).first().isVisible(),
    genericError: () =>
      tab
        .getByText(/no_account_error|unknown_error|something went wrong/i)
        .first()
        .isVisible(),
    ...startupFailures(s),
  });
  const button = outcome === 'button';
  await expectNoSignInRedirect(s, tab, what);
  const text = await visibleText(tab, 4000);
  if (/no_account_error|unknown_error|aka\.ms\/msal/i.test(text)) {
    throw await failure(`${what}: the tab shows a generic sign-in error instead of offering the auth page.`, tab, s);
  }
  if (!button) throw await failure(`${what}: no "Grant access" (or "Sign in") button appeared (${outcomeMeaning(outcome)}).`, tab, s);
  await UI.grantAccess(tab).first().click();
  if (!(await s.waitForMessage('authentication.authenticate', 10_000))) {
    const popups = s.naaMethods().filter((m) => m === 'GetTokenPopup').length;
    throw await failure(
      `${what}: "Grant access" did not go to the auth page (no authentication.authenticate${popups ? '; it asked nested app auth for a popup instead' : ''}).`,
      tab,
      s,
    );
  }
}

/** Waits for the tab to ask the host's broker for `method` over nested app auth. */
async function waitForNaa(s: Scenario, tab: TabScope | Page, method: string, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (s.naaMethods().includes(method)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw await failure(`${what}: "Grant access" did not ask the host for ${method} over nested app auth.`, tab, s);
}
