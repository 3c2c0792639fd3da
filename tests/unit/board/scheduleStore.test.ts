import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InteractionRequiredError } from '@/auth/errors';
import type { GraphClient } from '@/graph/client';
import { GraphError } from '@/graph/errors';
import type { getSchedules } from '@/graph/schedules';
import { ScheduleStore, type ScheduleStoreOptions, type ScheduleSubject } from '@/board/scheduleStore';
import type { ScheduleReading } from '@/presence/schedule';

const client = {} as GraphClient;
const subject = (i: number): ScheduleSubject => ({ id: `id-${i}`, address: `person${i}@contoso.com` });
const people = (from: number, count: number) => Array.from({ length: count }, (_, i) => subject(from + i));
const read = (): ScheduleReading => ({
  kind: 'schedule',
  schedule: { spans: [], workingHours: null, coversUntil: Date.now() + 86_400_000 },
});

/** A getSchedule that records whom each call asked for and answers what `answer` says. */
function fakeCalls(answer: (id: string) => ScheduleReading | 'later' = () => read()) {
  const calls: string[][] = [];
  let fail: (() => Error) | null = null;
  const fetchSchedules: typeof getSchedules = async (_client, asked) => {
    calls.push(asked.map((p) => p.id));
    if (fail) throw fail();
    return new Map(asked.map((p) => [p.id, answer(p.id)]));
  };
  return { calls, fetchSchedules, failWith: (f: (() => Error) | null) => (fail = f) };
}

function storeWith(fake: ReturnType<typeof fakeCalls>, options: Partial<ScheduleStoreOptions> = {}) {
  const store = new ScheduleStore({ client, fetchSchedules: fake.fetchSchedules, gatherMs: 100, ...options });
  store.setEnabled(true);
  return store;
}

beforeEach(() => vi.useFakeTimers({ now: new Date('2026-12-02T09:00:00Z') }));
afterEach(() => vi.useRealTimers());

