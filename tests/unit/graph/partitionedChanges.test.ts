/**
 * Issue 21 review: the partitioned listing against a directory that changes while it is read.
 * The emulator pages by offset (as a live directory can shift under a skip token), so a person
 * removed from a page already read moves the next page's start on by one: whoever stood first on
 * it is skipped. The union against the directory's count sees that, unless another change makes
 * up the number; each partition's own @odata.count still sees it.
 */
import { describe, expect, it } from 'vitest';
import type { GraphClient, GraphRequest } from '@/graph/client';
import { createBatchingClient } from '@/graph/batch';
import { listUsersPartitioned, type ListingReport } from '@/graph/partitionedUsers';
import type { DirectoryUser } from '@/presence/types';
import { emulatedGraphPerFile, testClient } from '../support/emulatedGraph';

const graph = emulatedGraphPerFile();

/** A client that runs `before` ahead of each request it passes on. */
function intercepting(client: GraphClient, before: (request: GraphRequest) => void): GraphClient {
  return {
    baseUrl: client.baseUrl,
    get throttledCount() {
      return client.throttledCount;
    },
    request<T>(request: GraphRequest): Promise<T> {
      before(request);
      return client.request<T>(request);
    },
  };
}

/** The first character a partition's filter asks for (`startsWith(userPrincipalName,'x') or …`). */
function firstCharacterAsked(url: string): string | null {
  const filter = new URL(url, 'https://graph.microsoft.com').searchParams.get('$filter');
  return filter === null ? null : (/startsWith\(userPrincipalName,'([^'])'\)/.exec(filter)?.[1] ?? null);
}

describe('a directory that changes while its partitions are read', () => {
  it('does not lose someone silently when one partition loses a person and another gains one', async () => {
    const emulator = graph.start({ users: 10_000 });
    const everyoneAtStart = [...emulator.users];
    const firstPages = new Set<string>();
    let changed: { removed: string; added: string } | null = null;
    const client = intercepting(createBatchingClient(testClient()), (request) => {
      const asked = firstCharacterAsked(request.url);
      if (asked === null) return;
      if (!request.url.includes('skiptoken')) {
        firstPages.add(asked);
        return;
      }
      if (changed !== null) return;
      // A partition's second page is asked for: someone on its first page (already read) leaves,
      // and someone joins the end of another partition (whose later pages are still to come).
      const other = [...firstPages].find((c) => c !== asked)!;
      const leaving = emulator.users.find((u) => u.userPrincipalName.toLowerCase().startsWith(asked))!;
      emulator.removeUser(leaving.id);
      const joining = emulator.addUser({ userPrincipalName: `${other}zz.joiner@contoso.com`, displayName: 'Joiner' });
      changed = { removed: leaving.id, added: joining.id };
    });
    const listed = new Map<string, number>();
    let report: ListingReport | null = null;
    for await (const page of listUsersPartitioned(client, { fields: 'basic', onReport: (r) => (report = r) }))
      for (const user of page.users as DirectoryUser[]) listed.set(user.id.toLowerCase(), (listed.get(user.id.toLowerCase()) ?? 0) + 1);
    expect(changed).not.toBeNull();
    expect(report!.partitions).toBeGreaterThan(1);
    // The union matched the directory's count (one fewer, one more): the partition's own count told.
    expect(report!.fellBack).toBe('count-mismatch');
    // Everyone who was there from start to end is listed, and nobody twice.
    const stayed = everyoneAtStart.filter((u) => u.id !== changed!.removed);
    expect(stayed.filter((u) => !listed.has(u.id.toLowerCase())).map((u) => u.userPrincipalName)).toEqual([]);
    expect([...listed.values()].filter((n) => n > 1)).toEqual([]);
  });
});
