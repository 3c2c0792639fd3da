import { describe, expect, it } from 'vitest';
import { WatchCenter, type WatchBoard } from '@/board/watchCenter';
import type { WatchEvent } from '@/board/watchMonitor';
import { WatchStore } from '@/board/watchStore';
import { memoryStorage } from '../support/render';

const T0 = Date.UTC(2026, 11, 2, 9, 0);

/** Two tabs of one browser: two stores of one viewer on the same localStorage. */
function twoTabs() {
  const storage = memoryStorage();
  return { storage, first: new WatchStore('t1/adele', storage, () => T0), second: new WatchStore('t1/adele', storage, () => T0) };
}

describe('watches in two tabs of one browser', () => {
  it('a watch made in one tab is not lost when the other tab, opened before it, makes one', () => {
    const { storage, first, second } = twoTabs();
    first.add('anna-id', 'Busy');
    second.add('ben-id', 'Away');
    const reloaded = new WatchStore('t1/adele', storage, () => T0);
    expect(reloaded.getSnapshot().map((w) => w.personId).sort()).toEqual(['anna-id', 'ben-id']);
    expect(second.getSnapshot().map((w) => w.personId).sort()).toEqual(['anna-id', 'ben-id']);
  });

  it('a watch fires in one tab only: the tab that ends it second finds it already ended', () => {
    const { storage, first, second } = twoTabs();
    first.add('anna-id', 'Busy');
    const late = new WatchStore('t1/adele', storage, () => T0);
    expect(late.watchOn('anna-id')).toBeDefined();
    expect(first.remove('anna-id')).toBeDefined();
    expect(late.remove('anna-id')).toBeUndefined();
    expect(second.remove('anna-id')).toBeUndefined();
  });

  it('a watch removed in one tab is not written back by the other', () => {
    const { storage, first, second } = twoTabs();
    first.add('anna-id', 'Busy');
    second.add('ben-id', 'Away');
    first.remove('anna-id');
    second.update('ben-id', { lastSeen: 'Busy' });
    expect(new WatchStore('t1/adele', storage, () => T0).getSnapshot().map((w) => w.personId)).toEqual(['ben-id']);
  });
});

describe('a watch that fires in two tabs at once', () => {
  it('is told by one tab only (the toast, the title, the system notification come once)', () => {
    const storage = memoryStorage();
    const tabs = [0, 1].map(() => {
      const listeners = new Set<(event: WatchEvent) => void>();
      const board: WatchBoard = {
        setWatches: () => undefined,
        watchSource: { onEvent: (l) => (listeners.add(l), () => listeners.delete(l)), people: () => [], subscribe: () => () => undefined },
      };
      const center = new WatchCenter({ store: new WatchStore('t1/adele', storage, () => T0), board });
      const fired: string[] = [];
      center.onFired((f) => fired.push(f.personId));
      return { center, fired, emit: (event: WatchEvent) => listeners.forEach((l) => l(event)) };
    });
    tabs[0]!.center.watch('anna-id', 'Busy');
    const other = new WatchStore('t1/adele', storage, () => T0);
    expect(other.watchOn('anna-id')).toBeDefined();
    // The second tab learns of the watch (as after a reload), then both workers see Anna turn Available.
    tabs[1]!.center.watch('ben-id', 'Busy');
    const event: WatchEvent = { kind: 'fired', personId: 'anna-id', createdAt: T0, person: { user: { id: 'anna-id' } } as never };
    tabs[0]!.emit(event);
    tabs[1]!.emit(event);
    expect([...tabs[0]!.fired, ...tabs[1]!.fired]).toEqual(['anna-id']);
    for (const tab of tabs) tab.center.dispose();
  });
});
