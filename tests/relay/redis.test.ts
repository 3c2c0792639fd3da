import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulatorServer, type EmulatorServer } from '../../src/emulator/nodeServer';
import { memoryLogger } from '../../relay/log';
import { RedisBackplane } from '../../relay/redisBackplane';
import type { RunningRelay } from '../../relay/server';
import { REDIS_AVAILABLE, startRedis, type RedisProcess } from './support/redis';
import { startTestIssuer, TENANT, type TestIssuer } from './support/keys';
import { streamUrl, testRelay } from './support/relays';
import { TestViewer } from './support/sse';

async function waitFor(check: () => boolean, timeoutMs = 10_000, what = 'a condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(!REDIS_AVAILABLE)('with a real Redis (redis-server on loopback)', () => {
  let redis: RedisProcess;
  let emulator: EmulatorServer;
  let issuer: TestIssuer;
  const open: Array<{ close(): Promise<void> | void }> = [];

  beforeAll(async () => {
    redis = await startRedis();
    issuer = await startTestIssuer();
  });
  afterEach(async () => {
    for (const thing of open.splice(0).reverse()) await thing.close();
    await emulator?.close();
  });
  afterAll(async () => {
    await issuer.close();
    await redis.kill();
  });

  function backplane(prefix: string): RedisBackplane {
    const b = new RedisBackplane({ url: redis.url, prefix, log: memoryLogger() });
    open.push(b);
    return b;
  }

  async function relayOn(prefix: string, log = true): Promise<RunningRelay> {
    const b = backplane(prefix);
    await b.connect();
    const relay = await testRelay(emulator, b, issuer.jwksTemplate);
    if (log) open.push({ close: () => relay.close() });
    return relay;
  }

  it('lease: SET NX PX: one holder at a time; another takes it after expiry; only the holder renews or releases it', async () => {
    const a = backplane('lease:');
    const b = backplane('lease:');
    await Promise.all([a.connect(), b.connect()]);
    // Leases far longer than these round trips take, even on a busy machine: none runs out while held.
    expect(await a.acquireLease(TENANT, 'a', 30_000)).toBe(true);
    expect(await b.acquireLease(TENANT, 'b', 30_000)).toBe(false);
    expect(await a.acquireLease(TENANT, 'a', 30_000)).toBe(true); // renewed
    await b.releaseLease(TENANT, 'b'); // not b's: no effect
    expect(await b.acquireLease(TENANT, 'b', 30_000)).toBe(false);
    // a's last renewal is for 300 ms; then it stops renewing, and once the lease runs out b takes it.
    expect(await a.acquireLease(TENANT, 'a', 300)).toBe(true);
    await vi.waitFor(async () => expect(await b.acquireLease(TENANT, 'b', 30_000)).toBe(true), { timeout: 10_000, interval: 50 });
    // a's commit is fenced off now.
    const fenced = await a.commit(TENANT, 'a', {
      kind: 'changes',
      upserts: [],
      removed: [],
      sweptAt: 1,
      seenAt: 1,
      intervalMs: 1,
      deltaLink: null,
      newEpoch: 'e',
    });
    expect(fenced).toBeNull();
  });

  it('two instances: one sweeps; the other takes over when it dies; both stream the same board', async () => {
    emulator = await startEmulatorServer({ users: 1_300 });
    const one = await relayOn('two:');
    const two = await relayOn('two:');
    const sweeping = () => [one, two].filter((r) => [...r.sweepers.values()][0]!.holding);
    await waitFor(() => sweeping().length === 1 && [...one.hubs.values()][0]!.board.size === 1_300, 10_000, 'one sweeper');
    await waitFor(() => [...two.hubs.values()][0]!.board.size === 1_300, 10_000, 'the board on both');
    // In a few sweeps, presence calls come from one instance only: ⌈1,300 / 650⌉ a sweep, never twice.
    const sweepsBefore = [...sweeping()[0]!.sweepers.values()][0]!.sweeps;
    emulator.emulator.requests.length = 0;
    await waitFor(() => [...sweeping()[0]!.sweepers.values()][0]!.sweeps >= sweepsBefore + 3, 10_000, 'three sweeps');
    const presenceCalls = emulator.emulator.requests.filter((r) => r.url.endsWith('getPresencesByUserId')).length;
    const sweepsDone = [...sweeping()[0]!.sweepers.values()][0]!.sweeps - sweepsBefore;
    // The count starts wherever the sweeper is: the first sweep counted may have made its first call
    // before (on a loaded machine it did, 1 run in 45: 5 calls for 3 sweeps).
    expect(presenceCalls).toBeGreaterThanOrEqual(2 * sweepsDone - 1);
    expect(presenceCalls).toBeLessThanOrEqual(2 * (sweepsDone + 1));
    expect(sweeping()).toHaveLength(1);

    const [holder, other] = sweeping()[0] === one ? [one, two] : [two, one];
    await holder.kill();
    // The dead holder's lease runs out (testRelay's leaseTtlMs), then the other's next try takes it.
    await waitFor(() => [...other.sweepers.values()][0]!.holding, 30_000, 'the takeover');
    const id = emulator.emulator.users[42]!.id;
    emulator.emulator.setPresence(id, { availability: 'DoNotDisturb', activity: 'Focusing' });
    await waitFor(() => [...other.hubs.values()][0]!.board.get(id)?.activity === 'Focusing', 10_000, 'a sweep by the new holder');
  });

  it('failover: a viewer whose instance dies reconnects to the other with Last-Event-ID and misses nothing', async () => {
    emulator = await startEmulatorServer({ users: 700 });
    const one = await relayOn('failover:', false);
    const two = await relayOn('failover:');
    const auth = { Authorization: `Bearer ${await issuer.sign()}` };
    const viewer = await TestViewer.open(streamUrl(one), auth);
    await viewer.until(() => viewer.board.size === 700, 10_000, 'the board');
    await waitFor(() => [...two.hubs.values()][0]!.board.size === 700, 10_000, 'the board on the other instance');

    // Changes while the viewer is with instance one; then it dies; more changes while it reconnects.
    const users = emulator.emulator.users;
    for (const u of users.slice(0, 5)) emulator.emulator.setPresence(u.id, { availability: 'Away', activity: 'Away' });
    await viewer.until(() => users.slice(0, 5).every((u) => viewer.board.get(u.id)?.availability === 'Away'), 10_000, 'the first changes');
    await one.kill();
    await viewer.until(() => viewer.ended, 5_000, 'the dropped stream');
    for (const u of users.slice(5, 10)) emulator.emulator.setPresence(u.id, { availability: 'Busy', activity: 'InACall' });
    await waitFor(
      () => users.slice(5, 10).every((u) => [...two.hubs.values()][0]!.board.get(u.id)?.activity === 'InACall'),
      // The dead instance's lease runs out first (testRelay's leaseTtlMs).
      30_000,
      'sweeps after the death',
    );
    const snapshots = viewer.eventsOf('snapshot').length;
    await viewer.reconnect(streamUrl(two), auth);
    await viewer.until(() => users.slice(5, 10).every((u) => viewer.board.get(u.id)?.activity === 'InACall'), 10_000, 'the missed changes');
    expect(viewer.eventsOf('snapshot').length).toBe(snapshots); // resumed from the shared log, not a new snapshot
    // The viewer's board is the emulator's truth, person by person.
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const u of users) expect(viewer.board.get(u.id)?.availability).toBe(emulator.emulator.presenceOf(u.id)!.availability);
    // Sequence numbers after the last snapshot had no holes, across the two instances.
    const withIds = viewer.events.filter((e) => e.id !== null);
    const fromSnapshot = withIds.slice(withIds.map((e) => e.event).lastIndexOf('snapshot')).map((e) => Number(e.id!.split(':')[1]));
    expect(fromSnapshot.length).toBeGreaterThan(2);
    for (let i = 1; i < fromSnapshot.length; i++) expect(fromSnapshot[i]).toBe(fromSnapshot[i - 1]! + 1);
    viewer.close();
  });

  // Once a flake (1 run in 5 under load): when Redis was back empty before the sweeper's next call, the sweeper
  // never learnt it, its commits were silently refused and no new board came. storeLoss.test.ts pins the cause.
  it(
    'with Redis gone, an instance keeps serving the last board and says since when it is stale; it recovers',
    { timeout: 90_000 },
    async () => {
      emulator = await startEmulatorServer({ users: 300 });
      const own = await startRedis();
      const b = new RedisBackplane({ url: own.url, log: memoryLogger() });
      await b.connect();
      const relay = await testRelay(emulator, b, issuer.jwksTemplate);
      const auth = { Authorization: `Bearer ${await issuer.sign()}` };
      const viewer = await TestViewer.open(streamUrl(relay), auth);
      try {
        await viewer.until(() => viewer.board.size === 300, 10_000, 'the board');
        await own.kill();
        await viewer.until(() => viewer.status?.staleSince != null, 5_000, 'a stale status');
        expect(viewer.status?.reason).toBe('store-unreachable');
        expect(viewer.ended).toBe(false);
        expect(viewer.board.size).toBe(300);
        const late = await TestViewer.open(streamUrl(relay), auth); // a late joiner still gets the last board
        await late.until(() => late.board.size === 300 && late.status?.staleSince != null, 5_000, 'the last board, stale');
        late.close();
        // Redis comes back empty: a new epoch, a new snapshot, fresh again.
        const back = await startRedis(own.port);
        try {
          // Fresh again, and the new epoch's board: staleness may clear (Redis answers) a sweep before the new snapshot comes.
          await viewer.until(
            () => viewer.status?.staleSince === null && viewer.eventsOf('snapshot').length >= 2,
            // A whole new sweep under load (the test suite runs files in parallel on 2 cores): allow it time.
            40_000,
            'fresh again, with a new snapshot',
          );
        } finally {
          viewer.close();
          await relay.close();
          await b.close();
          await back.kill();
        }
      } finally {
        viewer.close();
      }
    },
  );
});
