import type { app } from '@microsoft/teams-js';

/** The Teams (or Outlook, Microsoft 365) host the tab runs in, once initialised. */
export interface TeamsHost {
  context: app.Context;
  /** The host signs tabs in itself (nested app authentication). */
  nestedAppAuthRecommended: boolean;
  /** Calls back with Teams' theme name ('default', 'dark', 'contrast') whenever it changes. */
  onThemeChange(listener: (theme: string) => void): void;
  /** The first data is on screen: the host hides its loading indicator. */
  notifySuccess(): void;
  /** The tab cannot start; the host shows its own failure page. */
  notifyFailure(message: string): void;
  /** Opens `url` in Teams' sign-in window; resolves with what that page passed to notifySuccess. */
  authenticate(url: string): Promise<string>;
  /** On a channel tab's configuration page: let Save be pressed. */
  setConfigValid(valid: boolean): void;
  /** On Save: `save` returns the content URL to store; the host is told whether that worked. */
  onConfigSave(save: () => { contentUrl: string; suggestedDisplayName: string }): void;
  /** Teams opens a chat with these people (UPNs), or null where the host cannot (then use a deep link). */
  openChat: ((users: readonly string[], topic?: string) => Promise<void>) | null;
  /** Teams starts an audio call with these people (UPNs), or null where the host cannot. */
  startCall: ((users: readonly string[]) => Promise<void>) | null;
}

/**
 * Connects to the Teams host when the page runs in a frame. teams-js rejects at once in a
 * top-level window but waits 60 s in a frame that is not Teams, so initialisation is raced
 * against a short timeout; null means "not in a Microsoft 365 host". teams-js is loaded only here.
 */
export async function connectToTeams(timeoutMs = 3000): Promise<TeamsHost | null> {
  if (typeof window === 'undefined' || window.parent === window) return null;
  const { app, authentication, call, chat, nestedAppAuth, pages } = await import('@microsoft/teams-js');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([app.initialize().then(() => 'ready' as const), timeout]);
    if (outcome === 'timeout') return null;
    const context = await app.getContext();
    return {
      context,
      nestedAppAuthRecommended: nestedAppAuth.isNAAChannelRecommended(),
      onThemeChange: (listener) => app.registerOnThemeChangeHandler(listener),
      notifySuccess: () => app.notifySuccess(),
      notifyFailure: (message) => app.notifyFailure({ reason: app.FailedReason.Other, message }),
      authenticate: (url) => authentication.authenticate({ url, width: 600, height: 535 }),
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
    };
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
