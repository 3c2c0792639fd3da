/**
 * Issue 21 review: a partition whose pages name a new next page for ever. The listing gave it up
 * only after usersPageLimit's pages for its own @odata.count; without that count, after 200 pages
 * for each partition (1,000 Graph requests for 8,000 people). The directory's count bounds a
 * partition as well: no partition holds more people than the directory.
 */
import { describe, expect, it } from 'vitest';
import type { GraphClient, GraphRequest } from '@/graph/client';
import { createBatchingClient } from '@/graph/batch';
import { listUsersPartitioned, type ListingReport } from '@/graph/partitionedUsers';
import { emulatedGraphPerFile, testClient } from '../support/emulatedGraph';

const graph = emulatedGraphPerFile();

/** Partitions' pages without their count, each naming a next page never asked for before. */
function pagingForEver(client: GraphClient): GraphClient {
  let n = 0;
  return {
    baseUrl: client.baseUrl,
    get throttledCount() {
      return client.throttledCount;
    },
    async request<T>(request: GraphRequest): Promise<T> {
      const page = await client.request<Record<string, unknown>>(request);
      if (/(\$|%24)filter=/.test(request.url)) {
        delete page['@odata.count'];
        const link = typeof page['@odata.nextLink'] === 'string' ? page['@odata.nextLink'] : request.url;
        page['@odata.nextLink'] = `${link.replace(/&again=\d+/, '')}&again=${++n}`;
      }
      return page as T;
    },
  };
}

describe('a partition that pages for ever', () => {
  it("is given up within the pages the directory's count allows, and everyone is still listed once", async () => {
    const emulator = graph.start({ users: 8000 });
    const batching = createBatchingClient(testClient());
    const listed = new Map<string, number>();
    let report: ListingReport | null = null;
    for await (const page of listUsersPartitioned(pagingForEver(batching), { fields: 'basic', onReport: (r) => (report = r) }))
      for (const user of page.users) listed.set(user.id.toLowerCase(), (listed.get(user.id.toLowerCase()) ?? 0) + 1);
    expect(report).toMatchObject({ fellBack: 'runaway' });
    expect(listed.size).toBe(emulator.users.length);
    expect([...listed.values()].every((n) => n === 1)).toBe(true);
    // 8,000 people take 9 pages of 999 in sequence; a partition may not take more than ~11.
    expect(report!.partitionRequests).toBeLessThanOrEqual(report!.partitions * 11);
  }, 120_000);
});
