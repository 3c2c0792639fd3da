import type { TokenSource } from '../auth/tokenSource';

export type RelayTokenGetter = (options: { forceRefresh: boolean }) => Promise<string>;

export interface RelayTokenOptions {
  relayUrl: string;
  /** The emulated tenant: the relay in demo mode hands out viewer tokens at `/demo/token`. */
  demo: boolean;
  /** The relay's API scope (`RELAY_SCOPE`, or `api://<client id>/Presence.Stream`); null: none configured. */
  relayScope: string | null;
  /** Whether this page's token source asks Entra for the scope it is given (MSAL); a fixed GRAPH_TOKEN does not. */
  scopedTokens: boolean;
  tokenSource: TokenSource;
  /** The Graph scopes, only to make sure the Graph token is never what goes to the relay. */
  graphScopes: readonly string[];
  /**
   * Demo only: a token for the emulated tenant's signed-in user (`/demo/token?as=me`, always the same
   * person) rather than a new random viewer each time: watches are kept per viewer, so the relay's
   * list must be the same viewer's from one token to the next.
   */
  demoSignedInUser?: boolean;
  fetch?: typeof fetch;
}

/**
 * Where the token for the relay comes from, or null when the relay cannot be used here. It is
 * always a token for the relay's own scope, never the Graph token: a token source that cannot
 * ask for another scope gets no relay, and a token that equals the Graph token is refused.
 */
export function relayTokenGetter(options: RelayTokenOptions): RelayTokenGetter | null {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  if (options.demo) {
    return async () => {
      const response = await doFetch(`${options.relayUrl}/demo/token${options.demoSignedInUser ? '?as=me' : ''}`, {
        credentials: 'omit',
        cache: 'no-store',
        redirect: 'error',
      });
      if (!response.ok) throw new Error(`the relay's demo token answered ${response.status}`);
      const json = (await response.json()) as { token?: unknown } | null;
      if (typeof json?.token !== 'string' || json.token === '') throw new Error("the relay's demo token answer is malformed");
      return json.token;
    };
  }
  const scope = options.relayScope;
  if (!options.scopedTokens || scope === null) return null;
  const { tokenSource, graphScopes } = options;
  return async ({ forceRefresh }) => {
    const token = await tokenSource.getToken([scope], { interactive: false, forceRefresh });
    const graphToken = await tokenSource.getToken(graphScopes, { interactive: false }).catch(() => null);
    if (token === graphToken) throw new Error('the token for the relay scope is the Graph token; it is not sent to the relay');
    return token;
  };
}
