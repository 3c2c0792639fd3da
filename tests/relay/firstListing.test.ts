/**
 * The relay's full directory round (issue 21, item 4): a delta link that marks "now", then everyone
 * listed in parallel partitions through `$batch` (relay/directory.ts). Against the emulated tenant
 * over HTTP, as the other relay tests.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { staticTokenSource } from '../../src/auth/staticTokenSource';
import { startEmulatorServer, type EmulatorServer } from '../../src/emulator/nodeServer';
import { createGraphClient } from '../../src/graph/client';
import { GraphError } from '../../src/graph/errors';
import { syncDirectory, type DirectorySync } from '../../relay/directory';
import { memoryLogger } from '../../relay/log';
import { MemoryBackplane } from '../../relay/memoryBackplane';
import { TenantSweeper } from '../../relay/sweeper';
import { TENANT } from './support/keys';

const APP = 'app-only-token';
const graphError = (status: number, code: string, message: string) => Response.json({ error: { code, message } }, { status });

/** A client of the emulated tenant; `intercept` may answer a request itself, or act before it goes on (then returns null). */
function clientFor(
  server: EmulatorServer,
  intercept?: (url: URL, method: string, body: string | null) => Response | null | Promise<Response | null>,
) {
  return createGraphClient({
    baseUrl: server.baseUrl,
    tokenSource: staticTokenSource(APP),
    scopes: ['x/.default'],
    backoffBaseMs: 5,
    fetch: async (input, init) => {
      const body = typeof init?.body === 'string' ? init.body : null;
      const answer = await intercept?.(new URL(String(input)), init?.method ?? 'GET', body);
      return answer ?? fetch(input, init);
    },
  });
}

const idsOf = (server: EmulatorServer) => new Set(server.emulator.users.map((u) => u.id.toLowerCase()));
/** The directory as the sweeper keeps it: a full round's people, then an incremental round's changes. */
function applied(full: DirectorySync, next: DirectorySync): Set<string> {
  const directory = new Set(full.present);
  for (const id of next.present) directory.add(id);
  for (const id of next.removed) directory.delete(id);
  return directory;
}

