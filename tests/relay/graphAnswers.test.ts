import { describe, expect, it } from 'vitest';
import { staticTokenSource } from '../../src/auth/staticTokenSource';
import { createGraphClient } from '../../src/graph/client';
import { GraphError } from '../../src/graph/errors';
import { syncDirectory } from '../../relay/directory';
import { limitBodies } from '../../relay/limitBodies';
import { memoryLogger } from '../../relay/log';
import { MemoryBackplane } from '../../relay/memoryBackplane';
import { TenantSweeper } from '../../relay/sweeper';
import { TENANT } from './support/keys';

const BASE = 'https://graph.microsoft.com/v1.0';
const IDS = ['0a0a0a0a-0000-4000-8000-000000000001', '0a0a0a0a-0000-4000-8000-000000000002', '0a0a0a0a-0000-4000-8000-000000000003'];

/** A Graph that answers as told; every URL asked is kept. */
function fakeGraph(answer: (url: URL, body: unknown) => Response | Promise<Response>) {
  const seen: string[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push(String(input));
    return answer(new URL(String(input)), init?.body ? JSON.parse(String(init.body)) : null);
  };
  return { seen, fetchImpl };
}

function clientWith(fetchImpl: typeof fetch) {
  return createGraphClient({
    baseUrl: BASE,
    tokenSource: staticTokenSource('app'),
    scopes: ['x/.default'],
    backoffBaseMs: 1,
    fetch: fetchImpl,
  });
}

const directoryPage = (deltaLink = `${BASE}/users/delta?$deltatoken=good`) =>
  Response.json({ value: IDS.map((id) => ({ id })), '@odata.deltaLink': deltaLink });

