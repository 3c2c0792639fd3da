import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityNotificationRecord } from '../../src/emulator/graphEmulator';
import { startEmulatorServer, type EmulatorServer } from '../../src/emulator/nodeServer';
import type { Availability } from '../../src/presence/classify';
import { ACTIVITY_TYPE, PERSON_PARAMETER, tabDeepLink } from '../../relay/activityFeed';
import type { memoryLogger } from '../../relay/log';
import { MemoryBackplane } from '../../relay/memoryBackplane';
import type { RunningRelay } from '../../relay/server';
import { WATCH_TTL_MS } from '../../relay/watches';
import { AUDIENCE, OTHER_TENANT, startTestIssuer, TENANT, type TestIssuer } from './support/keys';
import { testRelay } from './support/relays';
import { TEAMS_APP, waitFor, watchApi, watchOptions } from './support/watches';

type Relay = RunningRelay & { log: ReturnType<typeof memoryLogger> };

let emulator: EmulatorServer;
let issuer: TestIssuer;
const relays: Relay[] = [];

beforeAll(async () => {
  emulator = await startEmulatorServer({ users: 120 });
  issuer = await startTestIssuer();
});
afterEach(async () => {
  for (const relay of relays.splice(0)) await relay.close();
});
afterAll(async () => {
  await issuer.close();
  await emulator.close();
});

async function relayWith(overrides: Parameters<typeof watchOptions>[1] = {}): Promise<Relay> {
  const relay = await testRelay(emulator, new MemoryBackplane(), issuer.jwksTemplate, { watches: watchOptions(emulator, overrides) });
  relays.push(relay);
  await waitFor(() => relay.hubs.get(TENANT)!.board.size === emulator.emulator.users.length, 15_000, 'the first board');
  return relay;
}

/** A person of the emulated tenant (the watcher must be one too: Graph notifies only its own users). */
const person = (i: number) => emulator.emulator.users[i]!.id;
const tokenOf = (i: number) => issuer.sign({ oid: person(i) });
const sentTo = (watcher: string, about?: string): ActivityNotificationRecord[] =>
  emulator.emulator.activityNotifications.filter((n) => n.userId === watcher && (about === undefined || n.topic.webUrl?.includes(about)));

/** Sets a person's availability and waits until the relay's board shows it (a sweep has seen it). */
async function settle(relay: Relay, i: number, availability: Availability, activity: string = availability): Promise<void> {
  emulator.emulator.setPresence(person(i), { availability, activity: activity as never });
  await waitFor(
    () =>
      relay.hubs.get(TENANT)!.board.get(person(i))?.availability === availability &&
      relay.hubs.get(TENANT)!.board.get(person(i))?.activity === activity,
    15_000,
    `${availability} on the board`,
  );
}

/** Lets two more sweeps (and the notifier after them) run. */
async function twoSweeps(relay: Relay): Promise<void> {
  const sweeper = relay.sweepers.get(TENANT)!;
  const done = sweeper.sweeps + 2;
  await waitFor(() => sweeper.sweeps >= done, 15_000, 'two sweeps');
  await new Promise((resolve) => setTimeout(resolve, 100));
}

async function watch(relay: Relay, watcher: number, watched: number): Promise<string> {
  const answer = await watchApi(relay, 'POST', '/v1/watches', await tokenOf(watcher), { personId: person(watched) });
  expect(answer.status).toBe(201);
  return (answer.body!.watch as { id: string }).id;
}

