import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { BoardStore, notifyDelayMs } from '../../../src/board/boardStore';
import { GraphError } from '../../../src/graph/errors';
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

  it('keeps the users read so far when the first load fails', async () => {
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
    expect(state.users).toHaveLength(500);
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

describe('notifyDelayMs', () => {
  it('redraws a small board often and a large one less often while it loads', () => {
    expect(notifyDelayMs(250, 150, 25)).toBe(150);
    expect(notifyDelayMs(10_000, 150, 25)).toBe(400);
    expect(notifyDelayMs(50_000, 150, 25)).toBe(2000);
  });
});
