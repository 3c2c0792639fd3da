import type { FrameLocator, Page } from 'playwright-core';

/**
 * A stand-in for the Teams web client: a page that embeds the tab in an iframe and answers the
 * messages @microsoft/teams-js sends to its host (see its internal/communication.js): requests
 * `{ id, uuid, func, args }` get `{ id, uuid, args }` back; the host calls the tab's handlers
 * with `{ func, args }` (theme changes). Served on the tab's own origin, which teams-js trusts.
 */
export interface HarnessOptions {
  tabUrl: string;
  theme: 'default' | 'dark' | 'contrast';
  locale?: string;
  loginHint?: string;
  /** How the nested app auth broker answers a silent token request. */
  silentToken?: 'granted' | 'needs-consent';
  /** 'settings' for a channel tab's configuration page. */
  frameContext?: 'content' | 'settings';
  /** The team (Microsoft 365 group) the channel belongs to. */
  teamGroupId?: string;
  /** false: a host without nested app authentication (the tab opens its auth page instead). */
  nestedAppAuth?: boolean;
}

export const HARNESS_ACCESS_TOKEN = 'naa-access-token-from-simulated-host';
const TENANT_ID = '72f988bf-0000-4000-8000-000000000001';
const USER_ID = '6e1d3b5c-0000-4000-8000-000000000001';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function teamsHostHarnessHtml({
  tabUrl,
  theme,
  locale = 'en-us',
  loginHint = 'adele@contoso.com',
  silentToken = 'granted',
  frameContext = 'content',
  teamGroupId,
  nestedAppAuth = true,
}: HarnessOptions): string {
  const runtimeConfig = JSON.stringify({
    apiVersion: 4,
    isLegacyTeams: false,
    isNAAChannelRecommended: nestedAppAuth,
    supports: {
      appInitialization: {},
      authentication: {},
      ...(nestedAppAuth ? { nestedAppAuth: {} } : {}),
      pages: { appButton: {}, tabs: {}, config: {}, backStack: {} },
      teamsCore: {},
      chat: {},
      call: {},
    },
  });
  const now = Math.floor(Date.now() / 1000);
  const idToken = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({
    aud: 'client',
    iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
    tid: TENANT_ID,
    oid: USER_ID,
    preferred_username: loginHint,
    name: 'Adele Vance',
    iat: now,
    nbf: now,
    exp: now + 3600,
    ver: '2.0',
  })}.sig`;
  const account = {
    homeAccountId: `${USER_ID}.${TENANT_ID}`,
    environment: 'login.microsoftonline.com',
    tenantId: TENANT_ID,
    username: loginHint,
    localAccountId: USER_ID,
    name: 'Adele Vance',
  };
  const token = { access_token: HARNESS_ACCESS_TOKEN, id_token: idToken, expires_in: 3600, token_type: 'Bearer' };
  const context = {
    theme,
    locale,
    loginHint,
    userPrincipalName: loginHint,
    userObjectId: USER_ID,
    tid: TENANT_ID,
    frameContext,
    hostClientType: 'web',
    ...(teamGroupId ? { groupId: teamGroupId, teamId: '19:team@thread.tacv2', channelId: '19:channel@thread.tacv2' } : {}),
    hostName: 'Teams',
    entityId: 'whos-online',
    appSessionId: 'harness-session',
  };
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Simulated Teams host</title>
<style>html,body{margin:0;height:100%} iframe{border:0;width:100%;height:100%}</style></head>
<body><iframe id="tab" src="${tabUrl}"></iframe>
<script>
  const frame = document.getElementById('tab');
  const calls = [];
  const answers = {
    // teams-js reads the runtime config from the third element, and polyfills the nested app
    // auth bridge from the fourth (internal/communication.js: initializeCommunication).
    initialize: () => [${JSON.stringify(frameContext)}, 'web', ${JSON.stringify(runtimeConfig)}, ${JSON.stringify(runtimeConfig)}],
    getContext: () => [${JSON.stringify(context)}],
    // pages.config.setConfig waits for [succeeded, reason].
    'settings.setSettings': () => [true],
    // chat.openChat waits for [succeeded, reason]; call.startCall for [succeeded].
    'chat.openChat': () => [true],
    'call.startCall': () => [true],
  };
  const naaRequests = [];
  const naaAnswer = (request) => {
    const reply = { messageType: 'NestedAppAuthResponse', requestId: request.requestId };
    if (request.method === 'GetInitContext') {
      return { ...reply, success: true, initContext: { sdkName: 'simulated-teams', sdkVersion: '1.0.0', capabilities: { queryAccount: false },
        accountContext: { homeAccountId: ${JSON.stringify(account.homeAccountId)}, environment: 'login.microsoftonline.com', tenantId: ${JSON.stringify(TENANT_ID)}, loginHint: ${JSON.stringify(loginHint)} } } };
    }
    if (request.method === 'GetToken' && ${JSON.stringify(silentToken)} === 'needs-consent') {
      return { ...reply, success: false, error: { status: 'USER_INTERACTION_REQUIRED', code: 'consent_required', description: 'AADSTS65001: The user has not consented.' } };
    }
    if (request.method === 'GetToken' || request.method === 'GetTokenPopup') {
      const scope = (request.tokenParams && request.tokenParams.scope) || '';
      return { ...reply, success: true, token: { ...${JSON.stringify(token)}, scope }, account: ${JSON.stringify(account)} };
    }
    return { ...reply, success: false, error: { status: 'PERSISTENT_ERROR', code: 'unsupported', description: request.method } };
  };
  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow) return;
    const message = event.data;
    if (!message || typeof message.func !== 'string') return;
    calls.push({ func: message.func, args: message.args });
    if (message.func === 'nestedAppAuth.execute') {
      const request = JSON.parse(message.data);
      naaRequests.push({ method: request.method, tokenParams: request.tokenParams });
      frame.contentWindow.postMessage({ args: [null, JSON.stringify(naaAnswer(request))] }, event.origin);
      return;
    }
    const args = answers[message.func] ? answers[message.func]() : [];
    frame.contentWindow.postMessage({ id: message.id, uuid: message.uuid, args }, event.origin);
  });
  window.teamsHost = {
    calls,
    naaRequests,
    changeTheme: (theme) => frame.contentWindow.postMessage({ func: 'themeChange', args: [theme] }, location.origin),
    pressSave: () => frame.contentWindow.postMessage({ func: 'settings.save', args: [{}] }, location.origin),
  };
</script></body></html>`;
}

/**
 * Opens the simulated host around the tab at `serverUrl` + `tabPath`. The host page is served
 * on the tab's own origin (teams-js trusts only that), by a route of this page.
 */
export async function openInTeamsHost(
  page: Page,
  serverUrl: string,
  options: Omit<HarnessOptions, 'tabUrl'> & { tabPath?: string },
): Promise<FrameLocator> {
  const harnessUrl = `${serverUrl}__teams-host.html`;
  const { tabPath = '', ...harness } = options;
  await page.route(harnessUrl, (route) =>
    route.fulfill({ contentType: 'text/html', body: teamsHostHarnessHtml({ tabUrl: `${serverUrl}${tabPath}`, ...harness }) }),
  );
  await page.goto(harnessUrl);
  return page.frameLocator('#tab');
}
