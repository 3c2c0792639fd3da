/**
 * What a Microsoft 365 host answers to @microsoft/teams-js 2.58 and to msal-browser's nested app
 * authentication, as one piece of browser JavaScript shared by the web host page (hostPage.ts,
 * postMessage) and the phone (phoneHost.ts, window.nativeInterface). Every shape below comes from
 * teams-js's or msal-browser's own sources; file names are given beside each.
 *
 * Wire format (teams-js internal/messageObjects.ts): the tab sends
 *   { id, uuidAsString, func, args, timestamp, monotonicTimestamp, apiVersionTag, ... }
 * and a host answers a request with { id, uuidAsString, args } (internal/communication.ts
 * handleIncomingMessageFromParent looks the callback up by uuid, then by legacy id). A host-to-tab
 * event is { func, args } (such as themeChange).
 */
import { CLIENT_ID, TENANT_ID, USER_ID, USER_NAME, USER_UPN } from './names';
import { NAA_ACCOUNT, graphAccessToken, idToken } from './tokens';

export type HostClientType = 'web' | 'desktop' | 'ios' | 'android';

export interface HostBehaviour {
  /** context.app.host.name: 'Teams', 'Outlook', 'Office'. */
  hostName: 'Teams' | 'Outlook' | 'Office';
  hostClientType: HostClientType;
  theme: 'default' | 'dark' | 'contrast';
  locale: string;
  /**
   * runtime.supports.nestedAppAuth. teams-js polyfills window.nestedAppAuthBridge only when the
   * runtime config it is handed says so (internal/nestedAppAuthUtils.ts tryPolyfillWithNestedAppAuthBridge).
   */
  supportsNestedAppAuth: boolean;
  /** runtime.isNAAChannelRecommended, read by nestedAppAuth.isNAAChannelRecommended() (public/nestedAppAuth.ts). */
  naaRecommended: boolean;
  /** runtime.supports.chat / .call: chat.isSupported() and call.isSupported() read them (public/chat.ts, public/call.ts). */
  chat: boolean;
  call: boolean;
  /** Milliseconds before `initialize` is answered; 'never' leaves it unanswered. */
  initializeAfterMs: number | 'never';
  /** The host's broker: silent GetToken and interactive GetTokenPopup outcomes. */
  silentToken: 'granted' | 'interaction-required';
  popupToken: 'granted' | 'admin-approval-required' | 'user-cancelled';
  /**
   * The nested app auth bridge itself: 'working'; 'silent', a bridge that takes requests and never
   * answers; 'refuses', one whose GetInitContext fails (msal-browser then quietly makes a standard
   * client: controllers/ControllerFactory.ts createController falls back when the bridge is unusable).
   */
  bridge: 'working' | 'silent' | 'refuses';
}

export const DEFAULT_BEHAVIOUR: HostBehaviour = {
  hostName: 'Teams',
  hostClientType: 'web',
  theme: 'default',
  locale: 'en-us',
  supportsNestedAppAuth: true,
  naaRecommended: true,
  chat: true,
  call: true,
  initializeAfterMs: 0,
  silentToken: 'granted',
  popupToken: 'granted',
  bridge: 'working',
};

/**
 * The runtime config a host hands teams-js in its `initialize` answer (public/runtime.ts IRuntimeV4;
 * latestRuntimeApiVersion is 4). `supports` lists capabilities; anything absent is unsupported.
 */
export function runtimeConfig(b: HostBehaviour): object {
  return {
    apiVersion: 4,
    hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
    isNAAChannelRecommended: b.naaRecommended,
    isLegacyTeams: false,
    supports: {
      app: {},
      appEntity: {},
      appInstallDialog: {},
      ...(b.call ? { call: {} } : {}),
      ...(b.chat ? { chat: {} } : {}),
      dialog: { card: { bot: {} }, url: { bot: {}, parentCommunication: {} }, update: {} },
      ...(b.supportsNestedAppAuth ? { nestedAppAuth: {} } : {}),
      pages: { appButton: {}, tabs: {}, config: {}, backStack: {}, fullTrust: {}, currentApp: {} },
      profile: {},
      sharing: {},
      teamsCore: {},
      ...(b.hostName === 'Teams'
        ? { teams: { fullTrust: { joinedTeams: {} } }, conversations: {}, stageView: {} }
        : { mail: {}, calendar: {} }),
    },
  };
}

/** The SDK version string hosts report beside the runtime config. */
export const HOST_SDK_VERSION = '2.0.4';

/**
 * The legacy context a host returns for `getContext`; teams-js turns it into app.Context
 * (public/app/app.ts transformLegacyContextToAppContext: locale → app.locale, theme → app.theme,
 * hostName → app.host.name, hostClientType → app.host.clientType, userObjectId → user.id,
 * tid → user.tenant.id, loginHint/userPrincipalName → user.*, frameContext → page.frameContext).
 */
