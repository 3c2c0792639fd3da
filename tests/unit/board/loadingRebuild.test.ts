import { describe, expect, it } from 'vitest';
import { BoardStore } from '@/board/boardStore';
import { DEFAULT_CHOICES } from '@/board/boardView';
import { BoardSession } from '@/board/remote/boardSession';
import type { FromWorker, ToWorker, WorkerPort } from '@/board/remote/protocol';
import { emulatedGraphPerFile, testClient } from '../support/emulatedGraph';

const graph = emulatedGraphPerFile();

/** A worker port that keeps what the session sends, and lets the test speak as the page. */
function recordingPort(): WorkerPort & { sent: FromWorker[]; say(message: ToWorker): void } {
  const handlers = new Set<(message: ToWorker) => void>();
  const sent: FromWorker[] = [];
  return {
    sent,
    post: (message) => sent.push(message),
    listen: (handler) => {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    say: (message) => handlers.forEach((handler) => handler(message)),
  };
}

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A board of 3,000 people read in 30 pages of 100 (10 ms each), its views counted while it loads and once loaded. */
async function load(loadingRebuildEveryMs: number) {
  graph.start({ users: 3_000, maxPageSize: 100, driftEveryMs: 0, latencyMs: 10 });
  const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
  const port = recordingPort();
  const session = new BoardSession({ store, port, loadingRebuildEveryMs });
  port.say({
    type: 'view',
    query: { id: 1, listId: 1, query: '', choices: { ...DEFAULT_CHOICES, showOffline: true }, favourites: [], noDepartmentLabel: '' },
    window: { start: 0, end: 50, visibleStart: 0, visibleEnd: 20, anchorKey: null },
  });
  await store.load();
  const views = () => port.sent.filter((m): m is Extract<FromWorker, { type: 'view' }> => m.type === 'view');
  const loadedAt = Date.now();
  await until(() => views().some((v) => v.shape.people === 3_000), 'a view of everyone');
  const lastWait = Date.now() - loadedAt;
  session.dispose();
  return { views: views().length, lastWait };
}

describe('the board worker while a large directory loads', () => {
  it('rebuilds the view less often while loading, and at once when the load is done', async () => {
    const everyChange = await load(0);
    // Rebuilt at most every 10 s while loading: the first people, then everyone once loaded.
    const throttled = await load(10_000);
    expect(throttled.views).toBeLessThan(everyChange.views);
    expect(throttled.views).toBeLessThanOrEqual(3);
    // Not the 10 s: the loaded board is shown as soon as the load ends.
    expect(throttled.lastWait).toBeLessThan(2_000);
  });
});
