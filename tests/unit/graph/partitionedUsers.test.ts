import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COLLATIONS } from '@/emulator/collation';
import type { GraphClient } from '@/graph/client';
import { createBatchingClient } from '@/graph/batch';
import { GraphError } from '@/graph/errors';
import {
  clausesOf,
  MAX_CLAUSES,
  partitionFilter,
  planPartitions,
  REQUEST_ALLOWANCE,
  sequentialRequests,
  splitPartition,
  UPN_FIRST_CHARACTERS,
  UPN_SECOND_CHARACTERS,
} from '@/graph/partitionPlan';
import { listUsersPartitioned, type ListingReport } from '@/graph/partitionedUsers';
import type { DirectoryUser } from '@/presence/types';
import { counting } from '../support/countingClient';
import { emulatedGraphPerFile, testClient } from '../support/emulatedGraph';

const graph = emulatedGraphPerFile();

async function listAll(client: GraphClient): Promise<{ users: DirectoryUser[]; report: ListingReport | null }> {
  const users: DirectoryUser[] = [];
  let report: ListingReport | null = null;
  for await (const page of listUsersPartitioned(client, { fields: 'basic', onReport: (r) => (report = r) })) users.push(...page.users);
  return { users, report };
}

const idsOf = (users: readonly { id: string }[]) => users.map((u) => u.id.toLowerCase()).sort();

describe('a partition plan', () => {
  it('covers every UPN start once (a character, or all its two-character prefixes), in partitions of at most 15 clauses, within the request allowance', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('anna@x', 'Anna@x', 'aB@x', 'jo@x', 'Jo@x', 'a@x', "a'b@x")), {
          maxLength: 999,
        }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 200, max: 999 }),
        (sample, total, pageSize) => {
          const plan = planPartitions(sample, total, pageSize);
          if (plan === null) return;
          const keys = plan.partitions.flatMap((p) => p.prefixes.filter((prefix) => prefix === prefix.toLowerCase()));
          // Each lower-case prefix asked once, and each other form beside its lower case.
          expect(new Set(keys).size).toBe(keys.length);
          for (const p of plan.partitions)
            p.prefixes.forEach((prefix, i) => {
              if (prefix !== prefix.toLowerCase()) expect(p.prefixes.slice(0, i)).toContain(prefix.toLowerCase());
            });
          // Each first character whole, or each of its two-character prefixes: never both, never some.
          for (const c of UPN_FIRST_CHARACTERS) {
            const parts = [...UPN_SECOND_CHARACTERS].filter((d) => keys.includes(c + d)).length;
            expect(keys.includes(c) ? parts : UPN_SECOND_CHARACTERS.length - parts).toBe(0);
          }
          for (const p of plan.partitions) expect(clausesOf(p)).toBeLessThanOrEqual(MAX_CLAUSES);
          const sequential = sequentialRequests(total, pageSize);
          expect(plan.requests + 1 + sequential.presence).toBeLessThanOrEqual(REQUEST_ALLOWANCE * (sequential.users + sequential.presence));
          expect(plan.rounds).toBeLessThan(sequential.users);
          expect(plan.partitions.length * plan.rounds * pageSize).toBeGreaterThanOrEqual(total);
        },
      ),
    );
  });

  it('reads a directory of two pages or less in sequence', () => {
    expect(planPartitions([], 1998, 999)).toBeNull();
    expect(planPartitions([], 0, 999)).toBeNull();
  });

  it('asks for a capital only where the sample met one, keeps it with its prefix, and doubles a quote', () => {
    expect(partitionFilter({ prefixes: ['a', 'A', "'", '1', 'jo', 'Jo'] })).toBe(
      "startsWith(userPrincipalName,'a') or startsWith(userPrincipalName,'A') or startsWith(userPrincipalName,'''') or startsWith(userPrincipalName,'1') or startsWith(userPrincipalName,'jo') or startsWith(userPrincipalName,'Jo')",
    );
    const sample = [...Array.from({ length: 500 }, (_, i) => `${'abcdefgh'[i % 8]}${i}@x`), 'Zed@x'];
    const plan = planPartitions(sample, 20_000, 999)!;
    const others = plan.partitions.flatMap((p) => p.prefixes.filter((prefix) => prefix !== prefix.toLowerCase()));
    expect(others).toEqual(['Z']);
    const withZ = plan.partitions.find((p) => p.prefixes.includes('Z'))!;
    expect(withZ.prefixes[withZ.prefixes.indexOf('Z') - 1]).toBe('z');
    expect(splitPartition({ prefixes: ['a', 'A'] })).toBeNull();
    expect(splitPartition({ prefixes: ['a', 'A', 'b', 'c', 'd'] })!.map((p) => p.prefixes)).toEqual([['a', 'A', 'b'], ['c', 'd']]);
    expect(splitPartition({ prefixes: ['jo', 'Jo', 'ja'] })!.map((p) => p.prefixes)).toEqual([['jo', 'Jo'], ['ja']]);
  });

  it('asks for a first character a tenth of the directory starts with by its two-character prefixes, for fewer rounds', () => {
    // A tenth of the names start with 'a' (as in real directories and the emulated one), one with 'Ab'.
    const firsts = 'aaaaabbccddeeffgghhiijjkkllmmnnooppqrrssttuvwyz';
    const sample = Array.from({ length: 999 }, (_, i) => `${firsts[i % firsts.length]}${'aeiou'[i % 5]}${i}@contoso.com`);
    sample[0] = 'Ab.smith@contoso.com';
    const plan = planPartitions(sample, 50_000, 999)!;
    const prefixes = plan.partitions.flatMap((p) => p.prefixes);
    expect(prefixes).toContain('aa');
    expect(prefixes).toContain('a@');
    expect(prefixes).not.toContain('a');
    expect(prefixes).not.toContain('A');
    expect(prefixes[prefixes.indexOf('Ab') - 1]).toBe('ab');
    // A partition of the whole 'a' (5,300 people, with the sample's margin 7 pages one after another) is not waited on.
    expect(plan.rounds).toBeLessThan(7);
  });
});

