import { describe, expect, it } from 'vitest';
import { chooseDataSource } from '@/auth/dataSource';
import {
  DEFAULT_RUNTIME_CONFIG,
  fetchRuntimeConfig,
  parseRuntimeConfig,
  relayScopeFor,
  runtimeConfigFromEnv,
  withBuildSettings,
} from '@/host/runtimeConfig';
import { isUnderBaseUrl } from '@/graph/endpoints';
import { normaliseGraphBaseUrl } from '@/host/graphBaseUrl';

describe('runtimeConfigFromEnv', () => {
  it('defaults to the global Graph host, no token and a 250-person demo tenant', () => {
    expect(runtimeConfigFromEnv({})).toEqual(DEFAULT_RUNTIME_CONFIG);
    expect(DEFAULT_RUNTIME_CONFIG.graphBaseUrl).toBe('https://graph.microsoft.com/v1.0');
    expect(DEFAULT_RUNTIME_CONFIG.demo.users).toBe(250);
  });

  it('reads GRAPH_TOKEN (with or without "Bearer") and GRAPH_BASE_URL', () => {
    const config = runtimeConfigFromEnv({ GRAPH_TOKEN: 'Bearer abc', GRAPH_BASE_URL: 'http://127.0.0.1:4000/v1.0/' });
    expect(config.graphToken).toBe('abc');
    expect(config.graphBaseUrl).toBe('http://127.0.0.1:4000/v1.0');
  });

  it('reads DEMO_USERS, DEMO_LATENCY_MS and DEMO_DRIFT_MS', () => {
    expect(runtimeConfigFromEnv({ DEMO_USERS: '50000', DEMO_LATENCY_MS: '100', DEMO_DRIFT_MS: '0' }).demo).toEqual({
      users: 50000,
      latencyMs: 100,
      driftEveryMs: 0,
    });
  });

  it('reads REFRESH_SECONDS (default 60); a built-in VITE_REFRESH_SECONDS applies where none is served', () => {
    expect(runtimeConfigFromEnv({}).refreshSeconds).toBe(60);
    expect(runtimeConfigFromEnv({ REFRESH_SECONDS: '120' }).refreshSeconds).toBe(120);
    expect(withBuildSettings(DEFAULT_RUNTIME_CONFIG, { VITE_REFRESH_SECONDS: '300' }).refreshSeconds).toBe(300);
    expect(withBuildSettings(runtimeConfigFromEnv({ REFRESH_SECONDS: '90' }), { VITE_REFRESH_SECONDS: '300' }).refreshSeconds).toBe(90);
    expect(() => withBuildSettings(DEFAULT_RUNTIME_CONFIG, { VITE_REFRESH_SECONDS: 'soon' })).toThrow(/VITE_REFRESH_SECONDS/);
  });

  it.each([
    [{ DEMO_USERS: 'lots' }, /DEMO_USERS/],
    [{ DEMO_USERS: '-1' }, /DEMO_USERS/],
    [{ DEMO_LATENCY_MS: '1.5' }, /DEMO_LATENCY_MS/],
    [{ REFRESH_SECONDS: '5' }, /REFRESH_SECONDS must be a whole number from 30 to 3,600/],
    [{ GRAPH_BASE_URL: 'graph.microsoft.com', GRAPH_TOKEN: 't' }, /not an absolute URL/],
    [{ GRAPH_BASE_URL: 'http://graph.example.com/v1.0', GRAPH_TOKEN: 't' }, /https/],
    [{ GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0' }, /GRAPH_TOKEN/],
  ])('refuses %o with a message naming what to fix', (env, message) => {
    expect(() => runtimeConfigFromEnv(env)).toThrow(message);
  });
});

describe('parseRuntimeConfig and fetchRuntimeConfig', () => {
  it('reads back what the dev server serves', () => {
    const served = runtimeConfigFromEnv({
      CLOUD: 'gcch',
      GRAPH_TOKEN: 't',
      GRAPH_BASE_URL: 'https://graph.microsoft.us/v1.0',
      DEMO_USERS: '9',
    });
    expect(parseRuntimeConfig(JSON.parse(JSON.stringify(served)))).toEqual(served);
    const demo = runtimeConfigFromEnv({ DEMO_USERS: '9' });
    expect(parseRuntimeConfig(JSON.parse(JSON.stringify(demo)))).toEqual(demo);
  });

  it('uses the defaults where a static host has no configuration file', async () => {
    const notFound = () => Promise.resolve(new Response('nope', { status: 404 }));
    const spaFallback = () => Promise.resolve(new Response('<!doctype html>', { headers: { 'Content-Type': 'text/html' } }));
    expect(await fetchRuntimeConfig('/runtime-config.json', notFound)).toEqual(DEFAULT_RUNTIME_CONFIG);
    expect(await fetchRuntimeConfig('/runtime-config.json', spaFallback)).toEqual(DEFAULT_RUNTIME_CONFIG);
    const offline = () => Promise.reject(new TypeError('Failed to fetch'));
    expect(await fetchRuntimeConfig('/runtime-config.json', offline)).toEqual(DEFAULT_RUNTIME_CONFIG);
  });

  it('goes on with the defaults when the configuration does not answer in time, and says so when it is not JSON', async () => {
    const never: typeof fetch = (_url, init) =>
      new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    expect(await fetchRuntimeConfig('/runtime-config.json', never, 30)).toEqual(DEFAULT_RUNTIME_CONFIG);
    const broken = () => Promise.resolve(new Response('{"graphToken":', { headers: { 'Content-Type': 'application/json' } }));
    await expect(fetchRuntimeConfig('/runtime-config.json', broken)).rejects.toThrow(/not valid JSON/);
  });

  it('throws for a configuration file with bad values', async () => {
    const bad = () => Promise.resolve(Response.json({ graphToken: 't', graphBaseUrl: 'ftp://x' }));
    await expect(fetchRuntimeConfig('/runtime-config.json', bad)).rejects.toThrow(/GRAPH_BASE_URL/);
  });
});

describe('chooseDataSource', () => {
  const withClient = runtimeConfigFromEnv({ VITE_CLIENT_ID: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d' });

  it('uses a given token first, against that Graph, with no emulator', () => {
    const source = chooseDataSource(runtimeConfigFromEnv({ GRAPH_TOKEN: 't' }), { demoBuilt: true, nestedAppAuth: true, where: 'host' });
    expect(source).toMatchObject({ token: { kind: 'static', token: 't' }, emulate: null });
  });

  it('signs in through the host where it offers nested app auth and a client id is set', () => {
    expect(chooseDataSource(withClient, { demoBuilt: false, nestedAppAuth: true, where: 'host' })).toMatchObject({
      token: { kind: 'nested-app-auth', clientId: withClient.clientId },
      emulate: null,
    });
    // A demo build keeps its emulated tenant behind the real sign-in flow (the simulated Teams host tests this).
    expect(chooseDataSource(withClient, { demoBuilt: true, nestedAppAuth: true, where: 'host' }).emulate).toEqual(withClient.demo);
  });

  it('signs in by redirect in a plain browser with a client id, against real Graph even in a demo build', () => {
    expect(chooseDataSource(withClient, { demoBuilt: true, nestedAppAuth: false, where: 'browser' })).toMatchObject({
      token: { kind: 'browser-redirect', clientId: withClient.clientId },
      emulate: null,
    });
    expect(chooseDataSource(DEFAULT_RUNTIME_CONFIG, { demoBuilt: true, nestedAppAuth: false, where: 'browser' })).toMatchObject({
      token: { kind: 'demo' },
    });
  });

  it('opens the auth page in a Microsoft 365 host without nested app auth', () => {
    expect(chooseDataSource(withClient, { demoBuilt: false, nestedAppAuth: false, where: 'host' })).toMatchObject({
      token: { kind: 'teams-auth-page' },
      emulate: null,
    });
  });

  it('falls back to the demo tenant where built, else to nothing', () => {
    expect(chooseDataSource(DEFAULT_RUNTIME_CONFIG, { demoBuilt: true, nestedAppAuth: false, where: 'host' })).toMatchObject({
      token: { kind: 'demo' },
    });
    expect(chooseDataSource(DEFAULT_RUNTIME_CONFIG, { demoBuilt: false, nestedAppAuth: true, where: 'host' })).toMatchObject({
      token: { kind: 'none' },
      emulate: null,
    });
  });

  it('never signs in by redirect when a host is there but did not answer (a frame or a phone web view)', () => {
    expect(chooseDataSource(withClient, { demoBuilt: true, nestedAppAuth: false, where: 'unanswered' })).toMatchObject({
      token: { kind: 'host-unanswered' },
      emulate: null,
    });
    // Nothing to sign in to: the demo tenant or a given token still works without the host.
    expect(chooseDataSource(DEFAULT_RUNTIME_CONFIG, { demoBuilt: true, nestedAppAuth: false, where: 'unanswered' })).toMatchObject({
      token: { kind: 'demo' },
    });
  });

  it('refuses a client id that is not a GUID', () => {
    expect(() => runtimeConfigFromEnv({ VITE_CLIENT_ID: 'my-app' })).toThrow(/VITE_CLIENT_ID must be a GUID/);
  });
});

describe('Graph base URL checks', () => {
  it('accepts the national clouds and loopback http, strips the trailing slash', () => {
    expect(normaliseGraphBaseUrl('https://dod-graph.microsoft.us/v1.0/')).toBe('https://dod-graph.microsoft.us/v1.0');
    expect(normaliseGraphBaseUrl('http://localhost:8080/v1.0')).toBe('http://localhost:8080/v1.0');
  });

  it('only lets URLs on the same origin and below the base path through', () => {
    const base = 'https://graph.microsoft.com/v1.0';
    expect(isUnderBaseUrl(new URL('https://graph.microsoft.com/v1.0/users?$top=1'), base)).toBe(true);
    expect(isUnderBaseUrl(new URL('https://graph.microsoft.com/v1.0evil/users'), base)).toBe(false);
    expect(isUnderBaseUrl(new URL('https://graph.microsoft.com.evil.example/v1.0/users'), base)).toBe(false);
    expect(isUnderBaseUrl(new URL('http://graph.microsoft.com/v1.0/users'), base)).toBe(false);
    expect(isUnderBaseUrl(new URL('https://graph.microsoft.com:8443/v1.0/users'), base)).toBe(false);
  });
});

describe('withBuildSettings', () => {
  const built = { VITE_CLIENT_ID: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d', VITE_TENANT_ID: '72f988bf-0000-4000-8000-000000000001' };

  it('takes the client and tenant ids built into the page where the runtime gives none', () => {
    expect(withBuildSettings(DEFAULT_RUNTIME_CONFIG, built)).toMatchObject({
      clientId: built.VITE_CLIENT_ID,
      tenantId: built.VITE_TENANT_ID,
    });
  });

  it('lets the runtime configuration win, and refuses a built id that is not a GUID', () => {
    const runtime = runtimeConfigFromEnv({ VITE_CLIENT_ID: '11111111-2222-4333-8444-555555555555' });
    expect(withBuildSettings(runtime, built).clientId).toBe('11111111-2222-4333-8444-555555555555');
    expect(() => withBuildSettings(DEFAULT_RUNTIME_CONFIG, { VITE_CLIENT_ID: 'oops' })).toThrow(/VITE_CLIENT_ID/);
  });
});

describe('the presence relay settings', () => {
  const clientId = '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d';

  it('reads RELAY_URL (https, or http on loopback) and RELAY_SCOPE; none by default', () => {
    expect(runtimeConfigFromEnv({})).toMatchObject({ relayUrl: null, relayScope: null });
    expect(runtimeConfigFromEnv({ RELAY_URL: 'https://relay.contoso.com/' }).relayUrl).toBe('https://relay.contoso.com');
    expect(runtimeConfigFromEnv({ RELAY_URL: 'http://127.0.0.1:4100' }).relayUrl).toBe('http://127.0.0.1:4100');
    expect(runtimeConfigFromEnv({ RELAY_SCOPE: ' api://x/Presence.Stream ' }).relayScope).toBe('api://x/Presence.Stream');
  });

  it.each([
    [{ RELAY_URL: 'http://relay.contoso.com' }, /RELAY_URL must use https/],
    [{ RELAY_URL: 'relay' }, /RELAY_URL "relay" is not an absolute URL/],
    [{ RELAY_URL: 'https://relay.contoso.com/?x=1' }, /RELAY_URL must not carry/],
    [{ RELAY_URL: 'https://user:pw@relay.contoso.com' }, /RELAY_URL must not carry/],
    [{ RELAY_SCOPE: 'a b' }, /RELAY_SCOPE must be one scope/],
  ])('refuses %o', (env, message) => {
    expect(() => runtimeConfigFromEnv(env)).toThrow(message);
  });

  it('reaches the page through the runtime configuration file', () => {
    expect(parseRuntimeConfig({ relayUrl: 'https://relay.contoso.com', relayScope: 'api://r/Presence.Stream' })).toMatchObject({
      relayUrl: 'https://relay.contoso.com',
      relayScope: 'api://r/Presence.Stream',
    });
    expect(() => parseRuntimeConfig({ relayUrl: 'http://evil.example' })).toThrow(/RELAY_URL/);
  });

  it('takes VITE_RELAY_URL and VITE_RELAY_SCOPE built in where none is served, the served ones winning', () => {
    const built = { VITE_RELAY_URL: 'https://built.contoso.com', VITE_RELAY_SCOPE: 'api://built/Presence.Stream' };
    expect(withBuildSettings(DEFAULT_RUNTIME_CONFIG, built)).toMatchObject({
      relayUrl: 'https://built.contoso.com',
      relayScope: 'api://built/Presence.Stream',
    });
    const served = runtimeConfigFromEnv({ RELAY_URL: 'https://served.contoso.com', RELAY_SCOPE: 'api://served/Presence.Stream' });
    expect(withBuildSettings(served, built)).toMatchObject({
      relayUrl: 'https://served.contoso.com',
      relayScope: 'api://served/Presence.Stream',
    });
    expect(() => withBuildSettings(DEFAULT_RUNTIME_CONFIG, { VITE_RELAY_URL: 'http://x.example' })).toThrow(/VITE_RELAY_URL/);
  });

  it('derives the relay scope from the client id when none is set', () => {
    expect(relayScopeFor({ relayScope: null, clientId })).toBe(`api://${clientId}/Presence.Stream`);
    expect(relayScopeFor({ relayScope: 'api://r/Presence.Stream', clientId })).toBe('api://r/Presence.Stream');
    expect(relayScopeFor({ relayScope: null, clientId: null })).toBeNull();
  });
});
