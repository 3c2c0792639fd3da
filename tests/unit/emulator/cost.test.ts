import { afterEach, describe, expect, it } from 'vitest';
import { startEmulatorServer, type EmulatorServer } from '@/emulator/nodeServer';
import { countEmulator, graphCostFromEnv, preflightsABrowserSends, REMOTE_GRAPH } from '../../bench/support/graphCost';

const auth = { Authorization: 'Bearer t' };
let server: EmulatorServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A CORS preflight as a browser sends it before a GET with an Authorization header. */
function preflight(url: string, requestHeaders = 'authorization,consistencylevel'): Promise<Response> {
  return fetch(url, {
    method: 'OPTIONS',
    headers: {
      Origin: 'https://tab.contoso.example',
      'Access-Control-Request-Method': 'GET',
      'Access-Control-Request-Headers': requestHeaders,
    },
  });
}

describe('what the emulated Graph charges', () => {
  it('answers a preflight with CORS headers and counts it apart from Graph requests', async () => {
    server = await startEmulatorServer({ users: 30, preflightMaxAgeSeconds: 7200 });
    const url = `${server.baseUrl}/users?$top=10`;
    const answer = await preflight(url);
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('access-control-allow-methods')).toContain('GET');
    expect(answer.headers.get('access-control-allow-headers')).toBe('authorization,consistencylevel');
    expect(answer.headers.get('access-control-max-age')).toBe('7200');
    expect((await fetch(url, { headers: auth })).status).toBe(200);
    expect(server.emulator.preflights.map((p) => p.url)).toEqual([url]);
    expect(countEmulator(server.emulator)).toMatchObject({ httpRequests: 1, graphRequests: 1, usersPages: 1, preflights: 1 });
  });

  it('charges a users page its latency plus server time growing with the page: base + k × users', async () => {
    server = await startEmulatorServer({ users: 30, serverBaseMs: 3, serverMsPerItem: 0.5 });
    const page = (await (await fetch(`${server.baseUrl}/users?$top=20`, { headers: auth })).json()) as { '@odata.nextLink': string };
    await fetch(page['@odata.nextLink'], { headers: auth });
    expect(server.emulator.requests.map((r) => r.serverMs)).toEqual([3 + 0.5 * 20, 3 + 0.5 * 10]);
    // A refusal carries no users: the base only.
    await fetch(`${server.baseUrl}/users?$top=1000`, { headers: auth });
    expect(server.emulator.requests.at(-1)!.serverMs).toBe(3);
    expect(countEmulator(server.emulator)).toMatchObject({ httpRequests: 3, usersPages: 3, serverMs: 13 + 8 + 3 });
  });

  it('charges a presence call by the ids it asks about', async () => {
    server = await startEmulatorServer({ users: 30, serverMsPerItem: 1 });
    const ids = server.emulator.users.slice(0, 12).map((u) => u.id);
    await fetch(`${server.baseUrl}/communications/getPresencesByUserId`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ids }),
    });
    expect(server.emulator.requests[0]!.serverMs).toBe(12);
  });

  it('counts a batch as one HTTP request holding several Graph requests', async () => {
    server = await startEmulatorServer({ users: 30 });
    await fetch(`${server.baseUrl}/$batch`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        requests: [
          { id: '1', method: 'GET', url: '/users?$top=5' },
          { id: '2', method: 'GET', url: "/users?$filter=startswith(displayName,'a')" },
          { id: '3', method: 'GET', url: '/me' },
        ],
      }),
    });
    expect(countEmulator(server.emulator)).toMatchObject({ httpRequests: 1, graphRequests: 3, batches: 1, usersPages: 2 });
  });
});

describe("the browser's preflights, modelled for tests without a browser", () => {
  it('one per new URL within the max age: each $skiptoken page one, repeated presence calls one', () => {
    const at = (url: string, method: string, receivedAt: number) => ({ url, method, receivedAt, status: 200, authorization: 'Bearer t' });
    const log = [
      at('https://g/v1.0/users?$top=999', 'GET', 0),
      at('https://g/v1.0/users?$top=999&$skiptoken=A', 'GET', 100),
      at('https://g/v1.0/communications/getPresencesByUserId', 'POST', 150),
      at('https://g/v1.0/users?$top=999&$skiptoken=B', 'GET', 200),
      at('https://g/v1.0/communications/getPresencesByUserId', 'POST', 250),
      at('https://g/v1.0/communications/getPresencesByUserId', 'POST', 601_000),
    ];
    expect(preflightsABrowserSends(log)).toBe(5);
    expect(preflightsABrowserSends(log, 7200)).toBe(4);
  });
});

describe('the benches’ cost knobs', () => {
  it('default to the remote Graph issue 21 models, each overridable from the environment, and refuse nonsense', () => {
    expect(graphCostFromEnv({})).toEqual(REMOTE_GRAPH);
    expect(graphCostFromEnv({ BENCH_PREFLIGHT_MS: '0', BENCH_SERVER_MS_PER_ITEM: '0.2' })).toEqual({
      ...REMOTE_GRAPH,
      preflightLatencyMs: 0,
      serverMsPerItem: 0.2,
    });
    expect(() => graphCostFromEnv({ BENCH_LATENCY_MS: 'fast' })).toThrow(/BENCH_LATENCY_MS/);
  });
});
