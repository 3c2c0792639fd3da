import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GraphError } from '@/graph/errors';
import { MAX_BACKOFF_FACTOR, refreshIntervalMs, RefreshSchedule, viewersWithinBudget } from '@/board/refreshSchedule';

describe('refreshIntervalMs', () => {
  it('is a minute for small and mid-size tenants and grows with the presence calls a refresh costs', () => {
    expect(refreshIntervalMs(100)).toBe(60_000);
    expect(refreshIntervalMs(10_000)).toBe(60_000);
    expect(refreshIntervalMs(50_000)).toBe(154_000);
  });

  it('keeps a hundred viewers of any size within 1,500 presence requests per 30 s', () => {
    for (const people of [100, 1_000, 10_000, 50_000, 200_000]) {
      expect(viewersWithinBudget(people, refreshIntervalMs(people))).toBeGreaterThanOrEqual(100);
    }
  });
});

function fakeBoard(people: number) {
  const board = {
    refreshes: 0,
    error: null as unknown,
    throttleOnRefresh: false,
    client: { throttledCount: 0 },
    refresh: vi.fn(async () => {
      board.refreshes++;
      if (board.throttleOnRefresh) board.client.throttledCount++;
    }),
    getSnapshot: () => ({ users: new Array(people), error: board.error }),
  };
  return board;
}

function fakeVisibility() {
  let visible = true;
  const listeners = new Set<() => void>();
  return {
    isVisible: () => visible,
    subscribe: (cb: () => void) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    set(value: boolean) {
      visible = value;
      for (const cb of listeners) cb();
    },
    listenerCount: () => listeners.size,
  };
}

describe('RefreshSchedule', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('refreshes once per interval', async () => {
    const board = fakeBoard(500);
    const schedule = new RefreshSchedule({ board, client: board.client, visibility: fakeVisibility(), now: () => Date.now() });
    schedule.start();
    await vi.advanceTimersByTimeAsync(59_999);
    expect(board.refreshes).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(board.refreshes).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000 * 3);
    expect(board.refreshes).toBe(4);
    schedule.stop();
  });

  it('backs off after refreshes that met a 429, up to 8×, and recovers after good ones', async () => {
    const board = fakeBoard(500);
    const schedule = new RefreshSchedule({ board, client: board.client, visibility: fakeVisibility(), now: () => Date.now() });
    schedule.start();
    board.throttleOnRefresh = true;
    const factors: number[] = [];
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(schedule.intervalMs());
      factors.push(schedule.backoffFactor);
    }
    expect(factors).toEqual([2, 4, 8, MAX_BACKOFF_FACTOR, MAX_BACKOFF_FACTOR]);
    expect(schedule.intervalMs()).toBe(8 * 60_000);
    board.throttleOnRefresh = false;
    await vi.advanceTimersByTimeAsync(schedule.intervalMs());
    expect(schedule.backoffFactor).toBe(4);
    schedule.stop();
  });

  it('counts a refresh that ended throttled as throttled too', async () => {
    const board = fakeBoard(10);
    board.error = new GraphError('throttled', 'busy');
    const schedule = new RefreshSchedule({ board, client: board.client, visibility: fakeVisibility(), now: () => Date.now() });
    schedule.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(schedule.backoffFactor).toBe(2);
    schedule.stop();
  });

  it('pauses while the page is hidden and catches up at once when it shows again', async () => {
    const board = fakeBoard(500);
    const visibility = fakeVisibility();
    const schedule = new RefreshSchedule({ board, client: board.client, visibility, now: () => Date.now() });
    schedule.start();
    visibility.set(false);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(board.refreshes).toBe(0);
    visibility.set(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(board.refreshes).toBe(1);
    schedule.stop();
  });

  it('does not refresh on showing again when the last refresh is recent', async () => {
    const board = fakeBoard(500);
    const visibility = fakeVisibility();
    const schedule = new RefreshSchedule({ board, client: board.client, visibility, now: () => Date.now() });
    schedule.start();
    await vi.advanceTimersByTimeAsync(10_000);
    visibility.set(false);
    visibility.set(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(board.refreshes).toBe(0);
    schedule.stop();
  });

  it('keeps one timer and one listener over thousands of cycles, and none after stop', async () => {
    const board = fakeBoard(100);
    const visibility = fakeVisibility();
    const schedule = new RefreshSchedule({ board, client: board.client, visibility, now: () => Date.now() });
    schedule.start();
    for (let i = 0; i < 2000; i++) {
      await vi.advanceTimersByTimeAsync(60_000);
      if (i % 100 === 0) {
        visibility.set(false);
        visibility.set(true);
      }
    }
    expect(board.refreshes).toBeGreaterThanOrEqual(2000);
    expect(vi.getTimerCount()).toBe(1);
    expect(visibility.listenerCount()).toBe(1);
    schedule.stop();
    expect(vi.getTimerCount()).toBe(0);
    expect(visibility.listenerCount()).toBe(0);
  });
});
