import { InteractionRequiredAuthError, type AccountInfo, type IPublicClientApplication } from '@azure/msal-browser';
import { describe, expect, it } from 'vitest';
import { InteractionRequiredError } from '@/auth/errors';
import { signInWithRedirect } from '@/auth/redirectSignIn';

const ACCOUNT = {
  name: 'Adele Vance',
  username: 'adele@contoso.com',
  tenantId: 't-1',
  localAccountId: 'u-1',
  homeAccountId: 'u-1.t-1',
  environment: 'login.microsoftonline.com',
} as AccountInfo;

function fakeMsal(options: { redirected?: AccountInfo | null; cached?: AccountInfo[]; silent?: () => Promise<{ accessToken: string }> }) {
  const log: Array<[string, unknown]> = [];
  const pca = {
    handleRedirectPromise: () => Promise.resolve(options.redirected ? { account: options.redirected } : null),
    getActiveAccount: () => null,
    getAllAccounts: () => options.cached ?? [],
    setActiveAccount: (a: unknown) => log.push(['setActiveAccount', a]),
    loginRedirect: (r: unknown) => (log.push(['loginRedirect', r]), Promise.resolve()),
    logoutRedirect: (r: unknown) => (log.push(['logoutRedirect', r]), Promise.resolve()),
    acquireTokenRedirect: (r: unknown) => (log.push(['acquireTokenRedirect', r]), Promise.resolve()),
    acquireTokenSilent: (r: unknown) => (
      log.push(['acquireTokenSilent', r]),
      (options.silent ?? (() => Promise.resolve({ accessToken: 'silent' })))()
    ),
  } as unknown as IPublicClientApplication;
  return { pca, log };
}

describe('signInWithRedirect', () => {
  it('sends a person with no account to Microsoft sign-in for the board\u2019s scopes', async () => {
    const { pca, log } = fakeMsal({});
    await expect(signInWithRedirect(pca, ['User.ReadBasic.All', 'Presence.Read.All'], () => Promise.resolve())).resolves.toBeNull();
    expect(log).toEqual([['loginRedirect', { scopes: ['User.ReadBasic.All', 'Presence.Read.All'] }]]);
  });

  it('uses the account the redirect brought back, and gets tokens silently for it', async () => {
    const { pca, log } = fakeMsal({ redirected: ACCOUNT });
    const signIn = (await signInWithRedirect(pca, ['User.ReadBasic.All'], () => Promise.resolve()))!;
    expect(signIn.account).toEqual({ name: 'Adele Vance', tenantId: 't-1', userId: 'u-1' });
    await expect(signIn.tokenSource.getToken(['User.ReadBasic.All'], { interactive: false, forceRefresh: true })).resolves.toBe('silent');
    expect(log).toEqual([
      ['setActiveAccount', ACCOUNT],
      ['acquireTokenSilent', { scopes: ['User.ReadBasic.All'], account: ACCOUNT, forceRefresh: true }],
    ]);
  });

  it('asks for consent by redirect, only when interactive', async () => {
    const { pca, log } = fakeMsal({
      cached: [ACCOUNT],
      silent: () => Promise.reject(new InteractionRequiredAuthError('consent_required', 'c')),
    });
    const signIn = (await signInWithRedirect(pca, ['Presence.Read.All'], () => Promise.resolve()))!;
    await expect(signIn.tokenSource.getToken(['Presence.Read.All'], { interactive: false })).rejects.toBeInstanceOf(
      InteractionRequiredError,
    );
    void signIn.tokenSource.getToken(['Presence.Read.All'], { interactive: true });
    await new Promise((r) => setTimeout(r, 0));
    expect(log.map(([what]) => what)).toEqual(['setActiveAccount', 'acquireTokenSilent', 'acquireTokenRedirect']);
  });

  it('clears the kept board before signing out', async () => {
    const { pca, log } = fakeMsal({ cached: [ACCOUNT] });
    const signIn = (await signInWithRedirect(pca, [], () => (log.push(['clearCache', null]), Promise.resolve())))!;
    await signIn.signOut();
    expect(log.map(([what]) => what)).toEqual(['setActiveAccount', 'clearCache', 'logoutRedirect']);
  });
});
