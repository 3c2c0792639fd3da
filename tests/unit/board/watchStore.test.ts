import { describe, expect, it } from 'vitest';
import type { KeyValueStorage } from '@/board/preferences';
import { MAX_TAB_WATCHES, parseWatches, WatchStore } from '@/board/watchStore';
import { WATCH_LIFETIME_MS } from '@/presence/watch';
import { memoryStorage } from '../support/render';

const T0 = Date.UTC(2026, 11, 2, 9, 0);

describe('watch store', () => {
  it('keeps watches per person and tenant, and they survive a reload (a new store on the same storage)', () => {
    const storage = memoryStorage();
    const adele = new WatchStore('t1/adele', storage, () => T0);
    adele.add('ANNA-ID', 'Busy');
    const again = new WatchStore('t1/adele', storage, () => T0 + 60_000);
    expect(again.getSnapshot()).toEqual([
      { personId: 'anna-id', createdAt: T0, expiresAt: T0 + WATCH_LIFETIME_MS, lastSeen: 'Busy', relayId: null },
    ]);
    expect(again.persistent).toBe(true);
    expect(new WatchStore('t1/megan', storage, () => T0).getSnapshot()).toEqual([]);
    expect(new WatchStore('t2/adele', storage, () => T0).getSnapshot()).toEqual([]);
    // Ids and times only: no name or status message is written.
    expect([...storage.data.values()].join()).not.toMatch(/displayName|mail/);
  });

  it('watches a person once; removing, updating and pruning expired watches are kept too', () => {
    const storage = memoryStorage();
    let now = T0;
    const store = new WatchStore('t/u', storage, () => now);
    const first = store.add('a', 'Busy');
    expect(store.add('A', 'Away')).toBe(first);
    store.add('b', null);
    store.update('a', { lastSeen: 'Away', relayId: 'w-1' });
    expect(store.watchOn('a')).toMatchObject({ lastSeen: 'Away', relayId: 'w-1' });
    expect(store.remove('b')?.personId).toBe('b');
    now = T0 + WATCH_LIFETIME_MS;
    expect(store.prune().map((w) => w.personId)).toEqual(['a']);
    expect(new WatchStore('t/u', storage, () => now).getSnapshot()).toEqual([]);
  });

  it('takes only well-formed, unexpired watches from what was kept, never longer than 8 hours', () => {
    const kept = JSON.stringify([
      { personId: 'ok', createdAt: T0, expiresAt: T0 + 1000, lastSeen: 'Busy', relayId: 'r1' },
      { personId: 'long', createdAt: T0, expiresAt: T0 + 10 * WATCH_LIFETIME_MS, lastSeen: null, relayId: null },
      { personId: 'old', createdAt: T0 - WATCH_LIFETIME_MS - 1, expiresAt: T0 - 1 },
      { personId: '<script>', createdAt: T0, expiresAt: T0 + 1000 },
      { personId: 'no-times' },
      'nonsense',
    ]);
    expect(parseWatches(kept, T0).map((w) => [w.personId, w.expiresAt - T0, w.relayId])).toEqual([
      ['ok', 1000, 'r1'],
      ['long', WATCH_LIFETIME_MS, null],
    ]);
    expect(parseWatches('{not json', T0)).toEqual([]);
    expect(parseWatches('{"a":1}', T0)).toEqual([]);
  });

  it('keeps watches in memory where the browser refuses storage, and says so', () => {
    const blocked: KeyValueStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
    };
    const store = new WatchStore('t/u', blocked, () => T0);
    expect(store.persistent).toBe(false);
    store.add('a', 'Busy');
    expect(store.getSnapshot().map((w) => w.personId)).toEqual(['a']);
    expect(new WatchStore('t/u', null, () => T0).persistent).toBe(false);
    // A quota that fills up later: the watch stays for the visit, and the store says it is no longer kept.
    let full = false;
    let kept: string | null = null;
    const filling: KeyValueStorage = {
      getItem: () => kept,
      setItem: (_key, value) => {
        if (full) throw new Error('QuotaExceededError');
        kept = value;
      },
    };
    const later = new WatchStore('t/u', filling, () => T0);
    later.add('a', null);
    expect(later.persistent).toBe(true);
    full = true;
    later.add('b', null);
    expect(later.persistent).toBe(false);
    expect(later.getSnapshot()).toHaveLength(2);
  });

  it('holds at most MAX_TAB_WATCHES watches', () => {
    const store = new WatchStore('t/u', memoryStorage(), () => T0);
    for (let i = 0; i < MAX_TAB_WATCHES; i++) expect(store.add(`p${i}`, null)).not.toBeNull();
    expect(store.add('one-more', null)).toBeNull();
    expect(store.getSnapshot()).toHaveLength(MAX_TAB_WATCHES);
  });
});
