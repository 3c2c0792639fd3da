import { afterEach, describe, expect, it, vi } from 'vitest';
import { BoardStore } from '@/board/boardStore';
import { RelayConnection, type EventSourceLike, type RelayConnectionState } from '@/board/relayConnection';
import { relayWithFallback } from '@/board/relayFallback';
import { parseRelayEvent, type RelayEvent } from '@/board/relayFeed';
import { relayTokenGetter } from '@/board/relayToken';
import type { TokenSource } from '@/auth/tokenSource';
import type { PresenceRecord } from '@/presence/types';
import { testClient, emulatedGraphPerFile } from '../support/emulatedGraph';

const graph = emulatedGraphPerFile();
const RELAY = 'https://relay.contoso.example';
const TENANT = '8f0e4a52-6b1f-4c55-9d7e-2a4c1e0b7d31';
const A = '0b8c1e2a-0000-4000-8000-00000000000a';
const B = '0b8c1e2a-0000-4000-8000-00000000000b';
const quiet = { warn: vi.fn() };

function record(id: string, availability = 'Available', activity = 'Available'): PresenceRecord {
  return { id, availability, activity, statusMessage: null, isOutOfOffice: false, outOfOfficeMessage: null };
}

describe('parseRelayEvent', () => {
  it('reads a snapshot, lower-casing ids and checking each record field by field', () => {
    const data = JSON.stringify({
      sweptAt: '2026-11-26T09:30:00.000Z',
      presences: [
        {
          id: A.toUpperCase(),
          availability: 'Busy',
          activity: 'InACall',
          statusMessage: 'hi',
          isOutOfOffice: 'yes',
          outOfOfficeMessage: 3,
        },
        { id: 'not-a-guid', availability: 'Available' },
        { id: B, availability: 7 },
        null,
      ],
    });
    const event = parseRelayEvent('snapshot', data, 'ep:41', quiet);
    expect(event).toEqual({
      kind: 'snapshot',
      id: 'ep:41',
      sweptAt: new Date('2026-11-26T09:30:00.000Z'),
      presences: [
        { id: A, availability: 'Busy', activity: 'InACall', statusMessage: 'hi', isOutOfOffice: false, outOfOfficeMessage: null },
        {
          id: B,
          availability: 'PresenceUnknown',
          activity: 'PresenceUnknown',
          statusMessage: null,
          isOutOfOffice: false,
          outOfOfficeMessage: null,
        },
      ],
    });
  });

  it('reads changes (sweptAt in epoch ms) with upserts and removed ids, and status with staleSince', () => {
    const changes = parseRelayEvent(
      'changes',
      JSON.stringify({ seq: 42, sweptAt: 1795000000000, upserts: [record(A)], removed: [B.toUpperCase(), 'x'] }),
      'ep:42',
      quiet,
    );
    expect(changes).toEqual({ kind: 'changes', id: 'ep:42', sweptAt: new Date(1795000000000), upserts: [record(A)], removed: [B] });
    expect(parseRelayEvent('status', JSON.stringify({ staleSince: '2026-11-26T09:00:00Z', reason: 'sweep-late' }), null, quiet)).toEqual({
      kind: 'status',
      staleSince: new Date('2026-11-26T09:00:00Z'),
      sweptAt: null,
    });
  });

  it('ignores malformed events with a warning, and unknown types quietly', () => {
    const log = { warn: vi.fn() };
    expect(parseRelayEvent('snapshot', '{', null, log)).toBeNull();
    expect(parseRelayEvent('snapshot', JSON.stringify({ sweptAt: '2026-11-26T09:30:00Z' }), null, log)).toBeNull();
    expect(parseRelayEvent('changes', JSON.stringify({ sweptAt: 'never', upserts: [] }), null, log)).toBeNull();
    expect(parseRelayEvent('changes', JSON.stringify({ sweptAt: 1, upserts: {} }), null, log)).toBeNull();
    expect(parseRelayEvent('status', JSON.stringify({ staleSince: 'soon' }), null, log)).toBeNull();
    expect(log.warn).toHaveBeenCalledTimes(5);
    expect(parseRelayEvent('reset', '{}', null, log)).toBeNull();
    expect(log.warn).toHaveBeenCalledTimes(5);
  });
});

