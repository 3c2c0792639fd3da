import type { app } from '@microsoft/teams-js';
import { builtCloud } from './buildSettings';

/** The Teams (or Outlook, Microsoft 365) host the tab runs in, once initialised. */
export interface TeamsHost {
  context: app.Context;
  /** Which Microsoft 365 app shows the tab: 'Teams', 'Outlook', 'Office' (the Microsoft 365 app)… */
  hostName: string;
  /**
   * The host signs tabs in itself (nested app authentication): it recommends it and its bridge
   * is on the page. teams-js installs the bridge only in a tab framed directly by the host; a
   * phone's host injects it itself. Without it msal-browser would quietly make a standard client.
   */
  nestedAppAuth: boolean;
  /** Calls back with Teams' theme name ('default', 'dark', 'contrast') whenever it changes. */
  onThemeChange(listener: (theme: string) => void): void;
  /** The first data is on screen: the host hides its loading indicator. */
  notifySuccess(): void;
  /** The tab cannot start; the host shows its own failure page. */
  notifyFailure(message: string): void;
  /** Opens `url` in the host's sign-in window; resolves with what that page passed to notifySuccess. */
  authenticate(url: string): Promise<string>;
  /** On a channel tab's configuration page: the content URL saved for this tab, if it was configured before. */
  savedContentUrl(): Promise<string | null>;
  /** On a channel tab's configuration page: let Save be pressed. */
  setConfigValid(valid: boolean): void;
  /** On Save: `save` returns the content URL to store; the host is told whether that worked. */
  onConfigSave(save: () => { contentUrl: string; suggestedDisplayName: string }): void;
  /** Teams opens a chat with these people (UPNs), or null where the host cannot (Outlook: use a link). */
  openChat: ((users: readonly string[], topic?: string) => Promise<void>) | null;
  /** Teams starts an audio call with these people (UPNs), or null where the host cannot. */
  startCall: ((users: readonly string[]) => Promise<void>) | null;
  /** The host opens a link (a Teams deep link opens Teams); it decides where. */
  openLink(url: string): Promise<void>;
}

/**
 * How long a host may take to answer `initialize`. A slow host (a phone waking up, a desktop
 * client under load) answers after several seconds; teams-js itself waits 60 s.
 */
export const HOST_ANSWER_TIMEOUT_MS = 15_000;

/** What start-up found: a host, no host at all, or something that did not answer. */
export type HostConnection =
  | { kind: 'host'; host: TeamsHost }
  /** teams-js found nothing to talk to (no parent frame, no opener, no native interface): a plain browser tab. */
  | { kind: 'none' }
  /**
   * There is a frame, opener or native interface, but it did not answer in time (or refused).
   * `notifyFailure` is there when teams-js did initialise (the host answered, then failed on the
   * context): the host is told, and shows its own failure page.
   */
  | { kind: 'unanswered'; reason: string; notifyFailure?: (message: string) => void };

/** teams-js's own words when a top-level window has no parent, opener or native interface. */
const NO_HOST_MESSAGE = /No Parent window found/i;

/**
 * Connects to the Microsoft 365 host. teams-js decides whether there is one: it talks to a parent
 * frame (Teams, Outlook and Microsoft 365 on the web and desktop), an opener (a sign-in
 * window), or `window.nativeInterface` (the phone apps show tabs in a full-page web view with no
 * parent), and rejects at once when there is none of these. No guesses of our own: a phone's
 * tab is top-level, so `window.parent === window` says nothing.
 */
export async function connectToHost(timeoutMs = HOST_ANSWER_TIMEOUT_MS): Promise<HostConnection> {
  if (typeof window === 'undefined') return { kind: 'none' };
  // teams-js's own test, made before loading it: its initialize looks for a parent frame, else an
  // opener, else window.nativeInterface, and rejects at once with "No Parent window found" when
  // there is none (internal/communication.js, initializeCommunication). Loading and evaluating
  // teams-js takes one task of 50-90 ms on the page's thread, for nothing in a plain browser tab.
  if (!hasHostChannel(window)) return { kind: 'none' };
  const teamsJs = await import('@microsoft/teams-js');
  let initialised = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  // Initialisation and the context together within the time limit: a host that answers one and not the other is not usable.
  const connect = async () => {
    // teams-js knows the commercial and US government hosts itself; a cloud's other hosts (China's Teams) are given here.
    const extraOrigins = builtCloud().teamsJsOrigins;
    await (extraOrigins.length > 0 ? teamsJs.app.initialize([...extraOrigins]) : teamsJs.app.initialize());
    initialised = true;
    return teamsJs.app.getContext();
  };
  const unanswered = (reason: string): HostConnection => ({
    kind: 'unanswered',
    reason,
    ...(initialised
      ? { notifyFailure: (message: string) => teamsJs.app.notifyFailure({ reason: teamsJs.app.FailedReason.Other, message }) }
      : {}),
  });
  try {
    const outcome = await Promise.race([connect(), timeout]);
    if (outcome === 'timeout') {
      return unanswered(`The Microsoft 365 host did not answer within ${Math.round(timeoutMs / 1000)} seconds.`);
    }
    return { kind: 'host', host: hostFrom(teamsJs, outcome) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return !initialised && NO_HOST_MESSAGE.test(message) ? { kind: 'none' } : unanswered(message);
  } finally {
    clearTimeout(timer);
  }
}

/** A parent frame, an opener or a phone host's native interface: what teams-js can talk to (as teams-js decides it). */
function hasHostChannel(win: Window & { nativeInterface?: unknown }): boolean {
  const parent = win.parent === win.self ? win.opener : win.parent;
  return Boolean(parent) || Boolean(win.nativeInterface);
}

type TeamsJs = typeof import('@microsoft/teams-js');

function hostFrom({ app, authentication, call, chat, nestedAppAuth, pages }: TeamsJs, context: app.Context): TeamsHost {
  const bridge = (window as Window & { nestedAppAuthBridge?: unknown }).nestedAppAuthBridge;
  return {
    context,
    hostName: String(context.app.host.name),
    nestedAppAuth: nestedAppAuth.isNAAChannelRecommended() && bridge !== undefined,
    onThemeChange: (listener) => app.registerOnThemeChangeHandler(listener),
    notifySuccess: () => app.notifySuccess(),
    notifyFailure: (message) => app.notifyFailure({ reason: app.FailedReason.Other, message }),
    authenticate: (url) => authentication.authenticate({ url, width: 600, height: 535 }),
    savedContentUrl: async () => {
      try {
        return (await pages.getConfig()).contentUrl || null;
      } catch {
        return null;
      }
    },
    setConfigValid: (valid) => pages.config.setValidityState(valid),
    onConfigSave: (save) =>
      pages.config.registerOnSaveHandler((event) => {
        const { contentUrl, suggestedDisplayName } = save();
        pages.config.setConfig({ entityId: 'whos-online-channel', contentUrl, websiteUrl: contentUrl, suggestedDisplayName }).then(
          () => event.notifySuccess(),
          (error: unknown) => event.notifyFailure(error instanceof Error ? error.message : String(error)),
        );
      }),
    openChat: chat.isSupported()
      ? (users, topic) =>
          users.length === 1 ? chat.openChat({ user: users[0]! }) : chat.openGroupChat({ users: [...users], ...(topic ? { topic } : {}) })
      : null,
    startCall: call.isSupported()
      ? (users) => call.startCall({ targets: [...users], requestedModalities: [call.CallModalities.Audio] }).then(() => undefined)
      : null,
    openLink: (url) => app.openLink(url),
  };
}