export function legacyContext(b: HostBehaviour, frameContext: string): object {
  return {
    locale: b.locale,
    theme: b.theme,
    hostName: b.hostName,
    hostClientType: b.hostClientType,
    frameContext,
    entityId: 'whos-online',
    appSessionId: 'rig-app-session',
    sessionId: 'rig-host-session',
    appLaunchId: 'rig-launch',
    ringId: 'general',
    userObjectId: USER_ID,
    userDisplayName: USER_NAME,
    userPrincipalName: USER_UPN,
    loginHint: USER_UPN,
    tid: TENANT_ID,
    userLicenseType: 'Unknown',
    isCallingAllowed: b.call,
    isPSTNCallingAllowed: false,
  };
}

/** Everything the browser-side core needs, as plain JSON. */
export interface HostCoreConfig {
  behaviour: HostBehaviour;
  runtimeConfigJson: string;
  contentContext: object;
  authContext: object;
  sdkVersion: string;
  accessToken: string;
  idToken: string;
  account: typeof NAA_ACCOUNT;
  clientId: string;
  tenantId: string;
}

export function hostCoreConfig(behaviour: HostBehaviour): HostCoreConfig {
  return {
    behaviour,
    runtimeConfigJson: JSON.stringify(runtimeConfig(behaviour)),
    contentContext: legacyContext(behaviour, 'content'),
    authContext: legacyContext(behaviour, 'authentication'),
    sdkVersion: HOST_SDK_VERSION,
    accessToken: graphAccessToken(`host-naa:${behaviour.hostName}/${behaviour.hostClientType}`),
    idToken: idToken(),
    account: NAA_ACCOUNT,
    clientId: CLIENT_ID,
    tenantId: TENANT_ID,
  };
}

/** One message the tab (or its auth window) sent its host, as the host saw it. */
export interface HostMessage {
  at: number;
  /** postMessage (web/desktop frame or auth window), frameless (phone nativeInterface), naa-bridge (an injected window.nestedAppAuthBridge). */
  channel: 'postMessage' | 'frameless' | 'naa-bridge';
  from: 'tab' | 'auth-window' | 'unknown';
  origin: string;
  func: string;
  args: unknown[];
  /** For nested app auth: the request's method (GetInitContext, GetToken, GetTokenPopup) and scopes. */
  naa?: { method: string; scope?: string; clientId?: string; authority?: string };
  /** What the host did about it, when that is not a plain answer. */
  note?: string;
}

/**
 * Browser JavaScript: `function createHostCore(config, record)` returning
 * `{ handle(message, respond, frameContext), naa(requestJson, deliver), naaRecord(requestJson) }`.
 * Kept as source text (not a serialised TypeScript function) so no build helper leaks into the page.
 */
