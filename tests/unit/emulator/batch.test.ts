import { describe, expect, it } from 'vitest';
import { emulatedGraphPerFile } from '../support/emulatedGraph';

const graph = emulatedGraphPerFile();
const BASE = 'https://graph.microsoft.com/v1.0';
const auth = { Authorization: 'Bearer t' };

type Item = { id: string; status: number; headers?: Record<string, string>; body?: Record<string, unknown> };

async function batch(
  requests: unknown[],
): Promise<{ status: number; body: { responses?: Item[]; error?: { code: string; message: string } } }> {
  const response = await fetch(`${BASE}/$batch`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ requests }),
  });
  return { status: response.status, body: (await response.json()) as { responses?: Item[]; error?: { code: string; message: string } } };
}

const byId = (items: Item[] | undefined) => new Map((items ?? []).map((item) => [item.id, item]));

describe('JSON batching', () => {
  it('answers users pages with filters and presence in one call, each with its own status, headers and body', async () => {
    const emulator = graph.start({ users: 30 });
    const ids = emulator.users.slice(0, 3).map((u) => u.id);
    const { status, body } = await batch([
      {
        id: 'a',
        method: 'GET',
        url: `/users?$select=id,displayName&$top=5&$count=true&$filter=${encodeURIComponent("displayName ne 'nobody'")}`,
        headers: { ConsistencyLevel: 'eventual' },
      },
      { id: 'b', method: 'GET', url: 'users?$select=id&$top=999' },
      {
        id: 'c',
        method: 'POST',
        url: '/communications/getPresencesByUserId',
        headers: { 'Content-Type': 'application/json' },
        body: { ids },
      },
      { id: 'd', method: 'GET', url: `/users?$filter=${encodeURIComponent("displayName ne 'nobody'")}` },
    ]);
    expect(status).toBe(200);
    const items = byId(body.responses);
    expect(items.get('a')).toMatchObject({ status: 200, body: { '@odata.count': 30 } });
    expect((items.get('a')!.body!.value as unknown[]).length).toBe(5);
    expect(typeof items.get('a')!.body!['@odata.nextLink']).toBe('string');
    expect(items.get('a')!.headers!['Content-Type']).toMatch(/application\/json/);
    expect((items.get('b')!.body!.value as unknown[]).length).toBe(30);
    expect((items.get('c')!.body!.value as Array<{ id: string }>).map((p) => p.id)).toEqual(ids);
    // A request inside a batch is judged on its own: 'ne' without ConsistencyLevel is refused there alone.
    expect(items.get('d')).toMatchObject({ status: 400, body: { error: { code: 'Request_UnsupportedQuery' } } });
    // One HTTP request in the log, with the requests it held.
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]).toMatchObject({ idCount: 4, batchUrls: expect.arrayContaining(['users?$select=id&$top=999']) });
    // Each request inside is logged on the batch as it was answered: tests assert per-request facts through it.
    const logged = emulator.requests[0]!.batchItems!;
    expect(logged.map((r) => [r.url.split('?')[0], r.status, r.idCount])).toEqual([
      ['/users', 200, undefined],
      ['users', 200, undefined],
      ['/communications/getPresencesByUserId', 200, 3],
      ['/users', 400, undefined],
    ]);
  });

  it('refuses more than 20 requests, as Graph words it', async () => {
    graph.start({ users: 5 });
    const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: '/users?$top=1' }));
    expect(await batch(requests)).toMatchObject({
      status: 400,
      body: { error: { code: 'BadRequest', message: 'Number of requests inside batch exceeds the limit.' } },
    });
    expect((await batch(requests.slice(0, 20))).status).toBe(200);
  });

  it.each([
    [
      'a repeated id (in any case)',
      [
        { id: 'x', method: 'GET', url: '/users' },
        { id: 'X', method: 'GET', url: '/users' },
      ],
    ],
    ['an absolute URL', [{ id: '1', method: 'GET', url: 'https://graph.microsoft.com/v1.0/users' }]],
    ['a body without Content-Type', [{ id: '1', method: 'POST', url: '/communications/getPresencesByUserId', body: { ids: [] } }]],
    ['a request without a method', [{ id: '1', url: '/users' }]],
    [
      'dependsOn more than one request',
      [
        { id: '1', method: 'GET', url: '/users' },
        { id: '2', method: 'GET', url: '/users' },
        { id: '3', method: 'GET', url: '/users', dependsOn: ['1', '2'] },
      ],
    ],
    ['dependsOn a request not in the batch', [{ id: '1', method: 'GET', url: '/users', dependsOn: ['9'] }]],
    [
      'dependsOn in a circle',
      [
        { id: '1', method: 'GET', url: '/users', dependsOn: ['2'] },
        { id: '2', method: 'GET', url: '/users', dependsOn: ['1'] },
      ],
    ],
    ['no requests', []],
  ])('refuses the whole batch with 400 for %s', async (_, requests) => {
    const emulator = graph.start({ users: 5 });
    expect(await batch(requests)).toMatchObject({ status: 400, body: { error: { code: 'BadRequest' } } });
    // Refused whole: no request inside was answered.
    expect(emulator.requests[0]).toMatchObject({ status: 400, batchItems: [] });
  });

  it('runs dependsOn in order and answers 424 for a request whose dependency failed', async () => {
    const emulator = graph.start({ users: 5 });
    const { status, body } = await batch([
      { id: '3', method: 'GET', url: '/users?$top=1', dependsOn: ['2'] },
      { id: '1', method: 'GET', url: '/users?$top=1000' },
      { id: '2', method: 'GET', url: '/users?$top=1', dependsOn: ['1'] },
      { id: '4', method: 'GET', url: '/users?$top=2' },
    ]);
    expect(status).toBe(200);
    const items = byId(body.responses);
    expect(items.get('1')!.status).toBe(400);
    expect(items.get('2')!.status).toBe(424);
    expect(items.get('3')!.status).toBe(424);
    expect(items.get('4')!.status).toBe(200);
    // Logged in the order answered: a dependent after what it depends on.
    expect(emulator.requests[0]!.batchItems!.map((r) => [r.url, r.status])).toEqual([
      ['/users?$top=1000', 400],
      ['/users?$top=1', 424],
      ['/users?$top=1', 424],
      ['/users?$top=2', 200],
    ]);
  });

  it('throttles requests inside a batch one by one, each 429 with its own Retry-After', async () => {
    graph.start({ users: 5, throttleRate: 0.5, retryAfterSeconds: 7 });
    const requests = Array.from({ length: 20 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: '/users?$top=1' }));
    // The batch itself can be throttled too; try until one gets through whole.
    let answered: Item[] | undefined;
    for (let i = 0; i < 20 && !answered; i++) {
      const { status, body } = await batch(requests);
      if (status === 200) answered = body.responses;
    }
    const statuses = (answered ?? []).map((item) => item.status);
    expect(statuses).toContain(200);
    expect(statuses).toContain(429);
    for (const item of answered!.filter((r) => r.status === 429)) {
      expect(item.headers!['Retry-After']).toBe('7');
      expect(item.body).toMatchObject({ error: { code: 'TooManyRequests' } });
    }
  });

  it('refuses a batch inside a batch, and answers an unknown resource or an unsendable header inside on its own', async () => {
    graph.start({ users: 5 });
    const { body } = await batch([
      { id: '1', method: 'POST', url: '/$batch', headers: { 'Content-Type': 'application/json' }, body: { requests: [] } },
      { id: '2', method: 'GET', url: '/me/drive/root/children' },
      { id: '3', method: 'GET', url: '/users', headers: { 'X-Broken': 'line\nbreak' } },
    ]);
    const items = byId(body.responses);
    expect(items.get('1')!.status).toBe(400);
    expect(items.get('2')).toMatchObject({ status: 400, body: { error: { code: 'BadRequest' } } });
    expect(items.get('3')).toMatchObject({ status: 400, body: { error: { code: 'BadRequest' } } });
  });

  it('pays the request latency once and the longest server time of requests run side by side; a dependsOn chain adds up', async () => {
    const emulator = graph.start({ users: 40, serverBaseMs: 10, serverMsPerItem: 1 });
    const page = (id: string, top: number, dependsOn?: string) => ({
      id,
      method: 'GET',
      url: `/users?$select=id&$top=${top}`,
      ...(dependsOn ? { dependsOn: [dependsOn] } : {}),
    });
    await batch([page('1', 5), page('2', 30), page('3', 12)]);
    // Side by side: the longest, 10 + 30.
    expect(emulator.requests.at(-1)!.serverMs).toBe(40);
    await batch([page('1', 5), page('2', 30, '1'), page('3', 12, '2')]);
    // One after another: (10 + 5) + (10 + 30) + (10 + 12).
    expect(emulator.requests.at(-1)!.serverMs).toBe(77);
    expect(emulator.requests).toHaveLength(2);
  });
});
