import { describe, expect, it } from 'vitest';
import { BoardStore } from '@/board/boardStore';
import { loadUsersAndPresence } from '@/board/loadPipeline';
import type { BatchingClient } from '@/graph/batch';
import { REQUEST_ALLOWANCE, sequentialRequests } from '@/graph/partitionPlan';
import type { ListingReport } from '@/graph/partitionedUsers';
import type { PresenceRecord } from '@/presence/types';
import { emulatedGraphPerFile, testClient } from '../support/emulatedGraph';

const graph = emulatedGraphPerFile();

describe('the first load in partitions and batches', () => {
  it("gets everyone and their presence within 1.1 × the sequential load's Graph requests, all in $batch requests", async () => {
    const emulator = graph.start({ users: 10_000 });
    const users = new Set<string>();
    const presence: PresenceRecord[] = [];
    let batching: BatchingClient | null = null;
    let report: ListingReport | null = null;
    await loadUsersAndPresence(testClient(), {
      listing: 'partitioned',
      userFields: 'basic',
      onUsersPage: (page) => page.users.forEach((u) => users.add(u.id)),
      onPresence: (records) => presence.push(...records),
      onBatchingClient: (client) => (batching = client),
      onListingReport: (r) => (report = r),
    });
    expect(users.size).toBe(10_000);
    expect(new Set(presence.map((p) => p.id)).size).toBe(10_000);
    expect(report).toMatchObject({ fellBack: null });
    const sequential = sequentialRequests(10_000, 999);
    expect(batching!.sent.carried).toBeLessThanOrEqual(REQUEST_ALLOWANCE * (sequential.users + sequential.presence));
    // Every call went in a $batch: one URL, one preflight in a browser.
    expect(new Set(emulator.requests.map((r) => new URL(r.url).pathname))).toEqual(new Set(['/v1.0/$batch']));
  });

  it("a board store told to partition shows everyone once, with the directory's count", async () => {
    graph.start({ users: 4000 });
    const store = new BoardStore({ client: testClient(), listing: 'partitioned', notifyIntervalMs: 1 });
    await store.load();
    const state = store.getSnapshot();
    expect(state.phase).toBe('ready');
    expect(state.users).toHaveLength(4000);
    expect(state.usersExpected).toBe(4000);
    expect(state.presence.size).toBe(4000);
    store.dispose();
  });
});