export const HOST_CORE_SOURCE = String.raw`
function createHostCore(config, record) {
  const b = config.behaviour;
  // One-way messages: teams-js sends them without a callback (public/app/app.ts Messages:
  // appInitialization.appLoaded / success / failure / expectedFailure; internal/handlers.ts
  // registerHandler), so a host does not answer them.
  const ONE_WAY = new Set([
    'appInitialization.appLoaded',
    'appInitialization.success',
    'appInitialization.failure',
    'appInitialization.expectedFailure',
    'registerHandler',
    'pages.config.setValidityState',
    'authentication.authenticate.success',
    'authentication.authenticate.failure',
  ]);

  function answerFor(message, frameContext) {
    switch (message.func) {
      // internal/communication.ts initializeCommunication: teams-js reads
      // [frameContext, hostClientType, runtimeConfig, clientSupportedSDKVersion], but
      // internal/appHelpers.ts initializeHelper also accepts the order hosts really use
      // (SDK version third, runtime config fourth), and tryPolyfillWithNestedAppAuthBridge parses
      // the FOURTH element as the runtime config: a host that wants the NAA bridge polyfilled
      // must put its runtime config there. So the rig answers as such a host does.
      case 'initialize':
        return [frameContext, b.hostClientType, config.sdkVersion, config.runtimeConfigJson];
      case 'getContext':
        return [frameContext === 'authentication' ? config.authContext : config.contentContext];
      // public/app/app.ts openLink → internal/appHelpers.ts openLinkHelper:
      // sendAndHandleStatusAndReason('executeDeepLink', deepLink) waits for [success, reason].
      case 'executeDeepLink':
        return [true];
      case 'chat.openChat':
      case 'chat.openGroupChat':
      case 'call.startCall':
      case 'settings.setSettings':
        return [true];
      default:
        return [];
    }
  }

  function handle(message, respond, frameContext) {
    if (ONE_WAY.has(message.func)) return;
    // The host opens the sign-in window itself (public/authentication.ts authenticateHelper only
    // sends this request); the web host page does that before calling here. A phone host would
    // open its in-app browser, which the rig does not play: the request stays unanswered.
    if (message.func === 'authentication.authenticate') return;
    const args = answerFor(message, frameContext);
    if (message.func === 'initialize') {
      if (b.initializeAfterMs === 'never') return;
      setTimeout(() => respond(args), b.initializeAfterMs);
      return;
    }
    setTimeout(() => respond(args), 5);
  }

  // msal-browser src/naa/BridgeResponseEnvelope.ts, BridgeError.ts, BridgeStatusCode.ts,
  // InitContext.ts, TokenResponse.ts, AccountInfo.ts.
  function naaResponse(request) {
    const base = { messageType: 'NestedAppAuthResponse', requestId: request.requestId };
    const tokenParams = request.tokenParams || {};
    const granted = () => ({
      ...base,
      success: true,
      token: {
        access_token: config.accessToken,
        expires_in: 3599,
        id_token: config.idToken,
        properties: null,
        scope: tokenParams.scope || '',
        authority: 'https://login.microsoftonline.com/' + config.tenantId,
      },
      account: config.account,
    });
    switch (request.method) {
      case 'GetInitContext':
        if (b.bridge === 'refuses') {
          return { ...base, success: false, error: { status: 'PERSISTENT_ERROR', code: 'unsupported', description: 'The broker is not available.' } };
        }
        return {
          ...base,
          success: true,
          initContext: {
            sdkName: 'rig-' + b.hostName + '-' + b.hostClientType,
            sdkVersion: '1.0.0',
            capabilities: { queryAccount: false },
            accountContext: { homeAccountId: config.account.homeAccountId, environment: config.account.environment, tenantId: config.tenantId },
          },
        };
      case 'GetToken':
        if (b.silentToken === 'interaction-required') {
          // What Entra's token endpoint says when consent is missing: invalid_grant with
          // suberror consent_required and AADSTS65001; the broker passes it on as
          // USER_INTERACTION_REQUIRED (msal maps it to InteractionRequiredAuthError).
          return {
            ...base,
            success: false,
            error: {
              status: 'USER_INTERACTION_REQUIRED',
              code: 'invalid_grant',
              subError: 'consent_required',
              description:
                "AADSTS65001: The user or administrator has not consented to use the application with ID '" +
                config.clientId + "' named 'Who's Online'. Send an interactive authorization request for this user and resource.",
            },
          };
        }
        return granted();
      case 'GetTokenPopup':
        if (b.popupToken === 'admin-approval-required') {
          // Entra's "Need admin approval" when the tenant lets no user consent (AADSTS90094,
          // https://learn.microsoft.com/entra/identity/enterprise-apps/application-sign-in-unexpected-user-consent-error),
          // handed back as a persistent broker error (msal maps PERSISTENT_ERROR to ServerError
          // with errorCode = code and errorMessage = description: webBrokerBridge/WebBrokerBridgeErrorMap.ts).
          return {
            ...base,
            success: false,
            error: {
              status: 'PERSISTENT_ERROR',
              code: 'access_denied',
              subError: 'consent_required',
              description:
                "AADSTS90094: Who's Online needs permission to access resources in your organization that only an admin can grant. Please ask an admin to grant permission to this app before you can use it.",
            },
          };
        }
        if (b.popupToken === 'user-cancelled') {
          // USER_CANCEL → ClientAuthError user_cancelled (WebBrokerBridgeErrorMap.ts).
          return { ...base, success: false, error: { status: 'USER_CANCEL', code: 'user_cancelled', description: 'User cancelled the flow.' } };
        }
        return granted();
      default:
        return { ...base, success: false, error: { status: 'PERSISTENT_ERROR', code: 'unsupported_method', description: String(request.method) } };
    }
  }

  function parseNaa(requestJson) {
    try {
      return JSON.parse(requestJson);
    } catch (e) {
      return null;
    }
  }

  function naaSummary(requestJson) {
    const request = parseNaa(requestJson);
    if (!request) return { method: 'unparseable' };
    const tp = request.tokenParams || {};
    return { method: String(request.method), scope: tp.scope, clientId: tp.clientId, authority: tp.authority };
  }

  function naa(requestJson, deliver) {
    const request = parseNaa(requestJson);
    if (!request || request.messageType !== 'NestedAppAuthRequest') return;
    if (b.bridge === 'silent') return;
    setTimeout(() => deliver(JSON.stringify(naaResponse(request))), request.method === 'GetTokenPopup' ? 300 : 10);
  }

  return { handle, naa, naaSummary, record };
}
`;
