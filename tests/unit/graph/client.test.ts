import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { GraphError } from '@/graph/errors';
import { getPresences, MAX_IDS_PER_PRESENCE_CALL } from '@/graph/presence';
import { listUserPages } from '@/graph/users';
import { recordingSleep, testClient, TEST_TOKEN, emulatedGraphPerFile } from '../support/emulatedGraph';

const graph = emulatedGraphPerFile();

async function allUsers(client: ReturnType<typeof testClient>, signal?: AbortSignal) {
  const pages = [];
  for await (const page of listUserPages(client, signal)) pages.push(page);
  return pages;
}

describe('listing users', () => {
  it('follows @odata.nextLink over every page of 2,500 users, asking for 999 a page and only the fields used', async () => {
    const emulator = graph.start({ users: 2500 });
    const pages = [];
    for await (const page of listUserPages(testClient(), undefined, undefined, 'basic')) pages.push(page);
    expect(pages.map((p) => p.users.length)).toEqual([999, 999, 502]);
    expect(pages.flatMap((p) => p.users.map((u) => u.id))).toEqual(emulator.users.map((u) => u.id));
    expect(pages[0]!.totalCount).toBe(2500);
    const first = new URL(emulator.requests[0]!.url);
    expect(first.searchParams.get('$top')).toBe('999');
    expect(first.searchParams.get('$select')).toBe('id,displayName,mail,userPrincipalName');
    expect(Object.keys(pages[0]!.users[0]!).sort()).toEqual(['displayName', 'id', 'mail', 'userPrincipalName']);
  });

  it('with User.Read.All granted, reads job title, department, office, account state and user type too', async () => {
    const emulator = graph.start({ users: 300 });
    const pages = await allUsers(testClient());
    expect(emulator.requests).toHaveLength(1);
    const user = pages[0]!.users.find((u) => u.id === emulator.users[0]!.id)!;
    const source = emulator.users[0]!;
    expect(user).toMatchObject({
      jobTitle: source.jobTitle,
      department: source.department,
      officeLocation: source.officeLocation,
      accountEnabled: source.accountEnabled,
      userType: source.userType,
    });
  });

  it('without User.Read.All (403 on the profile fields), asks again for the basic fields and keeps going', async () => {
    const emulator = graph.start({ users: 1200, userReadAll: false });
    const pages = await allUsers(testClient());
    expect(pages.flatMap((p) => p.users)).toHaveLength(1200);
    expect(pages[0]!.totalCount).toBe(1200);
    expect(emulator.requests.map((r) => r.status)).toEqual([403, 200, 200]);
    expect(new URL(emulator.requests[1]!.url).searchParams.get('$select')).toBe('id,displayName,mail,userPrincipalName');
    expect('department' in pages[0]!.users[0]!).toBe(false);
  });

  it('takes whatever page size the server chooses', async () => {
    const emulator = graph.start({ users: 1000, maxPageSize: 137 });
    const pages = await allUsers(testClient());
    expect(pages).toHaveLength(8);
    expect(pages.flatMap((p) => p.users)).toHaveLength(1000);
    expect(emulator.requests.every((r) => r.status === 200)).toBe(true);
  });

  it('asks again without $count when a Graph-compatible server refuses it, and shows no total', async () => {
    const emulator = graph.start({ users: 1500 });
    let refused = 0;
    graph.server.use(
      http.get('https://graph.microsoft.com/v1.0/users', ({ request }) => {
        if (!new URL(request.url).searchParams.has('$count')) return undefined;
        refused++;
        return HttpResponse.json({ error: { code: 'BadRequest', message: 'Query option $count is not allowed.' } }, { status: 400 });
      }),
    );
    const pages = await allUsers(testClient());
    expect(refused).toBe(1);
    expect(pages.flatMap((p) => p.users)).toHaveLength(1500);
    expect(pages.every((p) => p.totalCount === null)).toBe(true);
    expect(emulator.requests).toHaveLength(2);
  });

  it("lists only a team's members when asked for a group, paging like users", async () => {
    const emulator = graph.start({ users: 3000, groups: { 'aaaaaaaa-0000-4000-8000-00000000000a': 1500 } });
    const pages = [];
    for await (const page of listUserPages(testClient(), undefined, { kind: 'group', groupId: 'aaaaaaaa-0000-4000-8000-00000000000a' }))
      pages.push(page);
    expect(pages.map((p) => p.users.length)).toEqual([999, 501]);
    expect(pages[0]!.totalCount).toBe(1500);
    expect(pages.flatMap((p) => p.users.map((u) => u.id))).toEqual(emulator.users.slice(0, 1500).map((u) => u.id));
    expect(new URL(emulator.requests[0]!.url).pathname).toBe(
      '/v1.0/groups/aaaaaaaa-0000-4000-8000-00000000000a/members/microsoft.graph.user',
    );
  });

  it('reports an unknown group as a refused request', async () => {
    graph.start();
    const run = (async () => {
      for await (const page of listUserPages(testClient(), undefined, { kind: 'group', groupId: 'bbbbbbbb-0000-4000-8000-00000000000b' }))
        void page;
    })();
    await expect(run).rejects.toMatchObject({ kind: 'bad-request', status: 404 });
  });

  it('keeps users without mail and guests', async () => {
    graph.start({ users: 400 });
    const users = (await allUsers(testClient())).flatMap((p) => p.users);
    expect(users.some((u) => u.mail === null)).toBe(true);
    expect(users.some((u) => u.userPrincipalName?.includes('#EXT#'))).toBe(true);
  });

  it('refuses a nextLink to another host and never sends the token there', async () => {
    graph.start({ users: 10 });
    let hostileCalls = 0;
    graph.server.use(
      http.get('https://graph.microsoft.com/v1.0/users', () =>
        HttpResponse.json({ value: [{ id: '1', displayName: 'A' }], '@odata.nextLink': 'https://evil.example/v1.0/users?$skiptoken=x' }),
      ),
      http.get('https://evil.example/*', () => {
        hostileCalls++;
        return HttpResponse.json({ value: [] });
      }),
    );
    const pages: unknown[] = [];
    const error = await (async () => {
      for await (const page of listUserPages(testClient())) pages.push(page);
    })().catch((e: unknown) => e);
    expect(pages).toHaveLength(1);
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).kind).toBe('untrusted-url');
    expect(hostileCalls).toBe(0);
  });

  it('refuses a redirect on users page 2: nothing reaches the other host, and a typed error says so', async () => {
    graph.start({ users: 2500 });
    let elsewhere = 0;
    graph.server.use(
      http.get('https://graph.microsoft.com/v1.0/users', ({ request }) =>
        new URL(request.url).searchParams.has('$skiptoken')
          ? new HttpResponse(null, { status: 307, headers: { Location: 'https://graph.example.net/v1.0/users?$skiptoken=x' } })
          : undefined,
      ),
      http.all('https://graph.example.net/*', () => {
        elsewhere++;
        return HttpResponse.json({ value: [] });
      }),
    );
    const pages: unknown[] = [];
    const error = await (async () => {
      for await (const page of listUserPages(testClient())) pages.push(page);
    })().catch((e: unknown) => e);
    expect(pages).toHaveLength(1);
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ kind: 'redirect', status: 307, attempts: 1 });
    expect((error as Error).message).toContain('graph.example.net');
    expect(elsewhere).toBe(0);
  });

  it('refuses a nextLink outside the base path on the same host', async () => {
    graph.start();
    graph.server.use(
      http.get('https://graph.microsoft.com/v1.0/users', () =>
        HttpResponse.json({ value: [], '@odata.nextLink': 'https://graph.microsoft.com/beta/users?$skiptoken=x' }),
      ),
    );
    await expect(allUsers(testClient())).rejects.toMatchObject({ kind: 'untrusted-url' });
  });

  it('stops when a nextLink repeats instead of looping', async () => {
    graph.start();
    let calls = 0;
    graph.server.use(
      http.get('https://graph.microsoft.com/v1.0/users', () => {
        calls++;
        return HttpResponse.json({
          value: [{ id: String(calls), displayName: 'A' }],
          '@odata.nextLink': 'https://graph.microsoft.com/v1.0/users?$skiptoken=same',
        });
      }),
    );
    const pages = await allUsers(testClient());
    expect(pages).toHaveLength(2);
    expect(calls).toBe(2);
  });

  it('talks to a national cloud host when configured, with the token only there', async () => {
    const emulator = graph.start({ users: 5 }, 'https://graph.microsoft.us/v1.0');
    const pages = await allUsers(testClient({ baseUrl: 'https://graph.microsoft.us/v1.0' }));
    expect(pages[0]!.users).toHaveLength(5);
    expect(emulator.requests.every((r) => r.url.startsWith('https://graph.microsoft.us/v1.0/'))).toBe(true);
  });
});

