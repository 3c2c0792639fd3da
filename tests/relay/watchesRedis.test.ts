import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type EmulatorServer } from '../../src/emulator/nodeServer';
import { memoryLogger } from '../../relay/log';
import { MemoryBackplane, MemoryStore } from '../../relay/memoryBackplane';
import { RedisBackplane } from '../../relay/redisBackplane';
import type { RunningRelay } from '../../relay/server';
import type { Backplane } from '../../relay/types';
import { WATCH_TTL_MS, type Watch } from '../../relay/watches';
import { REDIS_AVAILABLE, startRedis, type RedisProcess } from './support/redis';
import { startTestIssuer, TENANT, type TestIssuer } from './support/keys';
import { testRelay } from './support/relays';
import { waitFor, watchApi, watchOptions } from './support/watches';

const PERSON = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
let seq = 0;
function aWatch(watcher: string, person: string, now: number): Watch {
  return { id: `w${String(++seq).padStart(21, '0')}`, personId: person, watcher, createdAt: now, expiresAt: now + WATCH_TTL_MS };
}

/** A changes commit that turns `fired` Available (the board's content does not matter to the watches). */
async function fire(backplane: Backplane, owner: string, fired: string[], now: number, dueAt = now) {
  const base = { upserts: [], removed: [], seenAt: now, intervalMs: 1_000, deltaLink: null, newEpoch: 'e1' };
  if (!(await backplane.load(TENANT))) await backplane.commit(TENANT, owner, { ...base, kind: 'reset', sweptAt: now });
  const result = await backplane.commit(TENANT, owner, { ...base, kind: 'changes', sweptAt: now, fired, fireDueAt: dueAt });
  expect(result && !('conflict' in result)).toBe(true);
}

let redis: RedisProcess | undefined;
const closing: Array<{ close(): Promise<void> }> = [];
let prefixes = 0;

beforeAll(async () => {
  if (REDIS_AVAILABLE) redis = await startRedis();
});
afterEach(async () => {
  for (const c of closing.splice(0).reverse()) await c.close();
});
afterAll(async () => {
  await redis?.kill();
});

async function redisPair(): Promise<[Backplane, Backplane]> {
  const prefix = `watches-${++prefixes}:`;
  const make = () => new RedisBackplane({ url: redis!.url, prefix, log: memoryLogger() });
  const pair: [RedisBackplane, RedisBackplane] = [make(), make()];
  for (const b of pair) {
    await b.connect();
    closing.push(b);
  }
  return pair;
}

function memoryPair(): [Backplane, Backplane] {
  const store = new MemoryStore();
  return [new MemoryBackplane(store), new MemoryBackplane(store)];
}

const stores: Array<[string, () => Promise<[Backplane, Backplane]>]> = [['memory', async () => memoryPair()]];
if (REDIS_AVAILABLE) stores.push(['Redis', redisPair]);

