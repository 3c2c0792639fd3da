/**
 * Issue 21 review: a `$batch` endpoint that answers, but not with batches. Before, a 200 whose body
 * is not JSON (a proxy's page), or JSON without `responses`, failed every request it carried after
 * the retries, and so the whole board; a request answered 200 inside a batch with a body that is
 * not JSON failed the listing. What `$batch` cannot carry is asked directly, as where it is missing.
 */
import { describe, expect, it } from 'vitest';
import type { GraphClient, GraphRequest } from '@/graph/client';
import { createBatchingClient } from '@/graph/batch';
import { GraphError } from '@/graph/errors';
import { recordingSleep } from '../support/emulatedGraph';

const BASE = 'https://graph.microsoft.com/v1.0';

/** A client whose `$batch` answers come from `batch`; any other request is answered directly with its URL. */
function graphWith(batch: (requests: Array<{ id: string; url: string }>) => Promise<unknown>) {
  const calls = { batches: 0, direct: [] as string[] };
  const client: GraphClient = {
    baseUrl: BASE,
    throttledCount: 0,
    request<T>(request: GraphRequest): Promise<T> {
      if (request.url === '/$batch') {
        calls.batches++;
        return batch((request.body as { requests: Array<{ id: string; url: string }> }).requests) as Promise<T>;
      }
      calls.direct.push(request.url);
      return Promise.resolve({ direct: request.url } as T);
    },
  };
  return { client, calls };
}

describe('a $batch endpoint that does not answer with batches', () => {
  it('asks directly, from then on, where $batch answers 200 with a body that is not JSON', async () => {
    const graph = graphWith(() =>
      Promise.reject(new GraphError('bad-response', 'Microsoft Graph sent an answer that is not JSON.', { status: 200, attempts: 4 })),
    );
    const batching = createBatchingClient(graph.client);
    await expect(batching.request({ url: '/users?a' })).resolves.toEqual({ direct: '/users?a' });
    await expect(batching.request({ url: '/users?b' })).resolves.toEqual({ direct: '/users?b' });
    expect(graph.calls.batches).toBe(1);
  });

  it('asks directly where $batch answers JSON without a list of responses', async () => {
    const { sleep } = recordingSleep();
    const graph = graphWith(() => Promise.resolve({ value: [] }));
    const batching = createBatchingClient(graph.client, { sleep });
    await expect(batching.request({ url: '/users?a' })).resolves.toEqual({ direct: '/users?a' });
    expect(graph.calls.batches).toBe(1);
  });

  it('asks directly for one request answered 200 inside a batch with a body that is not JSON, the others as answered', async () => {
    const graph = graphWith((requests) =>
      Promise.resolve({
        responses: requests.map((r) =>
          r.url === '/users?bad'
            ? { id: r.id, status: 200, headers: { 'Content-Type': 'application/json' }, body: '<html>Service unavailable</html>' }
            : { id: r.id, status: 200, headers: { 'Content-Type': 'application/json' }, body: { batched: r.url } },
        ),
      }),
    );
    const batching = createBatchingClient(graph.client);
    const [good, bad] = await Promise.all([batching.request({ url: '/users?good' }), batching.request({ url: '/users?bad' })]);
    expect(good).toEqual({ batched: '/users?good' });
    expect(bad).toEqual({ direct: '/users?bad' });
    expect(graph.calls.direct).toEqual(['/users?bad']);
  });
});
