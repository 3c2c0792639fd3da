import { getResponse } from 'msw';
import { GraphEmulator, type EmulatorOptions } from './graphEmulator';
import { createGraphHandlers } from './handlers';

/** Response headers a cross-origin `fetch` may read without `Access-Control-Expose-Headers` (Fetch standard). */
const SAFELISTED_RESPONSE_HEADERS = new Set([
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
]);

/**
 * What a page on another origin gets to see of a response: Graph is cross-origin to the tab, so
 * a header it does not expose (Retry-After, say) is not readable there, and must not be here.
 */
export function asSeenCrossOrigin(response: Response): Response {
  const exposed = new Set(
    (response.headers.get('Access-Control-Expose-Headers') ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );
  const headers = new Headers();
  response.headers.forEach((value, name) => {
    if (SAFELISTED_RESPONSE_HEADERS.has(name) || exposed.has(name) || exposed.has('*')) headers.set(name, value);
  });
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

export interface DemoTenant {
  emulator: GraphEmulator;
  /** A `fetch` that Graph calls go through: the emulated tenant answers them in this page. */
  fetch: typeof fetch;
}

/**
 * The emulated tenant in this page: Graph calls made through the returned `fetch` are answered
 * by the same handlers the tests and `npm run emulator` use, with no service worker, so the demo
 * also runs where a page may not register one (a cross-site frame with third-party storage
 * blocked, private windows, plain http). Anything that is not for `graphBaseUrl` goes to the network.
 */
export function startDemoTenant(graphBaseUrl: string, options: EmulatorOptions): DemoTenant {
  // A demo left open for days (a wall display) keeps only its latest requests.
  const emulator = new GraphEmulator({ requestLogLimit: 1000, ...options });
  const handlers = createGraphHandlers(emulator, graphBaseUrl);
  const emulatedFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    request.signal.throwIfAborted();
    // As fetch does: an abort (a time limit, dispose()) rejects at once, whatever the emulated latency.
    const aborted = new Promise<never>((_, reject) =>
      request.signal.addEventListener('abort', () => reject(request.signal.reason as Error), { once: true }),
    );
    const response = await Promise.race([getResponse(handlers, request), aborted]);
    if (!response) return fetch(request);
    if (request.redirect === 'error' && response.status >= 300 && response.status < 400) throw new TypeError('Failed to fetch (redirect)');
    // A dropped connection (HttpResponse.error()) is a network error to the caller, as in a browser.
    if (response.type === 'error') throw new TypeError('Failed to fetch');
    return asSeenCrossOrigin(response);
  };
  return { emulator, fetch: emulatedFetch };
}
