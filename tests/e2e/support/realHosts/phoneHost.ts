import { HOST_CORE_SOURCE, hostCoreConfig, type HostBehaviour } from './hostProtocol';
import { TAB_ORIGIN } from './names';

export interface PhoneHostOptions {
  behaviour: HostBehaviour;
  /**
   * Inject window.nestedAppAuthBridge as the mobile apps do. teams-js never polyfills the bridge in
   * a frameless window (internal/nestedAppAuthUtils.ts: "Cannot polyfill nestedAppAuthBridge as
   * current window is frameless"), so on a phone nested app auth works only through a bridge the
   * native host puts on the page itself; false plays an older client without one.
   */
  injectNaaBridge: boolean;
}

const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * An init script (context.addInitScript: runs before any page script, in the top frame of the tab's
 * origin only) that turns a top-level Chromium page into the Teams / Outlook / Microsoft 365 app on
 * iOS or Android: a full-page web view with no parent frame.
 *
 * - teams-js finds no parent and no opener, sees `window.nativeInterface`, sets
 *   GlobalVars.isFramelessWindow and `window.onNativeMessage = handleIncomingMessageFromParent`
 *   (internal/communication.ts initializeCommunication); every request then goes out as
 *   `nativeInterface.framelessPostMessage(JSON.stringify(serialisedRequest))` (sendRequestToTargetWindowHelper).
 * - The host answers by calling `window.onNativeMessage({ data: { id, uuidAsString, args } })`, the
 *   event shape handleIncomingMessageFromParent reads (teams-js test/utils.ts respondToNativeMessage).
 * - The injected nestedAppAuthBridge has the interface msal-browser uses (src/naa/AuthBridge.ts:
 *   addEventListener('message', cb), postMessage(requestJson), removeEventListener); callbacks get
 *   the response JSON string (BridgeProxy accepts a string or { data }).
 */
export function phoneHostInitScript({ behaviour, injectNaaBridge }: PhoneHostOptions): string {
  const config = hostCoreConfig(behaviour);
  return `(() => {
  if (window.top !== window || location.origin !== ${scriptJson(TAB_ORIGIN)}) return;
  const config = ${scriptJson(config)};
  const record = (entry) => {
    const full = { at: Date.now(), origin: location.origin, ...entry };
    if (typeof window.__rigRecord === 'function') window.__rigRecord(full).catch(() => {});
  };
  ${HOST_CORE_SOURCE}
  const core = createHostCore(config, record);
  const deliverNative = (data) => {
    if (typeof window.onNativeMessage === 'function') window.onNativeMessage({ data });
    else record({ channel: 'frameless', from: 'tab', func: '(host could not answer: no window.onNativeMessage)', args: [data] });
  };
  Object.defineProperty(window, 'nativeInterface', {
    configurable: true,
    value: {
      framelessPostMessage(serialised) {
        let message;
        try { message = JSON.parse(serialised); } catch (e) { record({ channel: 'frameless', from: 'tab', func: '(unparseable)', args: [String(serialised)] }); return; }
        const naa = message.func === 'nestedAppAuth.execute' ? core.naaSummary(message.data) : undefined;
        record({ channel: 'frameless', from: 'tab', func: message.func, args: message.args || [], naa });
        if (message.func === 'nestedAppAuth.execute') {
          core.naa(message.data, (json) => deliverNative({ args: [null, json] }));
          return;
        }
        core.handle(message, (args) => deliverNative({ id: message.id, uuidAsString: message.uuidAsString, args }), 'content');
      },
    },
  });
  if (${injectNaaBridge ? 'true' : 'false'}) {
    const listeners = new Set();
    window.nestedAppAuthBridge = {
      addEventListener(type, callback) { if (type === 'message') listeners.add(callback); },
      removeEventListener(type, callback) { listeners.delete(callback); },
      postMessage(requestJson) {
        record({ channel: 'naa-bridge', from: 'tab', func: 'nestedAppAuthBridge.postMessage', args: [], naa: core.naaSummary(requestJson) });
        core.naa(requestJson, (json) => listeners.forEach((callback) => callback(json)));
      },
    };
  }
})();`;
}
