import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { memoryBoardCache } from '@/board/boardCache';
import { BoardStore, notifyDelayMs, refreshOrder } from '@/board/boardStore';
import { GraphError } from '@/graph/errors';
import { describeError } from '@/ui/errorMessage';
import { testClient, emulatedGraphPerFile } from '../support/emulatedGraph';

const graph = emulatedGraphPerFile();
const clock = () => new Date('2026-11-26T09:30:00Z');

describe('BoardStore', () => {
  it('loads every user and their presence, then is ready with the time', async () => {
    const emulator = graph.start({ users: 1200 });
    const store = new BoardStore({ client: testClient(), now: clock, notifyIntervalMs: 1 });
    await store.load();
    const state = store.getSnapshot();
    expect(state.phase).toBe('ready');
    expect(state.users).toHaveLength(1200);
    expect(state.presence.size).toBe(1200);
    expect(state.usersExpected).toBe(1200);
    expect(state.updatedAt).toEqual(clock());
    expect(state.error).toBeNull();
    expect(emulator.requests.length).toBeGreaterThan(0);
  });

  it('never changes a snapshot it has published: what a reader holds stays as it was while the board moves on', async () => {
    const emulator = graph.start({ users: 3000, maxPageSize: 500 });
    const store = new BoardStore({ client: testClient(), now: clock, notifyIntervalMs: 1 });
    const seen: Array<{ state: ReturnType<typeof store.getSnapshot>; users: number; presence: number }> = [];
    store.subscribe(() => {
      const state = store.getSnapshot();
      seen.push({ state, users: state.users.length, presence: state.presence.size });
    });
    await store.load();
    emulator.setPresence(emulator.users[0]!.id, { availability: 'Busy', activity: 'Busy' });
    const before = store.getSnapshot();
    const busyBefore = before.presence.get(emulator.users[0]!.id.toLowerCase());
    await store.refresh();
    expect(seen.length).toBeGreaterThan(3);
    for (const { state, users, presence } of seen) {
      expect(state.users).toHaveLength(users);
      expect(state.presence.size).toBe(presence);
    }
    expect(before.presence.get(emulator.users[0]!.id.toLowerCase())).toBe(busyBefore);
    expect(store.getSnapshot().presence.get(emulator.users[0]!.id.toLowerCase())!.availability).toBe('Busy');
  });

  it('without User.Read.All, meets the 403 on profile fields once; a reload asks for the basic fields at once', async () => {
    const emulator = graph.start({ users: 50, userReadAll: false });
    const store = new BoardStore({ client: testClient(), now: clock, notifyIntervalMs: 1 });
    await store.load();
    await store.load();
    const usersCalls = emulator.requests.filter((r) => new URL(r.url).pathname.endsWith('/users'));
    expect(usersCalls.map((r) => r.status)).toEqual([403, 200, 200]);
    expect(store.getSnapshot().users).toHaveLength(50);
  });

  it("told by the token's scopes that User.Read.All is missing, asks for the basic fields at once", async () => {
    const emulator = graph.start({ users: 50, userReadAll: false });
    const store = new BoardStore({ client: testClient(), now: clock, notifyIntervalMs: 1, userFields: Promise.resolve('basic') });
    await store.load();
    const usersCalls = emulator.requests.filter((r) => new URL(r.url).pathname.endsWith('/users'));
    expect(usersCalls.map((r) => r.status)).toEqual([200]);
    expect(store.getSnapshot().users).toHaveLength(50);
  });

  it('publishes partial boards while loading, so the first people appear early', async () => {
    graph.start({ users: 3000, maxPageSize: 500, latencyMs: 5 });
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    const seen: number[] = [];
    store.subscribe(() => {
      const s = store.getSnapshot();
      if (s.phase === 'loading') seen.push(s.users.length);
    });
    await store.load();
    expect(seen.some((n) => n > 0 && n < 3000)).toBe(true);
  });

  it('draws the first presence answer at once, however long it batches later changes', async () => {
    graph.start({ users: 3000, maxPageSize: 500, latencyMs: 5 });
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 60_000 });
    const drawnWhileLoading: number[] = [];
    store.subscribe(() => {
      const s = store.getSnapshot();
      if (s.phase === 'loading' && s.presence.size > 0) drawnWhileLoading.push(s.presence.size);
    });
    await store.load();
    expect(drawnWhileLoading.length).toBeGreaterThan(0);
    expect(drawnWhileLoading[0]).toBeLessThan(3000);
  });

  it('lists a user the directory repeats across pages only once', async () => {
    graph.start();
    let call = 0;
    graph.server.use(
      http.get('https://graph.microsoft.com/v1.0/users', () => {
        call++;
        return call === 1
          ? HttpResponse.json({
              value: [{ id: 'A1', displayName: 'Ana' }],
              '@odata.nextLink': 'https://graph.microsoft.com/v1.0/users?$skiptoken=2',
            })
          : HttpResponse.json({
              value: [
                { id: 'a1', displayName: 'Ana' },
                { id: 'b2', displayName: 'Ben' },
              ],
            });
      }),
      http.post('https://graph.microsoft.com/v1.0/communications/getPresencesByUserId', () => HttpResponse.json({ value: [] })),
    );
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    await store.load();
    expect(store.getSnapshot().users.map((u) => u.displayName)).toEqual(['Ana', 'Ben']);
  });

  it('refreshes presence only, and shows the change', async () => {
    const emulator = graph.start({ users: 50 });
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    await store.load();
    const target = emulator.users[0]!;
    emulator.setPresence(target.id, { availability: 'DoNotDisturb', activity: 'Presenting' });
    const before = emulator.requests.length;
    await store.refresh();
    const calls = emulator.requests.slice(before);
    expect(calls.every((r) => r.url.includes('getPresencesByUserId'))).toBe(true);
    expect(store.getSnapshot().presence.get(target.id.toLowerCase())).toMatchObject({
      availability: 'DoNotDisturb',
      activity: 'Presenting',
    });
  });

  it('keeps the last good board when a refresh fails, and says why', async () => {
    graph.start({ users: 30 });
    const store = new BoardStore({ client: testClient({ maxAttempts: 1 }), now: clock, notifyIntervalMs: 1 });
    await store.load();
    const good = store.getSnapshot();
    graph.server.use(
      http.post('https://graph.microsoft.com/v1.0/communications/getPresencesByUserId', () => new HttpResponse(null, { status: 503 })),
    );
    await store.refresh();
    const after = store.getSnapshot();
    expect(after.phase).toBe('ready');
    expect(after.users).toEqual(good.users);
    expect(after.presence).toEqual(good.presence);
    expect(after.updatedAt).toEqual(clock());
    expect(after.error).toBeInstanceOf(GraphError);
    expect((after.error as GraphError).kind).toBe('unavailable');
  });

  it('counts the people whose presence could not be had, and says why', async () => {
    const emulator = graph.start({ users: 100 });
    const missing = new Set(emulator.users.slice(0, 3).map((u) => u.id));
    graph.server.use(
      http.post('https://graph.microsoft.com/v1.0/communications/getPresencesByUserId', async ({ request }) => {
        const { ids } = (await request.clone().json()) as { ids: string[] };
        // An answer that leaves out ids it was asked for.
        const value = ids.filter((id) => !missing.has(id)).map((id) => ({ id, availability: 'Available', activity: 'Available' }));
        return HttpResponse.json({ value });
      }),
    );
    const store = new BoardStore({ client: testClient() });
    await store.load();
    expect(store.getSnapshot()).toMatchObject({ phase: 'ready', presenceUnavailable: 3 });
    expect(store.getSnapshot().users).toHaveLength(100);
  });

  it('keeps the users read so far when the first load fails (a page token Graph no longer takes)', async () => {
    graph.start({ users: 2000, maxPageSize: 500 });
    let call = 0;
    graph.server.use(
      http.get('https://graph.microsoft.com/v1.0/users', () => {
        call++;
        if (call === 1) return undefined; // the emulator answers the first page
        return HttpResponse.json({ error: { code: 'Directory_ExpiredPageToken', message: 'expired' } }, { status: 400 });
      }),
    );
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    await store.load();
    const state = store.getSnapshot();
    expect(state.phase).toBe('error');
    expect((state.error as GraphError).kind).toBe('bad-request');
    expect(state.users).toHaveLength(500);
  });

  it('shows none of the users read so far when the load meets a 401 that a fresh token does not cure', async () => {
    graph.start({ users: 2000, maxPageSize: 500 });
    let call = 0;
    graph.server.use(
      http.get('https://graph.microsoft.com/v1.0/users', () => {
        call++;
        if (call === 1) return undefined; // the emulator answers the first page
        return HttpResponse.json({ error: { code: 'InvalidAuthenticationToken', message: 'expired' } }, { status: 401 });
      }),
    );
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    await store.load();
    const state = store.getSnapshot();
    expect(state.phase).toBe('error');
    expect((state.error as GraphError).kind).toBe('auth');
    expect(state.users).toHaveLength(0);
    expect(state.presence.size).toBe(0);
  });

  it.each([
    ['users page 2', 'get', 'https://graph.microsoft.com/v1.0/users', true],
    ['a presence call', 'post', 'https://graph.microsoft.com/v1.0/communications/getPresencesByUserId', false],
  ] as const)('meets a redirect on %s: follows it nowhere, stops, and says so', async (_what, method, url, pageTwoOnly) => {
    graph.start({ users: 2500 });
    let elsewhere = 0;
    let redirected = 0;
    graph.server.use(
      http[method](url, ({ request }) => {
        if (pageTwoOnly && !new URL(request.url).searchParams.has('$skiptoken')) return undefined;
        redirected++;
        return new HttpResponse(null, { status: 307, headers: { Location: 'https://collector.example/v1.0/x' } });
      }),
      http.all('https://collector.example/*', () => {
        elsewhere++;
        return HttpResponse.json({ value: [] });
      }),
    );
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    await store.load();
    const state = store.getSnapshot();
    expect(elsewhere).toBe(0);
    expect(state.phase).toBe('error');
    expect(state.error).toMatchObject({ kind: 'redirect', status: 307 });
    expect(describeError(state.error).title).toBe('Redirect refused');
    expect(describeError(state.error).body).toContain('https://collector.example');
    // Never asked again: at most the calls already in flight (4 presence calls) met the redirect.
    expect(redirected).toBeGreaterThan(0);
    expect(redirected).toBeLessThanOrEqual(4);
  });

  it('never runs two refreshes at once', async () => {
    const emulator = graph.start({ users: 100, latencyMs: 10 });
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    await store.load();
    const before = emulator.requests.length;
    const first = store.refresh();
    const second = store.refresh();
    expect(second).toBe(first);
    await first;
    expect(emulator.requests.length - before).toBe(1);
  });

  it('stops notifying after dispose', async () => {
    graph.start({ users: 2000, latencyMs: 5 });
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    let notified = 0;
    store.subscribe(() => notified++);
    const load = store.load();
    store.dispose();
    await load;
    const after = notified;
    await new Promise((r) => setTimeout(r, 30));
    expect(notified).toBe(after);
  });
});

