import { describe, expect, it } from 'vitest';
import { createRelayWatchClient, demoSentNotifications, RelayWatchError } from '@/board/relayWatches';
import { relayTokenGetter } from '@/board/relayToken';
import { staticTokenSource } from '@/auth/staticTokenSource';

const RELAY = 'https://relay.contoso.example';
const GOOD = 'relay-token-1';

interface Seen {
  method: string;
  url: string;
  auth: string | null;
  init: RequestInit;
}

/**
 * A relay honouring the watch API's contract: Bearer tokens, POST/GET/DELETE /v1/watches, a cap
 * per viewer, 201 for a new watch and 200 for one already there, 404 for a watch it does not have.
 */
function fakeRelayFetch({ max = 2, tokens = [GOOD] }: { max?: number; tokens?: string[] } = {}) {
  const watches = new Map<string, { id: string; personId: string; createdAt: string; expiresAt: string }>();
  const seen: Seen[] = [];
  let next = 0;
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = String(input);
    const auth = new Headers(init.headers).get('Authorization');
    const method = init.method ?? 'GET';
    seen.push({ method, url, auth, init });
    if (!url.startsWith(`${RELAY}/v1/watches`)) return new Response('not here', { status: 404 });
    if (!tokens.some((t) => auth === `Bearer ${t}`)) return Response.json({ error: 'unauthorised' }, { status: 401 });
    const path = url.slice(RELAY.length);
    if (method === 'POST' && path === '/v1/watches') {
      let body: { personId?: unknown };
      try {
        body = JSON.parse(String(init.body)) as { personId?: unknown };
      } catch {
        return Response.json({ error: 'bad-body' }, { status: 400 });
      }
      if (typeof body.personId !== 'string') return Response.json({ error: 'bad-body' }, { status: 400 });
      const existing = [...watches.values()].find((w) => w.personId === body.personId);
      if (existing) return Response.json({ watch: existing }, { status: 200 });
      if (watches.size >= max) return Response.json({ error: 'too-many-watches', max }, { status: 429 });
      const watch = {
        id: `w-${++next}`,
        personId: body.personId,
        createdAt: '2026-12-02T09:00:00.000Z',
        expiresAt: '2026-12-02T17:00:00.000Z',
      };
      watches.set(watch.id, watch);
      return Response.json({ watch }, { status: 201 });
    }
    if (method === 'GET' && path === '/v1/watches') return Response.json({ watches: [...watches.values()], max });
    const id = /^\/v1\/watches\/([^/]+)$/.exec(path)?.[1];
    if (method === 'DELETE' && id) return new Response(null, { status: watches.delete(decodeURIComponent(id)) ? 204 : 404 });
    return new Response(null, { status: 405 });
  };
  return { fetch: fetch as typeof globalThis.fetch, watches, seen };
}

const tokenGetter = (...tokens: string[]) => {
  const asked: boolean[] = [];
  const get = async ({ forceRefresh }: { forceRefresh: boolean }) => {
    asked.push(forceRefresh);
    return tokens[Math.min(asked.length - 1, tokens.length - 1)]!;
  };
  return { get, asked };
};

