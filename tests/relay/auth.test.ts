import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type EmulatorServer } from '../../src/emulator/nodeServer';
import { MemoryBackplane } from '../../relay/memoryBackplane';
import type { RunningRelay } from '../../relay/server';
import type { memoryLogger } from '../../relay/log';
import { AUDIENCE, OTHER_TENANT, startTestIssuer, TENANT, type TestIssuer } from './support/keys';
import { APP_TOKEN, streamUrl, testRelay } from './support/relays';
import { TestViewer } from './support/sse';

describe('who may listen', () => {
  let emulator: EmulatorServer;
  let issuer: TestIssuer;
  let relay: RunningRelay & { log: ReturnType<typeof memoryLogger> };
  const used: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulatorServer({ users: 100 });
    issuer = await startTestIssuer();
    relay = await testRelay(emulator, new MemoryBackplane(), issuer.jwksTemplate, { tenants: [TENANT] });
  });
  afterAll(async () => {
    await relay.close();
    await issuer.close();
    await emulator.close();
  });

  async function status(token: string | null, url = streamUrl(relay)): Promise<number> {
    if (token) used.push(token);
    const answer = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    await answer.body?.cancel();
    return answer.status;
  }

  it('streams to a good token, and says where from (CORS) only to configured origins', async () => {
    const token = await issuer.sign();
    used.push(token);
    const viewer = await TestViewer.open(streamUrl(relay), { Authorization: `Bearer ${token}` });
    expect(viewer.statusCode).toBe(200);
    await viewer.until(() => viewer.eventsOf('snapshot').length > 0);
    viewer.close();
    const allowed = await fetch(streamUrl(relay), { method: 'OPTIONS', headers: { Origin: 'https://tab.contoso.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://tab.contoso.example');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('Last-Event-ID');
    const other = await fetch(streamUrl(relay), { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses no token, a wrong issuer, audience or tenant, an expired or not-yet-valid token, a foreign signature, a missing scope', async () => {
    expect(await status(null)).toBe(401);
    expect(await status('not-a-jwt')).toBe(401);
    expect(await status(await issuer.sign({}, { issuer: 'https://issuer.test/someone-else/v2.0' }))).toBe(401);
    expect(await status(await issuer.sign({ aud: 'api://another-app' }))).toBe(401);
    expect(await status(await issuer.sign({ tid: OTHER_TENANT }))).toBe(401);
    expect(await status(await issuer.sign({ expiresIn: Math.floor(Date.now() / 1000) - 600 }))).toBe(401);
    expect(await status(await issuer.sign({ nbf: Math.floor(Date.now() / 1000) + 3_600 }))).toBe(401);
    expect(await status(await issuer.sign({}, { foreignKey: true }))).toBe(401);
    expect(await status(await issuer.sign({ scp: 'User.Read' }))).toBe(403);
    // A good token streams its own tenant only.
    expect(await status(await issuer.sign(), streamUrl(relay, OTHER_TENANT))).toBe(403);
    expect(AUDIENCE).toContain('api://');
  });

  it('trades a token for a one-time ticket that opens one stream (EventSource sends no headers)', async () => {
    const token = await issuer.sign();
    used.push(token);
    const answer = await fetch(`${relay.url}/v1/tickets`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const { ticket, streamPath } = (await answer.json()) as { ticket: string; streamPath: string };
    used.push(ticket);
    const viewer = await TestViewer.open(`${relay.url}${streamPath}`);
    expect(viewer.statusCode).toBe(200);
    await viewer.until(() => viewer.eventsOf('snapshot').length > 0);
    viewer.close();
    expect(await status(null, `${relay.url}${streamPath}`)).toBe(401); // used up
    expect((await fetch(`${relay.url}/v1/tickets`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${relay.url}/v1/tickets`, { method: 'POST', headers: { Authorization: 'Bearer x.y.z' } })).status).toBe(401);
  });

  it('logs no token, ticket or app token', () => {
    const text = relay.log.lines.join('\n');
    expect(relay.log.lines.some((l) => l.includes('viewer refused'))).toBe(true);
    expect(used.length).toBeGreaterThan(5);
    for (const secret of [...used, APP_TOKEN]) expect(text).not.toContain(secret);
    expect(text).not.toContain('ticket=');
  });
});
