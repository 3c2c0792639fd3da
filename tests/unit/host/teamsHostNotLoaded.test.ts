// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * In a plain browser tab (no parent frame, no opener, no phone host's native interface) teams-js
 * itself finds no host; connectToHost says so without loading it: evaluating teams-js is one long
 * task on the page's thread (docs/speed.md, "No long task from navigation").
 */
afterEach(() => {
  vi.doUnmock('@microsoft/teams-js');
  vi.resetModules();
  delete (window as Window & { nativeInterface?: unknown }).nativeInterface;
});

describe('connectToHost without a host to talk to', () => {
  it('answers "none" without loading teams-js', async () => {
    vi.resetModules();
    const loaded = vi.fn();
    vi.doMock('@microsoft/teams-js', () => {
      loaded();
      throw new Error('teams-js was loaded');
    });
    const { connectToHost } = await import('@/host/teamsHost');
    await expect(connectToHost(1_000)).resolves.toEqual({ kind: 'none' });
    expect(loaded).not.toHaveBeenCalled();
  });

  it('still asks teams-js where a phone host has put its native interface on the page', async () => {
    vi.resetModules();
    const loaded = vi.fn();
    vi.doMock('@microsoft/teams-js', () => {
      loaded();
      throw new Error('teams-js was loaded');
    });
    (window as Window & { nativeInterface?: unknown }).nativeInterface = { framelessPostMessage: () => undefined };
    const { connectToHost } = await import('@/host/teamsHost');
    await expect(connectToHost(1_000)).rejects.toThrow();
    expect(loaded).toHaveBeenCalled();
  });
});
