/**
 * Graph requests carried in JSON batches: `POST /$batch` with up to 20 requests, each with its own
 * id, method, relative URL, headers and body; the answers come back in any order, matched by id,
 * each with its own status, headers and body ("Combine multiple HTTP requests using JSON batching",
 * https://learn.microsoft.com/graph/json-batching; advanced query headers such as
 * `ConsistencyLevel: eventual` go in each request's own `headers`, aad-advanced-queries' note).
 *
 * Why: in a browser, a request with an `Authorization` header to another origin needs a CORS
 * preflight for every new URL (each users page's `$skiptoken`), and against a remote Graph a
 * preflight costs a round trip of its own. One `$batch` URL is preflighted once; and one HTTP
 * request carrying 20 saves the six-connection limit of HTTP/1.1 as well.
 *
 * Each request inside is retried on its own (429, 502-504, with its own Retry-After, else backoff);
 * a failure of the batch itself (the client has retried it already) fails the requests it carried.
 * A server without `$batch` (404, 405, 501; or 400 before any batch succeeded; or an answer that is
 * not a batch's: not JSON, no list of responses, or one answering none of the requests carried) is
 * asked directly from then on; a request answered 2xx inside a batch with a body that is not JSON
 * is asked again directly.
 */
import type { GraphClient, GraphRequest } from './client';
import { abortableSleep, errorForStatus } from './client';
import { isUnderBaseUrl } from './endpoints';
import { GraphError } from './errors';
import { backoffDelayMs, isRetryableStatus, parseRetryAfterMs } from './retryPolicy';

/** The most requests one `$batch` carries (json-batching: "up to 20"). */
export const MAX_BATCH_REQUESTS = 20;

export interface BatchingOptions {
  /** Attempts per request inside a batch, the first included (default 4). */
  maxAttempts?: number;
  backoffBaseMs?: number;
  maxWaitMs?: number;
  /**
   * Batches of one kind of call in flight at once (default 3): users pages and presence calls each
   * have their own, so a stream of small presence batches never holds back the next users pages,
   * and both together stay within the six connections HTTP/1.1 gives a host.
   */
  maxBatchesInFlight?: number;
  random?: () => number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface BatchingClient extends GraphClient {
  /** `$batch` requests answered, and the Graph requests they carried (each counts against Graph's limits). */
  readonly sent: { batches: number; carried: number };
}

interface Item {
  id: string;
  request: GraphRequest;
  url: string;
  attempt: number;
  settled: boolean;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
  done?: () => void;
}

interface BatchAnswer {
  id?: unknown;
  status?: unknown;
  headers?: unknown;
  body?: unknown;
}

/** A URL the client may call, relative to the Graph base (`/users?…`), as a batch wants it. */
export function relativeToBase(url: string, baseUrl: string): string {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) return url.startsWith('/') ? url : `/${url}`;
  const target = new URL(url);
  if (!isUnderBaseUrl(target, baseUrl)) {
    const graphOrigin = new URL(baseUrl).origin;
    throw new GraphError('untrusted-url', `Refused to call ${target.origin}: it is not the configured Graph host ${graphOrigin}.`, {
      facts: { about: 'untrusted-url', origin: target.origin, graphOrigin },
    });
  }
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, '');
  return `${target.pathname.slice(basePath.length) || '/'}${target.search}`;
}

/** The kind of call, by the first segment of its path (`users`, `communications`, …). */
function laneOf(url: string): string {
  return url.split(/[/?]/)[1] ?? '';
}

function lowerCaseKeys(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof headers !== 'object' || headers === null) return out;
  for (const [name, value] of Object.entries(headers)) if (typeof value === 'string') out[name.toLowerCase()] = value;
  return out;
}

function bodyOf(answer: BatchAnswer, headers: Record<string, string>): unknown {
  // JSON comes as JSON; anything else base64. A JSON answer sent as a string is read as JSON.
  if (typeof answer.body === 'string' && (headers['content-type'] ?? '').includes('json')) {
    try {
      return JSON.parse(answer.body) as unknown;
    } catch {
      return answer.body;
    }
  }
  return answer.body;
}

