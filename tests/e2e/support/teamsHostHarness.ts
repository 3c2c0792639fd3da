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
}

export function teamsHostHarnessHtml({ tabUrl, theme, locale = 'en-us', loginHint = 'adele@contoso.com' }: HarnessOptions): string {
  const runtimeConfig = JSON.stringify({
    apiVersion: 4,
    isLegacyTeams: false,
    supports: { appInitialization: {}, pages: { appButton: {}, tabs: {}, config: {}, backStack: {} }, teamsCore: {} },
  });
  const context = {
    theme,
    locale,
    loginHint,
    userPrincipalName: loginHint,
    userObjectId: '6e1d3b5c-0000-4000-8000-000000000001',
    tid: '72f988bf-0000-4000-8000-000000000001',
    frameContext: 'content',
    hostClientType: 'web',
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
    initialize: () => ['content', 'web', ${JSON.stringify(runtimeConfig)}, '2.58.0'],
    getContext: () => [${JSON.stringify(context)}],
  };
  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow) return;
    const message = event.data;
    if (!message || typeof message.func !== 'string') return;
    calls.push({ func: message.func, args: message.args });
    const args = answers[message.func] ? answers[message.func]() : [];
    frame.contentWindow.postMessage({ id: message.id, uuid: message.uuid, args }, event.origin);
  });
  window.teamsHost = {
    calls,
    changeTheme: (theme) => frame.contentWindow.postMessage({ func: 'themeChange', args: [theme] }, location.origin),
  };
</script></body></html>`;
}
