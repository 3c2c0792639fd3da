import { request } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEmulatorServer, type EmulatorServer } from '../../src/emulator/nodeServer';
import { remoteKeys, templatedIssuers } from '../../relay/auth';
import { MemoryBackplane } from '../../relay/memoryBackplane';
import { AUDIENCE, ISSUER_TEMPLATE, SCOPE, startTestIssuer, TENANT, type TestIssuer } from './support/keys';
import { streamUrl, testRelay } from './support/relays';
import { TestViewer } from './support/sse';

/** What a hostile or careless client can do to the stream endpoint, and what it must not achieve. */
describe('the stream endpoint under abuse', () => {
  const open: Array<{ close(): Promise<void> | void }> = [];
  let emulator: EmulatorServer;
  afterEach(async () => {
    for (const thing of open.splice(0).reverse()) await thing.close();
  });

  async function setUp(issuerOptions: { jwksDelayMs?: number } = {}, overrides: Parameters<typeof testRelay>[3] = {}) {
    emulator = await startEmulatorServer({ users: 50 });
    open.push({ close: () => emulator.close() });
    const issuer: TestIssuer = await startTestIssuer(issuerOptions);
    open.push(issuer);
    const relay = await testRelay(emulator, new MemoryBackplane(), issuer.jwksTemplate, overrides);
    open.push({ close: () => relay.close() });
    return { issuer, relay };
  }

  it('a client that leaves before its stream is answered leaves no viewer behind (no slots taken for good)', async () => {
    // Keys that take a while to fetch keep the request waiting, as Entra's can.
    const { issuer, relay } = await setUp({ jwksDelayMs: 300 }, { maxViewers: 5 });
    const token = await issuer.sign();
    for (let i = 0; i < 6; i++) {
      const req = request(streamUrl(relay), { headers: { Authorization: `Bearer ${token}` } });
      req.on('error', () => undefined);
      req.end();
      await new Promise((resolve) => setTimeout(resolve, 50));
      req.destroy();
    }
    // Every broken request is let go, however long a busy machine takes to notice.
    await vi.waitFor(() => expect(relay.viewerCount()).toBe(0), { timeout: 10_000 });
    const viewer = await TestViewer.open(streamUrl(relay), { Authorization: `Bearer ${token}` });
    open.push(viewer);
    expect(viewer.statusCode).toBe(200);
  });

  it('a stream ends when the token it was opened with expires (by bearer or by ticket), so a revoked viewer cannot listen on', async () => {
    emulator = await startEmulatorServer({ users: 50 });
    open.push({ close: () => emulator.close() });
    const issuer = await startTestIssuer();
    open.push(issuer);
    const relay = await testRelay(emulator, new MemoryBackplane(), issuer.jwksTemplate, {
      auth: {
        tenants: [TENANT],
        audiences: [AUDIENCE],
        issuers: templatedIssuers(ISSUER_TEMPLATE),
        keys: remoteKeys(issuer.jwksTemplate),
        requiredScope: SCOPE,
        clockToleranceSeconds: 0,
      },
    });
    open.push({ close: () => relay.close() });
    // Expires 4-5 s from now: time to open two streams and get a ticket on a busy machine; then both must end.
    const token = await issuer.sign({ expiresIn: Math.floor(Date.now() / 1000) + 5 });
    const byBearer = await TestViewer.open(streamUrl(relay), { Authorization: `Bearer ${token}` });
    open.push(byBearer);
    const answer = await fetch(`${relay.url}/v1/tickets`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    const { streamPath } = (await answer.json()) as { streamPath: string };
    const byTicket = await TestViewer.open(`${relay.url}${streamPath}`);
    open.push(byTicket);
    expect([byBearer.statusCode, byTicket.statusCode]).toEqual([200, 200]);
    await byBearer.until(() => byBearer.ended, 30_000, 'the end of the bearer stream');
    await byTicket.until(() => byTicket.ended, 30_000, 'the end of the ticket stream');
    expect(relay.viewerCount()).toBe(0);
  });

  it('one person cannot take every slot: streams per user are capped (429), others still get in', async () => {
    const { issuer, relay } = await setUp({}, { maxViewers: 50, maxStreamsPerUser: 3 });
    const mine = await issuer.sign({ oid: 'aaaaaaaa-0000-4000-8000-00000000000a' });
    const viewers: TestViewer[] = [];
    for (let i = 0; i < 3; i++) viewers.push(await TestViewer.open(streamUrl(relay), { Authorization: `Bearer ${mine}` }));
    open.push(...viewers);
    expect(viewers.map((v) => v.statusCode)).toEqual([200, 200, 200]);
    const fourth = await fetch(streamUrl(relay), { headers: { Authorization: `Bearer ${mine}` } });
    expect(fourth.status).toBe(429);
    expect(fourth.headers.get('retry-after')).not.toBeNull();
    await fourth.body?.cancel();
    const someoneElse = await TestViewer.open(streamUrl(relay), {
      Authorization: `Bearer ${await issuer.sign({ oid: 'aaaaaaaa-0000-4000-8000-00000000000b' })}`,
    });
    open.push(someoneElse);
    expect(someoneElse.statusCode).toBe(200);
    // A closed stream frees its slot (the relay counts it off when it sees the connection close).
    const before = relay.viewerCount();
    viewers[0]!.close();
    await vi.waitFor(() => expect(relay.viewerCount()).toBe(before - 1), { timeout: 10_000, interval: 20 });
    const again = await TestViewer.open(streamUrl(relay), { Authorization: `Bearer ${mine}` });
    open.push(again);
    expect(again.statusCode).toBe(200);
  });

  it('/healthz tells a caller through a proxy or from another host only that it is up (no tenants, headcount or memory)', async () => {
    const { relay } = await setUp();
    const local = (await (await fetch(`${relay.url}/healthz`)).json()) as Record<string, unknown>;
    expect(local.tenants).toBeDefined(); // the benchmark and an operator on the host read the details
    const proxied = await fetch(`${relay.url}/healthz`, { headers: { 'X-Forwarded-For': '203.0.113.9' } });
    expect(proxied.status).toBe(200);
    const body = (await proxied.json()) as Record<string, unknown>;
    expect(body).toEqual({ ok: true });
  });

  it('a hostile Last-Event-ID (garbage, another epoch, a seq from the future, huge) gets a whole snapshot; an oversized header is refused', async () => {
    const { issuer, relay } = await setUp();
    const auth = { Authorization: `Bearer ${await issuer.sign()}` };
    const first = await TestViewer.open(streamUrl(relay), auth);
    open.push(first);
    await first.until(() => first.board.size === 50, 10_000, 'the board');
    const [epoch] = first.lastEventId!.split(':');
    for (const id of [
      'garbage',
      `${epoch}:-1`,
      `${epoch}:999999999999999`,
      'otherEpoch:1',
      `${epoch}:1e3`,
      `${'x'.repeat(8_000)}:1`,
      `${epoch}:1\r\nevent: fake`,
    ]) {
      // By header, or (a line break cannot go in a header) by the query EventSource clients use.
      const viewer = id.includes('\n')
        ? await TestViewer.open(`${streamUrl(relay)}?lastEventId=${encodeURIComponent(id)}`, auth)
        : await TestViewer.open(streamUrl(relay), { ...auth, 'Last-Event-ID': id });
      open.push(viewer);
      expect(viewer.statusCode, id.slice(0, 40)).toBe(200);
      await viewer.until(() => viewer.board.size === 50, 5_000, `a snapshot for ${id.slice(0, 40)}`);
      expect(viewer.eventsOf('snapshot')).toHaveLength(1);
      expect(viewer.eventsOf('fake')).toHaveLength(0);
      viewer.close();
    }
    const huge = await new Promise<number>((resolve, reject) => {
      const req = request(streamUrl(relay), { headers: { ...auth, 'Last-Event-ID': 'x'.repeat(64 * 1024) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(huge).toBe(431);
  });

  it('one person cannot mint tickets without end (each is stored until it expires): 429 past the rate', async () => {
    const { issuer, relay } = await setUp({}, { maxTicketsPerUserPerMinute: 5 });
    const mine = await issuer.sign({ oid: 'aaaaaaaa-0000-4000-8000-00000000000c' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const answer = await fetch(`${relay.url}/v1/tickets`, { method: 'POST', headers: { Authorization: `Bearer ${mine}` } });
      statuses.push(answer.status);
      await answer.body?.cancel();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const other = await fetch(`${relay.url}/v1/tickets`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await issuer.sign({ oid: 'aaaaaaaa-0000-4000-8000-00000000000d' })}` },
    });
    expect(other.status).toBe(200);
  });
});
