import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type EmulatorServer } from '../../src/emulator/nodeServer';
import { memoryLogger } from '../../relay/log';
import { RedisBackplane } from '../../relay/redisBackplane';
import { TenantSweeper } from '../../relay/sweeper';
import type { PresenceRecord } from '../../relay/types';
import { createGraphClient } from '../../src/graph/client';
import { staticTokenSource } from '../../src/auth/staticTokenSource';
import { REDIS_AVAILABLE, startRedis, type RedisProcess } from './support/redis';
import { startTestIssuer, TENANT, type TestIssuer } from './support/keys';
import { streamUrl, testRelay } from './support/relays';
import { TestViewer } from './support/sse';

/**
 * Redis losing data without the relay seeing it go: a FLUSHALL, a failover to a replica that is
 * behind (played with DUMP/RESTORE of older keys), a pub/sub connection dropped while a commit
 * is published. Each must end with every viewer holding the emulator's truth, never a partial board.
 */
describe.skipIf(!REDIS_AVAILABLE)('Redis that loses or rolls back data under a running relay', () => {
  let redis: RedisProcess;
  let raw: Redis;
  let issuer: TestIssuer;
  let emulator: EmulatorServer | null = null;
  const open: Array<{ close(): Promise<void> | void }> = [];

  beforeAll(async () => {
    redis = await startRedis();
    raw = new Redis(redis.url);
    issuer = await startTestIssuer();
  });
  afterEach(async () => {
    for (const thing of open.splice(0).reverse()) await thing.close();
    await emulator?.close();
    emulator = null;
  });
  afterAll(async () => {
    raw.disconnect();
    await issuer.close();
    await redis.kill();
  });

  async function backplane(prefix: string): Promise<RedisBackplane> {
    const b = new RedisBackplane({ url: redis.url, prefix, log: memoryLogger() });
    await b.connect();
    open.push(b);
    return b;
  }

  async function viewerOn(url: string): Promise<TestViewer> {
    const viewer = await TestViewer.open(url, { Authorization: `Bearer ${await issuer.sign()}` });
    open.push(viewer);
    return viewer;
  }

  function snapshotSizes(viewer: TestViewer): number[] {
    return viewer.eventsOf('snapshot').map((e) => (JSON.parse(e.data) as { presences: unknown[] }).presences.length);
  }

  it('emptied under it (FLUSHALL, no disconnect): a new whole board, never a board of only the changed people', async () => {
    emulator = await startEmulatorServer({ users: 300 });
    const relay = await testRelay(emulator, await backplane('flush:'), issuer.jwksTemplate);
    open.push({ close: () => relay.close() });
    const viewer = await viewerOn(streamUrl(relay));
    await viewer.until(() => viewer.board.size === 300, 10_000, 'the board');
    const firstEpoch = viewer.lastEventId!.split(':')[0];

    await raw.flushall();
    const changed = emulator.emulator.users[7]!.id;
    emulator.emulator.setPresence(changed, { availability: 'Busy', activity: 'InACall' });

    await viewer.until(
      () => viewer.lastEventId?.split(':')[0] !== firstEpoch && viewer.board.get(changed)?.activity === 'InACall',
      10_000,
      'a new epoch with the change',
    );
    await viewer.until(() => viewer.board.size === 300, 5_000, 'the whole board');
    // Every snapshot the viewer was sent was whole (an empty one before the first sweep aside).
    for (const size of snapshotSizes(viewer)) expect([0, 300]).toContain(size);
    expect(await raw.exists(`flush:{${TENANT}}:board`)).toBe(1);
  });

  it('rolled back to older data (a lagging replica): no event id is reused, a resuming viewer misses nothing', async () => {
    emulator = await startEmulatorServer({ users: 300 });
    const relay = await testRelay(emulator, await backplane('rollback:'), issuer.jwksTemplate);
    open.push({ close: () => relay.close() });
    const viewer = await viewerOn(streamUrl(relay));
    await viewer.until(() => viewer.board.size === 300 && viewer.status?.staleSince === null, 10_000, 'the board');
    const hub = [...relay.hubs.values()][0]!;

    // What a replica that is behind holds: the keys as they are now.
    const keys = ['epoch', 'seq', 'board', 'log', 'meta'].map((k) => `rollback:{${TENANT}}:${k}`);
    const dumps = await Promise.all(keys.map((k) => raw.dumpBuffer(k)));
    const seqBefore = hub.seq;

    const users = emulator.emulator.users;
    for (const u of users.slice(0, 3)) emulator.emulator.setPresence(u.id, { availability: 'Away', activity: 'Away' });
    await viewer.until(() => users.slice(0, 3).every((u) => viewer.board.get(u.id)?.availability === 'Away'), 10_000, 'the first changes');
    expect(hub.seq).toBeGreaterThan(seqBefore);
    viewer.close();
    const lastSeen = viewer.lastEventId!;

    // The failover: Redis now holds the older keys.
    for (const [i, key] of keys.entries()) if (dumps[i]) await raw.restore(key, 0, dumps[i]!, 'REPLACE');
    for (const u of users.slice(3, 6)) emulator.emulator.setPresence(u.id, { availability: 'DoNotDisturb', activity: 'Presenting' });
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // several sweeps on the old data

    await viewer.reconnect(streamUrl(relay), { Authorization: `Bearer ${await issuer.sign()}` });
    await viewer.until(
      () => users.slice(0, 6).every((u) => viewer.board.get(u.id)?.availability === emulator!.emulator.presenceOf(u.id)!.availability),
      10_000,
      `the truth after resuming from ${lastSeen}`,
    );
    // No id was used twice for different events.
    const seen = new Map<string, string>();
    for (const e of viewer.events.filter((x) => x.id !== null && x.event === 'changes')) {
      expect(seen.get(e.id!) ?? e.data).toBe(e.data);
      seen.set(e.id!, e.data);
    }
    for (const size of snapshotSizes(viewer)) expect([0, 300]).toContain(size);
  });

  it('a pub/sub connection dropped while a change is published: the hub catches up without waiting for the next event', async () => {
    emulator = await startEmulatorServer({ users: 10 });
    // This instance only fans out; the test commits as the sweeper would.
    const relay = await testRelay(emulator, await backplane('resub:'), issuer.jwksTemplate, { sweep: false });
    open.push({ close: () => relay.close() });
    const sweeper = await backplane('resub:');
    expect(await sweeper.acquireLease(TENANT, 'sweeper', 60_000)).toBe(true);
    const record = (id: string, availability: string): PresenceRecord => ({
      id,
      availability,
      activity: availability,
      statusMessage: null,
      isOutOfOffice: false,
      outOfOfficeMessage: null,
    });
    const ids = emulator.emulator.users.map((u) => u.id);
    const base = { removed: [], sweptAt: Date.now(), seenAt: Date.now(), intervalMs: 60_000, deltaLink: null, newEpoch: 'resubEpoch' };
    const reset = await sweeper.commit(TENANT, 'sweeper', { ...base, kind: 'reset', upserts: ids.map((id) => record(id, 'Available')) });
    expect(reset).toMatchObject({ epoch: 'resubEpoch', seq: 1 });
    const viewer = await viewerOn(streamUrl(relay));
    await viewer.until(() => viewer.board.size === 10, 10_000, 'the board');

    await raw.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    const change = await sweeper.commit(TENANT, 'sweeper', {
      ...base,
      kind: 'changes',
      upserts: [record(ids[0]!, 'Busy')],
      expect: { epoch: 'resubEpoch', seq: 1 },
    });
    expect(change).toMatchObject({ epoch: 'resubEpoch', seq: 2 });
    // No sweep follows: only a resubscription that reads what it missed brings the change.
    await viewer.until(() => viewer.board.get(ids[0]!)?.availability === 'Busy', 5_000, 'the change published while unsubscribed');
  });

  it('two instances that both believe they hold the lease: only the real holder writes; the other sweeps nothing in', async () => {
    emulator = await startEmulatorServer({ users: 200 });
    const client = createGraphClient({ baseUrl: emulator.baseUrl, tokenSource: staticTokenSource('app'), scopes: ['x/.default'] });
    const [a, b] = [await backplane('twoholders:'), await backplane('twoholders:')];
    const sweeper = (bp: RedisBackplane, owner: string) =>
      new TenantSweeper({ tenant: TENANT, backplane: bp, client, owner, log: memoryLogger(), budgetShare: 1, minIntervalMs: 100 });
    const [one, two] = [sweeper(a, 'one'), sweeper(b, 'two')];
    expect(await a.acquireLease(TENANT, 'one', 60_000)).toBe(true);
    await one.sweep();
    // One pauses (a long GC, a frozen VM); its lease goes and the other takes it and sweeps.
    await raw.del(`twoholders:{${TENANT}}:lease`);
    expect(await b.acquireLease(TENANT, 'two', 60_000)).toBe(true);
    const changed = emulator.emulator.users[3]!.id;
    emulator.emulator.setPresence(changed, { availability: 'Away', activity: 'Away' });
    await two.sweep();
    const before = await b.load(TENANT);
    // One wakes up still believing it sweeps: with another change to write, its commit is refused.
    emulator.emulator.setPresence(changed, { availability: 'DoNotDisturb', activity: 'Presenting' });
    await expect(one.sweep()).rejects.toThrow(/lease/);
    const after = await b.load(TENANT);
    expect(after?.seq).toBe(before?.seq);
    expect(after?.records.find((r) => r.id === changed)?.availability).toBe('Away');
  });
});
