import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createLimiter } from '@/board/limiter';
import { loadUsersAndPresence, refreshPresence } from '@/board/loadPipeline';
import { GraphError } from '@/graph/errors';
import { chunkEvenly, MAX_IDS_PER_PRESENCE_CALL } from '@/graph/presence';
import type { PresenceRecord } from '@/presence/types';
import { testClient, emulatedGraphPerFile } from '../support/emulatedGraph';

const graph = emulatedGraphPerFile();
const isPresenceCall = (url: string) => url.includes('getPresencesByUserId');

describe('chunkEvenly', () => {
  it('makes the fewest chunks of at most the maximum, nearly equal', () => {
    expect(
      chunkEvenly(
        Array.from({ length: 999 }, (_, i) => i),
        650,
      ).map((c) => c.length),
    ).toEqual([500, 499]);
    expect(
      chunkEvenly(
        Array.from({ length: 650 }, (_, i) => i),
        650,
      ).map((c) => c.length),
    ).toEqual([650]);
    expect(
      chunkEvenly(
        Array.from({ length: 1301 }, (_, i) => i),
        650,
      ).map((c) => c.length),
    ).toEqual([434, 434, 433]);
    expect(chunkEvenly([], 650)).toEqual([]);
  });

  it('keeps every item once, in order', () => {
    const items = Array.from({ length: 2345 }, (_, i) => i);
    expect(chunkEvenly(items, 650).flat()).toEqual(items);
  });
});

describe('createLimiter', () => {
  it('never runs more tasks at once than the limit, and runs them all', async () => {
    const limit = createLimiter(3);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 1));
          running--;
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});