describe("the relay's full directory round", () => {
  let server: EmulatorServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('lists everyone of several thousand once, in partitions inside $batch, in far fewer requests one after another than the delta chain', async () => {
    // Pages of 200: the delta round is a chain of 40 requests, each waiting for the one before.
    server = await startEmulatorServer({ users: 8_000, maxPageSize: 200 });
    const client = clientFor(server);

    const round = await syncDirectory(client, null);
    const requests = server.emulator.requests.splice(0);
    expect(round).toMatchObject({ full: true, how: 'partitioned', fellBack: null });
    expect(round.present).toEqual(idsOf(server));
    expect(round.removed.size).toBe(0);
    expect(round.listing).toMatchObject({ fellBack: null });
    expect(round.listing!.partitions).toBeGreaterThan(1);

    // One delta request (the mark), the rest $batch requests carrying the partitions' filtered pages.
    const delta = requests.filter((r) => new URL(r.url).pathname.endsWith('/users/delta'));
    expect(delta.map((r) => new URL(r.url).searchParams.get('$deltatoken'))).toEqual(['latest']);
    const batches = requests.filter((r) => r.url.endsWith('/$batch'));
    expect(requests.length).toBe(delta.length + batches.length);
    const carried = batches.flatMap((r) => r.batchItems ?? []);
    expect(carried.filter((item) => decodeURIComponent(item.url).includes('startsWith(userPrincipalName,')).length).toBeGreaterThan(
      round.listing!.partitions - 1,
    );
    expect(carried.every((item) => item.status === 200)).toBe(true);

    const sequential = await syncDirectory(client, null, undefined, { fullListing: 'delta' });
    const chain = server.emulator.requests.splice(0);
    expect(sequential.present).toEqual(round.present);
    expect(chain).toHaveLength(40);
    // Every HTTP request of the partitioned round, one after another, is still well under half the chain.
    expect(requests.length).toBeLessThanOrEqual(chain.length / 2);
    // And Graph requests (each inside a batch counted) stay near the chain's.
    expect(round.pages).toBe(delta.length + carried.length);
    expect(round.pages).toBeLessThanOrEqual(1.1 * (40 + Math.ceil(8_000 / 650)));
  });

  it('someone who joins or leaves while everyone is listed is in the next incremental round', async () => {
    server = await startEmulatorServer({ users: 5_000 });
    const emulator = server.emulator;
    // Listed on the first users page (the directory in its order), then gone before the round ends.
    const leaver = emulator.users[0]!.id.toLowerCase();
    let joiner: string | null = null;
    const client = clientFor(server, (_url, method, body) => {
      // The partitions' first requests: the first page (with the leaver) has been answered.
      if (joiner === null && method === 'POST' && body?.includes('startsWith')) {
        emulator.removeUser(leaver);
        joiner = emulator.addUser().id.toLowerCase();
      }
      return null;
    });

    const full = await syncDirectory(client, null);
    expect(full.how).toBe('partitioned');
    expect(joiner).not.toBeNull();
    expect(full.present.has(leaver)).toBe(true);

    const next = await syncDirectory(client, full.deltaLink);
    expect(next).toMatchObject({ full: false, how: 'changes' });
    expect(next.removed).toEqual(new Set([leaver]));
    expect(next.present.has(joiner!)).toBe(true);
    expect(applied(full, next)).toEqual(idsOf(server));
  });

  it('falls back to the full delta round when the server refuses $deltatoken=latest', async () => {
    server = await startEmulatorServer({ users: 3_000 });
    const client = clientFor(server, (url) =>
      url.searchParams.get('$deltatoken') === 'latest' ? graphError(400, 'Request_UnsupportedQuery', 'Unsupported Query.') : null,
    );
    const full = await syncDirectory(client, null);
    expect(full).toMatchObject({ full: true, how: 'delta' });
    expect(full.fellBack).toContain('latest');
    expect(full.present).toEqual(idsOf(server));
    const delta = server.emulator.requests.filter((r) => r.url.includes('/users/delta'));
    expect(delta.every((r) => !r.url.includes('latest'))).toBe(true);
    expect(server.emulator.requests.some((r) => r.url.includes('/users?') || r.url.endsWith('/$batch'))).toBe(false);

    const joined = server.emulator.addUser().id.toLowerCase();
    const next = await syncDirectory(client, full.deltaLink);
    expect([...next.present]).toEqual([joined]);
  });

  it("falls back to the full delta round when the server refuses the users listing's queries, keeping nothing it listed", async () => {
    server = await startEmulatorServer({ users: 3_000 });
    // A Graph-like server without $batch (404), that refuses every /users query this listing asks (403 or 400).
    for (const refusal of [
      graphError(400, 'Request_UnsupportedQuery', 'Unsupported Query.'),
      graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges.'),
    ]) {
      const client = clientFor(server, (url) => {
        if (url.pathname.endsWith('/$batch')) return graphError(404, 'NotFound', 'No $batch here.');
        if (url.pathname.endsWith('/users')) return refusal.clone();
        return null;
      });
      const full = await syncDirectory(client, null);
      expect(full).toMatchObject({ full: true, how: 'delta' });
      expect(full.fellBack).toContain('partitioned listing');
      expect(full.present).toEqual(idsOf(server));
      // The link kept is the full delta round's, and it works.
      const next = await syncDirectory(client, full.deltaLink);
      expect(next).toMatchObject({ full: false, how: 'changes' });
      expect(next.present.size + next.removed.size).toBe(0);
    }
  });

  it('reads the directory in sequence, still everyone once, when the server refuses the partition filters', async () => {
    server = await startEmulatorServer({ users: 5_000 });
    // Without $batch, and with every filtered /users query refused as Graph refuses a filter it does not take.
    const client = clientFor(server, (url) => {
      if (url.pathname.endsWith('/$batch')) return graphError(404, 'NotFound', 'No $batch here.');
      if (url.pathname.endsWith('/users') && url.searchParams.has('$filter')) return graphError(400, 'BadRequest', 'Invalid filter clause');
      return null;
    });
    const full = await syncDirectory(client, null);
    // partitionedUsers.ts reads the directory in sequence then (people not listed yet only): nothing is lost,
    // and the mark taken before it stays good.
    expect(full).toMatchObject({ full: true, how: 'partitioned' });
    expect(full.listing).toMatchObject({ fellBack: 'refused' });
    expect(full.present).toEqual(idsOf(server));
    const gone = server.emulator.users[42]!.id.toLowerCase();
    server.emulator.removeUser(gone);
    const next = await syncDirectory(client, full.deltaLink);
    expect(next.removed).toEqual(new Set([gone]));
  });

  it('falls back to the full delta round when the listing is cut short (pages that never end)', async () => {
    server = await startEmulatorServer({ users: 1_500 });
    const someone = server.emulator.users[0]!;
    let page = 0;
    const client = clientFor(server, (url) => {
      if (url.pathname.endsWith('/$batch')) return graphError(404, 'NotFound', 'No $batch here.');
      if (!url.pathname.endsWith('/users')) return null;
      // A count of 3 and a new next page every time, always the same person.
      return Response.json({
        '@odata.count': 3,
        '@odata.nextLink': `${server!.baseUrl}/users?$skiptoken=${++page}`,
        value: [{ id: someone.id, displayName: someone.displayName, userPrincipalName: someone.userPrincipalName }],
      });
    });
    const full = await syncDirectory(client, null);
    expect(full).toMatchObject({ full: true, how: 'delta' });
    expect(full.present).toEqual(idsOf(server));
    expect(page).toBeLessThan(20);
  });

  it('keeps the safety checks: a mark outside the Graph base URL is refused, never kept, and not fallen back from', async () => {
    server = await startEmulatorServer({ users: 300 });
    const client = clientFor(server, (url) =>
      url.searchParams.get('$deltatoken') === 'latest'
        ? Response.json({ value: [], '@odata.deltaLink': 'https://evil.example/v1.0/users/delta?$deltatoken=x' })
        : null,
    );
    const error = await syncDirectory(client, null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).kind).toBe('bad-response');
    expect(server.emulator.requests.filter((r) => r.url.includes('/users'))).toHaveLength(0);
  });

  it('lists the directory again by a full delta round once, a while after a partitioned listing (its index may lag behind)', async () => {
    server = await startEmulatorServer({ users: 5_000 });
    const emulator = server.emulator;
    // Someone who joined just before the first round: in Graph's change tracking, not yet in the advanced-query index.
    const joiner = emulator.users[100]!.id.toLowerCase();
    let indexLags = true;
    const client = clientFor(server, async (url, method, body) => {
      if (url.pathname.endsWith('/$batch')) return graphError(404, 'NotFound', 'No $batch here.');
      if (!indexLags || !url.pathname.endsWith('/users')) return null;
      const answer = (await (
        await fetch(url, { method, body, headers: { ConsistencyLevel: 'eventual', Authorization: `Bearer ${APP}` } })
      ).json()) as { value: Array<{ id: string }>; '@odata.count'?: number };
      answer.value = answer.value.filter((u) => u.id.toLowerCase() !== joiner);
      if (answer['@odata.count'] !== undefined) answer['@odata.count']--;
      return Response.json(answer);
    });
    let clock = 0;
    const backplane = new MemoryBackplane();
    await backplane.acquireLease(TENANT, 'a', 3_600_000);
    const sweeper = new TenantSweeper({
      tenant: TENANT,
      backplane,
      client,
      owner: 'a',
      log: memoryLogger(),
      budgetShare: 1,
      directoryRecheckMs: 60_000,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    const onBoard = async () => new Set((await backplane.load(TENANT))!.records.map((r) => r.id));
    const deltaAsked = () =>
      emulator.requests
        .splice(0)
        .filter((r) => new URL(r.url).pathname.endsWith('/users/delta'))
        .map((r) => new URL(r.url).search);

    await sweeper.sweep();
    expect(deltaAsked()).toEqual(['?$select=id&$deltatoken=latest']);
    expect((await onBoard()).has(joiner)).toBe(false);
    indexLags = false;
    // The joiner's change came before the mark: the next incremental round does not report it.
    await sweeper.sweep();
    expect((await onBoard()).has(joiner)).toBe(false);
    deltaAsked();

    clock += 60_000;
    await sweeper.sweep();
    const recheck = deltaAsked();
    expect(recheck.length).toBe(Math.ceil(5_000 / 999));
    expect(recheck.some((q) => q.includes('latest'))).toBe(false);
    expect(await onBoard()).toEqual(idsOf(server));
    // Once: after it, incremental rounds again.
    clock += 600_000;
    await sweeper.sweep();
    expect(deltaAsked()).toHaveLength(1);
  });

  it('keeps only object ids, in lower case', async () => {
    server = await startEmulatorServer({ users: 2_500 });
    const upper = server.emulator.users[7]!.id.toUpperCase();
    const client = clientFor(server, async (url, method, body) => {
      if (url.pathname.endsWith('/$batch')) return graphError(404, 'NotFound', 'No $batch here.');
      if (!url.pathname.endsWith('/users') || url.searchParams.has('$skiptoken') || url.searchParams.has('$filter')) return null;
      // The first page: one id in capitals, one that is no object id.
      const answer = (await (
        await fetch(url, { method, body, headers: { ConsistencyLevel: 'eventual', Authorization: `Bearer ${APP}` } })
      ).json()) as {
        value: Array<Record<string, unknown>>;
      };
      answer.value = answer.value.map((u) => (String(u.id).toLowerCase() === upper.toLowerCase() ? { ...u, id: upper } : u));
      answer.value.push({ id: '../../me', displayName: 'x', userPrincipalName: 'x@x' });
      return Response.json(answer);
    });
    const full = await syncDirectory(client, null);
    expect(full.present.has(upper.toLowerCase())).toBe(true);
    expect(full.present.has('../../me')).toBe(false);
    expect(full.present.size).toBe(2_500);
  });
});
