import { afterEach, describe, expect, it } from 'vitest';
import { staticTokenSource } from '../../src/auth/staticTokenSource';
import { startEmulatorServer, type EmulatorServer } from '../../src/emulator/nodeServer';
import { createGraphClient } from '../../src/graph/client';
import { GraphError } from '../../src/graph/errors';
import { syncDirectory } from '../../relay/directory';
import { memoryLogger } from '../../relay/log';
import { MemoryBackplane, MemoryStore } from '../../relay/memoryBackplane';
import { planSweep, PRESENCE_BUDGET_CALLS, PRESENCE_BUDGET_WINDOW_MS } from '../../relay/pacing';
import { TenantSweeper } from '../../relay/sweeper';
import type { StoredEvent } from '../../relay/types';
import { TENANT } from './support/keys';

const APP = 'app-only-token';

function clientFor(server: EmulatorServer, calls?: Array<{ url: string; at: number }>, clock: () => number = () => performance.now()) {
  return createGraphClient({
    baseUrl: server.baseUrl,
    tokenSource: staticTokenSource(APP),
    scopes: ['x/.default'],
    backoffBaseMs: 10,
    fetch: (input, init) => {
      calls?.push({ url: String(input), at: clock() });
      return fetch(input, init);
    },
  });
}

describe('pacing: the interval is chosen from N', () => {
  it('makes ⌈N/650⌉ calls a sweep and never uses more than 10 % of the budget', () => {
    for (const n of [1, 250, 650, 651, 10_000, 50_000, 200_000, 1_000_000]) {
      const plan = planSweep(n);
      expect(plan.callsPerSweep).toBe(Math.max(1, Math.ceil(n / 650)));
      const perWindow = (plan.callsPerSweep * PRESENCE_BUDGET_WINDOW_MS) / plan.intervalMs;
      expect(perWindow).toBeLessThanOrEqual(PRESENCE_BUDGET_CALLS * 0.1 + 1e-9);
      expect(plan.spacingMs).toBe(200);
      expect(plan.stalenessMs).toBeGreaterThan(plan.intervalMs);
    }
    expect(planSweep(10_000).intervalMs).toBe(10_000); // 16 calls: the 10 s floor
    expect(planSweep(200_000).intervalMs).toBe(61_600); // 308 calls × 200 ms
  });
});

