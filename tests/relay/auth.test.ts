import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type EmulatorServer } from '../../src/emulator/nodeServer';
import { MemoryBackplane } from '../../relay/memoryBackplane';
import type { RunningRelay } from '../../relay/server';
import type { memoryLogger } from '../../relay/log';
import { AUDIENCE, ISSUER_TEMPLATE, OTHER_TENANT, SCOPE, startTestIssuer, TENANT, type TestIssuer } from './support/keys';
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

  it('refuses forged tokens: alg none, HS256 keyed with the public key, an unknown kid, an embedded key, a Graph or app-only token, no user', async () => {
    const issuerUrl = ISSUER_TEMPLATE.replace('{tid}', TENANT);
    const claims = { tid: TENANT, scp: SCOPE, oid: 'aaaaaaaa-0000-4000-8000-000000000001' };
    const now = Math.floor(Date.now() / 1000);
    // alg "none": no signature at all.
    const unsigned = new UnsecuredJWT(claims)
      .setIssuer(issuerUrl)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .encode();
    expect(await status(unsigned)).toBe(401);
    // HS256 with the relay's public key set as the HMAC secret (the classic algorithm confusion).
    const jwks = await (await fetch(issuer.jwksTemplate.replace('{tid}', TENANT))).text();
    for (const secret of [jwks, JSON.stringify((JSON.parse(jwks) as { keys: unknown[] }).keys[0])]) {
      const hs = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', kid: 'test-key' })
        .setIssuer(issuerUrl)
        .setAudience(AUDIENCE)
        .setExpirationTime(now + 600)
        .sign(new TextEncoder().encode(secret));
      expect(await status(hs)).toBe(401);
    }
    // Another key: under an unknown kid, under the real kid, and carried in the header itself (jwk).
    const attacker = await generateKeyPair('RS256');
    for (const header of [{ kid: 'no-such-key' }, { kid: 'test-key' }, { kid: 'x', jwk: await exportJWK(attacker.publicKey) }]) {
      const forged = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', ...header })
        .setIssuer(issuerUrl)
        .setAudience(AUDIENCE)
        .setExpirationTime(now + 600)
        .sign(attacker.privateKey);
      expect(await status(forged)).toBe(401);
    }
    // A Graph token from the same tenant and keys (another audience), and an app-only token (roles, no scp).
    expect(await status(await issuer.sign({ aud: 'https://graph.microsoft.com', scp: 'User.Read Presence.Read.All' }))).toBe(401);
    expect(await status(await issuer.sign({ aud: '00000003-0000-0000-c000-000000000000' }))).toBe(401);
    expect(await status(await issuer.sign({ scp: undefined, roles: ['Presence.Stream'] }))).toBe(403);
    // A tid that is not a GUID; a token that names no user (streams are counted per user).
    expect(await status(await issuer.sign({ tid: '../../common' }))).toBe(401);
    expect(await status(await issuer.sign({ oid: undefined, sub: undefined }))).toBe(401);
  });

  it("when the tenant's keys cannot be fetched, says so (503, try again) instead of calling a good token bad (401)", async () => {
    const keysDown = await startTestIssuer();
    const other = await testRelay(emulator, new MemoryBackplane(), keysDown.jwksTemplate);
    try {
      const token = await keysDown.sign();
      used.push(token);
      keysDown.setDown(true);
      const down = await fetch(`${other.url}/v1/tickets`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
      expect(down.status).toBe(503);
      expect(down.headers.get('retry-after')).not.toBeNull();
      await down.body?.cancel();
      keysDown.setDown(false);
      const back = await fetch(`${other.url}/v1/tickets`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
      expect(back.status).toBe(200);
      await back.body?.cancel();
    } finally {
      await other.close();
      await keysDown.close();
    }
  });

  it('tickets: for its own tenant only, within their time, never guessed', async () => {
    const token = await issuer.sign();
    used.push(token);
    const ticketFor = async () => {
      const answer = await fetch(`${relay.url}/v1/tickets`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
      const body = (await answer.json()) as { ticket: string };
      used.push(body.ticket);
      return body.ticket;
    };
    const withTicket = (ticket: string, tenant = TENANT) => `${streamUrl(relay, tenant)}?ticket=${encodeURIComponent(ticket)}`;
    expect(await status(null, withTicket(await ticketFor(), OTHER_TENANT))).toBe(403);
    expect(await status(null, withTicket('A'.repeat(43)))).toBe(401);
    expect(await status(null, withTicket('not a ticket'))).toBe(401);
    // Two redeem at once: one stream, one refusal.
    const ticket = await ticketFor();
    const both = await Promise.all([fetch(withTicket(ticket)), fetch(withTicket(ticket))]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 401]);
    for (const r of both) await r.body?.cancel();
    const shortLived = await testRelay(emulator, new MemoryBackplane(), issuer.jwksTemplate, { ticketTtlMs: 150 });
    try {
      const answer = await fetch(`${shortLived.url}/v1/tickets`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
      const { streamPath } = (await answer.json()) as { streamPath: string };
      await new Promise((resolve) => setTimeout(resolve, 300));
      const late = await fetch(`${shortLived.url}${streamPath}`);
      expect(late.status).toBe(401);
      await late.body?.cancel();
    } finally {
      await shortLived.close();
    }
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