describe('a watch fires once, when availability turns Available', () => {
  it('Busy → Available sends one activity feed notification with the link to the tab on that person, then the watch is gone', async () => {
    const relay = await relayWith();
    await settle(relay, 1, 'Busy', 'InACall');
    await watch(relay, 0, 1);
    await settle(relay, 1, 'Available');
    await waitFor(() => sentTo(person(0), person(1)).length === 1, 15_000, 'the notification');
    const [sent] = sentTo(person(0), person(1));
    expect(sent!.activityType).toBe(ACTIVITY_TYPE);
    expect(sent!.topic).toEqual({
      source: 'text',
      value: "Who's Online",
      webUrl: tabDeepLink('https://teams.microsoft.com', TEAMS_APP, person(1)),
    });
    expect(sent!.topic.webUrl).toContain(`/l/entity/${TEAMS_APP}/whos-online?context=`);
    expect(JSON.parse(decodeURIComponent(new URL(sent!.topic.webUrl!).searchParams.get('context')!))).toEqual({ subEntityId: person(1) });
    const name = emulator.emulator.users[1]!.displayName;
    expect(sent!.templateParameters).toEqual([{ name: PERSON_PARAMETER, value: name }]);
    expect(sent!.previewText.content).toContain(`${name} is available`);
    // Fired and sent: no longer listed; busy and available again sends nothing more.
    expect((await watchApi(relay, 'GET', '/v1/watches', await tokenOf(0))).body!.watches).toEqual([]);
    await settle(relay, 1, 'Busy', 'InACall');
    await settle(relay, 1, 'Available');
    await twoSweeps(relay);
    expect(sentTo(person(0), person(1))).toHaveLength(1);
    // Nothing of who watches whom in the log.
    const log = relay.log.lines.join('\n');
    for (const id of [person(0), person(1)]) expect(log).not.toContain(id);
    expect(log).not.toContain(name);
  });

  it('Available → Available (another activity) does not fire; Offline → Available does', async () => {
    const relay = await relayWith();
    await settle(relay, 2, 'Available', 'Available');
    await settle(relay, 3, 'Offline', 'Offline');
    await watch(relay, 0, 2);
    await watch(relay, 0, 3);
    await settle(relay, 2, 'Available', 'InACall');
    await twoSweeps(relay);
    expect(sentTo(person(0), person(2))).toHaveLength(0);
    expect((await watchApi(relay, 'GET', '/v1/watches', await tokenOf(0))).body!.watches).toHaveLength(2);
    await settle(relay, 3, 'Available');
    await waitFor(() => sentTo(person(0), person(3)).length === 1, 15_000, 'Offline → Available');
    expect(sentTo(person(0), person(2))).toHaveLength(0);
  });

  it('AvailableIdle does not count as available (available, but away from the keyboard); AvailableIdle → Available does', async () => {
    const relay = await relayWith();
    await settle(relay, 4, 'Busy', 'InACall');
    await watch(relay, 5, 4);
    await settle(relay, 4, 'AvailableIdle', 'Available');
    await twoSweeps(relay);
    expect(sentTo(person(5), person(4))).toHaveLength(0);
    await settle(relay, 4, 'Available', 'Available');
    await waitFor(() => sentTo(person(5), person(4)).length === 1, 15_000, 'AvailableIdle → Available');
  });

  it('several watchers of one person are each told once; a watcher removing a watch before it fires is told nothing', async () => {
    const relay = await relayWith();
    await settle(relay, 6, 'Away', 'Away');
    await watch(relay, 7, 6);
    await watch(relay, 8, 6);
    const removed = await watch(relay, 9, 6);
    expect((await watchApi(relay, 'DELETE', `/v1/watches/${removed}`, await tokenOf(9))).status).toBe(204);
    await settle(relay, 6, 'Available');
    await waitFor(() => sentTo(person(7), person(6)).length === 1 && sentTo(person(8), person(6)).length === 1, 15_000, 'both watchers');
    await twoSweeps(relay);
    expect(sentTo(person(9), person(6))).toHaveLength(0);
    expect(sentTo(person(7), person(6))).toHaveLength(1);
  });

  it('within the grace after it fired, an open tab can withdraw the watch: no notification goes', async () => {
    const relay = await relayWith({ graceMs: 3_000 });
    await settle(relay, 10, 'Busy', 'InACall');
    const id = await watch(relay, 11, 10);
    const kept = await watch(relay, 12, 10);
    await settle(relay, 10, 'Available');
    // Fired: not listed any more, still removable until it is sent.
    expect((await watchApi(relay, 'GET', '/v1/watches', await tokenOf(11))).body!.watches).toEqual([]);
    expect((await watchApi(relay, 'DELETE', `/v1/watches/${id}`, await tokenOf(11))).status).toBe(204);
    await waitFor(() => sentTo(person(12), person(10)).length === 1, 15_000, 'the watch kept');
    expect(sentTo(person(11), person(10))).toHaveLength(0);
    // Sent: gone for good.
    expect((await watchApi(relay, 'DELETE', `/v1/watches/${kept}`, await tokenOf(12))).status).toBe(404);
  });

  it('ends unanswered after 8 hours (the API clock moved): not listed, never sent, its place free again', async () => {
    let offset = 0;
    const relay = await relayWith({ now: () => Date.now() + offset, maxPerWatcher: 1 });
    await settle(relay, 13, 'Busy', 'InACall');
    offset = -WATCH_TTL_MS - 1_000; // created 8 h and a second ago
    await watch(relay, 14, 13);
    offset = -WATCH_TTL_MS + 60_000; // created 7 h 59 min ago: still on
    const young = await watchApi(relay, 'POST', '/v1/watches', await tokenOf(15), { personId: person(13) });
    expect(young.status).toBe(201);
    expect(Date.parse((young.body!.watch as { expiresAt: string }).expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
    offset = 0;
    expect((await watchApi(relay, 'GET', '/v1/watches', await tokenOf(14))).body!.watches).toEqual([]);
    await settle(relay, 13, 'Available');
    await waitFor(() => sentTo(person(15), person(13)).length === 1, 15_000, 'the watch within its 8 hours');
    await twoSweeps(relay);
    expect(sentTo(person(14), person(13))).toHaveLength(0);
    // The expired watch no longer counts against the cap of 1.
    expect((await watchApi(relay, 'POST', '/v1/watches', await tokenOf(14), { personId: person(20) })).status).toBe(201);
  });
});

describe('the watch API', () => {
  it('creates (201), finds the same watch again (200), lists only the caller’s own, deletes (204), and says 404 for anyone else’s', async () => {
    const relay = await relayWith();
    const me = await tokenOf(30);
    const other = await tokenOf(31);
    const created = await watchApi(relay, 'POST', '/v1/watches', me, { personId: person(40).toUpperCase() });
    expect(created.status).toBe(201);
    const w = created.body!.watch as { id: string; personId: string; createdAt: string; expiresAt: string };
    expect(Object.keys(w).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'personId']);
    expect(w.personId).toBe(person(40));
    expect(Date.parse(w.expiresAt) - Date.parse(w.createdAt)).toBe(WATCH_TTL_MS);
    const again = await watchApi(relay, 'POST', '/v1/watches', me, { personId: person(40) });
    expect(again.status).toBe(200);
    expect((again.body!.watch as { id: string }).id).toBe(w.id);
    await watchApi(relay, 'POST', '/v1/watches', other, { personId: person(40) });
    const mine = await watchApi(relay, 'GET', '/v1/watches', me);
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({ watches: [w], max: 50 });
    // Another watcher neither sees nor removes it, and learns nothing from trying.
    const theirs = (await watchApi(relay, 'GET', '/v1/watches', other)).body!.watches as Array<{ id: string }>;
    expect(theirs.map((t) => t.id)).not.toContain(w.id);
    const foreign = await watchApi(relay, 'DELETE', `/v1/watches/${w.id}`, other);
    const unknown = await watchApi(relay, 'DELETE', `/v1/watches/${'x'.repeat(22)}`, other);
    expect(foreign).toMatchObject({ status: 404, body: { error: 'not-found' } });
    expect(unknown.body).toEqual(foreign.body);
    expect((await watchApi(relay, 'GET', '/v1/watches', me)).body!.watches).toHaveLength(1);
    expect((await watchApi(relay, 'DELETE', `/v1/watches/${w.id}`, me)).status).toBe(204);
    expect((await watchApi(relay, 'DELETE', `/v1/watches/${w.id}`, me)).status).toBe(404);
    expect((await watchApi(relay, 'GET', '/v1/watches', me)).body!.watches).toEqual([]);
  });

  it('holds a watcher to the cap (429 too-many-watches with the max), and a flood of creates at once to it too', async () => {
    const relay = await relayWith({ maxPerWatcher: 5 });
    const me = await tokenOf(32);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => watchApi(relay, 'POST', '/v1/watches', me, { personId: person(50 + i) })),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(5);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(7);
    expect(refused[0]!.body).toMatchObject({ error: 'too-many-watches', max: 5 });
    expect((await watchApi(relay, 'GET', '/v1/watches', me)).body).toMatchObject({ max: 5 });
    expect(((await watchApi(relay, 'GET', '/v1/watches', me)).body!.watches as unknown[]).length).toBe(5);
    // Another watcher has places of their own.
    expect((await watchApi(relay, 'POST', '/v1/watches', await tokenOf(33), { personId: person(50) })).status).toBe(201);
  });

  it('refuses a bad id or body with 400, and reads no more than a kilobyte of one', async () => {
    const relay = await relayWith();
    const me = await tokenOf(34);
    for (const body of [
      '',
      'not json',
      '[]',
      'null',
      '{}',
      { personId: 'anna@contoso.com' },
      { personId: 42 },
      { personId: `${person(1)}x` },
    ]) {
      const answer = await watchApi(relay, 'POST', '/v1/watches', me, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body!.error).toBe('bad-request');
    }
    const huge = await watchApi(relay, 'POST', '/v1/watches', me, { personId: person(1), pad: 'x'.repeat(100_000) });
    expect(huge.status).toBe(400);
    expect(huge.body!.message).toContain('over 1024 bytes');
    expect((await watchApi(relay, 'GET', '/v1/watches', me)).body!.watches).toEqual([]);
  });

  it('refuses missing, forged, foreign-tenant, wrong-audience and scope-less tokens on every route', async () => {
    const relay = await relayWith();
    const good = await tokenOf(35);
    const id = ((await watchApi(relay, 'POST', '/v1/watches', good, { personId: person(60) })).body!.watch as { id: string }).id;
    const bad: Array<[string | null, number]> = [
      [null, 401],
      ['not-a-jwt', 401],
      [await issuer.sign({ oid: person(35) }, { foreignKey: true }), 401],
      [await issuer.sign({ oid: person(35), tid: OTHER_TENANT }), 401],
      [await issuer.sign({ oid: person(35), aud: `${AUDIENCE}-other` }), 401],
      [await issuer.sign({ oid: person(35), expiresIn: Math.floor(Date.now() / 1000) - 600 }), 401],
      [await issuer.sign({ oid: person(35), scp: 'User.Read' }), 403],
    ];
    for (const [token, status] of bad) {
      expect((await watchApi(relay, 'GET', '/v1/watches', token)).status).toBe(status);
      expect((await watchApi(relay, 'POST', '/v1/watches', token, { personId: person(61) })).status).toBe(status);
      expect((await watchApi(relay, 'DELETE', `/v1/watches/${id}`, token)).status).toBe(status);
    }
    const still = (await watchApi(relay, 'GET', '/v1/watches', good)).body!.watches as Array<{ personId: string }>;
    expect(still.map((w) => w.personId)).toEqual([person(60)]);
  });

  it('answers CORS preflights for POST and DELETE with Authorization and Content-Type; 404 watches-off on a relay without watches', async () => {
    const relay = await relayWith();
    const preflight = await fetch(`${relay.url}/v1/watches/abc`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://tab.contoso.example', 'Access-Control-Request-Method': 'DELETE' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://tab.contoso.example');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('DELETE');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Content-Type');
    const plain = await testRelay(emulator, new MemoryBackplane(), issuer.jwksTemplate);
    relays.push(plain);
    expect(await watchApi(plain, 'GET', '/v1/watches', await tokenOf(36))).toMatchObject({ status: 404, body: { error: 'watches-off' } });
    expect((await watchApi(plain, 'GET', '/v1/watches', null)).status).toBe(401);
  });
});

describe('a hostile Graph answer to the notification call', () => {
  it('stalls neither the sweep nor other watches: 400 with an endless body and 403 are dropped, 503 and 429 retried once, a hang retried', async () => {
    const behaviour = new Map<string, 'endless' | 'forbidden' | 'flaky' | 'throttled' | 'hang'>();
    const seen = new Map<string, number>();
    const hostile: typeof fetch = async (input, init) => {
      const watcher = /\/users\/([^/]+)\/teamwork/.exec(String(input))?.[1] ?? '';
      const count = (seen.get(watcher) ?? 0) + 1;
      seen.set(watcher, count);
      const how = behaviour.get(watcher);
      if (how === 'endless') {
        // An answer that never ends: only its first bytes may be read.
        let pushed = 0;
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            pushed++;
            controller.enqueue(new TextEncoder().encode('{"error":{"code":"BadRequest","message":"' + 'x'.repeat(65_536)));
          },
        });
        const response = new Response(body, { status: 400 });
        setTimeout(() => expect(pushed).toBeLessThan(10), 500);
        return response;
      }
      if (how === 'forbidden') return Response.json({ error: { code: 'Forbidden', message: 'app not installed' } }, { status: 403 });
      if (how === 'flaky' && count === 1) return new Response('oops', { status: 503 });
      if (how === 'throttled' && count === 1) return new Response(null, { status: 429, headers: { 'Retry-After': '1' } });
      if (how === 'hang')
        return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason as Error)));
      return fetch(input, init);
    };
    const relay = await relayWith({ fetch: hostile });
    const watchers = { endless: 70, forbidden: 71, flaky: 72, throttled: 73, hang: 74 } as const;
    for (const [how, i] of Object.entries(watchers)) behaviour.set(person(i), how as never);
    await settle(relay, 80, 'Busy', 'InACall');
    for (const i of [...Object.values(watchers), 75, 76]) await watch(relay, i, 80);
    const sweepsBefore = relay.sweepers.get(TENANT)!.sweeps;
    await settle(relay, 80, 'Available');
    await waitFor(
      () => [75, 76, watchers.flaky, watchers.throttled].every((i) => sentTo(person(i), person(80)).length === 1),
      20_000,
      'the good, the flaky and the throttled',
    );
    // The sweep went on meanwhile, and the hanging send was tried again after its deadline.
    await waitFor(() => (seen.get(person(watchers.hang)) ?? 0) >= 2, 20_000, 'a second try of the hung send');
    expect(relay.sweepers.get(TENANT)!.sweeps).toBeGreaterThan(sweepsBefore + 1);
    const counts = relay.notifiers.get(TENANT)!.counts;
    expect(counts.dropped).toBe(2);
    expect(seen.get(person(watchers.endless))).toBe(1);
    expect(seen.get(person(watchers.forbidden))).toBe(1);
    for (const i of [watchers.endless, watchers.forbidden, watchers.hang]) expect(sentTo(person(i))).toHaveLength(0);
    // Another person's watch, fired later, is not held up by the hung one.
    await settle(relay, 81, 'Busy', 'InACall');
    await watch(relay, 77, 81);
    await settle(relay, 81, 'Available');
    await waitFor(() => sentTo(person(77), person(81)).length === 1, 15_000, 'a later watch');
    const log = relay.log.lines.join('\n');
    expect(log).toContain('HTTP 403 Forbidden');
    for (const i of [...Object.values(watchers), 75, 76, 77, 80, 81]) expect(log).not.toContain(person(i));
  });
});
