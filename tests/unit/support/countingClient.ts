import type { GraphClient, GraphRequest } from '@/graph/client';

/** Counts the Graph requests a client makes (each request inside a $batch counts on its own: Graph limits them one by one). */
export function counting(client: GraphClient): GraphClient & { calls: string[] } {
  const calls: string[] = [];
  return {
    baseUrl: client.baseUrl,
    calls,
    get throttledCount() {
      return client.throttledCount;
    },
    request<T>(request: GraphRequest): Promise<T> {
      calls.push(request.url);
      return client.request<T>(request);
    },
  };
}
