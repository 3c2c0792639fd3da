import { ClientAuthError, InteractionRequiredAuthError } from '@azure/msal-browser';
import { describe, expect, it } from 'vitest';
import { InteractionRequiredError } from '@/auth/errors';
import { fallingBackTo, isBrokenBridgeError, withinTime } from '@/auth/fallbackTokenSource';
import type { TokenSource } from '@/auth/tokenSource';

const failing = (error: unknown): TokenSource => ({ getToken: () => Promise.reject(error) });

describe('nested app auth that falls back to the auth page', () => {
  it('switches for good once the bridge shows it cannot sign in (msal quietly made a standard client: no_account_error)', async () => {
    let primaryCalls = 0;
    const primary: TokenSource = {
      getToken: () => {
        primaryCalls += 1;
        return Promise.reject(new ClientAuthError('no_account_error', 'c'));
      },
    };
    let made = 0;
    const source = fallingBackTo(primary, () => {
      made += 1;
      return {
        getToken: (_scopes, { interactive }) =>
          interactive ? Promise.resolve('from-auth-page') : Promise.reject(new InteractionRequiredError('click')),
      };
    });
    await expect(source.getToken(['Presence.Read.All'], { interactive: false })).rejects.toBeInstanceOf(InteractionRequiredError);
    await expect(source.getToken(['Presence.Read.All'], { interactive: true })).resolves.toBe('from-auth-page');
    expect(primaryCalls).toBe(1);
    expect(made).toBe(1);
  });

  it('keeps nested app auth for what the person can act on (consent), and for success', async () => {
    const consent = new InteractionRequiredAuthError('consent_required', 'c');
    expect(isBrokenBridgeError(consent)).toBe(false);
    const source = fallingBackTo(failing(consent), () => {
      throw new Error('must not fall back');
    });
    await expect(source.getToken(['x'], { interactive: false })).rejects.toBe(consent);
    expect(isBrokenBridgeError(new ClientAuthError('nested_app_auth_bridge_disabled', 'c'))).toBe(true);
  });

  it('gives up on a bridge that never answers', async () => {
    await expect(withinTime(new Promise(() => undefined), 20, 'The bridge')).rejects.toThrow('The bridge did not answer');
    await expect(withinTime(Promise.resolve(7), 1000, 'x')).resolves.toBe(7);
  });
});