describe('BoardStore.dispose', () => {
  /** Requests as they start (the emulator logs them only once answered). */
  function countStarted() {
    let started = 0;
    const listener = () => void started++;
    graph.server.events.on('request:start', listener);
    return {
      get started() {
        return started;
      },
      stop: () => graph.server.events.removeListener('request:start', listener),
    };
  }

  it('stops the work under way: no request is made after it, and the load settles', async () => {
    graph.start({ users: 8000, latencyMs: 10 });
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    const requests = countStarted();
    const load = store.load();
    while (requests.started === 0) await new Promise((r) => setTimeout(r, 1));
    store.dispose();
    const atDispose = requests.started;
    await load;
    await new Promise((r) => setTimeout(r, 60));
    requests.stop();
    // The whole load is 9 users pages and 13 presence calls; disposed during the first, none follows.
    expect(requests.started).toBe(atDispose);
  });

  it('stops a refresh under way', async () => {
    graph.start({ users: 3000, latencyMs: 10 });
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1, refreshConcurrency: 1 });
    await store.load();
    const requests = countStarted();
    const refresh = store.refresh();
    store.dispose();
    await refresh;
    await new Promise((r) => setTimeout(r, 60));
    requests.stop();
    // One presence call at a time: the one in flight at most, not all five.
    expect(requests.started).toBeLessThanOrEqual(1);
  });
});

