import type { TokenRequestOptions, TokenSource } from '../../auth/tokenSource';
import { fromTransferred, toTransferred } from './errorTransfer';
import type { PagePort, WorkerPort } from './protocol';

/** A kept token is used until this long before it expires (Entra access tokens live 60-90 minutes). */
export const TOKEN_REUSE_MARGIN_MS = 5 * 60_000;

/** When a JWT access token expires (its `exp` claim), unverified; null for a token that does not say. */
export function tokenExpiresAt(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const claims: unknown = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')));
    const exp = typeof claims === 'object' && claims !== null ? (claims as { exp?: unknown }).exp : undefined;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * The worker's token source: tokens are asked of the page (which holds MSAL or nested app auth).
 * A token that says when it expires is kept for those scopes until TOKEN_REUSE_MARGIN_MS before
 * then, so a Graph request does not wait for a round trip through the page's thread (busy drawing
 * while the board loads: that wait held each next users page back by 27-46 ms); a token that does
 * not say is asked for each request. Requests that want a token while one is being asked for share
 * that answer. `forceRefresh` (after Graph's 401) drops what is kept. The token only ever goes to
 * the Graph client that asked for it, which sends it to the configured Graph host only.
 */
export function tokensFromPage(port: WorkerPort, now: () => number = Date.now): TokenSource {
  let nextId = 0;
  const waiting = new Map<number, { resolve: (token: string) => void; reject: (error: Error) => void }>();
  /** Per scope set: the token kept and until when, or the answer being waited for. */
  const kept = new Map<string, { token: string; until: number }>();
  const asking = new Map<string, Promise<string>>();
  port.listen((message) => {
    if (message.type !== 'token') return;
    const request = waiting.get(message.id);
    if (!request) return;
    waiting.delete(message.id);
    if (message.token !== null) request.resolve(message.token);
    else request.reject(fromTransferred(message.error ?? { type: 'other', name: 'Error', message: 'No token.' }));
  });
  function ask(scopes: readonly string[], forceRefresh: boolean): Promise<string> {
    const id = ++nextId;
    return new Promise<string>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      port.post({ type: 'token', id, scopes: [...scopes], options: { interactive: false, forceRefresh } });
    });
  }
  return {
    getToken(scopes: readonly string[], options: TokenRequestOptions): Promise<string> {
      const key = [...scopes].sort().join(' ');
      const forceRefresh = options.forceRefresh ?? false;
      if (forceRefresh) kept.delete(key);
      else {
        const token = kept.get(key);
        if (token && now() < token.until) return Promise.resolve(token.token);
        const pending = asking.get(key);
        if (pending) return pending;
      }
      const answer = ask(scopes, forceRefresh).then((token) => {
        const expiresAt = tokenExpiresAt(token);
        if (expiresAt !== null && expiresAt - TOKEN_REUSE_MARGIN_MS > now())
          kept.set(key, { token, until: expiresAt - TOKEN_REUSE_MARGIN_MS });
        else kept.delete(key);
        return token;
      });
      asking.set(key, answer);
      const done = () => {
        if (asking.get(key) === answer) asking.delete(key);
      };
      answer.then(done, done);
      return answer;
    },
  };
}

/**
 * The page's side: answers the worker's token requests from `tokenSource`, for `allowedScopes`
 * only and never interactively (a popup needs a person's click, which the page handles itself).
 */
export function serveTokens(port: PagePort, tokenSource: TokenSource, allowedScopes: readonly string[]): () => void {
  const allowed = new Set(allowedScopes);
  return port.listen((message) => {
    if (message.type !== 'token') return;
    const { id, scopes, options } = message;
    // No scopes is not the board's either: MSAL would answer for its default ones. A token source
    // that throws rather than rejects is answered too (the worker's request would wait for ever).
    const answer =
      scopes.length > 0 && scopes.every((scope) => allowed.has(scope))
        ? Promise.resolve().then(() => tokenSource.getToken(scopes, { interactive: false, forceRefresh: options.forceRefresh ?? false }))
        : Promise.reject(new Error(`The board asked for scopes it does not use: ${scopes.join(' ') || '(none)'}`));
    answer.then(
      (token) => port.post({ type: 'token', id, token, error: null }),
      (error: unknown) => port.post({ type: 'token', id, token: null, error: toTransferred(error) }),
    );
  });
}
