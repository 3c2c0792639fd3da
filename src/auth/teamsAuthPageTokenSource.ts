import { InteractionRequiredError } from './errors';
import { asSignInWindowError } from './signInWindow';
import type { TokenRequestOptions, TokenSource } from './tokenSource';

/** What the auth page hands back through `authentication.notifySuccess`. */
export interface AuthPageResult {
  accessToken: string;
  /** Milliseconds since the epoch. */
  expiresOn: number;
}

export function parseAuthPageResult(text: string): AuthPageResult {
  const value = JSON.parse(text) as Partial<AuthPageResult>;
  if (typeof value.accessToken !== 'string' || value.accessToken === '' || typeof value.expiresOn !== 'number') {
    throw new Error('The sign-in window did not return a token.');
  }
  return { accessToken: value.accessToken, expiresOn: value.expiresOn };
}

/** The auth page for these scopes, on this site. */
export function authPageUrl(pageBase: string, scopes: readonly string[], loginHint: string | undefined): string {
  const url = new URL('auth.html', pageBase);
  url.searchParams.set('scopes', scopes.join(' '));
  if (loginHint) url.searchParams.set('loginHint', loginHint);
  return url.href;
}

/**
 * Tokens in a Teams host without nested app authentication: Teams opens the app's own auth page
 * (`authentication.authenticate`), which signs in with MSAL by redirect and hands the token back.
 * The token is held in memory only; when it is missing or about to expire the board asks for a
 * click ("Grant access"), since the sign-in window may need one.
 */
export function teamsAuthPageTokenSource(
  authenticate: (url: string) => Promise<string>,
  urlFor: (scopes: readonly string[]) => string,
  now: () => number = Date.now,
): TokenSource {
  let held: AuthPageResult | null = null;
  return {
    async getToken(scopes: readonly string[], { interactive, forceRefresh }: TokenRequestOptions): Promise<string> {
      if (held && !forceRefresh && held.expiresOn - now() > 60_000) return held.accessToken;
      if (!interactive) throw new InteractionRequiredError('Sign in to Microsoft 365 to see who is online.');
      let answer: string;
      try {
        answer = await authenticate(urlFor(scopes));
      } catch (error) {
        // teams-js rejects with CancelledByUser, FailedToOpenWindow, or what the page passed to notifyFailure.
        throw asSignInWindowError(error);
      }
      held = parseAuthPageResult(answer);
      return held.accessToken;
    },
  };
}
