/**
 * The browser's system notifications (the Notification API,
 * https://developer.mozilla.org/en-US/docs/Web/API/Notification), for a watch that fires while the
 * board is in a plain browser tab. Inside Teams, Outlook or the Microsoft 365 app the host's frame
 * is cross-origin, where browsers refuse the permission, and the host has its own notifications:
 * there the toast alone says it. Permission is asked for only from the viewer's first bell (a
 * click), never at start-up.
 */

/** What the board needs of `window.Notification` (injectable for tests). */
export interface NotificationApi {
  readonly permission: NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  new (title: string, options?: NotificationOptions): { onclick: ((event: Event) => void) | null; close(): void };
}

/**
 * Whether system notifications can be shown: yes; not (denied, no API, a cross-origin frame); not
 * asked yet; or not here by design (inside a Microsoft 365 host, whose own notifications apply).
 */
export type NotificationReadiness = 'granted' | 'refused' | 'ask' | 'host';

export interface SystemNotifications {
  readiness(): NotificationReadiness;
  /** From a click: asks for permission if it was never asked; resolves with the outcome. */
  ask(): Promise<NotificationReadiness>;
  /** Shows one notification; false where it could not be shown (refused, or the browser wants a service worker). */
  show(title: string, body: string, tag: string, onClick: () => void): boolean;
}

export interface SystemNotificationOptions {
  /** The page runs inside a Microsoft 365 host (src/host/teamsHost.ts): no system notifications there. */
  inHost: boolean;
  api?: NotificationApi | null;
  /** The page is in a frame of another origin (browsers refuse notifications there). */
  crossOriginFrame?: boolean;
}

/** Whether this page is framed by a page of another origin. */
export function inCrossOriginFrame(): boolean {
  try {
    return window.top !== window.self && window.top?.location.origin !== window.location.origin;
  } catch {
    // Reading another origin's location throws: that is the answer.
    return true;
  }
}

const browserApi = (): NotificationApi | null =>
  typeof window !== 'undefined' && 'Notification' in window ? (window.Notification as unknown as NotificationApi) : null;

export function systemNotifications(options: SystemNotificationOptions): SystemNotifications {
  const api = options.api === undefined ? browserApi() : options.api;
  const usable = api !== null && !options.inHost && !(options.crossOriginFrame ?? inCrossOriginFrame());
  const readiness = (): NotificationReadiness => {
    if (options.inHost) return 'host';
    if (!usable) return 'refused';
    if (api.permission === 'granted') return 'granted';
    return api.permission === 'denied' ? 'refused' : 'ask';
  };
  return {
    readiness,
    async ask() {
      if (readiness() !== 'ask') return readiness();
      try {
        await api!.requestPermission();
      } catch {
        // An old callback-only API, or refused outright: the permission says which.
      }
      return readiness();
    },
    show(title, body, tag, onClick) {
      if (readiness() !== 'granted') return false;
      try {
        const notification = new api!(title, { body, tag });
        notification.onclick = () => {
          onClick();
          notification.close();
        };
        return true;
      } catch {
        // Chrome on Android shows notifications only from a service worker ("Illegal constructor"):
        // the toast alone says it there.
        return false;
      }
    },
  };
}