describe.each(stores)('the watch store (%s), as two instances share it', (_, pair) => {
  it('holds each watcher to the cap when creates race from both instances; an armed watch on the same person is found again', async () => {
    const [a, b] = await pair();
    const now = Date.now();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).createWatch(TENANT, aWatch('anna', PERSON(i), now), 5, now)),
    );
    expect(results.filter((r) => 'watch' in r && r.created)).toHaveLength(5);
    expect(results.filter((r) => 'full' in r)).toHaveLength(7);
    const kept = await a.listWatches(TENANT, 'anna', now);
    expect(kept).toHaveLength(5);
    const again = await b.createWatch(TENANT, aWatch('anna', kept[0]!.personId, now), 5, now);
    expect(again).toEqual({ watch: kept[0], created: false });
    expect(await b.listWatches(TENANT, 'bert', now)).toEqual([]);
    expect(await b.deleteWatch(TENANT, 'bert', kept[0]!.id, now)).toBe(false);
    expect(await b.deleteWatch(TENANT, 'anna', kept[0]!.id, now)).toBe(true);
    expect(await a.listWatches(TENANT, 'anna', now)).toHaveLength(4);
  });

  it('a fired watch is claimed by the lease holder only, once at a time; a claim that ran out passes on, and the late owner cannot record it', async () => {
    const [a, b] = await pair();
    const now = Date.now();
    const watch = aWatch('anna', PERSON(1), now);
    await a.createWatch(TENANT, watch, 50, now);
    expect(await a.acquireLease(TENANT, 'A', 60_000)).toBe(true);
    expect(await a.dueWatches(TENANT, now, 10)).toEqual([]); // armed, not fired
    await fire(a, 'A', [PERSON(1)], now);
    expect(await a.listWatches(TENANT, 'anna', now)).toEqual([]);
    expect(await b.dueWatches(TENANT, now, 10)).toEqual([watch.id]);
    expect(await b.claimWatch(TENANT, watch.id, 'B', 1_000, now)).toBeNull(); // B does not hold the sweep lease
    const first = await a.claimWatch(TENANT, watch.id, 'A', 1_000, now);
    expect(first).toEqual({ watch, attempt: 1 });
    expect(await a.claimWatch(TENANT, watch.id, 'A', 1_000, now + 10)).toBeNull(); // claimed, live
    expect(await a.deleteWatch(TENANT, 'anna', watch.id, now + 10)).toBe(false); // being sent
    // A dies with the claim; its lease passes to B, its claim runs out.
    await a.releaseLease(TENANT, 'A');
    expect(await b.acquireLease(TENANT, 'B', 60_000)).toBe(true);
    expect(await b.claimWatch(TENANT, watch.id, 'B', 1_000, now + 500)).toBeNull();
    const second = await b.claimWatch(TENANT, watch.id, 'B', 1_000, now + 1_001);
    expect(second?.attempt).toBe(2);
    expect(await a.finishWatch(TENANT, watch.id, 'A', 1, { kind: 'sent' }, now + 1_100)).toBe(false);
    expect(await b.finishWatch(TENANT, watch.id, 'B', 2, { kind: 'sent' }, now + 1_100)).toBe(true);
    expect(await b.finishWatch(TENANT, watch.id, 'B', 2, { kind: 'sent' }, now + 1_100)).toBe(false);
    expect(await b.dueWatches(TENANT, now + 10_000_000, 10)).toEqual([]);
    expect(await b.watchCounts(TENANT)).toEqual({ armed: 0, pending: 0 });
  });

  it('a retry waits for its time; a fired watch past its 8 hours is never claimed; expired ones are purged', async () => {
    const [a] = await pair();
    const now = Date.now();
    const soon = aWatch('anna', PERSON(2), now);
    const old = aWatch('bert', PERSON(2), now - WATCH_TTL_MS + 1_000);
    const stale = aWatch('carl', PERSON(3), now - WATCH_TTL_MS - 1);
    for (const w of [soon, old, stale]) await a.createWatch(TENANT, w, 50, w.createdAt);
    await a.acquireLease(TENANT, 'A', 60_000);
    await fire(a, 'A', [PERSON(2)], now, now + 100);
    expect(await a.dueWatches(TENANT, now, 10)).toEqual([]); // the grace
    expect((await a.dueWatches(TENANT, now + 100, 10)).sort()).toEqual([soon.id, old.id].sort());
    const claim = await a.claimWatch(TENANT, soon.id, 'A', 1_000, now + 100);
    expect(
      await a.finishWatch(TENANT, soon.id, 'A', claim!.attempt, { kind: 'retry', retryAt: now + 5_000, why: 'HTTP 503' }, now + 200),
    ).toBe(true);
    expect(await a.claimWatch(TENANT, soon.id, 'A', 1_000, now + 4_000)).toBeNull();
    expect((await a.claimWatch(TENANT, soon.id, 'A', 1_000, now + 5_000))?.attempt).toBe(2);
    // `old` ends at now + 1 s: a claim after that finds it gone.
    expect(await a.claimWatch(TENANT, old.id, 'A', 1_000, now + 1_000)).toBeNull();
    expect(await a.purgeExpiredWatches(TENANT, now + 1_000)).toBe(1); // `stale` (armed, expired)
    expect(await a.listWatches(TENANT, 'carl', now)).toEqual([]);
  });
});