describe('hostile or broken Graph answers to the relay', () => {
  it('a delta link to another host is refused when Graph sends it, never kept for the next sweep', async () => {
    const graph = fakeGraph(() => directoryPage('https://evil.example/v1.0/users/delta?$deltatoken=x'));
    const error = await syncDirectory(clientWith(graph.fetchImpl), null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect(graph.seen.every((u) => u.startsWith(BASE))).toBe(true);
  });

  it('a stored delta link Graph or the store cannot take (another host, a 400) starts over with a full listing, not failing every sweep for good', async () => {
    const graph = fakeGraph((url) => {
      if (url.pathname.endsWith('/users/delta') && url.searchParams.get('$deltatoken') === 'broken')
        return Response.json({ error: { code: 'BadRequest', message: 'Invalid token' } }, { status: 400 });
      if (url.pathname.endsWith('/users/delta')) return directoryPage();
      return Response.json({ value: IDS.map((id) => ({ id, availability: 'Available', activity: 'Available' })) });
    });
    for (const poisoned of ['https://evil.example/v1.0/users/delta?$deltatoken=x', `${BASE}/users/delta?$deltatoken=broken`]) {
      const backplane = new MemoryBackplane();
      await backplane.acquireLease(TENANT, 'a', 60_000);
      const base = { removed: [], sweptAt: 1, seenAt: 1, intervalMs: 10_000, newEpoch: 'e1' };
      await backplane.commit(TENANT, 'a', { ...base, kind: 'reset', upserts: [], deltaLink: poisoned });
      const sweeper = new TenantSweeper({
        tenant: TENANT,
        backplane,
        client: clientWith(graph.fetchImpl),
        owner: 'a',
        log: memoryLogger(),
        budgetShare: 1,
      });
      await sweeper.sweep();
      const board = await backplane.load(TENANT);
      expect(board?.records.map((r) => r.id).sort()).toEqual(IDS);
      expect(board?.deltaLink).toBe(`${BASE}/users/delta?$deltatoken=good`);
    }
    expect(graph.seen.some((u) => u.includes('evil.example'))).toBe(false);
  });

  it('presence records are bounded: huge messages and status strings are cut, ids not asked for are dropped', async () => {
    const huge = 'x'.repeat(200_000);
    const graph = fakeGraph((url, body) => {
      if (url.pathname.endsWith('/users/delta')) return directoryPage();
      const ids = (body as { ids: string[] }).ids;
      return Response.json({
        value: [
          ...ids.map((id) => ({
            id,
            availability: huge,
            activity: huge,
            statusMessage: { message: { content: huge } },
            outOfOfficeSettings: { isOutOfOffice: true, message: huge },
          })),
          { id: '0a0a0a0a-0000-4000-8000-0000000000ff', availability: 'Available', activity: 'Available' },
        ],
      });
    });
    const backplane = new MemoryBackplane();
    await backplane.acquireLease(TENANT, 'a', 60_000);
    const sweeper = new TenantSweeper({
      tenant: TENANT,
      backplane,
      client: clientWith(graph.fetchImpl),
      owner: 'a',
      log: memoryLogger(),
      budgetShare: 1,
    });
    await sweeper.sweep();
    const board = await backplane.load(TENANT);
    expect(board?.records).toHaveLength(3);
    for (const record of board!.records) {
      expect(JSON.stringify(record).length).toBeLessThan(5_000);
      expect(record.availability.length).toBeLessThanOrEqual(64);
    }
  });

  it('an answer larger than the limit is cut off while it arrives (not read whole into memory)', async () => {
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 512 * 1024 * 1024) return controller.close();
        const chunk = new Uint8Array(64 * 1024).fill(0x20);
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const limited = limitBodies(
      async () => new Response(endless, { status: 200, headers: { 'Content-Type': 'application/json' } }),
      1024 * 1024,
    );
    const client = createGraphClient({
      baseUrl: BASE,
      tokenSource: staticTokenSource('app'),
      scopes: ['x/.default'],
      maxAttempts: 1,
      fetch: limited,
    });
    const error = await client.request({ url: '/users/delta?$select=id' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect(sent).toBeLessThan(4 * 1024 * 1024);
    // A declared length over the limit is refused before reading at all.
    const declared = limitBodies(async () => new Response('{}', { headers: { 'Content-Length': String(10 * 1024 * 1024) } }), 1024 * 1024);
    await expect((await declared('https://graph.microsoft.com/v1.0/x')).text()).rejects.toThrow(/limit/);
    // Answers without a body pass as they are (a 204 may not be given one).
    const empty = limitBodies(async () => new Response(null, { status: 204 }), 1024);
    expect((await empty('https://graph.microsoft.com/v1.0/x')).status).toBe(204);
    const small = limitBodies(async () => Response.json({ value: [] }), 1024);
    expect(await (await small('https://graph.microsoft.com/v1.0/x')).json()).toEqual({ value: [] });
  });

  it('where people work (workLocation) is kept, and a change of it alone reaches viewers as a change', async () => {
    let place = 'office';
    const graph = fakeGraph((url, body) => {
      if (url.pathname.endsWith('/users/delta')) return directoryPage();
      const ids = (body as { ids: string[] }).ids;
      return Response.json({
        value: ids.map((id) => ({ id, availability: 'Available', activity: 'Available', workLocation: { workLocationType: place } })),
      });
    });
    const backplane = new MemoryBackplane();
    await backplane.acquireLease(TENANT, 'a', 60_000);
    const sweeper = new TenantSweeper({
      tenant: TENANT,
      backplane,
      client: clientWith(graph.fetchImpl),
      owner: 'a',
      log: memoryLogger(),
      budgetShare: 1,
    });
    await sweeper.sweep();
    expect((await backplane.load(TENANT))?.records.map((r) => r.workLocation)).toEqual(['office', 'office', 'office']);
    place = 'remote';
    await sweeper.sweep();
    const board = await backplane.load(TENANT);
    expect(board?.records.map((r) => r.workLocation)).toEqual(['remote', 'remote', 'remote']);
    expect(board?.seq).toBe(2);
  });
});
