import { HOST_CORE_SOURCE, hostCoreConfig, type HostBehaviour } from './hostProtocol';

export interface HostPageOptions {
  behaviour: HostBehaviour;
  /** The tab's content URL (https://tab.contoso.example/…). */
  tabUrl: string;
  /**
   * Put the tab one frame deeper (host page → host's own inner frame → tab). teams-js polyfills the
   * nested app auth bridge only when `window.parent === window.top`
   * (internal/nestedAppAuthUtils.ts: "Default NAA bridge injection not supported in nested iframe").
   */
  nestedFrame?: boolean;
}

const escapeAttr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The outer page when the tab is nested one frame deeper: an iframe of the real host page
 * (same host origin), which frames the tab and speaks the protocol.
 */
export function nestedOuterPageHtml(innerUrl: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Rig host (outer frame)</title>
<style>html,body{margin:0;height:100%} iframe{border:0;width:100%;height:100%;display:block}</style></head>
<body><iframe id="inner" src="${escapeAttr(innerUrl)}"></iframe></body></html>`;
}

/**
 * A Microsoft 365 web host page, served by the rig on https://teams.microsoft.com or
 * https://outlook.office.com: it frames the tab from its own origin and answers teams-js over
 * postMessage, so the tab's teams-js really validates the host origin (internal/communication.ts
 * processIncomingMessage → verifyIncomingMessageOrigin → internal/validOrigins.ts validateOrigin).
 *
 * - Requests from the tab get `{ id, uuidAsString, args }` back at the tab's origin; the host
 *   accepts messages only from its own iframe and only from the tab's origin, as hosts do.
 * - Nested app auth: teams-js's polyfilled bridge sends `{ func: 'nestedAppAuth.execute', data:
 *   <request JSON>, args: [] }` to the top window (communication.ts sendNestedAuthRequestToTopWindow);
 *   the host answers `{ args: [null, <response JSON>] }`, the shape processAuthBridgeMessage reads.
 * - `authentication.authenticate` [url, width, height, isExternal]: since teams-js 2.35 (PR #2710,
 *   "Remove child proxying for web authentication workflow") the tab never opens the window itself,
 *   on any client type; the HOST opens it, so the auth window's `window.opener` is this host page.
 *   teams-js in the auth window initialises against its opener (frameContext 'authentication'),
 *   and its `authentication.notifySuccess(result)` sends 'authentication.authenticate.success'
 *   [result] here (public/authentication.ts); the host then answers the tab's request with
 *   [true, result]. A window that closes with no answer gives [false, 'CancelledByUser'] and one
 *   that cannot open [false, 'FailedToOpenWindow'] (the reasons teams-js 1.x used itself).
 */
export function hostPageHtml({ behaviour, tabUrl }: HostPageOptions): string {
  const config = hostCoreConfig(behaviour);
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Rig ${escapeAttr(behaviour.hostName)} host (${escapeAttr(behaviour.hostClientType)})</title>
<style>html,body{margin:0;height:100%} iframe{border:0;width:100%;height:100%;display:block}</style></head>
<body><iframe id="tab" src="${escapeAttr(tabUrl)}" allow="clipboard-read; clipboard-write; fullscreen"></iframe>
<script>
(() => {
  const TAB_ORIGIN = ${scriptJson(new URL(tabUrl).origin)};
  const config = ${scriptJson(config)};
  const record = (entry) => {
    const full = { at: Date.now(), ...entry };
    (window.rigHost.log).push(full);
    if (typeof window.__rigRecord === 'function') window.__rigRecord(full).catch(() => {});
  };
  window.rigHost = { log: [] };
  ${HOST_CORE_SOURCE}
  const core = createHostCore(config, record);
  const frame = document.getElementById('tab');
  let authWindow = null;
  let pendingAuth = null;
  let authWatch = null;

  function finishAuth(success, result, note) {
    if (!pendingAuth) return;
    clearInterval(authWatch);
    const respond = pendingAuth;
    pendingAuth = null;
    record({ channel: 'postMessage', from: 'tab', origin: TAB_ORIGIN, func: 'authentication.authenticate (host answer)', args: [success, result], note });
    respond([success, result]);
    try { if (authWindow && !authWindow.closed) authWindow.close(); } catch (e) {}
  }

  function openAuthWindow(args, respond) {
    const [url, width, height] = args;
    if (pendingAuth) finishAuth(false, 'CancelledByUser', 'a second authenticate replaced the first');
    let opened = null;
    try {
      opened = window.open(url, '_blank', 'width=' + (width || 600) + ',height=' + (height || 535));
    } catch (e) {}
    if (!opened) {
      record({ channel: 'postMessage', from: 'tab', origin: TAB_ORIGIN, func: 'authentication.authenticate (host answer)', args: [false, 'FailedToOpenWindow'], note: 'window.open returned null' });
      respond([false, 'FailedToOpenWindow']);
      return;
    }
    authWindow = opened;
    pendingAuth = respond;
    authWatch = setInterval(() => {
      if (authWindow && authWindow.closed) finishAuth(false, 'CancelledByUser', 'the auth window closed without notifySuccess or notifyFailure');
    }, 250);
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || typeof message !== 'object' || typeof message.func !== 'string') return;
    const from = event.source === frame.contentWindow ? 'tab' : authWindow && event.source === authWindow ? 'auth-window' : 'unknown';
    const naa = message.func === 'nestedAppAuth.execute' ? core.naaSummary(message.data) : undefined;
    if (from === 'unknown' || event.origin !== TAB_ORIGIN) {
      record({ channel: 'postMessage', from, origin: event.origin, func: message.func, args: message.args || [], naa, note: 'ignored: not the tab or its auth window, or not the tab origin' });
      return;
    }
    record({ channel: 'postMessage', from, origin: event.origin, func: message.func, args: message.args || [], naa });
    const source = event.source;
    const origin = event.origin;
    const respond = (args) => source.postMessage({ id: message.id, uuidAsString: message.uuidAsString, args }, origin);
    if (message.func === 'nestedAppAuth.execute') {
      core.naa(message.data, (json) => source.postMessage({ args: [null, json] }, origin));
      return;
    }
    if (message.func === 'authentication.authenticate' && from === 'tab') {
      openAuthWindow(message.args || [], respond);
      return;
    }
    if (from === 'auth-window' && message.func === 'authentication.authenticate.success') {
      finishAuth(true, (message.args || [])[0]);
      return;
    }
    if (from === 'auth-window' && message.func === 'authentication.authenticate.failure') {
      finishAuth(false, (message.args || [])[0]);
      return;
    }
    core.handle(message, respond, from === 'auth-window' ? 'authentication' : 'content');
  });

  // Host-to-tab events (internal/handlers.ts callHandler): { func, args }.
  window.rigHost.changeTheme = (theme) => frame.contentWindow.postMessage({ func: 'themeChange', args: [theme] }, TAB_ORIGIN);
})();
</script></body></html>`;
}