describe('calendars for the people on screen', () => {
  it('asks for the people on screen only, at most 20 to a call, once the screen has settled', async () => {
    const fake = fakeCalls();
    const store = storeWith(fake);
    // A scroll: three screens in quick succession; only the last is asked for.
    store.want(people(0, 25));
    await vi.advanceTimersByTimeAsync(50);
    store.want(people(100, 25));
    await vi.advanceTimersByTimeAsync(50);
    store.want(people(200, 30));
    await vi.advanceTimersByTimeAsync(200);
    const asked = fake.calls.flat();
    expect(fake.calls.every((call) => call.length <= 20)).toBe(true);
    expect(new Set(asked)).toEqual(new Set(people(200, 30).map((p) => p.id)));
    expect(people(200, 30).every((p) => store.readingOf(p.id)?.kind === 'schedule')).toBe(true);
    store.dispose();
  });

  it('asks for the same people on screen even while new presence redraws them more often than the settling time', async () => {
    const fake = fakeCalls();
    const store = storeWith(fake);
    for (let i = 0; i < 20; i++) {
      store.want(people(0, 5));
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(fake.calls).toEqual([people(0, 5).map((p) => p.id)]);
    store.dispose();
  });

  it('asks for the same people re-sorted by new presence (a relay every 100 ms) as soon as they would be asked unsorted', async () => {
    const fake = fakeCalls();
    const store = storeWith(fake, { gatherMs: 300 });
    // The same five rows in a new order each time: statuses changed and the list re-sorted them.
    for (let i = 0; i < 20; i++) {
      store.want(i % 2 === 0 ? people(0, 5) : people(0, 5).reverse());
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(fake.calls.map((call) => [...call].sort())).toEqual([people(0, 5).map((p) => p.id)]);
    store.dispose();
  });

  it('asks within a few seconds while a relay keeps changing who is on screen, without outrunning the budget', async () => {
    const fake = fakeCalls();
    const store = storeWith(fake, { gatherMs: 300, callsPerMinute: 30 });
    // A large tenant's relay every 100 ms: one row of the screen changes each time (someone's status
    // moved them in or out of view); the other rows stay put and are never asked for.
    for (let i = 0; i < 600; i++) {
      store.want([...people(0, 15), subject(1000 + i)]);
      await vi.advanceTimersByTimeAsync(100);
      if (i === 50) expect(fake.calls.flat()).toEqual(expect.arrayContaining(people(0, 15).map((p) => p.id)));
    }
    expect(fake.calls.length).toBeLessThanOrEqual(30);
    store.dispose();
  });

  it('asks nothing while calendars are off, and asks for those on screen when turned on', async () => {
    const fake = fakeCalls();
    const store = new ScheduleStore({ client, fetchSchedules: fake.fetchSchedules, gatherMs: 100 });
    store.want(people(0, 5));
    await vi.advanceTimersByTimeAsync(1000);
    expect(fake.calls).toEqual([]);
    expect(store.access).toBe('off');
    store.setEnabled(true);
    await vi.advanceTimersByTimeAsync(200);
    expect(fake.calls.flat()).toEqual(people(0, 5).map((p) => p.id));
    store.dispose();
  });

  it('says nothing for a person without an address, without asking Graph', async () => {
    const fake = fakeCalls();
    const store = storeWith(fake);
    store.want([{ id: 'guest', address: null }, subject(1)]);
    expect(store.readingOf('guest')).toEqual({ kind: 'unavailable' });
    await vi.advanceTimersByTimeAsync(200);
    expect(fake.calls).toEqual([['id-1']]);
    store.dispose();
  });

  it('reads a schedule again on a refresh only once it is older than freshMs', async () => {
    const fake = fakeCalls();
    const store = storeWith(fake, { freshMs: 5 * 60_000 });
    store.want(people(0, 3));
    await vi.advanceTimersByTimeAsync(200);
    expect(fake.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(60_000);
    store.refresh();
    await vi.advanceTimersByTimeAsync(200);
    expect(fake.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    store.refresh();
    await vi.advanceTimersByTimeAsync(200);
    expect(fake.calls).toHaveLength(2);
    expect(fake.calls[1]).toEqual(people(0, 3).map((p) => p.id));
    store.dispose();
  });

  it('never makes more calls in a minute than its budget, however fast the screen changes', async () => {
    const fake = fakeCalls();
    const store = storeWith(fake, { callsPerMinute: 4 });
    for (let screen = 0; screen < 30; screen++) {
      store.want(people(screen * 20, 20));
      await vi.advanceTimersByTimeAsync(2_000);
    }
    // 60 s of a new screen every 2 s: 4 calls in the first minute, then the next as the first leaves the window.
    expect(fake.calls.length).toBe(4);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.calls.length).toBeGreaterThan(4);
    expect(fake.calls.length).toBeLessThanOrEqual(8);
    store.dispose();
  });

  it('keeps to its budget as Graph counts the calls, when they arrive: a slot is free a minute after the answer, not after the sending', async () => {
    // The first call takes 500 ms to reach Graph (a slow network), the others none: Graph sees it late.
    const received: number[] = [];
    const delays = [500];
    const fetchSchedules: typeof getSchedules = async (_client, asked) => {
      await new Promise((r) => setTimeout(r, delays.shift() ?? 0));
      received.push(Date.now());
      return new Map(asked.map((p) => [p.id, read()]));
    };
    const store = new ScheduleStore({ client, fetchSchedules, gatherMs: 100, callsPerMinute: 4, concurrency: 1 });
    store.setEnabled(true);
    for (let screen = 0; screen < 45; screen++) {
      store.want(people(screen * 20, 20));
      await vi.advanceTimersByTimeAsync(2_000);
    }
    expect(received.length).toBeGreaterThan(4);
    const busiest = Math.max(...received.map((at) => received.filter((other) => other >= at && other < at + 60_000).length));
    expect(busiest).toBeLessThanOrEqual(4);
    store.dispose();
  });

  it('stops asking without consent, asks again once access is granted, and says when Graph still refuses', async () => {
    const fake = fakeCalls();
    const store = storeWith(fake);
    fake.failWith(() => new InteractionRequiredError('consent needed'));
    store.want(people(0, 3));
    await vi.advanceTimersByTimeAsync(200);
    expect(store.access).toBe('needs-consent');
    store.want(people(10, 3));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fake.calls).toHaveLength(1);

    fake.failWith(() => new GraphError('forbidden', 'Access is denied.', { status: 403 }));
    store.retry();
    await vi.advanceTimersByTimeAsync(200);
    expect(fake.calls).toHaveLength(2);
    expect(fake.calls[1]).toEqual(people(10, 3).map((p) => p.id));
    expect(store.access).toBe('refused');

    fake.failWith(null);
    store.retry();
    await vi.advanceTimersByTimeAsync(200);
    expect(store.access).toBe('on');
    expect(people(10, 3).every((p) => store.readingOf(p.id)?.kind === 'schedule')).toBe(true);
    store.dispose();
  });

  it('a viewer without a mailbox Graph can reach (404 on /me/calendar: a guest, no Exchange Online licence) is told so, and nothing more is asked', async () => {
    const fake = fakeCalls();
    const store = storeWith(fake);
    fake.failWith(
      () =>
        new GraphError('bad-request', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.', {
          status: 404,
          code: 'MailboxNotEnabledForRESTAPI',
        }),
    );
    store.want(people(0, 20));
    await vi.advanceTimersByTimeAsync(200);
    expect(fake.calls).toHaveLength(1);
    expect(store.access).toBe('no-mailbox');
    // Asking every minute for an hour would be 60 calls that cannot succeed, with the rows blank and nothing said.
    for (let minute = 0; minute < 60; minute++) {
      store.want(people(minute * 20, 20));
      store.refresh();
      await vi.advanceTimersByTimeAsync(60_000);
    }
    expect(fake.calls).toHaveLength(1);
    // Turned off and on again (or access granted): asked again.
    fake.failWith(null);
    store.setEnabled(false);
    store.setEnabled(true);
    store.want(people(0, 3));
    await vi.advanceTimersByTimeAsync(200);
    expect(store.access).toBe('on');
    expect(fake.calls).toHaveLength(2);
    store.dispose();
  });

  it('asks a throttled call again only after retryAfterMs, and a "later" person likewise', async () => {
    const fake = fakeCalls((id) => (id === 'id-1' ? 'later' : read()));
    const store = storeWith(fake, { retryAfterMs: 30_000 });
    fake.failWith(() => new GraphError('throttled', 'Too many requests', { status: 429 }));
    store.want(people(0, 3));
    await vi.advanceTimersByTimeAsync(200);
    expect(fake.calls).toHaveLength(1);
    fake.failWith(null);
    store.refresh();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(21_000);
    store.refresh();
    await vi.advanceTimersByTimeAsync(200);
    expect(fake.calls).toHaveLength(2);
    expect(store.readingOf('id-0')?.kind).toBe('schedule');
    expect(store.readingOf('id-1')).toBeUndefined();
    store.dispose();
  });
});