describe('notifyDelayMs', () => {
  it('redraws a small board often and a large one less often while it loads', () => {
    expect(notifyDelayMs(250, 150, 25)).toBe(150);
    expect(notifyDelayMs(10_000, 150, 25)).toBe(400);
    expect(notifyDelayMs(50_000, 150, 25)).toBe(2000);
  });
});

describe('refreshOrder', () => {
  it('puts the people on screen first, each id once, and only known ids', () => {
    expect(refreshOrder(['a', 'b', 'c', 'd'], ['C', 'x', 'a'])).toEqual(['C', 'a', 'b', 'd']);
  });
});

describe('BoardStore with a cache', () => {
  const KEY = 'tenant/user@graph';

  it('draws the kept board before any network answer, marked as updating, then refreshes presence only', async () => {
    const emulator = graph.start({ users: 1200 });
    const cache = memoryBoardCache();
    const first = new BoardStore({ client: testClient(), cache, cacheKey: KEY, notifyIntervalMs: 1 });
    await first.start();
    const cold = first.getSnapshot();
    const coldRequests = emulator.requests.length;

    const warm = new BoardStore({ client: testClient(), cache, cacheKey: KEY, notifyIntervalMs: 1 });
    let drawnBeforeNetwork: { users: number; refreshing: boolean; requests: number } | null = null;
    warm.subscribe(() => {
      const s = warm.getSnapshot();
      drawnBeforeNetwork ??= { users: s.users.length, refreshing: s.refreshing, requests: emulator.requests.length - coldRequests };
    });
    await warm.start();
    expect(drawnBeforeNetwork).toEqual({ users: 1200, refreshing: true, requests: 0 });
    const warmCalls = emulator.requests.slice(coldRequests);
    expect(warmCalls.length).toBeGreaterThan(0);
    expect(warmCalls.every((r) => r.url.includes('getPresencesByUserId'))).toBe(true);
    expect(warm.getSnapshot()).toMatchObject({ phase: 'ready', refreshing: false });
    expect(warm.getSnapshot().users).toEqual(cold.users);
  });

  it.each([
    [403, 'Authorization_RequestDenied', 'forbidden'],
    [401, 'InvalidAuthenticationToken', 'auth'],
  ] as const)(
    'a kept board whose refresh meets a %s that a fresh token does not cure: cleared from the screen and from the cache',
    async (status, code, kind) => {
      graph.start({ users: 300 });
      const cache = memoryBoardCache();
      await new BoardStore({ client: testClient(), cache, cacheKey: KEY, notifyIntervalMs: 1 }).start();
      expect(await cache.read(KEY)).not.toBeNull();

      let refused = 0;
      graph.server.use(
        http.post('https://graph.microsoft.com/v1.0/communications/getPresencesByUserId', () => {
          refused++;
          return HttpResponse.json({ error: { code, message: 'No.' } }, { status });
        }),
      );
      const forced: boolean[] = [];
      const tokenSource = {
        getToken: (_scopes: readonly string[], options: { forceRefresh?: boolean }) => {
          forced.push(options.forceRefresh ?? false);
          return Promise.resolve('still-refused');
        },
      };
      const store = new BoardStore({ client: testClient({ tokenSource }), cache, cacheKey: KEY, notifyIntervalMs: 1 });
      const drawn: number[] = [];
      store.subscribe(() => drawn.push(store.getSnapshot().users.length));
      await store.start();
      // The kept board was drawn first (that is what a start from the cache is for)…
      expect(drawn[0]).toBe(300);
      // …and once Graph refused for good, it is gone from the screen and from the cache.
      const state = store.getSnapshot();
      expect(state).toMatchObject({ phase: 'error', refreshing: false, updatedAt: null });
      expect(state.error).toMatchObject({ kind });
      expect(state.users).toHaveLength(0);
      expect(state.presence.size).toBe(0);
      expect(await cache.read(KEY)).toBeNull();
      expect(refused).toBeGreaterThan(0);
      // A 401 was first met with a fresh token (it did not cure it); a 403 is not a token matter.
      expect(forced.includes(true)).toBe(status === 401);
    },
  );

  it('a refresh that fails otherwise (503) keeps the kept board on screen and in the cache', async () => {
    graph.start({ users: 300 });
    const cache = memoryBoardCache();
    await new BoardStore({ client: testClient(), cache, cacheKey: KEY, notifyIntervalMs: 1 }).start();
    graph.server.use(
      http.post('https://graph.microsoft.com/v1.0/communications/getPresencesByUserId', () => new HttpResponse(null, { status: 503 })),
    );
    const store = new BoardStore({ client: testClient({ maxAttempts: 1 }), cache, cacheKey: KEY, notifyIntervalMs: 1 });
    await store.start();
    expect(store.getSnapshot()).toMatchObject({ phase: 'ready' });
    expect(store.getSnapshot().users).toHaveLength(300);
    expect((await cache.read(KEY))?.users).toHaveLength(300);
  });

  it('re-reads a stale directory in the background and swaps in who joined', async () => {
    const emulator = graph.start({ users: 40 });
    const cache = memoryBoardCache();
    const past = new Date('2026-11-26T01:00:00Z');
    const later = new Date('2026-11-26T09:00:00Z');
    const kept = new BoardStore({ client: testClient(), cache, cacheKey: KEY, now: () => past });
    await kept.start();
    await cache.write({ ...(await cache.read(KEY))!, users: (await cache.read(KEY))!.users.slice(0, 30) });

    const store = new BoardStore({ client: testClient(), cache, cacheKey: KEY, now: () => later, notifyIntervalMs: 1 });
    const sizes: number[] = [];
    store.subscribe(() => sizes.push(store.getSnapshot().users.length));
    const before = emulator.requests.length;
    await store.start();
    expect(sizes[0]).toBe(30);
    expect(store.getSnapshot().users).toHaveLength(40);
    expect(emulator.requests.slice(before).some((r) => r.url.includes('/users'))).toBe(true);
    expect((await cache.read(KEY))!.users).toHaveLength(40);
  });

  it('does not re-read a fresh directory', async () => {
    const emulator = graph.start({ users: 40 });
    const cache = memoryBoardCache();
    await new BoardStore({ client: testClient(), cache, cacheKey: KEY }).start();
    const before = emulator.requests.length;
    await new BoardStore({ client: testClient(), cache, cacheKey: KEY }).start();
    expect(emulator.requests.slice(before).some((r) => r.url.includes('/users'))).toBe(false);
  });

  it('keeps nothing without a key', async () => {
    graph.start({ users: 10 });
    const cache = memoryBoardCache();
    let writes = 0;
    const counting = { ...cache, write: (b: Parameters<typeof cache.write>[0]) => (writes++, cache.write(b)) };
    const store = new BoardStore({ client: testClient(), cache: counting, cacheKey: null });
    await store.start();
    await store.refresh();
    expect(writes).toBe(0);
  });

  it('has every presence call of a 10,000-person refresh in flight at once: one round trip of wall time', async () => {
    graph.start({ users: 10_000 });
    const store = new BoardStore({ client: testClient() });
    await store.load();
    let inFlight = 0;
    let peak = 0;
    let calls = 0;
    graph.server.use(
      http.post('https://graph.microsoft.com/v1.0/communications/getPresencesByUserId', async () => {
        calls++;
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
        return HttpResponse.json({ value: [] });
      }),
    );
    await store.refresh();
    expect(calls).toBe(16);
    expect(peak).toBe(16);
  });

  it('asks for the people on screen in the first presence call of a refresh', async () => {
    const emulator = graph.start({ users: 2000 });
    const store = new BoardStore({ client: testClient(), refreshConcurrency: 1 });
    await store.load();
    const onScreen = emulator.users.slice(1500, 1510).map((u) => u.id);
    store.setPriorityIds(onScreen);
    const before = emulator.requests.length;
    const asked: string[][] = [];
    graph.server.events.on('request:start', ({ request }) => {
      if (request.url.includes('getPresencesByUserId'))
        void request
          .clone()
          .json()
          .then((b: { ids: string[] }) => asked.push(b.ids));
    });
    await store.refresh();
    graph.server.events.removeAllListeners();
    expect(emulator.requests.length - before).toBe(4);
    expect(asked[0]!.slice(0, 10)).toEqual(onScreen);
  });
});
