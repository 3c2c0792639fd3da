import { InteractionRequiredAuthError, type IPublicClientApplication } from '@azure/msal-browser';
import { createNestedClient } from './msalClients';
import { InteractionRequiredError } from './errors';
import { asSignInWindowError } from './signInWindow';
import type { TokenRequestOptions, TokenSource } from './tokenSource';

export interface NaaSettings {
  clientId: string;
  /** A tenant id, or undefined for 'organizations'. */
  tenantId?: string;
  /** From the Teams context: the account to use without asking. */
  loginHint?: string;
}

/**
 * Tokens through nested app authentication: the Teams (or Outlook, Microsoft 365) host signs the
 * tab in with its own session, so people never see a prompt unless consent is missing. msal-browser
 * keeps tokens in memory only (the host holds the session, so a reload signs in silently again)
 * and renews them silently; `forceRefresh` asks for a new one. A popup that fails says why
 * (closed, blocked, or only an admin may consent) as a SignInWindowError.
 */
export function naaTokenSource(pca: IPublicClientApplication, loginHint?: string): TokenSource {
  return {
    async getToken(scopes: readonly string[], { interactive, forceRefresh }: TokenRequestOptions): Promise<string> {
      // The authority (the cloud the page was built for, msalClients.ts) goes with every request: msal
      // sends a nested request's own authority only, and the host's broker must sign in at that cloud's Entra.
      const authority = pca.getConfiguration?.()?.auth.authority;
      const request = { scopes: [...scopes], loginHint, ...(authority ? { authority } : {}) };
      if (interactive) {
        try {
          return (await pca.acquireTokenPopup(request)).accessToken;
        } catch (error) {
          throw asSignInWindowError(error);
        }
      }
      try {
        return (await pca.acquireTokenSilent({ ...request, forceRefresh: forceRefresh ?? false })).accessToken;
      } catch (error) {
        if (error instanceof InteractionRequiredAuthError) {
          throw new InteractionRequiredError('Microsoft 365 needs your consent before the board can read the directory and presence.', {
            cause: error,
          });
        }
        throw error;
      }
    },
  };
}

/** Creates the nestable MSAL client (see msalClients.ts); call only after teams-js `app.initialize()` has resolved. */
export async function createNaaTokenSource({ clientId, tenantId, loginHint }: NaaSettings): Promise<TokenSource> {
  return naaTokenSource(await createNestedClient({ clientId, tenantId: tenantId ?? null }), loginHint);
}
