import { InteractionRequiredAuthError, type IPublicClientApplication } from '@azure/msal-browser';
import { describe, expect, it } from 'vitest';
import { InteractionRequiredError } from '@/auth/errors';
import { naaTokenSource } from '@/auth/naaTokenSource';

function fakeClient(silent: () => Promise<{ accessToken: string }>) {
  const calls: Array<{ kind: string; request: unknown }> = [];
  const pca = {
    acquireTokenSilent: (request: unknown) => {
      calls.push({ kind: 'silent', request });
      return silent();
    },
    acquireTokenPopup: (request: unknown) => {
      calls.push({ kind: 'popup', request });
      return Promise.resolve({ accessToken: 'from-popup' });
    },
  } as unknown as IPublicClientApplication;
  return { pca, calls };
}

describe('naaTokenSource', () => {
  it('asks silently with the login hint, and passes forceRefresh on', async () => {
    const { pca, calls } = fakeClient(() => Promise.resolve({ accessToken: 'silent-token' }));
    const source = naaTokenSource(pca, 'adele@contoso.com');
    await expect(source.getToken(['User.ReadBasic.All'], { interactive: false, forceRefresh: true })).resolves.toBe('silent-token');
    expect(calls).toEqual([
      { kind: 'silent', request: { scopes: ['User.ReadBasic.All'], loginHint: 'adele@contoso.com', forceRefresh: true } },
    ]);
  });

  it('turns MSAL interaction-required errors into the consent error of the board, and uses the popup only when interactive', async () => {
    const { pca, calls } = fakeClient(() => Promise.reject(new InteractionRequiredAuthError('consent_required', 'correlation')));
    const source = naaTokenSource(pca);
    await expect(source.getToken(['Presence.Read.All'], { interactive: false })).rejects.toBeInstanceOf(InteractionRequiredError);
    await expect(source.getToken(['Presence.Read.All'], { interactive: true })).resolves.toBe('from-popup');
    expect(calls.map((c) => c.kind)).toEqual(['silent', 'popup']);
  });

  it("names the client's authority (the built cloud's Entra) in every request, so the host's broker signs in there", async () => {
    const { pca, calls } = fakeClient(() => Promise.resolve({ accessToken: 't' }));
    const withConfig = Object.assign(pca, {
      getConfiguration: () => ({ auth: { authority: 'https://login.microsoftonline.us/organizations' } }),
    });
    await naaTokenSource(withConfig).getToken(['User.ReadBasic.All'], { interactive: false });
    await naaTokenSource(withConfig).getToken(['User.ReadBasic.All'], { interactive: true });
    expect(calls.map((c) => (c.request as { authority?: string }).authority)).toEqual([
      'https://login.microsoftonline.us/organizations',
      'https://login.microsoftonline.us/organizations',
    ]);
  });
});
