import type { TokenSource } from '../auth/tokenSource';
import { isUnderBaseUrl } from './endpoints';
import { readTextWatchingNextLink } from './earlyNextLink';
import { GraphError, isAbortError } from './errors';
import { backoffDelayMs, isRetryableStatus, parseRetryAfterMs } from './retryPolicy';

export interface GraphRequest {
  /** A path below the base URL (`/users?…`) or an absolute URL Graph gave (`@odata.nextLink`). */
  url: string;
  method?: 'GET' | 'POST';
  /** Serialised as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Told a page's `@odata.nextLink` as soon as its first bytes arrive, before the whole answer. */
  onNextLink?: (link: string) => void;
}

export interface GraphClientOptions {
  baseUrl: string;
  tokenSource: TokenSource;
  scopes: readonly string[];
  fetch?: typeof fetch;
  /** Attempts per request, the first included (default 4). */
  maxAttempts?: number;
  /** First backoff step when no Retry-After is readable (default 500 ms). */
  backoffBaseMs?: number;
  /** Longest single wait, whether from Retry-After or backoff (default 30 s). */
  maxWaitMs?: number;
  /** An attempt that has not answered in this long is given up and tried again (default 30 s). */
  requestTimeoutMs?: number;
  random?: () => number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface GraphClient {
  readonly baseUrl: string;
  request<T>(request: GraphRequest): Promise<T>;
  /** How many 429 answers this client has seen: a refresh schedule backs off when it grows. */
  readonly throttledCount: number;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

interface GraphErrorBody {
  error?: { code?: unknown; message?: unknown };
}

/** The most of Graph's own error code and message kept: enough to read, not whatever a server sends (it crosses to the page with every summary). */
const MAX_CODE_LENGTH = 100;
const MAX_MESSAGE_LENGTH = 1000;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

async function readErrorBody(response: Response): Promise<{ code?: string; message?: string }> {
  try {
    const body = (await response.json()) as GraphErrorBody;
    const code = typeof body.error?.code === 'string' ? cut(body.error.code, MAX_CODE_LENGTH) : undefined;
    const message = typeof body.error?.message === 'string' ? cut(body.error.message, MAX_MESSAGE_LENGTH) : undefined;
    return { code, message };
  } catch {
    return {};
  }
}

/** Graph never redirects: a 3xx (or, in a browser, an opaque redirect) is refused, saying where it pointed. */
function redirectError(response: Response, target: URL, attempts: number): GraphError | null {
  const opaque = response.type === 'opaqueredirect';
  if (!opaque && (response.status < 300 || response.status > 399)) return null;
  let to: string | null = null;
  try {
    const location = response.headers.get('Location');
    if (location) to = new URL(location, target).origin;
  } catch {
    // An unreadable Location: say only that it redirected.
  }
  const status = opaque ? undefined : response.status;
  return new GraphError(
    'redirect',
    `Microsoft Graph answered with a redirect${to === null ? '' : ` to ${to}`}${status === undefined ? '' : ` (HTTP ${status})`}. Graph does not redirect this call, so it was not followed.`,
    { status, attempts, facts: { about: 'redirect', to, status } },
  );
}

/** A Graph error answer as a typed GraphError (also for the answers inside a `$batch`: batch.ts). */
export function errorForStatus(status: number, code: string | undefined, message: string | undefined, attempts: number): GraphError {
  const said = message ? `: ${message}` : '';
  const details = { status, code, attempts, facts: { about: 'status', status, graphSaid: message ?? null } as const };
  if (status === 401) return new GraphError('auth', `Microsoft Graph did not accept the sign-in${said}`, details);
  if (status === 403) return new GraphError('forbidden', `Microsoft Graph refused access${said}`, details);
  if (status === 429) return new GraphError('throttled', `Microsoft Graph is throttling requests${said}`, details);
  if (status === 502 || status === 503 || status === 504)
    return new GraphError('unavailable', `Microsoft Graph is unavailable (HTTP ${status})${said}`, details);
  if (status >= 400 && status < 500)
    return new GraphError('bad-request', `Microsoft Graph refused the request (HTTP ${status})${said}`, details);
  return new GraphError('bad-response', `Microsoft Graph answered HTTP ${status}${said}`, details);
}

/**
 * A thin `fetch` wrapper for Microsoft Graph: adds the bearer token (only for URLs on the
 * configured Graph host), retries 429/503/504 and dropped connections with Retry-After or
 * backoff, honours an AbortSignal, and turns every failure into a typed GraphError.
 */
export function createGraphClient(options: GraphClientOptions): GraphClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const backoff = { baseMs: options.backoffBaseMs ?? 500, maxMs: options.maxWaitMs ?? 30_000 };
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  let throttledCount = 0;

  function resolveUrl(url: string): URL {
    const resolved = /^[a-z][a-z0-9+.-]*:/i.test(url) ? new URL(url) : new URL(`${baseUrl}${url.startsWith('/') ? '' : '/'}${url}`);
    if (!isUnderBaseUrl(resolved, baseUrl)) {
      throw new GraphError(
        'untrusted-url',
        `Refused to call ${resolved.origin}: it is not the configured Graph host ${new URL(baseUrl).origin}.`,
        { facts: { about: 'untrusted-url', origin: resolved.origin, graphOrigin: new URL(baseUrl).origin } },
      );
    }
    return resolved;
  }

  async function request<T>({ url, method = 'GET', body, headers = {}, signal, onNextLink }: GraphRequest): Promise<T> {
    const target = resolveUrl(url);
    let lastError: GraphError | null = null;
    // A 401 earns one fresh token per request; the attempt after it asks for it, later ones do not.
    let renewed = false;
    let renewNow = false;

    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      signal?.throwIfAborted();
      const token = await options.tokenSource.getToken(options.scopes, { interactive: false, forceRefresh: renewNow });
      renewNow = false;
      // Each attempt has its own deadline: a request that never answers is given up, not waited on.
      const deadline = AbortSignal.timeout(requestTimeoutMs);
      const attemptSignal = signal ? AbortSignal.any([signal, deadline]) : deadline;
      const retryLater = async (message: string, cause: unknown) => {
        lastError = new GraphError('network', message, { attempts: attempt, cause });
        if (attempt < maxAttempts) await sleep(backoffDelayMs(attempt, random(), backoff), signal);
      };
      const timedOut = `Microsoft Graph did not answer within ${Math.round(requestTimeoutMs / 1000)} s.`;

      let response: Response;
      try {
        response = await doFetch(target, {
          method,
          signal: attemptSignal,
          // Never follow: a redirect would carry the request (and a POST's ids) to wherever it points.
          redirect: 'manual',
          headers: {
            Accept: 'application/json',
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
            ...headers,
            Authorization: `Bearer ${token}`,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (isAbortError(error) && !deadline.aborted) throw error;
        await retryLater(deadline.aborted ? timedOut : 'Could not reach Microsoft Graph. Check the network connection.', error);
        continue;
      }

      const redirected = redirectError(response, target, attempt);
      if (redirected) {
        await response.body?.cancel().catch(() => undefined);
        throw redirected;
      }

      if (response.ok) {
        let text: string;
        try {
          text = onNextLink && response.body ? await readTextWatchingNextLink(response.body, onNextLink) : await response.text();
        } catch (error) {
          // The answer broke off (the deadline, or a dropped connection): try again.
          if (signal?.aborted) throw signal.reason;
          await retryLater(deadline.aborted ? timedOut : 'The answer from Microsoft Graph broke off.', error);
          continue;
        }
        try {
          return JSON.parse(text) as T;
        } catch (error) {
          // Truncated or garbled on the way: worth another attempt, then a bad response.
          lastError = new GraphError('bad-response', 'Microsoft Graph sent an answer that is not JSON.', {
            status: response.status,
            attempts: attempt,
            cause: error,
            facts: { about: 'not-json' },
          });
          if (attempt < maxAttempts) await sleep(backoffDelayMs(attempt, random(), backoff), signal);
          continue;
        }
      }

      if (response.status === 429) throttledCount++;
      const { code, message } = await readErrorBody(response);
      lastError = errorForStatus(response.status, code, message, attempt);
      if (response.status === 401 && !renewed && attempt < maxAttempts) {
        // The token may have expired mid-load: get a new one, once, and go on.
        renewed = true;
        renewNow = true;
        continue;
      }
      if (!isRetryableStatus(response.status) || attempt === maxAttempts) break;
      const retryAfter = parseRetryAfterMs(response.headers.get('Retry-After'), now());
      const wait = Math.min(backoff.maxMs, retryAfter ?? backoffDelayMs(attempt, random(), backoff));
      await sleep(wait, signal);
    }
    throw lastError ?? new GraphError('network', 'Could not reach Microsoft Graph.');
  }

  return {
    baseUrl,
    request,
    get throttledCount() {
      return throttledCount;
    },
  };
}
