import { describe, expect, it } from 'vitest';
import { systemNotifications, type NotificationApi } from '@/board/systemNotifications';
import { TitleCount, titleWithCount, type TitleHost } from '@/board/titleCount';

/** A stand-in for window.Notification: its permission, what was asked, and what was shown. */
function fakeNotificationApi(permission: NotificationPermission, answer: NotificationPermission = permission, throws = false) {
  const shown: Array<{ title: string; options?: NotificationOptions; instance: { onclick: ((e: Event) => void) | null; close(): void } }> =
    [];
  let asked = 0;
  const Api = class {
    static permission = permission;
    static async requestPermission() {
      asked++;
      Api.permission = answer;
      return answer;
    }
    onclick: ((e: Event) => void) | null = null;
    closed = false;
    constructor(title: string, options?: NotificationOptions) {
      if (throws)
        throw new TypeError(
          "Failed to construct 'Notification': Illegal constructor. Use ServiceWorkerRegistration.showNotification() instead.",
        );
      shown.push({ title, options, instance: this });
    }
    close() {
      this.closed = true;
    }
  };
  return { api: Api as unknown as NotificationApi, shown, asked: () => asked };
}

describe('system notifications', () => {
  it('asks for permission only when asked (the first bell), then shows notifications that focus the page on a click', async () => {
    const fake = fakeNotificationApi('default', 'granted');
    const notes = systemNotifications({ inHost: false, api: fake.api, crossOriginFrame: false });
    expect(fake.asked()).toBe(0);
    expect(notes.readiness()).toBe('ask');
    expect(notes.show('Anna is available', 'Available', 't1', () => undefined)).toBe(false);
    await expect(notes.ask()).resolves.toBe('granted');
    expect(fake.asked()).toBe(1);
    // Asked once: a second bell does not ask again.
    await notes.ask();
    expect(fake.asked()).toBe(1);
    let clicked = 0;
    expect(notes.show('Anna is available', 'Available', 't1', () => clicked++)).toBe(true);
    expect(fake.shown[0]).toMatchObject({ title: 'Anna is available', options: { body: 'Available', tag: 't1' } });
    fake.shown[0]!.instance.onclick!(new Event('click'));
    expect(clicked).toBe(1);
  });

  it('is refused where denied, unsupported, or in a cross-origin frame; not offered inside a Microsoft 365 host', async () => {
    const denied = fakeNotificationApi('default', 'denied');
    const notes = systemNotifications({ inHost: false, api: denied.api, crossOriginFrame: false });
    await expect(notes.ask()).resolves.toBe('refused');
    expect(notes.show('x', 'y', 'z', () => undefined)).toBe(false);
    expect(systemNotifications({ inHost: false, api: null, crossOriginFrame: false }).readiness()).toBe('refused');
    const framed = fakeNotificationApi('default', 'granted');
    const inFrame = systemNotifications({ inHost: false, api: framed.api, crossOriginFrame: true });
    await expect(inFrame.ask()).resolves.toBe('refused');
    expect(framed.asked()).toBe(0);
    const hosted = fakeNotificationApi('granted');
    const inTeams = systemNotifications({ inHost: true, api: hosted.api, crossOriginFrame: false });
    expect(inTeams.readiness()).toBe('host');
    expect(inTeams.show('x', 'y', 'z', () => undefined)).toBe(false);
    expect(hosted.shown).toEqual([]);
  });

  it('says it could not show one where the browser wants a service worker (Chrome on Android)', () => {
    const android = fakeNotificationApi('granted', 'granted', true);
    expect(systemNotifications({ inHost: false, api: android.api, crossOriginFrame: false }).show('x', 'y', 'z', () => undefined)).toBe(
      false,
    );
  });
});

function fakeTitleHost(looking = false) {
  const listeners = new Set<() => void>();
  const host: TitleHost & { isLooking: boolean; look(): void } = {
    title: "Who's Online",
    isLooking: looking,
    looking: () => host.isLooking,
    onLook: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    look: () => {
      for (const listener of listeners) listener();
    },
  };
  return host;
}

describe('title count', () => {
  it('counts watches that fired in the title until the viewer looks', () => {
    expect(titleWithCount("Who's Online", 0)).toBe("Who's Online");
    const host = fakeTitleHost(false);
    const count = new TitleCount(host);
    count.add();
    count.add();
    expect(host.title).toBe("(2) Who's Online");
    // Focus elsewhere (the page still hidden): the count stays.
    host.look();
    expect(host.title).toBe("(2) Who's Online");
    host.isLooking = true;
    host.look();
    expect(host.title).toBe("Who's Online");
    count.add();
    count.dispose();
    expect(host.title).toBe("Who's Online");
  });
});