/** A fake EventSource: records the URL it was opened with; the test opens, sends and fails it. */
class FakeEventSource implements EventSourceLike {
  static opened: FakeEventSource[] = [];
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  private readonly listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
  }
  open(): void {
    this.onopen?.(new Event('open'));
  }
  fail(): void {
    this.onerror?.(new Event('error'));
  }
  send(type: string, data: unknown, id = ''): void {
    const event = new MessageEvent<string>(type, { data: JSON.stringify(data), lastEventId: id });
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

/** A fake relay host: answers POST /v1/tickets with numbered tickets, and records each request. */
function fakeRelayFetch(answer: (n: number) => number = () => 200) {
  const requests: { url: string; authorization: string | null }[] = [];
  const doFetch = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    requests.push({ url, authorization: new Headers(init?.headers).get('Authorization') });
    const n = requests.length;
    const status = answer(n);
    if (status !== 200) return Promise.resolve(new Response('no', { status }));
    return Promise.resolve(
      Response.json({
        ticket: `t${n}`,
        expiresInSeconds: 30,
        tenantId: TENANT,
        streamPath: `/v1/tenants/${TENANT}/presence/stream?ticket=t${n}`,
      }),
    );
  });
  return { doFetch: doFetch as unknown as typeof fetch, requests };
}

