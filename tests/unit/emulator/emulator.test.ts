import { describe, expect, it } from 'vitest';
import { GraphEmulator } from '@/emulator/graphEmulator';
import { generateTenant, mailLocalPart } from '@/emulator/tenant';
import { emulatedGraphPerFile } from '../support/emulatedGraph';

const graph = emulatedGraphPerFile();
const BASE = 'https://graph.microsoft.com/v1.0';
const auth = { Authorization: 'Bearer t' };

async function json(response: Response) {
  return (await response.json()) as Record<string, unknown>;
}

describe('generated tenant', () => {
  it('is the same for the same seed and size, different for another seed', () => {
    expect(generateTenant(300, 7).users).toEqual(generateTenant(300, 7).users);
    expect(generateTenant(300, 8).users[0]!.id).not.toBe(generateTenant(300, 7).users[0]!.id);
  });

  it('has unique ids and mail, non-ASCII names, people without mail and #EXT# guests', () => {
    const { users } = generateTenant(2000, 1);
    expect(new Set(users.map((u) => u.id)).size).toBe(2000);
    const mails = users.map((u) => u.mail).filter((m): m is string => m !== null);
    expect(new Set(mails).size).toBe(mails.length);
    expect(users.some((u) => /[^ -~]/.test(u.displayName))).toBe(true);
    const withoutMail = users.filter((u) => u.mail === null).length;
    const guests = users.filter((u) => u.userPrincipalName.includes('#EXT#') && u.userType === 'Guest').length;
    expect(withoutMail).toBeGreaterThan(20);
    expect(withoutMail).toBeLessThan(120);
    expect(guests).toBeGreaterThan(50);
    expect(guests).toBeLessThan(200);
  });

  it('gives presence across every availability', () => {
    const { presence } = generateTenant(2000, 1);
    const seen = new Set([...presence.values()].map((p) => p.availability));
    expect([...seen].sort()).toEqual([
      'Available',
      'AvailableIdle',
      'Away',
      'BeRightBack',
      'Busy',
      'BusyIdle',
      'DoNotDisturb',
      'Offline',
      'PresenceUnknown',
    ]);
  });

  it('makes ASCII mail from accented names', () => {
    expect(mailLocalPart('José', 'Ó Súilleabháin')).toBe('jose.osuilleabhain');
    expect(mailLocalPart('Łukasz', 'Jørgensen')).toBe('lukasz.jorgensen');
  });

  it('drifts presence over time only when asked to', () => {
    let now = 0;
    const still = new GraphEmulator({ users: 500, now: () => now });
    const drifting = new GraphEmulator({ users: 500, driftEveryMs: 1000, driftShare: 0.1, now: () => now });
    const before = drifting.users.map((u) => drifting.presenceOf(u.id));
    const stillBefore = still.onlineUserIds();
    now = 5000;
    const changed = drifting.users.filter((u, i) => drifting.presenceOf(u.id) !== before[i]).length;
    expect(changed).toBeGreaterThan(100);
    expect(still.onlineUserIds()).toEqual(stillBefore);
  });
});

describe('emulated Graph endpoints', () => {
  it('answers 401 with Graph error body shape without a bearer token', async () => {
    graph.start();
    const response = await fetch(`${BASE}/users`);
    expect(response.status).toBe(401);
    const body = await json(response);
    expect(body.error).toMatchObject({
      code: 'InvalidAuthenticationToken',
      message: expect.any(String),
      innerError: { 'request-id': expect.any(String) },
    });
  });

  it('pages 100 users by default and refuses $top above 999', async () => {
    graph.start({ users: 250 });
    const first = await json(await fetch(`${BASE}/users`, { headers: auth }));
    expect((first.value as unknown[]).length).toBe(100);
    expect(typeof first['@odata.nextLink']).toBe('string');
    const tooMany = await fetch(`${BASE}/users?$top=1000`, { headers: auth });
    expect(tooMany.status).toBe(400);
    expect((await json(tooMany)).error).toMatchObject({ code: 'Request_UnsupportedQuery' });
  });

  it('honours $select, and refuses unknown properties', async () => {
    graph.start({ users: 3 });
    const page = await json(await fetch(`${BASE}/users?$select=id,mail`, { headers: auth }));
    expect(Object.keys((page.value as object[])[0]!).sort()).toEqual(['id', 'mail']);
    const bad = await fetch(`${BASE}/users?$select=id,shoeSize`, { headers: auth });
    expect(bad.status).toBe(400);
  });

  it('counts only with ConsistencyLevel: eventual, as Graph does (without it $count=true is silently ignored)', async () => {
    graph.start({ users: 42 });
    // aad-advanced-queries, "Error handling": GET /users?$count=true answers 200 without @odata.count.
    const ignored = await fetch(`${BASE}/users?$count=true`, { headers: auth });
    expect(ignored.status).toBe(200);
    expect(await json(ignored)).not.toHaveProperty('@odata.count');
    const page = await json(await fetch(`${BASE}/users?$count=true`, { headers: { ...auth, ConsistencyLevel: 'eventual' } }));
    expect(page['@odata.count']).toBe(42);
  });

  it('uses an opaque page token and refuses a forged one', async () => {
    graph.start({ users: 250 });
    const first = await json(await fetch(`${BASE}/users?$top=10`, { headers: auth }));
    const next = new URL(first['@odata.nextLink'] as string);
    const token = next.searchParams.get('$skiptoken')!;
    expect(token).not.toMatch(/^\d+$/);
    next.searchParams.set('$skiptoken', `${token.slice(0, -2)}AA`);
    expect((await fetch(next, { headers: auth })).status).toBe(400);
  });

  it('refuses more than 650 ids and malformed ids with 400', async () => {
    const emulator = graph.start({ users: 700 });
    const post = (ids: unknown) =>
      fetch(`${BASE}/communications/getPresencesByUserId`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ids }),
      });
    expect((await post(emulator.users.map((u) => u.id))).status).toBe(400);
    expect((await post(['jose@contoso.com'])).status).toBe(400);
    expect((await post('not a list')).status).toBe(400);
    const ok = await post(emulator.users.slice(0, 650).map((u) => u.id.toUpperCase()));
    expect(ok.status).toBe(200);
    expect(((await json(ok)).value as unknown[]).length).toBe(650);
  });

  it('answers PresenceUnknown for an id not in the tenant', async () => {
    graph.start();
    const id = '00000000-0000-4000-8000-000000000000';
    const body = await json(
      await fetch(`${BASE}/communications/getPresencesByUserId`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ids: [id] }),
      }),
    );
    expect(body.value).toEqual([expect.objectContaining({ id, availability: 'PresenceUnknown' })]);
  });

  it('injects 429 with Retry-After and 503 at the rates asked', async () => {
    graph.start({ throttleRate: 0.5, unavailableRate: 0.25, retryAfterSeconds: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) {
      const r = await fetch(`${BASE}/users?$top=1`, { headers: auth });
      statuses.push(r.status);
      if (r.status === 429) expect(r.headers.get('Retry-After')).toBe('3');
    }
    const share = (s: number) => statuses.filter((x) => x === s).length / statuses.length;
    expect(share(429)).toBeGreaterThan(0.35);
    expect(share(429)).toBeLessThan(0.65);
    expect(share(503)).toBeGreaterThan(0.12);
    expect(share(503)).toBeLessThan(0.38);
  });

  it('answers an unknown resource with a Graph error', async () => {
    graph.start();
    const response = await fetch(`${BASE}/me/drive/root/children`, { headers: auth });
    expect(response.status).toBe(400);
    expect((await json(response)).error).toMatchObject({ code: 'BadRequest' });
  });
});
