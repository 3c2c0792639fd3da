import { InteractionRequiredAuthError, type AccountInfo, type IPublicClientApplication } from '@azure/msal-browser';
import { InteractionRequiredError } from './errors';
import { createRedirectClient as createMsalRedirectClient } from './msalClients';
import type { TokenRequestOptions, TokenSource } from './tokenSource';

/** A signed-in person in a plain browser, with what the page can do about it. */
export interface BrowserSignIn {
  /** Whose board it is: the account's name for the header, tenant and object id for the cache key. */
  account: { name: string; tenantId: string; userId: string };
  tokenSource: TokenSource;
  signOut(): Promise<void>;
}

/**
 * Sign-in in a plain browser with msal-browser's redirect flow. Returns the signed-in account, or
 * null after starting the redirect to Microsoft sign-in (the page then navigates away).
 * Interaction for consent also goes by redirect: popups would need msal's redirect-bridge page.
 */
export async function signInWithRedirect(
  pca: IPublicClientApplication,
  scopes: readonly string[],
  beforeSignOut: () => Promise<void>,
): Promise<BrowserSignIn | null> {
  const result = await pca.handleRedirectPromise();
  const account: AccountInfo | undefined = result?.account ?? pca.getActiveAccount() ?? pca.getAllAccounts()[0];
  if (!account) {
    await pca.loginRedirect({ scopes: [...scopes] });
    return null;
  }
  pca.setActiveAccount(account);
  const tokenSource: TokenSource = {
    async getToken(requested: readonly string[], { interactive, forceRefresh }: TokenRequestOptions): Promise<string> {
      const request = { scopes: [...requested], account };
      if (interactive) {
        await pca.acquireTokenRedirect(request);
        // The page navigates to sign-in; nothing comes back here.
        return new Promise<string>(() => undefined);
      }
      try {
        return (await pca.acquireTokenSilent({ ...request, forceRefresh: forceRefresh ?? false })).accessToken;
      } catch (error) {
        if (error instanceof InteractionRequiredAuthError) {
          throw new InteractionRequiredError('Microsoft 365 needs you to sign in again or grant consent.', { cause: error });
        }
        throw error;
      }
    },
  };
  return {
    account: { name: account.name || account.username, tenantId: account.tenantId, userId: account.localAccountId },
    tokenSource,
    signOut: async () => {
      await beforeSignOut();
      await pca.logoutRedirect({ account });
    },
  };
}

/** The standard (non-nested) MSAL client for this page, redirecting back to it (see msalClients.ts). */
export function createRedirectClient(clientId: string, tenantId: string | null): Promise<IPublicClientApplication> {
  return createMsalRedirectClient({ clientId, tenantId });
}
