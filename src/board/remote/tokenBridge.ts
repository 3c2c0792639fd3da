import type { TokenRequestOptions, TokenSource } from '../../auth/tokenSource';
import { fromTransferred, toTransferred } from './errorTransfer';
import type { PagePort, WorkerPort } from './protocol';

/**
 * The worker's token source: every token is asked of the page (which holds MSAL or nested app
 * auth) when a Graph request needs one, used for that request, and not kept in the worker.
 */
export function tokensFromPage(port: WorkerPort): TokenSource {
  let nextId = 0;
  const waiting = new Map<number, { resolve: (token: string) => void; reject: (error: Error) => void }>();
  port.listen((message) => {
    if (message.type !== 'token') return;
    const request = waiting.get(message.id);
    if (!request) return;
    waiting.delete(message.id);
    if (message.token !== null) request.resolve(message.token);
    else request.reject(fromTransferred(message.error ?? { type: 'other', name: 'Error', message: 'No token.' }));
  });
  return {
    getToken(scopes: readonly string[], options: TokenRequestOptions): Promise<string> {
      const id = ++nextId;
      return new Promise<string>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        port.post({ type: 'token', id, scopes: [...scopes], options: { interactive: false, forceRefresh: options.forceRefresh ?? false } });
      });
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
