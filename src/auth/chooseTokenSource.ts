import type { TeamsHost } from '../host/teamsHost';
import type { TokenChoice } from './dataSource';
import { fallingBackTo, withinTime } from './fallbackTokenSource';
import { demoTokenSource, type ConsentStorage } from './demoTokenSource';
import { staticTokenSource } from './staticTokenSource';
import { identityFromToken, type TokenIdentity } from './tokenIdentity';
import { TEAM_MEMBERS_SCOPE, type TokenSource } from './tokenSource';

/** The browser's localStorage, where it may be used (a sandboxed frame may refuse it). */
function consentStorage(): ConsentStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** Any non-empty bearer token satisfies the emulated tenant. */
export const DEMO_TOKEN = 'demo-token';

/** How long the host's nested app auth bridge may take to say who is signed in. */
export const NAA_START_TIMEOUT_MS = 10_000;

/** The host's sign-in window with the app's auth page, made when first needed. */
async function authPageSourceFor(teams: TeamsHost | null): Promise<() => TokenSource> {
  const { authPageUrl, teamsAuthPageTokenSource } = await import('./teamsAuthPageTokenSource');
  if (!teams) throw new Error('The sign-in page needs a Microsoft 365 host.');
  const host = teams;
  const pageBase = location.origin + import.meta.env.BASE_URL;
  return () =>
    teamsAuthPageTokenSource(
      (url) => host.authenticate(url),
      (requested) => authPageUrl(pageBase, requested, host.context.user?.loginHint),
    );
}

/** Who is signed in (plain browser), and how to sign out. */
export interface SignedInAccount {
  name: string;
  signOut: () => Promise<void>;
}

export interface SignedIn {
  tokenSource: TokenSource;
  identity: TokenIdentity | null;
  /** In a plain browser: who is signed in, and how to sign out. */
  account?: SignedInAccount;
}

/** The token source for this page and whose it is (for the cache key); null while the browser is on its way to Microsoft sign-in. */
export async function tokenSourceFor(
  choice: TokenChoice,
  teams: TeamsHost | null,
  scopes: readonly string[],
  clearCache: () => Promise<void>,
): Promise<SignedIn | null> {
  const teamsIdentity =
    teams?.context.user?.id && teams.context.user.tenant?.id
      ? { tenantId: teams.context.user.tenant.id, userId: teams.context.user.id }
      : null;
  switch (choice.kind) {
    case 'static':
      return { tokenSource: staticTokenSource(choice.token), identity: identityFromToken(choice.token) };
    case 'nested-app-auth': {
      const { createNaaTokenSource } = await import('./naaTokenSource');
      const authPage = await authPageSourceFor(teams);
      // A bridge that never answers, or answers but cannot sign in, falls back to the auth page.
      const tokenSource = await withinTime(
        createNaaTokenSource({
          clientId: choice.clientId,
          tenantId: choice.tenantId ?? teams?.context.user?.tenant?.id,
          loginHint: teams?.context.user?.loginHint,
        }),
        NAA_START_TIMEOUT_MS,
        "The host's sign-in bridge",
      ).then(
        (naa) => fallingBackTo(naa, authPage),
        () => authPage(),
      );
      return { tokenSource, identity: teamsIdentity };
    }
    case 'teams-auth-page':
      return { tokenSource: (await authPageSourceFor(teams))(), identity: teamsIdentity };
    case 'browser-redirect': {
      const { createRedirectClient, signInWithRedirect } = await import('./redirectSignIn');
      const signIn = await signInWithRedirect(await createRedirectClient(choice.clientId, choice.tenantId), scopes, clearCache);
      if (!signIn) return null;
      return {
        tokenSource: signIn.tokenSource,
        identity: { tenantId: signIn.account.tenantId, userId: signIn.account.userId },
        account: { name: signIn.account.name, signOut: signIn.signOut },
      };
    }
    default:
      // The emulated tenant's administrator granted the board's permissions (User.Read.All and the
      // team view's too); what a user consents to alone (calendars) the demo's person grants with a click.
      return {
        tokenSource: demoTokenSource([...scopes, 'User.Read.All', TEAM_MEMBERS_SCOPE], consentStorage()),
        identity: { tenantId: 'demo', userId: 'demo' },
      };
  }
}