describe.skipIf(!REDIS_AVAILABLE)('two relay instances sharing Redis, the sweeping one killed mid-transition', () => {
  let emulator: EmulatorServer;
  let issuer: TestIssuer;
  beforeAll(async () => {
    emulator = await startEmulatorServer({ users: 200 });
    issuer = await startTestIssuer();
  });
  afterAll(async () => {
    await issuer.close();
    await emulator.close();
  });

  /** Two instances on one prefix; `dead` names the instances whose notification calls never come back (a crashed process). */
  async function twoRelays(graceMs: number) {
    const prefix = `relays-${++prefixes}:`;
    const dead = new Set<number>();
    const calls: Array<{ instance: number; watcher: string }> = [];
    const instances: Array<RunningRelay> = [];
    for (const n of [0, 1]) {
      const backplane = new RedisBackplane({ url: redis!.url, prefix, log: memoryLogger() });
      await backplane.connect();
      closing.push(backplane);
      const frozen: typeof fetch = (input, init) => {
        calls.push({ instance: n, watcher: /\/users\/([^/]+)\/teamwork/.exec(String(input))?.[1] ?? '' });
        return dead.has(n) ? new Promise<Response>(() => undefined) : fetch(input, init);
      };
      const relay = await testRelay(emulator, backplane, issuer.jwksTemplate, {
        watches: watchOptions(emulator, { fetch: frozen, graceMs, claimLeaseMs: 3_000 }),
      });
      instances.push(relay);
    }
    let killed: RunningRelay | null = null;
    closing.push({ close: async () => void (await Promise.all(instances.filter((r) => r !== killed).map((r) => r.close()))) });
    const holder = async () => {
      await waitFor(() => instances.some((r) => r.sweepers.get(TENANT)!.holding), 20_000, 'a sweeper');
      return instances.findIndex((r) => r.sweepers.get(TENANT)!.holding);
    };
    const kill = async (i: number) => {
      killed = instances[i]!;
      await instances[i]!.kill();
    };
    return { instances, dead, calls, holder, kill };
  }

  const id = (i: number) => emulator.emulator.users[i]!.id;
  const sentTo = (watcher: string) => emulator.emulator.activityNotifications.filter((n) => n.userId === watcher);

  async function busyThenWatched(relay: RunningRelay, watched: number, watchers: number[]) {
    emulator.emulator.setPresence(id(watched), { availability: 'Busy', activity: 'InACall' });
    await waitFor(() => relay.hubs.get(TENANT)!.board.get(id(watched))?.availability === 'Busy', 20_000, 'Busy on the board');
    for (const w of watchers) {
      const answer = await watchApi(relay, 'POST', '/v1/watches', await issuer.sign({ oid: id(w) }), { personId: id(watched) });
      expect(answer.status).toBe(201);
    }
  }

  it('a sender killed after claiming, before Graph answered: the other instance sends each watch once', { timeout: 90_000 }, async () => {
    const { instances, dead, calls, holder, kill } = await twoRelays(0);
    const h = await holder();
    const other = instances[1 - h]!;
    const watchers = [10, 11, 12, 13, 14];
    await busyThenWatched(other, 1, watchers); // created through the instance that does not sweep: one store
    dead.add(h);
    emulator.emulator.setPresence(id(1), { availability: 'Available', activity: 'Available' });
    await waitFor(() => calls.filter((c) => c.instance === h).length === watchers.length, 20_000, 'the holder claiming every watch');
    await kill(h);
    await waitFor(() => watchers.every((w) => sentTo(id(w)).length === 1), 40_000, 'every watcher told by the survivor');
    expect(other.sweepers.get(TENANT)!.holding).toBe(true);
    // Two claim leases and a few sweeps later: still once each, nothing pending.
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    for (const w of watchers) expect(sentTo(id(w))).toHaveLength(1);
    expect(other.notifiers.get(TENANT)!.counts).toMatchObject({ sent: watchers.length, dropped: 0 });
    const health = (await (await fetch(`${other.url}/healthz`)).json()) as {
      tenants: Array<{ watches: { armed: number; pending: number } }>;
    };
    expect(health.tenants[0]!.watches).toMatchObject({ armed: 0, pending: 0 });
  });

  it(
    'the sweeper killed right after the commit that fired them (before any send): the other instance sends each once',
    { timeout: 90_000 },
    async () => {
      const { instances, calls, holder, kill } = await twoRelays(2_500);
      const h = await holder();
      const other = instances[1 - h]!;
      const watchers = [20, 21, 22];
      await busyThenWatched(instances[h]!, 2, watchers);
      emulator.emulator.setPresence(id(2), { availability: 'Available', activity: 'Available' });
      await waitFor(() => instances[h]!.hubs.get(TENANT)!.board.get(id(2))?.availability === 'Available', 20_000, 'the commit');
      await kill(h); // within the 2.5 s grace: nothing was sent yet
      expect(calls.filter((c) => c.instance === h)).toHaveLength(0);
      await waitFor(() => watchers.every((w) => sentTo(id(w)).length === 1), 40_000, 'every watcher told by the survivor');
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      for (const w of watchers) expect(sentTo(id(w))).toHaveLength(1);
      expect(other.notifiers.get(TENANT)!.counts.sent).toBe(watchers.length);
    },
  );
});