describe('loadUsersAndPresence', () => {
  it('asks presence for everyone, never above 650 ids a call, and each person once', async () => {
    const emulator = graph.start({ users: 2500 });
    const received: PresenceRecord[] = [];
    await loadUsersAndPresence(testClient(), { onPresence: (r) => received.push(...r) });
    const presenceCalls = emulator.requests.filter((r) => isPresenceCall(r.url));
    expect(Math.max(...presenceCalls.map((r) => r.idCount ?? 0))).toBeLessThanOrEqual(MAX_IDS_PER_PRESENCE_CALL);
    expect(received.map((r) => r.id).sort()).toEqual(emulator.users.map((u) => u.id).sort());
  });

  it('starts presence for a page before the last users page is asked for', async () => {
    const emulator = graph.start({ users: 5000, latencyMs: 5 });
    await loadUsersAndPresence(testClient());
    const order = emulator.requests.map((r) => (isPresenceCall(r.url) ? 'presence' : 'users'));
    const lastUsers = order.lastIndexOf('users');
    expect(order.indexOf('presence')).toBeLessThan(lastUsers);
  });

  it('keeps presence calls in flight within the bound', async () => {
    graph.start({ users: 6000 });
    let inFlight = 0;
    let peak = 0;
    graph.server.use(
      http.post('https://graph.microsoft.com/v1.0/communications/getPresencesByUserId', async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 10));
        inFlight--;
        return HttpResponse.json({ value: [] });
      }),
    );
    await loadUsersAndPresence(testClient(), { presenceConcurrency: 2 });
    expect(peak).toBe(2);
  });

  it('reports users page by page as they arrive', async () => {
    graph.start({ users: 2100, maxPageSize: 500 });
    const sizes: number[] = [];
    await loadUsersAndPresence(testClient(), { onUsersPage: (p) => sizes.push(p.users.length) });
    expect(sizes).toEqual([500, 500, 500, 500, 100]);
  });

  it('fails with the presence error and stops listing users when a presence call fails for good', async () => {
    const emulator = graph.start({ users: 5000, latencyMs: 5 });
    graph.server.use(
      http.post('https://graph.microsoft.com/v1.0/communications/getPresencesByUserId', () =>
        HttpResponse.json({ error: { code: 'Forbidden', message: 'no consent' } }, { status: 403 }),
      ),
    );
    await expect(loadUsersAndPresence(testClient())).rejects.toMatchObject({ kind: 'forbidden' });
    const usersCalls = emulator.requests.filter((r) => !isPresenceCall(r.url));
    expect(usersCalls.length).toBeLessThan(6);
  });

  it('rejects with the abort reason when aborted', async () => {
    graph.start({ users: 3000, latencyMs: 10 });
    const controller = new AbortController();
    const run = loadUsersAndPresence(testClient(), { signal: controller.signal, onUsersPage: () => controller.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('refreshPresence', () => {
  it('asks only for presence, for every id given', async () => {
    const emulator = graph.start({ users: 1500 });
    const received: PresenceRecord[] = [];
    await refreshPresence(
      testClient(),
      emulator.users.map((u) => u.id),
      { onPresence: (r) => received.push(...r) },
    );
    expect(emulator.requests.every((r) => isPresenceCall(r.url))).toBe(true);
    expect(emulator.requests.map((r) => r.idCount)).toEqual([500, 500, 500]);
    expect(received).toHaveLength(1500);
  });
});

describe('presence calls that fail', () => {
  it('isolates the one id Graph refuses by halving the call, and keeps everyone else', async () => {
    const emulator = graph.start({ users: 650 });
    const poison = emulator.users[417]!.id;
    let calls = 0;
    graph.server.use(
      http.post('https://graph.microsoft.com/v1.0/communications/getPresencesByUserId', async ({ request }) => {
        calls++;
        const { ids } = (await request.clone().json()) as { ids: string[] };
        if (ids.includes(poison)) return HttpResponse.json({ error: { code: 'BadRequest', message: 'bad id' } }, { status: 400 });
        return undefined;
      }),
    );
    const received: string[] = [];
    const unavailable: string[] = [];
    await refreshPresence(
      testClient(),
      emulator.users.map((u) => u.id),
      { onPresence: (r) => received.push(...r.map((p) => p.id)), onPresenceUnavailable: (ids) => unavailable.push(...ids) },
    );
    expect(unavailable).toEqual([poison]);
    expect(received).toHaveLength(649);
    expect(calls).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(650)) + 1);
  });

  it.each(['load', 'refresh'] as const)(
    'when every presence call answers 400 (%s of 10,000 people), spends at most max(20, plain calls) extra calls on halving',
    async (way) => {
      const emulator = graph.start({ users: 10_000 });
      const plain = Math.ceil(10_000 / MAX_IDS_PER_PRESENCE_CALL);
      const cap = plain + Math.max(20, plain);
      let calls = 0;
      graph.server.use(
        http.post('https://graph.microsoft.com/v1.0/communications/getPresencesByUserId', () => {
          calls++;
          // Far past the cap, end the run (a 403 stops every call) rather than wait for thousands more.
          if (calls > 4 * cap) return HttpResponse.json({ error: { code: 'Forbidden', message: 'stop' } }, { status: 403 });
          return HttpResponse.json({ error: { code: 'BadRequest', message: 'Malformed request' } }, { status: 400 });
        }),
      );
      const unavailable = new Set<string>();
      const callbacks = { onPresenceUnavailable: (ids: readonly string[]) => ids.forEach((id) => unavailable.add(id)) };
      const ids = emulator.users.map((u) => u.id);
      await (way === 'load' ? loadUsersAndPresence(testClient(), callbacks) : refreshPresence(testClient(), ids, callbacks)).catch(
        () => undefined,
      );
      expect(calls).toBeLessThanOrEqual(cap);
      expect(calls).toBeGreaterThanOrEqual(plain);
      // Everyone is accounted for: no one is lost, all are reported without presence.
      expect(unavailable.size).toBe(10_000);
    },
  );

  it('stops halving where both halves are refused (not one bad id), and still isolates a single bad id', async () => {
    const emulator = graph.start({ users: 650 });
    const a = emulator.users[10]!.id;
    const b = emulator.users[600]!.id;
    let calls = 0;
    graph.server.use(
      http.post('https://graph.microsoft.com/v1.0/communications/getPresencesByUserId', async ({ request }) => {
        calls++;
        const { ids } = (await request.clone().json()) as { ids: string[] };
        if (ids.includes(a) || ids.includes(b))
          return HttpResponse.json({ error: { code: 'BadRequest', message: 'bad' } }, { status: 400 });
        return undefined;
      }),
    );
    const unavailable: string[] = [];
    await refreshPresence(
      testClient(),
      emulator.users.map((u) => u.id),
      { onPresenceUnavailable: (ids) => unavailable.push(...ids) },
    );
    // The first call and its two halves, both refused: no deeper search.
    expect(calls).toBe(3);
    expect(unavailable).toHaveLength(650);
  });

  it('sends only GUIDs as presence ids: other ids are reported without presence and never make a call fail', async () => {
    const emulator = graph.start({ users: 20 });
    const listed = [
      ...emulator.users.map((u) => ({ id: u.id, displayName: u.displayName })),
      { id: 'not-a-guid', displayName: 'Broken' },
      { id: 'alex@contoso.com', displayName: 'UPN as id' },
    ];
    graph.server.use(http.get('https://graph.microsoft.com/v1.0/users', () => HttpResponse.json({ value: listed })));
    const received: string[] = [];
    const unavailable: string[] = [];
    await loadUsersAndPresence(testClient(), {
      onPresence: (r) => received.push(...r.map((p) => p.id)),
      onPresenceUnavailable: (ids) => unavailable.push(...ids),
    });
    const presenceCalls = emulator.requests.filter((r) => isPresenceCall(r.url));
    expect(presenceCalls.map((r) => [r.status, r.idCount])).toEqual([[200, 20]]);
    expect(unavailable.sort()).toEqual(['alex@contoso.com', 'not-a-guid']);
    expect(received).toHaveLength(20);
  });

  it('leaves the people of a call that fails for good without presence and goes on with the rest', async () => {
    const emulator = graph.start({ users: 2000 });
    const unlucky = emulator.users[1200]!.id;
    graph.server.use(
      http.post('https://graph.microsoft.com/v1.0/communications/getPresencesByUserId', async ({ request }) => {
        const { ids } = (await request.clone().json()) as { ids: string[] };
        return ids.includes(unlucky) ? new HttpResponse(null, { status: 503 }) : undefined;
      }),
    );
    const received: string[] = [];
    const unavailable: string[] = [];
    let reason: unknown;
    await loadUsersAndPresence(testClient({ maxAttempts: 2, backoffBaseMs: 1 }), {
      onPresence: (r) => received.push(...r.map((p) => p.id)),
      onPresenceUnavailable: (ids, error) => {
        unavailable.push(...ids);
        reason = error;
      },
    });
    expect(unavailable).toContain(unlucky);
    expect(received.length + unavailable.length).toBe(2000);
    expect(new Set([...received, ...unavailable]).size).toBe(2000);
    expect(reason).toBeInstanceOf(GraphError);
    expect((reason as GraphError).kind).toBe('unavailable');
  });
});

describe('a users listing that breaks off', () => {
  it('still asks presence for everyone listed so far, then reports why the listing stopped', async () => {
    const emulator = graph.start({ users: 800 });
    graph.server.use(
      http.get('https://graph.microsoft.com/v1.0/users', () =>
        HttpResponse.json({
          '@odata.nextLink': 'https://graph.example.net/v1.0/users?$skiptoken=x',
          value: emulator.users.slice(0, 700).map((u) => ({ id: u.id, displayName: u.displayName })),
        }),
      ),
    );
    const received: PresenceRecord[] = [];
    await expect(loadUsersAndPresence(testClient(), { onPresence: (r) => received.push(...r) })).rejects.toMatchObject({
      kind: 'untrusted-url',
    });
    expect(received).toHaveLength(700);
  });
});