describe('presence', () => {
  it('refuses more than 650 ids before calling Graph', async () => {
    const emulator = graph.start();
    const ids = Array.from({ length: MAX_IDS_PER_PRESENCE_CALL + 1 }, () => crypto.randomUUID());
    await expect(getPresences(testClient(), ids)).rejects.toThrow(RangeError);
    expect(emulator.requests).toHaveLength(0);
  });

  it('refuses an id that is not a user object id (GUID) before calling Graph', async () => {
    const emulator = graph.start();
    await expect(getPresences(testClient(), [crypto.randomUUID(), 'ana@contoso.com'])).rejects.toThrow(/GUID/);
    expect(emulator.requests).toHaveLength(0);
  });

  it('returns presence for 650 ids with the status message as plain text', async () => {
    const emulator = graph.start({ users: 700 });
    emulator.setPresence(emulator.users[0]!.id, {
      availability: 'Busy',
      activity: 'InAMeeting',
      statusMessage: '<b>Back</b> at 3 &amp; later',
    });
    const ids = emulator.users.slice(0, 650).map((u) => u.id);
    const records = await getPresences(testClient(), ids);
    expect(records).toHaveLength(650);
    expect(records[0]).toMatchObject({ availability: 'Busy', activity: 'InAMeeting', statusMessage: 'Back at 3 & later' });
  });
  it('returns automatic replies (out-of-office messages) as plain text too', async () => {
    const emulator = graph.start({ users: 3 });
    const away = emulator.users[1]!.id;
    emulator.setPresence(away, {
      availability: 'Offline',
      activity: 'OutOfOffice',
      isOutOfOffice: true,
      outOfOfficeMessage: '<html><body><p>Away until <b>Monday</b></p><script>alert(1)</script>Mail&nbsp;<i>Ana</i> &amp; co</body></html>',
    });
    const records = await getPresences(
      testClient(),
      emulator.users.map((u) => u.id),
    );
    expect(records.find((r) => r.id === away)).toMatchObject({
      isOutOfOffice: true,
      outOfOfficeMessage: 'Away until Monday Mail Ana & co',
    });
  });

  it('refuses a redirect on a presence call: the ids are posted nowhere else', async () => {
    const emulator = graph.start({ users: 10 });
    const posted: string[] = [];
    graph.server.use(
      http.post(
        'https://graph.microsoft.com/v1.0/communications/getPresencesByUserId',
        () => new HttpResponse(null, { status: 307, headers: { Location: 'https://collector.example/presence' } }),
      ),
      http.all('https://collector.example/*', async ({ request }) => {
        posted.push(await request.text());
        return HttpResponse.json({ value: [] });
      }),
    );
    const ids = emulator.users.map((u) => u.id);
    await expect(getPresences(testClient(), ids)).rejects.toMatchObject({ kind: 'redirect', status: 307, attempts: 1 });
    expect(posted).toEqual([]);
  });
});

