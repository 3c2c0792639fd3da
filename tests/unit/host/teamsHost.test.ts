// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * connectToHost against the real teams-js (not a mock): teams-js decides whether there is a host.
 * A phone's Teams, Outlook and Microsoft 365 app show a tab top-level in a web view and talk through
 * `window.nativeInterface.framelessPostMessage` (out) and `window.onNativeMessage` (in), as in
 * teams-js internal/communication.js.
 */
type Sent = { id: number; uuidAsString?: string; func: string; args: unknown[] };
type NativeWindow = Window & {
  nativeInterface?: { framelessPostMessage(message: string): void };
  onNativeMessage?: (e: { data: unknown }) => void;
};

const runtimeConfig = JSON.stringify({
  apiVersion: 4,
  isLegacyTeams: false,
  isNAAChannelRecommended: true,
  supports: { appInitialization: {}, pages: { config: {} }, teamsCore: {} },
});
const context = {
  theme: 'dark',
  locale: 'de-de',
  hostClientType: 'ios',
  frameContext: 'content',
  hostName: 'Teams',
  tid: 't',
  userObjectId: 'u',
};

/** A phone host: answers what teams-js asks through the native interface, and records it. */
function playPhoneHost(answer: boolean, { contextAnswer = [context] as unknown[] | null, config = runtimeConfig } = {}) {
  const sent: Sent[] = [];
  const win = window as NativeWindow;
  win.nativeInterface = {
    framelessPostMessage(message: string) {
      const request = JSON.parse(message) as Sent;
      sent.push(request);
      if (!answer) return;
      if (request.func === 'getContext' && contextAnswer === null) return;
      const args = request.func === 'initialize' ? ['content', 'ios', config, '2.0.0'] : request.func === 'getContext' ? contextAnswer : [];
      setTimeout(() => win.onNativeMessage?.({ data: { id: request.id, uuidAsString: request.uuidAsString, args } }), 1);
    },
  };
  return sent;
}

beforeEach(() => vi.resetModules());
afterEach(async () => {
  // teams-js keeps its initialisation (and a rejected one) for the page's life: start each case afresh.
  const { app } = await import('@microsoft/teams-js');
  app._uninitialize();
  delete (window as NativeWindow).nativeInterface;
  delete (window as NativeWindow).onNativeMessage;
});

describe('connectToHost (real teams-js)', () => {
  it('finds no host in a plain top-level browser tab, at once', async () => {
    const { connectToHost } = await import('@/host/teamsHost');
    // With a time limit longer than the test's own, 'none' can only be teams-js's at-once answer, never the limit's.
    expect(await connectToHost(120_000)).toEqual({ kind: 'none' });
  });

  it('connects to a phone host through the native interface (no parent frame), with its context, and tells it when ready', async () => {
    const sent = playPhoneHost(true);
    const { connectToHost } = await import('@/host/teamsHost');
    const connection = await connectToHost(10_000);
    expect(connection.kind).toBe('host');
    if (connection.kind !== 'host') return;
    expect(connection.host.context.app.theme).toBe('dark');
    expect(connection.host.context.app.locale).toBe('de-de');
    // No bridge on the page: nested app auth is not offered even though the host recommends it.
    expect(connection.host.nestedAppAuth).toBe(false);
    connection.host.notifySuccess();
    expect(sent.map((m) => m.func)).toEqual(['initialize', 'getContext', 'appInitialization.success']);
  });

  it('uses nested app auth on a phone only where the host put its bridge on the page', async () => {
    playPhoneHost(true);
    Object.assign(window, {
      nestedAppAuthBridge: { postMessage: () => undefined, addEventListener: () => undefined, removeEventListener: () => undefined },
    });
    try {
      const { connectToHost } = await import('@/host/teamsHost');
      const connection = await connectToHost(10_000);
      expect(connection.kind === 'host' && connection.host.nestedAppAuth).toBe(true);
    } finally {
      delete (window as Window & { nestedAppAuthBridge?: unknown }).nestedAppAuthBridge;
    }
  });

  it('reports a host that is there but does not answer, instead of taking the page for a plain browser', async () => {
    playPhoneHost(false);
    const { connectToHost } = await import('@/host/teamsHost');
    const connection = await connectToHost(100);
    expect(connection.kind).toBe('unanswered');
  });

  it('counts a host that initialises but never gives its context as unanswered, within the time limit, and can tell it so', async () => {
    const sent = playPhoneHost(true, { contextAnswer: null });
    const { connectToHost } = await import('@/host/teamsHost');
    const connection = await connectToHost(300);
    expect(connection.kind).toBe('unanswered');
    if (connection.kind !== 'unanswered') return;
    expect(connection.notifyFailure).toBeTypeOf('function');
    connection.notifyFailure!('no context');
    expect(sent.map((m) => m.func)).toContain('appInitialization.failure');
  });

  it('counts a host whose context is broken as unanswered (never a plain browser), and can tell it so', async () => {
    playPhoneHost(true, { contextAnswer: [null] });
    const { connectToHost } = await import('@/host/teamsHost');
    const connection = await connectToHost(5_000);
    expect(connection.kind).toBe('unanswered');
    expect(connection.kind === 'unanswered' && connection.notifyFailure).toBeTruthy();
  });

  it('offers chat and call only where the host says it supports them (Outlook has neither)', async () => {
    playPhoneHost(true);
    const { connectToHost } = await import('@/host/teamsHost');
    const outlookLike = await connectToHost(5_000);
    expect(outlookLike.kind === 'host' && outlookLike.host.openChat).toBeNull();
    expect(outlookLike.kind === 'host' && outlookLike.host.startCall).toBeNull();
    const { app } = await import('@microsoft/teams-js');
    app._uninitialize();
    delete (window as NativeWindow).nativeInterface;
    vi.resetModules();
    const withBoth = JSON.stringify({ ...JSON.parse(runtimeConfig), supports: { appInitialization: {}, chat: {}, call: {} } });
    playPhoneHost(true, { config: withBoth });
    const again = await (await import('@/host/teamsHost')).connectToHost(5_000);
    expect(again.kind === 'host' && typeof again.host.openChat).toBe('function');
    expect(again.kind === 'host' && typeof again.host.startCall).toBe('function');
  });
});