function connection(doFetch: typeof fetch, extra: { maxFailures?: number } = {}) {
  const events: RelayEvent[] = [];
  const states: RelayConnectionState[] = [];
  const conn = new RelayConnection({
    relayUrl: RELAY,
    relayToken: () => Promise.resolve('relay-token'),
    onEvent: (e) => events.push(e),
    onState: (s) => states.push(s),
    fetch: doFetch,
    eventSource: (url) => new FakeEventSource(url),
    backoffMs: () => 10,
    log: quiet,
    ...extra,
  });
  return { conn, events, states };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('RelayConnection', () => {
  afterEach(() => {
    FakeEventSource.opened = [];
    vi.useRealTimers();
  });

  it('trades the relay token for a ticket, opens the stream with it and hands on snapshot then changes', async () => {
    const relay = fakeRelayFetch();
    const { conn, events, states } = connection(relay.doFetch);
    conn.start();
    await settle();
    expect(relay.requests).toEqual([{ url: `${RELAY}/v1/tickets`, authorization: 'Bearer relay-token' }]);
    const source = FakeEventSource.opened[0]!;
    expect(source.url).toBe(`${RELAY}/v1/tenants/${TENANT}/presence/stream?ticket=t1`);
    source.open();
    source.send('snapshot', { sweptAt: '2026-11-26T09:30:00Z', presences: [record(A)] }, 'ep:1');
    source.send('changes', { sweptAt: 1795000000000, upserts: [record(A, 'Busy', 'InACall')], removed: [] }, 'ep:2');
    expect(states).toEqual(['connecting', 'live']);
    expect(events.map((e) => e.kind)).toEqual(['snapshot', 'changes']);
    expect(conn.resumeFrom).toBe('ep:2');
    conn.stop();
    expect(source.closed).toBe(true);
  });

  it('after an error, reopens with a fresh ticket and the last event id', async () => {
    const relay = fakeRelayFetch();
    const { conn, states } = connection(relay.doFetch);
    conn.start();
    await settle();
    const first = FakeEventSource.opened[0]!;
    first.open();
    first.send('snapshot', { sweptAt: '2026-11-26T09:30:00Z', presences: [] }, 'ep:7');
    first.fail();
    expect(first.closed).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const second = FakeEventSource.opened[1]!;
    expect(relay.requests).toHaveLength(2);
    expect(second.url).toBe(`${RELAY}/v1/tenants/${TENANT}/presence/stream?ticket=t2&lastEventId=ep%3A7`);
    second.open();
    expect(states).toEqual(['connecting', 'live', 'connecting', 'live']);
    conn.stop();
  });

  it('reports down after maxFailures failed opens in a row, and at once when no ticket can be had', async () => {
    const relay = fakeRelayFetch();
    const { conn, states } = connection(relay.doFetch, { maxFailures: 2 });
    conn.start();
    await settle();
    FakeEventSource.opened[0]!.fail();
    await new Promise((resolve) => setTimeout(resolve, 30));
    FakeEventSource.opened[1]!.fail();
    expect(states.at(-1)).toBe('down');
    expect(FakeEventSource.opened).toHaveLength(2);

    const refusing = fakeRelayFetch(() => 503);
    const other = connection(refusing.doFetch);
    other.conn.start();
    await settle();
    expect(other.states).toEqual(['connecting', 'down']);
    expect(FakeEventSource.opened).toHaveLength(2);
  });
});

describe('BoardStore.applyRelay', () => {
  it('a snapshot replaces the presence of the directory’s people, changes set and remove, the directory stays', async () => {
    graph.start({ users: 3 });
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    await store.load();
    const users = store.getSnapshot().users;
    const [u1, u2, u3] = users.map((u) => u.id.toLowerCase());
    const stranger = '0b8c1e2a-0000-4000-8000-0000000000ff';
    store.applyRelay({
      kind: 'snapshot',
      id: 'e:1',
      sweptAt: new Date('2026-11-26T09:30:00Z'),
      presences: [record(u1!, 'Busy', 'InAMeeting'), record(u2!), record(stranger)],
    });
    let state = store.getSnapshot();
    expect(state.users.map((u) => u.id)).toEqual(users.map((u) => u.id));
    expect([...state.presence.keys()].sort()).toEqual([u1, u2].sort());
    expect(state.presence.get(u1!)?.activity).toBe('InAMeeting');
    expect(state.presence.has(u3!)).toBe(false);
    expect(state.updatedAt).toEqual(new Date('2026-11-26T09:30:00Z'));

    store.applyRelay({
      kind: 'changes',
      id: 'e:2',
      sweptAt: new Date('2026-11-26T09:30:10Z'),
      upserts: [record(u3!, 'Away', 'Away')],
      removed: [u2!],
    });
    state = store.getSnapshot();
    expect(state.presence.get(u3!)?.availability).toBe('Away');
    expect(state.presence.has(u2!)).toBe(false);
    expect(state.users).toHaveLength(3);
    expect(state.updatedAt).toEqual(new Date('2026-11-26T09:30:10Z'));

    store.applyRelay({ kind: 'status', staleSince: new Date('2026-11-26T09:30:10Z'), sweptAt: null });
    expect(store.getSnapshot().staleSince).toEqual(new Date('2026-11-26T09:30:10Z'));
    store.relayEnded();
    expect(store.getSnapshot().staleSince).toBeNull();
  });

  it('applies nothing before the directory has been read whole', () => {
    const store = new BoardStore({ client: testClient() });
    store.applyRelay({ kind: 'snapshot', id: null, sweptAt: new Date(), presences: [record(A)] });
    expect(store.getSnapshot().presence.size).toBe(0);
    expect(store.getSnapshot().updatedAt).toBeNull();
  });
});

describe('relayWithFallback', () => {
  afterEach(() => vi.useRealTimers());

  function rig() {
    const schedule = { start: vi.fn(), stop: vi.fn() };
    const board = { applyRelay: vi.fn(), relayEnded: vi.fn() };
    let handlers!: { onEvent: (e: RelayEvent) => void; onState: (s: RelayConnectionState) => void };
    const conn = { start: vi.fn(), stop: vi.fn() };
    const running = relayWithFallback({
      board,
      schedule,
      connect: (h) => ((handlers = h), conn),
      retryMs: 60_000,
    });
    return { schedule, board, conn, running, handlers: () => handlers };
  }

  it('polls until the stream is live, then stops polling and passes the events to the board', () => {
    const { schedule, board, conn, handlers } = rig();
    expect(schedule.start).toHaveBeenCalledTimes(1);
    expect(conn.start).toHaveBeenCalledTimes(1);
    handlers().onState('connecting');
    handlers().onState('live');
    expect(schedule.stop).toHaveBeenCalledTimes(1);
    const event: RelayEvent = { kind: 'status', staleSince: null, sweptAt: null };
    handlers().onEvent(event);
    expect(board.applyRelay).toHaveBeenCalledWith(event);
  });

  it('falls back to polling when the relay is down, and tries the relay again 60 s later', () => {
    vi.useFakeTimers();
    const { schedule, board, conn, handlers, running } = rig();
    handlers().onState('live');
    handlers().onState('down');
    expect(schedule.start).toHaveBeenCalledTimes(2);
    expect(board.relayEnded).toHaveBeenCalled();
    vi.advanceTimersByTime(59_999);
    expect(conn.start).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(conn.start).toHaveBeenCalledTimes(2);
    handlers().onState('live');
    expect(schedule.stop).toHaveBeenCalledTimes(2);
    running.stop();
    expect(conn.stop).toHaveBeenCalled();
  });

  it('with a relay that never answers, keeps polling and never sends the Graph token to the relay origin', async () => {
    vi.useFakeTimers();
    const schedule = { start: vi.fn(), stop: vi.fn() };
    const store = { applyRelay: vi.fn(), relayEnded: vi.fn() };
    const requests: { url: string; authorization: string | null }[] = [];
    const doFetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      requests.push({ url: String(input), authorization: new Headers(init?.headers).get('Authorization') });
      return Promise.reject(new TypeError('Failed to fetch'));
    }) as typeof fetch;
    const tokens: TokenSource = {
      getToken: (scopes) => Promise.resolve(scopes.includes('api://relay/Presence.Stream') ? 'relay-token' : 'GRAPH-TOKEN'),
    };
    const relayToken = relayTokenGetter({
      relayUrl: RELAY,
      demo: false,
      relayScope: 'api://relay/Presence.Stream',
      scopedTokens: true,
      tokenSource: tokens,
      graphScopes: ['User.ReadBasic.All', 'Presence.Read.All'],
    })!;
    const running = relayWithFallback({
      board: store,
      schedule,
      connect: ({ onEvent, onState }) =>
        new RelayConnection({
          relayUrl: RELAY,
          relayToken,
          onEvent,
          onState,
          fetch: doFetch,
          eventSource: (url) => new FakeEventSource(url),
          log: quiet,
        }),
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(schedule.start).toHaveBeenCalledTimes(1);
    expect(schedule.stop).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(requests.length).toBe(2);
    expect(requests.every((r) => r.authorization === 'Bearer relay-token')).toBe(true);
    expect(JSON.stringify(requests)).not.toContain('GRAPH-TOKEN');
    running.stop();
  });
});

describe('relayTokenGetter', () => {
  const graphScopes = ['User.ReadBasic.All', 'Presence.Read.All'];

  it('asks the token source for the relay scope only, and refuses a token that is the Graph token', async () => {
    const getToken = vi.fn((scopes: readonly string[]) => Promise.resolve(scopes[0] === 'api://r/Presence.Stream' ? 'relay' : 'graph'));
    const getter = relayTokenGetter({
      relayUrl: RELAY,
      demo: false,
      relayScope: 'api://r/Presence.Stream',
      scopedTokens: true,
      tokenSource: { getToken },
      graphScopes,
    })!;
    await expect(getter({ forceRefresh: true })).resolves.toBe('relay');
    expect(getToken).toHaveBeenCalledWith(['api://r/Presence.Stream'], { interactive: false, forceRefresh: true });

    const same = relayTokenGetter({
      relayUrl: RELAY,
      demo: false,
      relayScope: 'api://r/Presence.Stream',
      scopedTokens: true,
      tokenSource: { getToken: () => Promise.resolve('graph') },
      graphScopes,
    })!;
    await expect(same({ forceRefresh: false })).rejects.toThrow(/Graph token/);
  });

  it('gives no relay to a fixed GRAPH_TOKEN or without a scope; in demo mode takes the relay’s /demo/token', async () => {
    const tokenSource: TokenSource = { getToken: () => Promise.resolve('graph') };
    expect(
      relayTokenGetter({
        relayUrl: RELAY,
        demo: false,
        relayScope: 'api://r/Presence.Stream',
        scopedTokens: false,
        tokenSource,
        graphScopes,
      }),
    ).toBeNull();
    expect(relayTokenGetter({ relayUrl: RELAY, demo: false, relayScope: null, scopedTokens: true, tokenSource, graphScopes })).toBeNull();
    const doFetch = vi.fn(() => Promise.resolve(Response.json({ token: 'demo-viewer' })));
    const demo = relayTokenGetter({
      relayUrl: RELAY,
      demo: true,
      relayScope: null,
      scopedTokens: false,
      tokenSource,
      graphScopes,
      fetch: doFetch as unknown as typeof fetch,
    })!;
    await expect(demo({ forceRefresh: false })).resolves.toBe('demo-viewer');
    expect(doFetch).toHaveBeenCalledWith(`${RELAY}/demo/token`, expect.objectContaining({ credentials: 'omit' }));
  });
});