describe('retries and errors', () => {
  it('waits Retry-After after a 429 and then succeeds', async () => {
    const emulator = graph.start({ users: 3, retryAfterSeconds: 7 });
    emulator.throttleRate = 1;
    const { waits, sleep } = recordingSleep();
    const client = testClient({
      sleep: async (ms, signal) => {
        await sleep(ms, signal);
        emulator.throttleRate = 0;
      },
    });
    const pages = await allUsers(client);
    expect(pages[0]!.users).toHaveLength(3);
    expect(waits).toEqual([7000]);
    expect(emulator.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(client.throttledCount).toBe(1);
  });

  it('waits at most 30 s whatever Retry-After asks for, in seconds or as a date', async () => {
    graph.start();
    const asked = ['3600', new Date(Date.now() + 10 * 60_000).toUTCString()];
    let calls = 0;
    graph.server.use(
      http.post('https://graph.microsoft.com/v1.0/communications/getPresencesByUserId', () => {
        const retryAfter = asked[calls++];
        return retryAfter === undefined
          ? HttpResponse.json({ value: [] })
          : HttpResponse.json(
              { error: { code: 'TooManyRequests', message: 'Slow down' } },
              { status: 429, headers: { 'Retry-After': retryAfter } },
            );
      }),
    );
    const { waits, sleep } = recordingSleep();
    await getPresences(testClient({ sleep }), [crypto.randomUUID()]);
    expect(waits).toEqual([30_000, 30_000]);
  });

  it('backs off exponentially when Retry-After is unreadable, and gives up after the attempts allowed with a typed error', async () => {
    graph.start();
    let calls = 0;
    graph.server.use(
      http.post('https://graph.microsoft.com/v1.0/communications/getPresencesByUserId', () => {
        calls++;
        return HttpResponse.json({ error: { code: 'serviceNotAvailable', message: 'Try later' } }, { status: 503 });
      }),
    );
    const { waits, sleep } = recordingSleep();
    const error = await getPresences(testClient({ sleep, maxAttempts: 4, backoffBaseMs: 100, random: () => 1 }), [
      crypto.randomUUID(),
    ]).catch((e: unknown) => e);
    expect(calls).toBe(4);
    expect(waits).toEqual([100, 200, 400]);
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ kind: 'unavailable', status: 503, code: 'serviceNotAvailable', attempts: 4 });
  });

  it('adds jitter to the backoff', async () => {
    graph.start();
    graph.server.use(http.get('https://graph.microsoft.com/v1.0/users', () => new HttpResponse(null, { status: 504 })));
    const { waits, sleep } = recordingSleep();
    await expect(allUsers(testClient({ sleep, maxAttempts: 2, backoffBaseMs: 1000, random: () => 0 }))).rejects.toMatchObject({
      kind: 'unavailable',
    });
    expect(waits).toEqual([500]);
  });

  it('retries a dropped connection, then reports a network error', async () => {
    graph.start();
    graph.server.use(http.get('https://graph.microsoft.com/v1.0/users', () => HttpResponse.error()));
    const { waits, sleep } = recordingSleep();
    await expect(allUsers(testClient({ sleep, maxAttempts: 3 }))).rejects.toMatchObject({ kind: 'network', attempts: 3 });
    expect(waits).toHaveLength(2);
  });

  it('reports 401 as needing sign-in after asking the token source once for a new token', async () => {
    const emulator = graph.start();
    const asked: boolean[] = [];
    const tokenSource = {
      getToken: (_scopes: readonly string[], options: { forceRefresh?: boolean }) => {
        asked.push(options.forceRefresh ?? false);
        return Promise.resolve('');
      },
    };
    await expect(allUsers(testClient({ tokenSource }))).rejects.toMatchObject({
      kind: 'auth',
      status: 401,
      code: 'InvalidAuthenticationToken',
    });
    expect(asked).toEqual([false, true]);
    expect(emulator.requests).toHaveLength(2);
  });

  it('asks for a fresh token once per request: retries after the renewal take the token as the source keeps it', async () => {
    graph.start();
    const statuses = [401, 503, 503];
    graph.server.use(
      http.post('https://graph.microsoft.com/v1.0/communications/getPresencesByUserId', () => {
        const status = statuses.shift();
        return status === undefined ? undefined : HttpResponse.json({ error: { code: 'x', message: 'x' } }, { status });
      }),
    );
    const forced: boolean[] = [];
    const tokenSource = {
      getToken: (_scopes: readonly string[], options: { forceRefresh?: boolean }) => {
        forced.push(options.forceRefresh ?? false);
        return Promise.resolve(TEST_TOKEN);
      },
    };
    const { sleep } = recordingSleep();
    await getPresences(testClient({ tokenSource, sleep, maxAttempts: 4 }), [crypto.randomUUID()]);
    expect(forced).toEqual([false, true, false, false]);
  });

  it('renews a token that expires mid-load and goes on', async () => {
    const emulator = graph.start({ users: 2500 });
    let current = 'first-token';
    graph.server.use(
      http.get('https://graph.microsoft.com/v1.0/users', ({ request }) => {
        if (request.headers.get('Authorization') === 'Bearer expired-token') {
          return HttpResponse.json(
            { error: { code: 'InvalidAuthenticationToken', message: 'Lifetime validation failed, the token is expired.' } },
            { status: 401 },
          );
        }
        return undefined;
      }),
    );
    const tokenSource = {
      getToken: (_scopes: readonly string[], options: { forceRefresh?: boolean }) => {
        if (options.forceRefresh) current = 'renewed-token';
        return Promise.resolve(current);
      },
    };
    const client = testClient({ tokenSource });
    const pages = [];
    for await (const page of listUserPages(client)) {
      pages.push(page);
      if (pages.length === 1) current = 'expired-token';
    }
    expect(pages.flatMap((p) => p.users)).toHaveLength(2500);
    expect(emulator.requests.at(-1)!.authorization).toBe('Bearer renewed-token');
  });

  it('gives up on an attempt that never answers, tries again, then reports it', async () => {
    graph.start();
    let calls = 0;
    graph.server.use(
      http.get('https://graph.microsoft.com/v1.0/users', () => {
        calls++;
        return new Promise<Response>(() => undefined);
      }),
    );
    const { sleep } = recordingSleep();
    const error = await allUsers(testClient({ sleep, maxAttempts: 3, requestTimeoutMs: 50 })).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network', attempts: 3 });
    expect((error as Error).message).toMatch(/did not answer within/);
    expect(calls).toBe(3);
  });

  it('tries a truncated answer and an HTML gateway page again, then reports them', async () => {
    graph.start();
    let usersCalls = 0;
    let presenceCalls = 0;
    graph.server.use(
      http.get('https://graph.microsoft.com/v1.0/users', () => {
        usersCalls++;
        return new HttpResponse('{"value":[{"id":"a","displayName":"An', { headers: { 'Content-Type': 'application/json' } });
      }),
      http.post('https://graph.microsoft.com/v1.0/communications/getPresencesByUserId', () => {
        presenceCalls++;
        return HttpResponse.html('<html><body><h1>502 Bad Gateway</h1></body></html>', { status: 502 });
      }),
    );
    const { sleep } = recordingSleep();
    await expect(allUsers(testClient({ sleep, maxAttempts: 3 }))).rejects.toMatchObject({ kind: 'bad-response', attempts: 3 });
    expect(usersCalls).toBe(3);
    await expect(getPresences(testClient({ sleep, maxAttempts: 3 }), [crypto.randomUUID()])).rejects.toMatchObject({
      kind: 'unavailable',
      status: 502,
    });
    expect(presenceCalls).toBe(3);
  });

  it('gets past a truncated answer that comes once', async () => {
    graph.start({ users: 20 });
    graph.server.use(
      http.get(
        'https://graph.microsoft.com/v1.0/users',
        () => new HttpResponse('{"value":[', { headers: { 'Content-Type': 'application/json' } }),
        {
          once: true,
        },
      ),
    );
    const { sleep } = recordingSleep();
    const pages = await allUsers(testClient({ sleep }));
    expect(pages.flatMap((p) => p.users)).toHaveLength(20);
  });

  it('reports 403 as needing consent', async () => {
    graph.start();
    graph.server.use(
      http.get('https://graph.microsoft.com/v1.0/users', () =>
        HttpResponse.json(
          { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } },
          { status: 403 },
        ),
      ),
    );
    await expect(allUsers(testClient())).rejects.toMatchObject({ kind: 'forbidden', code: 'Authorization_RequestDenied' });
  });

  it('reports an answer that is not JSON as a bad response', async () => {
    graph.start();
    graph.server.use(http.get('https://graph.microsoft.com/v1.0/users', () => HttpResponse.text('<html>gateway</html>', { status: 200 })));
    await expect(allUsers(testClient())).rejects.toMatchObject({ kind: 'bad-response' });
  });

  it('sends the bearer token on every call', async () => {
    const emulator = graph.start({ users: 1200 });
    await allUsers(testClient());
    expect(emulator.requests.length).toBe(2);
    expect(emulator.requests.every((r) => r.authorization === `Bearer ${TEST_TOKEN}`)).toBe(true);
  });
});

