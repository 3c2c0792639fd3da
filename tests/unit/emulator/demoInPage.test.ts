import { describe, expect, it } from 'vitest';
import { staticTokenSource } from '@/auth/staticTokenSource';
import { GRAPH_SCOPES } from '@/auth/tokenSource';
import { asSeenCrossOrigin, startDemoTenant } from '@/emulator/demoFetch';
import { createGraphClient } from '@/graph/client';
import { DEFAULT_GRAPH_BASE_URL } from '@/host/graphBaseUrl';
import { getPresences } from '@/graph/presence';
import { listUserPages } from '@/graph/users';

describe('the demo tenant in the page (no service worker)', () => {
  it('answers the Graph client through its own fetch, every page and every presence', async () => {
    const demo = startDemoTenant(DEFAULT_GRAPH_BASE_URL, { users: 1_200, driftEveryMs: 0 });
    const client = createGraphClient({
      baseUrl: DEFAULT_GRAPH_BASE_URL,
      tokenSource: staticTokenSource('demo-token'),
      scopes: GRAPH_SCOPES,
      fetch: demo.fetch,
    });
    const users = [];
    for await (const page of listUserPages(client)) users.push(...page.users);
    expect(users).toHaveLength(1_200);
    const presence = await getPresences(
      client,
      users.slice(0, 650).map((u) => u.id),
    );
    expect(presence).toHaveLength(650);
  });

  it('shows only what a cross-origin page may read: Retry-After stays hidden, as from real Graph', async () => {
    const demo = startDemoTenant(DEFAULT_GRAPH_BASE_URL, { users: 10, throttleRate: 1, retryAfterSeconds: 7 });
    const answer = await demo.fetch(`${DEFAULT_GRAPH_BASE_URL}/users`, { headers: { Authorization: 'Bearer demo-token' } });
    expect(answer.status).toBe(429);
    expect(answer.headers.get('Retry-After')).toBeNull();
    expect(answer.headers.get('Content-Type')).toContain('json');
    const exposed = asSeenCrossOrigin(
      new Response('{}', { headers: { 'Retry-After': '3', 'Access-Control-Expose-Headers': 'Retry-After', 'X-Other': 'x' } }),
    );
    expect(exposed.headers.get('Retry-After')).toBe('3');
    expect(exposed.headers.get('X-Other')).toBeNull();
  });

  it('refuses a call without a bearer token, as Graph does', async () => {
    const demo = startDemoTenant(DEFAULT_GRAPH_BASE_URL, { users: 10 });
    expect((await demo.fetch(`${DEFAULT_GRAPH_BASE_URL}/users`)).status).toBe(401);
  });
});

describe('ensureLocalStorage', () => {
  it('gives a page whose localStorage is denied one in memory, and leaves a working one alone', async () => {
    const { ensureLocalStorage } = await import('@/emulator/browser');
    const denied = {} as { localStorage: Storage };
    Object.defineProperty(denied, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException(
          "Failed to read the 'localStorage' property from 'Window': Access is denied for this document.",
          'SecurityError',
        );
      },
    });
    ensureLocalStorage(denied);
    denied.localStorage.setItem('k', 'v');
    expect(denied.localStorage.getItem('k')).toBe('v');
    expect(denied.localStorage.length).toBe(1);

    const working = { localStorage: { length: 0 } as Storage };
    const before = working.localStorage;
    ensureLocalStorage(working);
    expect(working.localStorage).toBe(before);
  });
});

describe('the demo fetch behaves like fetch', () => {
  it('rejects at once when the request is aborted, whatever the emulated latency', async () => {
    // An emulated latency longer than the test's own limit: only the abort can end the wait.
    const demo = startDemoTenant(DEFAULT_GRAPH_BASE_URL, { users: 10, latencyMs: 600_000 });
    const answer = demo.fetch(`${DEFAULT_GRAPH_BASE_URL}/users`, {
      headers: { Authorization: 'Bearer demo-token' },
      signal: AbortSignal.timeout(50),
    });
    await expect(answer).rejects.toMatchObject({ name: 'TimeoutError' });
    const already = new AbortController();
    already.abort();
    await expect(demo.fetch(`${DEFAULT_GRAPH_BASE_URL}/users`, { signal: already.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('exposes every header when the answer says Access-Control-Expose-Headers: *', () => {
    const all = asSeenCrossOrigin(new Response('{}', { headers: { 'Retry-After': '3', 'Access-Control-Expose-Headers': '*' } }));
    expect(all.headers.get('Retry-After')).toBe('3');
  });
});
