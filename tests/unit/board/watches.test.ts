import { describe, expect, it } from 'vitest';
import { BoardStore, type BoardState } from '@/board/boardStore';
import { BoardSession } from '@/board/remote/boardSession';
import { portPair } from '@/board/remote/protocol';
import { RemoteBoard } from '@/board/remote/remoteBoard';
import type { RelayWatch, RelayWatchClient } from '@/board/relayWatches';
import { RelayWatchError } from '@/board/relayWatches';
import { WatchCenter, type FiredWatch, type WatchProblem } from '@/board/watchCenter';
import { WatchMonitor } from '@/board/watchMonitor';
import { WatchStore } from '@/board/watchStore';
import type { DirectoryUser, PresenceRecord } from '@/presence/types';
import { newWatch, WATCH_LIFETIME_MS } from '@/presence/watch';
import { emulatedGraphPerFile, testClient } from '../support/emulatedGraph';
import { memoryStorage } from '../support/render';

const graph = emulatedGraphPerFile();

async function until(ready: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const user = (id: string): DirectoryUser => ({ id, displayName: `Person ${id}`, mail: null, userPrincipalName: `${id}@contoso.com` });
const record = (id: string, availability: string): PresenceRecord => ({
  id,
  availability,
  activity: availability,
  statusMessage: null,
  isOutOfOffice: false,
});
function state(presence: Record<string, string>, over: Partial<BoardState> = {}): BoardState {
  return {
    phase: 'ready',
    users: Object.keys(presence).map(user),
    presence: new Map(Object.entries(presence).map(([id, a]) => [id, record(id, a)])),
    usersExpected: null,
    refreshing: false,
    updatedAt: new Date(0),
    error: null,
    presenceUnavailable: 0,
    staleSince: null,
    ...over,
  };
}

describe('watch monitor (in the board worker)', () => {
  it('fires once when a watched person turns Available, remembers what it saw, and never takes a fired watch back', () => {
    const monitor = new WatchMonitor(() => 1_000);
    const watch = newWatch('a', 0, 'Busy');
    monitor.setWatches([watch]);
    const first = monitor.observe(state({ a: 'Away', b: 'Available' }));
    expect(first.events).toEqual([{ kind: 'seen', personId: 'a', createdAt: 0, lastSeen: 'Away' }]);
    expect(first.people?.map((p) => [p.personId, p.person?.presence?.availability])).toEqual([['a', 'Away']]);
    const fired = monitor.observe(state({ a: 'Available' })).events;
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({
      kind: 'fired',
      personId: 'a',
      createdAt: 0,
      person: { user: { id: 'a' }, presence: { availability: 'Available' } },
    });
    expect(monitor.size).toBe(0);
    // The page, not knowing yet, sends the same watch again: it stays ended.
    monitor.setWatches([watch]);
    expect(monitor.observe(state({ a: 'Busy' })).events).toEqual([]);
    expect(monitor.observe(state({ a: 'Available' })).events).toEqual([]);
  });

  it('judges nothing on a kept board until its first refresh is done, and nothing from a missing reading', () => {
    const monitor = new WatchMonitor(() => 1_000);
    monitor.setWatches([newWatch('a', 0, 'Busy')]);
    // Started from the cache: hours-old presence is no reading.
    expect(monitor.observe(state({ a: 'Available' }, { refreshing: true })).events).toEqual([]);
    expect(monitor.observe(state({}, { users: [user('a')] })).events).toEqual([]);
    expect(monitor.observe(state({ a: 'Available' })).events.map((e) => e.kind)).toEqual(['fired']);
  });

  it('drops a watch that ran out before the person turned Available', () => {
    let now = 0;
    const monitor = new WatchMonitor(() => now);
    monitor.setWatches([newWatch('a', 0, 'Busy')]);
    now = WATCH_LIFETIME_MS;
    expect(monitor.observe(state({ a: 'Available' })).events).toEqual([]);
    expect(monitor.size).toBe(0);
  });
});

/** A relay that keeps watches as the contract says (docs/relay.md), recording what it was asked. */
function fakeRelay(max = 10) {
  const watches = new Map<string, RelayWatch>();
  const calls: string[] = [];
  let next = 0;
  let down = false;
  const client: RelayWatchClient = {
    async create(personId) {
      calls.push(`create ${personId}`);
      if (down) throw new RelayWatchError('down', 'down');
      const existing = [...watches.values()].find((w) => w.personId === personId);
      if (existing) return existing;
      if (watches.size >= max) throw new RelayWatchError('cap', 'cap', max);
      const watch = { id: `w${++next}`, personId, createdAt: Date.now(), expiresAt: Date.now() + WATCH_LIFETIME_MS };
      watches.set(watch.id, watch);
      return watch;
    },
    async list() {
      calls.push('list');
      if (down) throw new RelayWatchError('down', 'down');
      return { watches: [...watches.values()], max };
    },
    async remove(id) {
      calls.push(`remove ${id}`);
      if (down) throw new RelayWatchError('down', 'down');
      watches.delete(id);
    },
  };
  return { client, watches, calls, setDown: (value: boolean) => (down = value) };
}

/** The page's watches over a loaded board in this thread (the same session and messages as the worker). */
async function watchedBoard(relay?: RelayWatchClient, storage = memoryStorage()) {
  const emulator = graph.start({ users: 40, driftEveryMs: 0 });
  const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
  const { page, worker } = portPair();
  new BoardSession({ store, port: worker });
  const remote = new RemoteBoard(page);
  await store.load();
  const center = new WatchCenter({ store: new WatchStore('t/viewer', storage), board: remote, relay: relay ?? null });
  const fired: FiredWatch[] = [];
  const problems: WatchProblem[] = [];
  center.onFired((f) => fired.push(f));
  center.onProblem((p) => problems.push(p));
  const busy = emulator.users.find((u) => /^Busy/.test(emulator.presenceOf(u.id)!.availability))!;
  return { emulator, store, remote, center, fired, problems, busy, storage };
}

describe('watches on the page, judged in the worker', () => {
  it('tells once when a busy person turns Available, ends the watch, and takes it off the relay', async () => {
    const relay = fakeRelay();
    const { emulator, store, center, fired, busy } = await watchedBoard(relay.client);
    expect(center.watch(busy.id, 'Busy')).toBe(true);
    await until(() => center.getSnapshot()[0]?.relayId === 'w1', 'the relay to register the watch');
    await until(() => center.people.people().length === 1, 'the watched person to be named');
    expect(center.people.people()[0]!.person?.user.displayName).toBe(busy.displayName);

    emulator.setPresence(busy.id, { availability: 'Available', activity: 'Available' });
    await store.refresh();
    await until(() => fired.length === 1, 'the watch to fire');
    expect(fired[0]!.person.user.id).toBe(busy.id);
    expect(fired[0]!.person.view.badge).toBe('available');
    expect(center.isWatched(busy.id)).toBe(false);
    await until(() => relay.calls.includes('remove w1'), 'the relay watch to be removed');
    expect(relay.watches.size).toBe(0);

    // Available -> Available again: nothing more.
    await store.refresh();
    await new Promise((r) => setTimeout(r, 50));
    expect(fired).toHaveLength(1);
  });

  it('keeps a watch over a reload, judged from what was last seen: a person already Available when watched is not told at once', async () => {
    const storage = memoryStorage();
    const first = await watchedBoard(undefined, storage);
    const available = first.emulator.users.find((u) => first.emulator.presenceOf(u.id)!.availability === 'Available')!;
    first.center.watch(available.id, 'Available');
    first.center.watch(first.busy.id, 'Busy');
    await first.store.refresh();
    await new Promise((r) => setTimeout(r, 50));
    expect(first.fired).toEqual([]);
    first.center.dispose();

    // A reload: a new page over the same storage, the tenant as it is now.
    const again = new WatchStore('t/viewer', storage);
    expect(
      again
        .getSnapshot()
        .map((w) => w.personId)
        .sort(),
    ).toEqual([available.id, first.busy.id].map((id) => id.toLowerCase()).sort());
  });

  it('a watch removed before the person turns Available never fires', async () => {
    const { emulator, store, center, fired, busy } = await watchedBoard();
    center.watch(busy.id, 'Busy');
    center.remove(busy.id);
    emulator.setPresence(busy.id, { availability: 'Available', activity: 'Available' });
    await store.refresh();
    await new Promise((r) => setTimeout(r, 50));
    expect(fired).toEqual([]);
  });

  it('hands a watch that fired before anyone listened to the first listener', async () => {
    const { emulator, store, remote, busy } = await watchedBoard();
    const center = new WatchCenter({ store: new WatchStore('t/other', memoryStorage()), board: remote });
    center.watch(busy.id, 'Busy');
    emulator.setPresence(busy.id, { availability: 'Available', activity: 'Available' });
    await store.refresh();
    await until(() => !center.isWatched(busy.id), 'the watch to fire');
    const late: FiredWatch[] = [];
    center.onFired((f) => late.push(f));
    expect(late.map((f) => f.personId)).toEqual([busy.id.toLowerCase()]);
  });

  it('says once that the relay is down, and the watch still works in the tab', async () => {
    const relay = fakeRelay();
    relay.setDown(true);
    const { emulator, store, center, fired, problems, busy } = await watchedBoard(relay.client);
    const other = emulator.users.find((u) => u.id !== busy.id)!;
    center.watch(busy.id, 'Busy');
    center.watch(other.id, 'Offline');
    await until(() => relay.calls.length === 2, 'both registrations to be tried');
    await new Promise((r) => setTimeout(r, 10));
    expect(problems).toEqual([{ kind: 'relay-down' }]);
    emulator.setPresence(busy.id, { availability: 'Available', activity: 'Available' });
    await store.refresh();
    await until(() => fired.length === 1, 'the watch to fire in the tab');
  });

  it('keeps watches in the tab, saying nothing, where the relay keeps no watches', async () => {
    const calls: string[] = [];
    const off: RelayWatchClient = {
      create: async () => (calls.push('create'), Promise.reject(new RelayWatchError('off', 'off'))),
      list: async () => (calls.push('list'), Promise.reject(new RelayWatchError('off', 'off'))),
      remove: async () => (calls.push('remove'), Promise.reject(new RelayWatchError('off', 'off'))),
    };
    const { emulator, center, problems, busy } = await watchedBoard(off);
    await center.reconcile();
    center.watch(busy.id, 'Busy');
    center.watch(emulator.users.find((u) => u.id !== busy.id)!.id, 'Busy');
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toEqual(['list']);
    expect(problems).toEqual([]);
    expect(center.getSnapshot()).toHaveLength(2);
  });

  it("says the relay's cap with its number, and keeps the watch in the tab", async () => {
    const relay = fakeRelay(1);
    const { emulator, center, problems, busy } = await watchedBoard(relay.client);
    const other = emulator.users.find((u) => u.id !== busy.id)!;
    center.watch(busy.id, 'Busy');
    await until(() => center.getSnapshot()[0]?.relayId !== null, 'the first watch to be registered');
    center.watch(other.id, 'Busy');
    await until(() => problems.length === 1, 'the cap to be said');
    expect(problems).toEqual([{ kind: 'relay-cap', max: 1 }]);
    expect(center.isWatched(other.id)).toBe(true);
  });

  it('reconciles with the relay at start: takes its watches, ends those it ended, registers those it never had', async () => {
    const relay = fakeRelay();
    const storage = memoryStorage();
    const { emulator, remote } = await watchedBoard(undefined, storage);
    const [a, b, c] = emulator.users;
    const store = new WatchStore('t/viewer', storage);
    store.add(a!.id, 'Busy');
    store.update(a!.id, { relayId: 'gone' }); // Registered once; the relay told Teams and ended it while the tab was closed.
    store.add(b!.id, 'Busy'); // Made while the relay was down.
    const fromElsewhere = await relay.client.create(c!.id.toLowerCase()); // Made on another device.
    const center = new WatchCenter({ store, board: remote, relay: relay.client });
    await center.reconcile();
    await until(() => relay.watches.size === 2, 'the unregistered watch to be registered');
    expect(center.isWatched(a!.id)).toBe(false);
    expect(store.watchOn(b!.id)?.relayId).not.toBeNull();
    expect(store.watchOn(c!.id)?.relayId).toBe(fromElsewhere.id);
  });

  it('finds the person a link opens the board on, once the directory names them (null for nobody)', async () => {
    const emulator = graph.start({ users: 30, driftEveryMs: 0 });
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    const { page, worker } = portPair();
    new BoardSession({ store, port: worker });
    const remote = new RemoteBoard(page);
    const target = emulator.users[29]!;
    // Asked before the directory is read: answered once it names them.
    const found = remote.findUser(target.id.toUpperCase());
    const nobody = remote.findUser('00000000-0000-0000-0000-000000000000');
    void store.load();
    await expect(found).resolves.toMatchObject({ id: target.id, displayName: target.displayName });
    await expect(nobody).resolves.toBeNull();
  });
});
