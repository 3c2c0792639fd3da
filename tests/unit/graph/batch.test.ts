import { describe, expect, it } from 'vitest';
import type { GraphClient, GraphRequest } from '@/graph/client';
import { createBatchingClient, MAX_BATCH_REQUESTS, relativeToBase } from '@/graph/batch';
import { GraphError } from '@/graph/errors';
import { recordingSleep } from '../support/emulatedGraph';

const BASE = 'https://graph.microsoft.com/v1.0';

type SubRequest = { id: string; method: string; url: string; headers?: Record<string, string>; body?: unknown };
type SubAnswer = { status: number; headers?: Record<string, string>; body?: unknown };

/** A client whose $batch answers come from `answer`, one sub-request at a time; anything else is answered by `direct`. */
function fakeGraph(answer: (request: SubRequest, attempt: number) => SubAnswer, direct?: (request: GraphRequest) => unknown) {
  const batches: SubRequest[][] = [];
  const directCalls: string[] = [];
  const attempts = new Map<string, number>();
  const client: GraphClient = {
    baseUrl: BASE,
    throttledCount: 0,
    request<T>(request: GraphRequest): Promise<T> {
      if (request.url !== '/$batch') {
        directCalls.push(request.url);
        return direct ? Promise.resolve(direct(request) as T) : Promise.reject(new Error('unexpected direct call'));
      }
      const requests = (request.body as { requests: SubRequest[] }).requests;
      batches.push(requests);
      const responses = requests.map((r) => {
        const n = (attempts.get(r.url) ?? 0) + 1;
        attempts.set(r.url, n);
        return { id: r.id, ...answer(r, n) };
      });
      return Promise.resolve({ responses: responses.reverse() } as T);
    },
  };
  return { client, batches, directCalls };
}