describe('the sweep', () => {
  let server: EmulatorServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('lists everyone first (a delta mark, then the directory in partitions), then asks only for changes; presence in calls of at most 650 ids', async () => {
    server = await startEmulatorServer({ users: 2_000, maxPageSize: 500 });
    const store = new MemoryStore();
    const backplane = new MemoryBackplane(store);
    const events: StoredEvent[] = [];
    await backplane.subscribe(TENANT, (e) => events.push(e));
    const sweeper = new TenantSweeper({
      tenant: TENANT,
      backplane,
      client: clientFor(server),
      owner: 'a',
      log: memoryLogger(),
      budgetShare: 1,
    });
    expect(await backplane.acquireLease(TENANT, 'a', 60_000)).toBe(true);

    await sweeper.sweep();
    const first = server.emulator.requests.splice(0);
    const delta = first.filter((r) => r.url.includes('/users/delta'));
    const presence = first.filter((r) => r.url.endsWith('/communications/getPresencesByUserId'));
    // One delta request marks "now" (no one listed); everyone is listed by /users inside $batch requests.
    expect(delta).toHaveLength(1);
    expect(delta[0]!.url).toContain('$select=id');
    expect(delta[0]!.url).toContain('$deltatoken=latest');
    expect(first.filter((r) => r.url.endsWith('/$batch')).length).toBeGreaterThan(0);
    expect(presence).toHaveLength(Math.ceil(2_000 / 650));
    expect(presence.every((r) => (r.idCount ?? 0) <= 650)).toBe(true);
    expect(presence.reduce((n, r) => n + (r.idCount ?? 0), 0)).toBe(2_000);
    expect(first.every((r) => r.authorization === `Bearer ${APP}`)).toBe(true);
    const board = await backplane.load(TENANT);
    expect(board?.records).toHaveLength(2_000);
    expect(board?.deltaLink).toContain('$deltatoken=');

    // Changes: one person's presence, one leaves, one joins.
    const changed = server.emulator.users[10]!.id;
    const gone = server.emulator.users[20]!.id;
    server.emulator.setPresence(changed, { availability: 'DoNotDisturb', activity: 'Presenting' });
    server.emulator.removeUser(gone);
    const joined = server.emulator.addUser().id;
    await new Promise((resolve) => setTimeout(resolve, 20));
    events.length = 0;
    await sweeper.sweep();
    await new Promise((resolve) => setImmediate(resolve));
    const second = server.emulator.requests.splice(0);
    const delta2 = second.filter((r) => r.url.includes('/users/delta'));
    expect(delta2).toHaveLength(1);
    expect(delta2[0]!.url).toContain('$deltatoken=');
    const changes = events.filter((e) => e.body.kind === 'changes');
    const upserts = changes.flatMap((e) => (e.body.kind === 'changes' ? e.body.upserts.map((u) => u.id) : []));
    const removed = changes.flatMap((e) => (e.body.kind === 'changes' ? e.body.removed : []));
    expect(new Set(upserts)).toEqual(new Set([changed, joined]));
    expect(removed).toEqual([gone]);
    expect(events.at(-1)?.body.kind).toBe('swept');
    // Each change gets the next number: nothing skipped.
    expect(changes.map((e) => e.seq)).toEqual(changes.map((_, i) => changes[0]!.seq + i));
  });

  it('paces presence calls at the budget share: ≥ 30 s ÷ (1,500 × share) apart', async () => {
    server = await startEmulatorServer({ users: 3_000 });
    const calls: Array<{ url: string; at: number }> = [];
    const backplane = new MemoryBackplane();
    // A share of 0.4 allows 600 calls / 30 s: one every 50 ms. The pacer's clock is the test's own, so what
    // is measured is the pacer's spacing, not how late a loaded machine gets from the pacer to the request
    // (under load that added up to 16 ms to one gap and took it from the next: a flake, 1 run in 15).
    let clock = 0;
    const sweeper = new TenantSweeper({
      tenant: TENANT,
      backplane,
      client: clientFor(server, calls, () => clock),
      owner: 'a',
      log: memoryLogger(),
      budgetShare: 0.4,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    await backplane.acquireLease(TENANT, 'a', 60_000);
    await sweeper.sweep();
    const presence = calls.filter((c) => c.url.endsWith('getPresencesByUserId')).map((c) => c.at);
    expect(presence).toHaveLength(5);
    for (let i = 1; i < presence.length; i++) expect(presence[i]! - presence[i - 1]!).toBeGreaterThanOrEqual(50);
    expect(sweeper.plan.spacingMs).toBe(50);
  });

  it('retries 429 and 503 (Retry-After, backoff) and still ends with the true board', async () => {
    server = await startEmulatorServer({ users: 1_500, throttleRate: 0.25, unavailableRate: 0.1, retryAfterSeconds: 0 });
    const backplane = new MemoryBackplane();
    const sweeper = new TenantSweeper({
      tenant: TENANT,
      backplane,
      client: clientFor(server),
      owner: 'a',
      log: memoryLogger(),
      budgetShare: 1,
    });
    await backplane.acquireLease(TENANT, 'a', 60_000);
    await sweeper.sweep();
    const statuses = server.emulator.requests.map((r) => r.status);
    expect(statuses.some((s) => s === 429 || s === 503)).toBe(true);
    const board = await backplane.load(TENANT);
    expect(board?.records).toHaveLength(1_500);
    for (const record of board!.records.slice(0, 50)) expect(record.availability).toBe(server.emulator.presenceOf(record.id)!.availability);
  });

  it('never follows a link to another host with the app token', async () => {
    const seen: string[] = [];
    const client = createGraphClient({
      baseUrl: 'https://graph.microsoft.com/v1.0',
      tokenSource: staticTokenSource(APP),
      scopes: ['x/.default'],
      fetch: async (input) => {
        seen.push(String(input));
        return Response.json({ value: [], '@odata.nextLink': 'https://evil.example/v1.0/users/delta?$skiptoken=x' });
      },
    });
    const error = await syncDirectory(client, null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).kind).toBe('untrusted-url');
    expect(seen).toEqual(['https://graph.microsoft.com/v1.0/users/delta?$select=id&$deltatoken=latest']);
  });

  it('starts over with a full listing when Graph says the delta token is stale (410)', async () => {
    server = await startEmulatorServer({ users: 300 });
    const client = clientFor(server);
    const first = await syncDirectory(client, null);
    server.emulator.expireDeltaTokens();
    const again = await syncDirectory(client, first.deltaLink);
    expect(again.full).toBe(true);
    expect(again.present.size).toBe(300);
    // The restart is a full round like the first (a mark, then the listing), and its link works.
    expect(again.how).toBe('partitioned');
    const joined = server.emulator.addUser().id;
    const next = await syncDirectory(client, again.deltaLink);
    expect(next).toMatchObject({ full: false, how: 'changes' });
    expect([...next.present]).toEqual([joined]);
  });
});
