import type { TokenSource } from './tokenSource';

/** A bearer token given at start (`GRAPH_TOKEN`, or the demo tenant's), used as is. */
export function staticTokenSource(token: string): TokenSource {
  return { getToken: () => Promise.resolve(token) };
}