describe('relay watch client', () => {
  it('creates, lists and deletes watches with the relay token, on the relay host only, never following a redirect', async () => {
    const relay = fakeRelayFetch();
    const client = createRelayWatchClient({ relayUrl: RELAY, relayToken: tokenGetter(GOOD).get, fetch: relay.fetch });
    const made = await client.create('anna-id');
    expect(made).toEqual({ id: 'w-1', personId: 'anna-id', createdAt: Date.UTC(2026, 11, 2, 9), expiresAt: Date.UTC(2026, 11, 2, 17) });
    // Already watched: the relay's 200 with the same watch.
    expect(await client.create('anna-id')).toEqual(made);
    expect(await client.list()).toEqual({ watches: [made], max: 2 });
    await client.remove('w-1');
    expect(relay.watches.size).toBe(0);
    // A watch the relay no longer has (fired or expired there) counts as removed.
    await expect(client.remove('w-1')).resolves.toBeUndefined();
    for (const call of relay.seen) {
      expect(new URL(call.url).origin).toBe(RELAY);
      expect(call.auth).toBe(`Bearer ${GOOD}`);
      expect(call.init).toMatchObject({ redirect: 'error', credentials: 'omit' });
    }
    expect(relay.seen.map((c) => c.method)).toEqual(['POST', 'POST', 'GET', 'DELETE', 'DELETE']);
  });

  it("says the relay's cap with its number", async () => {
    const relay = fakeRelayFetch({ max: 1 });
    const client = createRelayWatchClient({ relayUrl: RELAY, relayToken: tokenGetter(GOOD).get, fetch: relay.fetch });
    await client.create('a');
    const error = await client.create('b').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RelayWatchError);
    expect(error).toMatchObject({ kind: 'cap', max: 1 });
    expect((error as Error).message).toContain('at most 1 watches');
  });

  it('asks for a fresh token once after a 401, then says the relay refused', async () => {
    const relay = fakeRelayFetch();
    const stale = tokenGetter('expired', GOOD);
    const client = createRelayWatchClient({ relayUrl: RELAY, relayToken: stale.get, fetch: relay.fetch });
    await expect(client.list()).resolves.toMatchObject({ watches: [] });
    expect(stale.asked).toEqual([false, true]);
    const forged = createRelayWatchClient({ relayUrl: RELAY, relayToken: tokenGetter('forged').get, fetch: relay.fetch });
    await expect(forged.create('a')).rejects.toMatchObject({ kind: 'refused' });
  });

  it('says the relay is down when it cannot be reached or fails, and bad answers are not taken', async () => {
    const unreachable = createRelayWatchClient({
      relayUrl: RELAY,
      relayToken: tokenGetter(GOOD).get,
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    await expect(unreachable.create('a')).rejects.toMatchObject({ kind: 'down' });
    const failing = createRelayWatchClient({
      relayUrl: RELAY,
      relayToken: tokenGetter(GOOD).get,
      fetch: async () => new Response('oops', { status: 503 }),
    });
    await expect(failing.list()).rejects.toMatchObject({ kind: 'down' });
    const odd = createRelayWatchClient({
      relayUrl: RELAY,
      relayToken: tokenGetter(GOOD).get,
      fetch: async () => Response.json({ watch: { id: 'w 1 <script>', personId: 'a', createdAt: 1, expiresAt: 2 } }, { status: 201 }),
    });
    await expect(odd.create('a')).rejects.toMatchObject({ kind: 'bad-answer' });
    const notJson = createRelayWatchClient({
      relayUrl: RELAY,
      relayToken: tokenGetter(GOOD).get,
      fetch: async () => new Response('<html>', { status: 200 }),
    });
    await expect(notJson.list()).rejects.toMatchObject({ kind: 'bad-answer' });
    // Malformed entries in a list are left out, the rest kept.
    const mixed = createRelayWatchClient({
      relayUrl: RELAY,
      relayToken: tokenGetter(GOOD).get,
      fetch: async () => Response.json({ watches: [{ id: 'w1', personId: 'a', createdAt: 1, expiresAt: 2 }, { id: 'w2' }], max: 'many' }),
    });
    await expect(mixed.list()).resolves.toEqual({ watches: [{ id: 'w1', personId: 'a', createdAt: 1, expiresAt: 2 }], max: null });
  });

  it('tells a relay that keeps no watches (404 watches-off, or an older relay) apart from a watch that is gone', async () => {
    const off = createRelayWatchClient({
      relayUrl: RELAY,
      relayToken: tokenGetter(GOOD).get,
      fetch: async () => Response.json({ error: 'watches-off', message: 'This relay does not keep watches.' }, { status: 404 }),
    });
    await expect(off.list()).rejects.toMatchObject({ kind: 'off' });
    await expect(off.create('a')).rejects.toMatchObject({ kind: 'off' });
    await expect(off.remove('w1')).rejects.toMatchObject({ kind: 'off' });
    const older = createRelayWatchClient({
      relayUrl: RELAY,
      relayToken: tokenGetter(GOOD).get,
      fetch: async () => Response.json({ error: 'not-found' }, { status: 404 }),
    });
    await expect(older.list()).rejects.toMatchObject({ kind: 'off' });
  });

  it("in demo mode asks the relay for its signed-in user's token, the same viewer each time, for watches", async () => {
    const asked: string[] = [];
    const get = relayTokenGetter({
      relayUrl: RELAY,
      demo: true,
      relayScope: null,
      scopedTokens: false,
      tokenSource: staticTokenSource('graph'),
      graphScopes: [],
      demoSignedInUser: true,
      fetch: async (input) => (asked.push(String(input)), Response.json({ token: 'me' })),
    })!;
    await expect(get({ forceRefresh: false })).resolves.toBe('me');
    expect(asked).toEqual([`${RELAY}/demo/token?as=me`]);
  });

  it("demo: reads the activity feed notifications the relay's emulated tenant accepted for the viewer, newest first", async () => {
    const seen: Array<{ url: string; auth: string | null }> = [];
    const read = demoSentNotifications({
      relayUrl: RELAY,
      relayToken: tokenGetter(GOOD).get,
      fetch: async (input, init) => {
        seen.push({ url: String(input), auth: new Headers(init?.headers).get('Authorization') });
        return Response.json({
          notifications: [
            { userId: 'me', at: 1000, activityType: 'personAvailable', previewText: { content: 'Anna is available' } },
            { userId: 'me', at: 3000, activityType: 'personAvailable', previewText: { content: 'Ben is available' } },
            { userId: 'me', at: 'soon', previewText: {} },
          ],
        });
      },
    });
    await expect(read()).resolves.toEqual([
      { at: 3000, text: 'Ben is available' },
      { at: 1000, text: 'Anna is available' },
    ]);
    expect(seen).toEqual([{ url: `${RELAY}/demo/activityNotifications`, auth: `Bearer ${GOOD}` }]);
    const down = demoSentNotifications({
      relayUrl: RELAY,
      relayToken: tokenGetter(GOOD).get,
      fetch: async () => new Response('', { status: 502 }),
    });
    await expect(down()).rejects.toMatchObject({ kind: 'down' });
  });

  it('refuses to put something that is not a watch id into the path', async () => {
    const relay = fakeRelayFetch();
    const client = createRelayWatchClient({ relayUrl: RELAY, relayToken: tokenGetter(GOOD).get, fetch: relay.fetch });
    await expect(client.remove('../tickets')).rejects.toMatchObject({ kind: 'bad-request' });
    expect(relay.seen).toEqual([]);
  });
});