/** A client that refuses (400, as Graph refuses a filter it does not take) the requests `refuse` picks. */
function refusing(client: GraphClient, refuse: (url: string) => boolean): GraphClient {
  return {
    baseUrl: client.baseUrl,
    get throttledCount() {
      return client.throttledCount;
    },
    request<T>(request: Parameters<GraphClient['request']>[0]): Promise<T> {
      if (refuse(request.url)) {
        return Promise.reject(
          new GraphError('bad-request', "Unsupported or invalid query filter clause specified for property 'userPrincipalName'.", {
            status: 400,
          }),
        );
      }
      return client.request<T>(request);
    },
  };
}

describe('the directory in partitions', () => {
  it("lists everyone once in parallel partitions, within 1.1 × the sequential listing's requests", async () => {
    const emulator = graph.start({ users: 10_000 });
    const direct = counting(testClient());
    const batching = createBatchingClient(direct);
    const { users, report } = await listAll(batching);
    expect(users).toHaveLength(10_000);
    expect(idsOf(users)).toEqual(idsOf(emulator.users));
    expect(report).toMatchObject({ fellBack: null, splits: 0 });
    expect(report!.partitions).toBeGreaterThan(1);
    // Users requests: the first page and the partitions' pages; presence (not asked here) would add ⌈N/650⌉ as before.
    const sequential = sequentialRequests(10_000, 999);
    const usersRequests = batching.sent.carried + direct.calls.filter((url) => url !== '/$batch').length;
    expect(usersRequests + sequential.presence).toBeLessThanOrEqual(REQUEST_ALLOWANCE * (sequential.users + sequential.presence));
    // In batches: a handful of $batch requests, one URL (one preflight).
    expect(new Set(direct.calls)).toEqual(new Set(['/$batch']));
  });

  it('reads in sequence when the union differs from @odata.count (a count that lies), still everyone once', async () => {
    const emulator = graph.start({ users: 5000, countOffset: 3 });
    const { users, report } = await listAll(createBatchingClient(testClient()));
    expect(report).toMatchObject({ fellBack: 'count-mismatch' });
    expect(idsOf(users)).toEqual(idsOf(emulator.users));
  });

  it("reads in sequence when Graph refuses the partitions' filter (400), still everyone once", async () => {
    const emulator = graph.start({ users: 5000 });
    const client = refusing(createBatchingClient(testClient()), (url) => url.includes('$filter'));
    const { users, report } = await listAll(client);
    expect(report).toMatchObject({ fellBack: 'refused' });
    expect(idsOf(users)).toEqual(idsOf(emulator.users));
  });

  it('reads in sequence when one partition is refused halfway (its second page), still everyone once', async () => {
    const emulator = graph.start({ users: 8000 });
    const client = refusing(createBatchingClient(testClient()), (url) => url.includes('skiptoken') && url.includes('filter'));
    const { users, report } = await listAll(client);
    expect(report).toMatchObject({ fellBack: 'refused' });
    expect(idsOf(users)).toEqual(idsOf(emulator.users));
  });

  it('finds people whose UPN starts with a capital on a server that compares case-sensitively, or reads in sequence', async () => {
    const emulator = graph.start({ users: 5000, collation: 'ordinal' });
    for (const user of emulator.users.slice(0, 1500))
      emulator.updateUser(user.id, { userPrincipalName: user.userPrincipalName.toUpperCase() });
    const { users } = await listAll(createBatchingClient(testClient()));
    expect(idsOf(users)).toEqual(idsOf(emulator.users));
  });

  it("lets what the first page sets going (its presence) leave before the partitions' requests", async () => {
    graph.start({ users: 10_000 });
    const inner = testClient();
    const sent: string[] = [];
    const batching = createBatchingClient({
      baseUrl: inner.baseUrl,
      get throttledCount() {
        return inner.throttledCount;
      },
      request<T>(request: Parameters<GraphClient['request']>[0]): Promise<T> {
        const urls = (request.body as { requests?: { url: string }[] } | undefined)?.requests?.map((r) => r.url) ?? [request.url];
        sent.push(urls.some((url) => url.includes('getPresencesByUserId')) ? 'presence' : urls.some((url) => url.includes('$filter')) ? 'partitions' : 'users');
        return inner.request<T>(request);
      },
    });
    const asked: Promise<unknown>[] = [];
    let first = true;
    for await (const page of listUsersPartitioned(batching, { fields: 'basic' })) {
      if (!first) continue;
      first = false;
      // As the board's presence fetcher does: a few turns of its own before the request is made.
      asked.push(
        (async () => {
          for (let i = 0; i < 20; i++) await Promise.resolve();
          return batching.request({ url: '/communications/getPresencesByUserId', method: 'POST', body: { ids: page.users.slice(0, 650).map((u) => u.id) } });
        })(),
      );
    }
    await Promise.all(asked);
    expect(sent.slice(0, 3)).toEqual(['users', 'presence', 'partitions']);
  });

  it('reads a small directory in one page, as before', async () => {
    const emulator = graph.start({ users: 300 });
    const direct = counting(testClient());
    const { users, report } = await listAll(createBatchingClient(direct));
    expect(idsOf(users)).toEqual(idsOf(emulator.users));
    expect(report).toMatchObject({ partitions: 0, fellBack: null });
    expect(direct.calls).toEqual(['/$batch']);
  });
});