describe('Graph requests in JSON batches', () => {
  it('sends what is asked in one task together, at most 20 a batch, and matches the answers by id', async () => {
    const graph = fakeGraph((r) => ({ status: 200, body: { url: r.url } }));
    const batching = createBatchingClient(graph.client);
    const urls = Array.from({ length: 25 }, (_, i) => `/users?$top=1&n=${i}`);
    const answers = await Promise.all(urls.map((url) => batching.request<{ url: string }>({ url })));
    expect(answers.map((a) => a.url)).toEqual(urls);
    expect(graph.batches.map((b) => b.length)).toEqual([MAX_BATCH_REQUESTS, 5]);
    expect(batching.sent).toEqual({ batches: 2, carried: 25 });
  });

  it('sends at once, not after work queued meanwhile as microtasks (the board taking in the pages just read)', async () => {
    const graph = fakeGraph((r) => ({ status: 200, body: { url: r.url } }));
    const batching = createBatchingClient(graph.client);
    const order: string[] = [];
    const sentBefore = () => order.push(`batches sent: ${graph.batches.length}`);
    const asked = batching.request({ url: '/users?$skiptoken=next' });
    // What a consumer of the last page does in the meantime: a long chain of microtasks.
    const consumer = (async () => {
      for (let i = 0; i < 1_000; i++) await Promise.resolve();
      sentBefore();
    })();
    await Promise.all([asked, consumer]);
    expect(order).toEqual(['batches sent: 1']);
  });

  it('keeps a users page moving while presence batches fill their own share of the connections', async () => {
    const sent: string[][] = [];
    const release: Array<() => void> = [];
    const client: GraphClient = {
      baseUrl: BASE,
      throttledCount: 0,
      request<T>(request: GraphRequest): Promise<T> {
        const requests = (request.body as { requests: SubRequest[] }).requests;
        sent.push(requests.map((r) => r.url));
        return new Promise<T>((resolve) => release.push(() => resolve({ responses: requests.map((r) => ({ id: r.id, status: 200, body: {} })) } as T)));
      },
    };
    const batching = createBatchingClient(client);
    const asked: Promise<unknown>[] = [];
    const presence = () => asked.push(batching.request({ url: '/communications/getPresencesByUserId', method: 'POST', body: { ids: ['x'] } }));
    // Presence calls made one turn after another (as the board hands on each page): a batch each, up to the lane's share.
    for (let i = 0; i < 5; i++) {
      presence();
      await Promise.resolve();
      await Promise.resolve();
    }
    asked.push(batching.request({ url: '/users?$skiptoken=next' }));
    await Promise.resolve();
    await Promise.resolve();
    expect(sent.filter((urls) => urls[0]!.startsWith('/communications')).length).toBe(3);
    expect(sent.some((urls) => urls[0] === '/users?$skiptoken=next')).toBe(true);
    // The presence calls held back go in one batch when a slot frees.
    release.shift()!();
    while (release.length > 0) {
      await new Promise((r) => setTimeout(r, 0));
      release.shift()?.();
    }
    await Promise.all(asked);
    expect(sent.flat().filter((url) => url.startsWith('/communications'))).toHaveLength(5);
    expect(sent.length).toBe(5);
  });

  it('watches a signal shared by many requests with one listener, ends them all on abort, and lets go once they are answered', async () => {
    const graph = fakeGraph(() => ({ status: 200, body: {} }));
    const batching = createBatchingClient(graph.client);
    const controller = new AbortController();
    const listeners = { added: 0, removed: 0 };
    const { addEventListener, removeEventListener } = controller.signal;
    controller.signal.addEventListener = (...args: Parameters<AbortSignal['addEventListener']>) => {
      listeners.added++;
      addEventListener.apply(controller.signal, args);
    };
    controller.signal.removeEventListener = (...args: Parameters<AbortSignal['removeEventListener']>) => {
      listeners.removed++;
      removeEventListener.apply(controller.signal, args);
    };
    await Promise.all(Array.from({ length: 15 }, (_, i) => batching.request({ url: `/users?n=${i}`, signal: controller.signal })));
    expect(listeners).toEqual({ added: 1, removed: 1 });

    const stuck = createBatchingClient({ baseUrl: BASE, throttledCount: 0, request: () => new Promise(() => undefined) });
    const asked = Array.from({ length: 15 }, (_, i) => stuck.request({ url: `/users?n=${i}`, signal: controller.signal }));
    expect(listeners.added).toBe(2);
    controller.abort(new DOMException('The board closed.', 'AbortError'));
    const outcomes = await Promise.allSettled(asked);
    expect(outcomes.every((o) => o.status === 'rejected' && (o.reason as DOMException).message === 'The board closed.')).toBe(true);
  });

  it("carries each request's headers and a body with its Content-Type, users pages and presence calls apart; a next link becomes relative to the Graph base", async () => {
    const graph = fakeGraph(() => ({ status: 200, body: {} }));
    const batching = createBatchingClient(graph.client);
    await Promise.all([
      batching.request({ url: `${BASE}/users?$skiptoken=abc`, headers: { ConsistencyLevel: 'eventual' } }),
      batching.request({ url: '/communications/getPresencesByUserId', method: 'POST', body: { ids: ['x'] } }),
    ]);
    // Users pages and presence calls in batches of their own: a quick presence answer is not held back by a page.
    expect(graph.batches).toEqual([
      [{ id: '1', method: 'GET', url: '/users?$skiptoken=abc', headers: { ConsistencyLevel: 'eventual' } }],
      [
        {
          id: '2',
          method: 'POST',
          url: '/communications/getPresencesByUserId',
          headers: { 'Content-Type': 'application/json' },
          body: { ids: ['x'] },
        },
      ],
    ]);
  });

  it('refuses a link to another host (no request leaves for it)', async () => {
    const graph = fakeGraph(() => ({ status: 200, body: {} }));
    const batching = createBatchingClient(graph.client);
    await expect(batching.request({ url: 'https://evil.example/v1.0/users?$skiptoken=x' })).rejects.toMatchObject({
      kind: 'untrusted-url',
    });
    expect(() => relativeToBase('https://graph.microsoft.com/beta/users', BASE)).toThrow(GraphError);
    expect(graph.batches).toHaveLength(0);
  });

  it('retries a throttled request inside a batch after its own Retry-After, and fails one Graph refuses', async () => {
    const { waits, sleep } = recordingSleep();
    const graph = fakeGraph((r, attempt) =>
      r.url.includes('throttled') && attempt === 1
        ? { status: 429, headers: { 'Retry-After': '3' }, body: { error: { code: 'TooManyRequests', message: 'Slow down.' } } }
        : r.url.includes('bad')
          ? { status: 400, body: { error: { code: 'BadRequest', message: 'Invalid filter clause' } } }
          : { status: 200, body: { ok: r.url } },
    );
    const batching = createBatchingClient(graph.client, { sleep });
    const [throttled, bad] = await Promise.allSettled([
      batching.request({ url: '/users?throttled' }),
      batching.request({ url: '/users?bad' }),
    ]);
    expect(throttled).toEqual({ status: 'fulfilled', value: { ok: '/users?throttled' } });
    expect(bad.status === 'rejected' && bad.reason).toMatchObject({
      kind: 'bad-request',
      status: 400,
      message: expect.stringContaining('Invalid filter clause'),
    });
    expect(waits).toEqual([3000]);
    expect(batching.throttledCount).toBe(1);
  });

  it('asks directly from then on where the server has no $batch (404)', async () => {
    let batchCalls = 0;
    const client: GraphClient = {
      baseUrl: BASE,
      throttledCount: 0,
      request<T>(request: GraphRequest): Promise<T> {
        if (request.url === '/$batch') {
          batchCalls++;
          return Promise.reject(new GraphError('bad-request', 'No Graph resource at /$batch.', { status: 404 }));
        }
        return Promise.resolve({ direct: request.url } as T);
      },
    };
    const batching = createBatchingClient(client);
    await expect(batching.request({ url: '/users' })).resolves.toEqual({ direct: '/users' });
    await expect(batching.request({ url: '/users?2' })).resolves.toEqual({ direct: '/users?2' });
    expect(batchCalls).toBe(1);
  });

  it('fails the requests a batch carried when the batch itself fails for good (the sign-in)', async () => {
    const client: GraphClient = {
      baseUrl: BASE,
      throttledCount: 0,
      request: () => Promise.reject(new GraphError('auth', 'Microsoft Graph did not accept the sign-in', { status: 401 })),
    };
    const batching = createBatchingClient(client);
    await expect(batching.request({ url: '/users' })).rejects.toMatchObject({ kind: 'auth' });
  });
});