describe('abort', () => {
  it('stops a listing when the signal aborts, with the abort reason', async () => {
    graph.start({ users: 3000, latencyMs: 20 });
    // Requests counted as they start (the emulator logs one only once it has answered it).
    let started = 0;
    const countStart = () => void started++;
    graph.server.events.on('request:start', countStart);
    const controller = new AbortController();
    const pages: unknown[] = [];
    let startedAtAbort = 0;
    const run = (async () => {
      for await (const page of listUserPages(testClient(), controller.signal)) {
        pages.push(page);
        startedAtAbort = started;
        controller.abort();
      }
    })();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    await new Promise((r) => setTimeout(r, 100));
    graph.server.events.removeListener('request:start', countStart);
    expect(pages).toHaveLength(1);
    // The first page, and at most the next one asked for early (as the first arrived); none after the abort.
    expect(startedAtAbort).toBeLessThanOrEqual(2);
    expect(started).toBe(startedAtAbort);
  });

  it('stops waiting between retries when aborted', async () => {
    const emulator = graph.start({ retryAfterSeconds: 30 });
    emulator.throttleRate = 1;
    const controller = new AbortController();
    const run = getPresences(testClient(), [crypto.randomUUID()], controller.signal);
    setTimeout(() => controller.abort(), 50);
    // Unaborted, the 30 s Retry-After would outlast the test's time limit.
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(emulator.requests).toHaveLength(1);
  });
});