const SCRIPTS = [
  'abc',
  'ABC',
  'xyz',
  'Émile',
  'ßtraße',
  'Ørsted',
  'Łukasz',
  'İstanbul',
  'Ωmega',
  'Жанна',
  'محمد',
  '李雷',
  'さくら',
  '김민',
  '0123',
  '9lives',
  "o'neil",
  '_x',
  '.dot',
  '#ext',
  '~t',
  '!b',
  '^c',
  '-d',
  ' space',
];

describe('exactly once, whatever the directory and the server (property)', () => {
  it('lists as many people as the server holds, each once, across 1,000 random directories', async () => {
    const upn = fc
      .tuple(fc.constantFrom(...SCRIPTS), fc.string({ maxLength: 4 }), fc.constantFrom('', 'A', '1', 'é'))
      .map(([a, b, c]) => `${a}${b}${c}@contoso.example`);
    const tally = { partitioned: 0, fellBack: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          upns: fc.array(upn, { maxLength: 40, size: 'max' }),
          duplicates: fc.boolean(),
          // Half the directories have UPNs only from the alphabet the partitions ask for (in any case).
          exotic: fc.boolean(),
          collation: fc.constantFrom(...COLLATIONS),
          pageSize: fc.integer({ min: 2, max: 12 }),
        }),
        async ({ upns, duplicates, exotic, collation, pageSize }) => {
          graph.server.resetHandlers();
          const emulator = graph.start({ users: upns.length, collation, maxPageSize: pageSize });
          emulator.users.forEach((user, i) => {
            const given = duplicates && i % 3 === 0 ? upns[0]! : upns[i]!;
            const name = exotic || /^[a-z0-9'.\-_!#^~]/i.test(given) ? given : `q${given}`;
            emulator.updateUser(user.id, { userPrincipalName: name, displayName: name.split('@')[0]! });
          });
          // The allowance lifted: partitions are used even where they would not pay, to be tried.
          const users: DirectoryUser[] = [];
          const onReport = (report: ListingReport) => {
            if (report.partitions > 0) tally.partitioned++;
            if (report.fellBack !== null) tally.fellBack++;
          };
          for await (const page of listUsersPartitioned(createBatchingClient(testClient()), {
            fields: 'basic',
            allowance: 100,
            onReport,
          })) {
            users.push(...page.users);
          }
          expect(users).toHaveLength(emulator.users.length);
          expect(idsOf(users)).toEqual(idsOf(emulator.users));
        },
      ),
      { numRuns: 1000 },
    );
    // Both ways were taken: partitions that held, and partitions that could not be trusted.
    expect(tally.partitioned).toBeGreaterThan(300);
    expect(tally.partitioned - tally.fellBack).toBeGreaterThan(100);
    expect(tally.fellBack).toBeGreaterThan(100);
  }, 600_000);
});
