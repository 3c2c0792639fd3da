/**
 * Issue 21 review: splitting a partition whose first page says it is much larger than planned
 * reads that page again and adds a part-filled last page. When the first page (the sample) did not
 * show how the directory is spread, several splits pushed the load past 1.1 × the sequential
 * listing's Graph requests (1.22-1.30 ×). Splits now spend only what the plan leaves spare.
 */
import { describe, expect, it } from 'vitest';
import { createBatchingClient } from '@/graph/batch';
import { REQUEST_ALLOWANCE, sequentialRequests } from '@/graph/partitionPlan';
import { listUsersPartitioned, type ListingReport } from '@/graph/partitionedUsers';
import { counting } from '../support/countingClient';
import { emulatedGraphPerFile, testClient } from '../support/emulatedGraph';

const graph = emulatedGraphPerFile();

describe('a partition larger than its sample promised', () => {
  it.each(['m', 's'])(
    "is split only within the request allowance (everyone after the first page starting with '%s')",
    async (skew) => {
      const people = 10_000;
      const emulator = graph.start({ users: people });
      // The first page (the sample) is spread over the alphabet; everyone after it starts with one letter.
      for (const user of emulator.users.slice(999)) emulator.updateUser(user.id, { userPrincipalName: `${skew}${user.userPrincipalName}` });
      const direct = counting(testClient());
      const batching = createBatchingClient(direct);
      const listed = new Set<string>();
      let report: ListingReport | null = null;
      for await (const page of listUsersPartitioned(batching, { fields: 'basic', onReport: (r) => (report = r) }))
        for (const user of page.users) listed.add(user.id.toLowerCase());
      expect(listed.size).toBe(people);
      expect(report).toMatchObject({ fellBack: null });
      expect(report!.partitions).toBeGreaterThan(1);
      const sequential = sequentialRequests(people, 999);
      const usersRequests = batching.sent.carried + direct.calls.filter((url) => url !== '/$batch').length;
      // Presence (not asked here) adds ⌈N/650⌉ calls, as in the sequential listing.
      expect(usersRequests + sequential.presence).toBeLessThanOrEqual(REQUEST_ALLOWANCE * (sequential.users + sequential.presence));
    },
    60_000,
  );
});