function errorText(body: unknown): { code?: string; message?: string } {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return {
    code: typeof error?.code === 'string' ? error.code.slice(0, 100) : undefined,
    message: typeof error?.message === 'string' ? error.message.slice(0, 1000) : undefined,
  };
}

/**
 * A GraphClient whose requests travel in `$batch` requests of `client`: those made in the same
 * task go together, at most 20 a batch. The token, the Graph host check and the retries of the
 * batch itself are `client`'s. A request that streams its early next link (`onNextLink`) goes
 * directly.
 */
export function createBatchingClient(client: GraphClient, options: BatchingOptions = {}): BatchingClient {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const backoff = { baseMs: options.backoffBaseMs ?? 500, maxMs: options.maxWaitMs ?? 30_000 };
  const maxInFlight = Math.max(1, options.maxBatchesInFlight ?? 3);
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const queue: Item[] = [];
  const sent = { batches: 0, carried: 0 };
  let scheduled = false;
  /** Batches in flight, by lane (laneOf). */
  const inFlight = new Map<string, number>();
  let nextId = 0;
  let throttled = 0;
  let unsupported = false;

  /**
   * The requests waiting on each signal, and one abort listener for them all: a load's many calls
   * share one signal, and a listener each would pile up (Node warns past ten on one signal).
   */
  const waiting = new Map<AbortSignal, { items: Set<Item>; onAbort: () => void }>();

  function watch(signal: AbortSignal, item: Item): void {
    let entry = waiting.get(signal);
    if (!entry) {
      const items = new Set<Item>();
      const onAbort = () => {
        waiting.delete(signal);
        for (const waiter of [...items]) settle(waiter, () => waiter.reject(signal.reason));
      };
      entry = { items, onAbort };
      waiting.set(signal, entry);
      signal.addEventListener('abort', onAbort, { once: true });
    }
    entry.items.add(item);
  }

  function unwatch(signal: AbortSignal, item: Item): void {
    const entry = waiting.get(signal);
    if (!entry) return;
    entry.items.delete(item);
    if (entry.items.size === 0) {
      waiting.delete(signal);
      signal.removeEventListener('abort', entry.onAbort);
    }
  }

  function settle(item: Item, outcome: () => void): void {
    if (item.settled) return;
    item.settled = true;
    item.done?.();
    outcome();
  }

  function enqueue(item: Item): void {
    queue.push(item);
    if (scheduled) return;
    scheduled = true;
    // Everything asked for before this turn's microtasks run out goes in the same batches: the
    // answers of one batch resolve together, and their next requests are made in that same turn.
    // Not a timer: work queued as microtasks meanwhile (the board taking in the pages just read)
    // would hold the next requests back until it is all done.
    queueMicrotask(flush);
  }

  function flush(): void {
    scheduled = false;
    for (;;) {
      // A batch is answered whole, so each kind of call has batches of its own: a presence call
      // (quick) is not held back by users pages (the server's time grows with a page's size).
      const first = queue.find((item) => (inFlight.get(laneOf(item.url)) ?? 0) < maxInFlight);
      if (first === undefined) return;
      const lane = laneOf(first.url);
      const items: Item[] = [];
      for (let i = 0; i < queue.length && items.length < MAX_BATCH_REQUESTS;) {
        if (laneOf(queue[i]!.url) === lane) items.push(...queue.splice(i, 1).filter((item) => !item.settled));
        else i++;
      }
      if (items.length === 0) continue;
      inFlight.set(lane, (inFlight.get(lane) ?? 0) + 1);
      void send(items).finally(() => {
        inFlight.set(lane, inFlight.get(lane)! - 1);
        if (queue.length > 0 && !scheduled) {
          scheduled = true;
          queueMicrotask(flush);
        }
      });
    }
  }

  function direct(item: Item): void {
    client.request(item.request).then(
      (value) => settle(item, () => item.resolve(value)),
      (error: unknown) => settle(item, () => item.reject(error)),
    );
  }

  async function send(items: Item[]): Promise<void> {
    if (unsupported) {
      for (const item of items) direct(item);
      return;
    }
    let answer: { responses?: unknown };
    try {
      answer = await client.request<{ responses?: unknown }>({
        url: '/$batch',
        method: 'POST',
        body: {
          requests: items.map((item) => {
            const { method = 'GET', body, headers = {} } = item.request;
            return {
              id: item.id,
              method,
              url: item.url,
              ...(body === undefined ? { headers } : { headers: { 'Content-Type': 'application/json', ...headers }, body }),
            };
          }),
        },
      });
    } catch (error) {
      const status = error instanceof GraphError ? error.status : undefined;
      // A 2xx that is not JSON (after the client's retries): whatever answers there, it is not $batch.
      const unreadable = error instanceof GraphError && error.kind === 'bad-response' && status !== undefined && status >= 200 && status < 300;
      if (status === 404 || status === 405 || status === 501 || (status === 400 && sent.batches === 0) || unreadable) {
        // No $batch here: every request goes directly from now on.
        unsupported = true;
        for (const item of items) direct(item);
        return;
      }
      for (const item of items) settle(item, () => item.reject(error));
      return;
    }
    if (!Array.isArray(answer?.responses)) {
      // JSON, but not a batch's answer (no list of responses): ask directly from now on.
      unsupported = true;
      for (const item of items) direct(item);
      return;
    }
    sent.batches++;
    sent.carried += items.length;
    const responses = answer.responses as BatchAnswer[];
    const byId = new Map<string, BatchAnswer>();
    for (const r of responses) if (typeof r === 'object' && r !== null) byId.set(String(r.id), r);
    if (!items.some((item) => byId.has(item.id))) {
      // A list that answers none of the requests it carried (other ids, or none): not a batch's
      // answer either (retrying would only get the same), so ask directly from now on.
      unsupported = true;
      for (const item of items) direct(item);
      return;
    }
    for (const item of items) answered(item, byId.get(item.id));
  }

  function answered(item: Item, answer: BatchAnswer | undefined): void {
    if (item.settled) return;
    const status = typeof answer?.status === 'number' ? answer.status : 0;
    const headers = lowerCaseKeys(answer?.headers);
    const body = answer ? bodyOf(answer, headers) : undefined;
    if (status >= 200 && status < 300) {
      // Every call carried here answers JSON: a text body (a proxy's page, JSON cut short) is asked again directly.
      if (typeof body === 'string') direct(item);
      else settle(item, () => item.resolve(body));
      return;
    }
    if (status === 429) throttled++;
    const { code, message } = errorText(body);
    const error =
      status === 0
        ? new GraphError('bad-response', 'Microsoft Graph left a request out of its $batch answer.', { attempts: item.attempt })
        : errorForStatus(status, code, message, item.attempt);
    if ((status === 0 || isRetryableStatus(status)) && item.attempt < maxAttempts) {
      const retryAfter = parseRetryAfterMs(headers['retry-after'] ?? null, now());
      const wait = Math.min(backoff.maxMs, retryAfter ?? backoffDelayMs(item.attempt, random(), backoff));
      item.attempt++;
      sleep(wait, item.request.signal).then(
        () => enqueue(item),
        (reason: unknown) => settle(item, () => item.reject(reason)),
      );
      return;
    }
    settle(item, () => item.reject(error));
  }

  function request<T>(request: GraphRequest): Promise<T> {
    if (unsupported || request.onNextLink) return client.request<T>(request);
    return new Promise<T>((resolve, reject) => {
      const signal = request.signal;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const item: Item = {
        id: String(++nextId),
        request,
        url: relativeToBase(request.url, client.baseUrl),
        attempt: 1,
        settled: false,
        resolve: resolve as (value: unknown) => void,
        reject,
      };
      if (signal) {
        watch(signal, item);
        // Let go once answered: a load's many calls share one signal.
        item.done = () => unwatch(signal, item);
      }
      enqueue(item);
    });
  }

  return {
    baseUrl: client.baseUrl,
    request,
    sent,
    get throttledCount() {
      return client.throttledCount + throttled;
    },
  };
}
