/**
 * Issue 21 review: attacks on the partitioned listing (partitionPlan.ts, partitionedUsers.ts,
 * batch.ts) by someone who did not write it. Each test is an attack that must hold: everyone listed
 * exactly once, or a clear error; a token only to the Graph host; bounded work on hostile answers.
 */
import { describe, expect, it } from 'vitest';
import type { Collation } from '@/emulator/collation';
import type { GraphClient, GraphRequest } from '@/graph/client';
import { createBatchingClient } from '@/graph/batch';
import { GraphError } from '@/graph/errors';
import { planPartitions } from '@/graph/partitionPlan';
import { listUsersPartitioned, type ListingReport } from '@/graph/partitionedUsers';
import { emulatedGraphPerFile, recordingSleep, testClient } from '../support/emulatedGraph';

const graph = emulatedGraphPerFile();

type Answer = Record<string, unknown>;
interface BatchItemAnswer {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A client whose answers `change` may alter in place (a `$batch` answer whole, with the request that carried its requests). */
function tampering(
  client: GraphClient,
  change: (answer: Answer, request: GraphRequest) => void,
  before?: (request: GraphRequest) => void,
): GraphClient & { urls: string[] } {
  const urls: string[] = [];
  return {
    baseUrl: client.baseUrl,
    urls,
    get throttledCount() {
      return client.throttledCount;
    },
    async request<T>(request: GraphRequest): Promise<T> {
      urls.push(request.url);
      before?.(request);
      const answer = await client.request<Answer>(request);
      change(answer, request);
      return answer as T;
    },
  };
}

/** The requests a `$batch` carried. */
const carried = (request: GraphRequest) => (request.body as { requests?: { id: string; url: string }[] } | undefined)?.requests ?? [];
const responsesOf = (answer: Answer) => answer.responses as BatchItemAnswer[];
const isPartition = (url: string) => /(\$|%24)filter=/.test(url);

async function listAll(client: GraphClient, options: { signal?: AbortSignal } = {}) {
  const listed = new Map<string, number>();
  let report: ListingReport | null = null;
  for await (const page of listUsersPartitioned(client, { fields: 'basic', signal: options.signal, onReport: (r) => (report = r) })) {
    if (page.cut) throw page.cut;
    for (const user of page.users) listed.set(user.id.toLowerCase(), (listed.get(user.id.toLowerCase()) ?? 0) + 1);
  }
  return { listed, report: report as ListingReport | null };
}

function expectEveryoneOnce(listed: Map<string, number>, everyone: readonly { id: string }[]) {
  expect([...listed.values()].filter((n) => n !== 1)).toEqual([]);
  expect(everyone.filter((u) => !listed.has(u.id.toLowerCase())).length).toBe(0);
  expect(listed.size).toBe(everyone.length);
}

describe('a count that lies', () => {
  it.each([
    ['a negative count', -5],
    ['a count as a string', '10000'],
    ['a fractional count', 10_000.5],
  ])('%s: everyone once', async (_, lie) => {
    const emulator = graph.start({ users: 10_000 });
    const client = tampering(testClient(), (answer, request) => {
      if (request.url !== '/$batch') return;
      for (const r of responsesOf(answer)) {
        const body = r.body as Answer | undefined;
        if (body && '@odata.count' in body && !isPartition(carried(request).find((c) => c.id === r.id)!.url)) body['@odata.count'] = lie;
      }
    });
    const { listed } = await listAll(createBatchingClient(client));
    expectEveryoneOnce(listed, emulator.users);
  });

  it('of 1e12 people: everyone once, without the planner spinning for minutes first', async () => {
    const emulator = graph.start({ users: 5000 });
    const client = tampering(testClient(), (answer, request) => {
      if (request.url !== '/$batch') return;
      for (const r of responsesOf(answer)) {
        const body = r.body as Answer | undefined;
        if (body && '@odata.count' in body && !isPartition(carried(request).find((c) => c.id === r.id)!.url)) body['@odata.count'] = 1e12;
      }
    });
    const { listed, report } = await listAll(createBatchingClient(client));
    expectEveryoneOnce(listed, emulator.users);
    expect(report!.fellBack).not.toBeNull();
  });

  it('the planner ends whatever count and page size a hostile first page gives (1e15 people, pages of one)', () => {
    const sample = Array.from({ length: 999 }, (_, i) => `aa${i}@x`);
    expect(planPartitions(sample, 1e15, 999)).toBeNull();
    // A first page of one person, saying the directory holds a billion.
    const plan = planPartitions(['anna@x'], 1e9, 1);
    expect(plan === null || plan.partitions.length * plan.rounds >= 1e9).toBe(true);
  });
});

describe('UPNs outside the alphabet the partitions ask for', () => {
  const odd = ['@lone', ' space', 'ßtrasse', 'ıvan', 'İlker', 'Kelvin', '\u212Aelvin', 'Émile', '李雷', '+plus', 'Zed', 'ZED', 'aB.x', 'AB.y', 'Ab.z'];
  it.each<Collation>(['ordinal-ignore-case', 'ordinal', 'linguistic-ignore-case'])('on a %s server: everyone once', async (collation) => {
    const emulator = graph.start({ users: 6000, collation });
    emulator.users.slice(0, odd.length * 20).forEach((user, i) => {
      emulator.updateUser(user.id, { userPrincipalName: `${odd[i % odd.length]}${i}@contoso.com` });
    });
    const { listed } = await listAll(createBatchingClient(testClient()));
    expectEveryoneOnce(listed, emulator.users);
  });

  it("two-character prefixes on a case-sensitive server ('ab', 'Ab', 'aB', 'AB'): everyone once", async () => {
    const emulator = graph.start({ users: 20_000, collation: 'ordinal' });
    const forms = ['ab', 'Ab', 'aB', 'AB', 'ac', 'aC', 'ad'];
    // A quarter of the directory starts with 'a' (split into two-character prefixes), in every case.
    emulator.users.forEach((user, i) => {
      if (i % 4 === 0) emulator.updateUser(user.id, { userPrincipalName: `${forms[(i / 4) % forms.length]}${i}@contoso.com` });
    });
    const { listed, report } = await listAll(createBatchingClient(testClient()));
    expectEveryoneOnce(listed, emulator.users);
    expect(report!.partitions).toBeGreaterThan(1);
  });

  it('a directory where everyone starts with the same two characters: everyone once', async () => {
    const emulator = graph.start({ users: 12_000 });
    emulator.users.forEach((user, i) => emulator.updateUser(user.id, { userPrincipalName: `aa${i}@contoso.com` }));
    const { listed } = await listAll(createBatchingClient(testClient()));
    expectEveryoneOnce(listed, emulator.users);
  });
});

describe('a directory that changes while its partitions are read', () => {
  it.each([
    ['one still being read', 1.1, (theirs: number) => theirs > 999],
    // Many partitions of one page (the allowance lifted), and one that the first page did not show is large.
    ['one read to its end', 100, (theirs: number) => theirs <= 999],
  ])(
    'does not lose someone renamed from a partition still to be read into %s, while someone joins the first',
    async (_, allowance, fits) => {
      const emulator = graph.start({ users: 10_000 });
      if (allowance > 1.1)
        emulator.users.slice(999).forEach((user, i) => {
          if (i % 5 < 2) emulator.updateUser(user.id, { userPrincipalName: `m${user.userPrincipalName}` });
        });
      const firstPages: string[][] = [];
      let changed: { renamed: string; joined: string } | null = null;
      const inPartition = (prefixes: readonly string[], upn: string) => prefixes.some((p) => upn.toLowerCase().startsWith(p.toLowerCase()));
      const before = (request: GraphRequest) => {
        for (const { url } of carried(request)) {
          if (!isPartition(url)) continue;
          const filter = new URL(url, 'https://graph.microsoft.com').searchParams.get('$filter')!;
          const prefixes = [...filter.matchAll(/startsWith\(userPrincipalName,'((?:[^']|'')*)'\)/g)].map((m) => m[1]!.replace(/''/g, "'"));
          if (!url.includes('skiptoken')) {
            firstPages.push(prefixes);
            continue;
          }
          if (changed !== null) continue;
          // This partition's second page is asked for. The person who would come first on it is
          // renamed into another partition whose first page, asked for already, reaches further in
          // the directory's order (the person lands where that one has read); and someone joins
          // this partition at its end. This partition's count and the directory's still add up.
          const everyone = emulator.users;
          const members = everyone.filter((u) => inPartition(prefixes, u.userPrincipalName));
          const moving = members[999]!;
          const at = everyone.indexOf(moving);
          const target = firstPages.find((p) => {
            if (p.join() === prefixes.join()) return false;
            const theirs = everyone.filter((u) => inPartition(p, u.userPrincipalName));
            return fits(theirs.length) && everyone.indexOf(theirs[Math.min(998, theirs.length - 1)]!) > at;
          });
          if (target === undefined) continue;
          emulator.updateUser(moving.id, { userPrincipalName: `${target[0]}${moving.userPrincipalName}` });
          const joining = emulator.addUser({ userPrincipalName: `${prefixes[0]}zz.joiner@contoso.com`, displayName: 'Joiner' });
          changed = { renamed: moving.id, joined: joining.id };
        }
      };
      const client = createBatchingClient(tampering(testClient(), () => undefined, before));
      const listed = new Map<string, number>();
      let report: ListingReport | null = null;
      for await (const page of listUsersPartitioned(client, { fields: 'basic', allowance, onReport: (r) => (report = r) }))
        for (const user of page.users) listed.set(user.id.toLowerCase(), (listed.get(user.id.toLowerCase()) ?? 0) + 1);
      expect(changed).not.toBeNull();
      expect(report!.partitions).toBeGreaterThan(1);
      // The renamed person was in the directory from start to end: listed, once; nobody twice.
      expect(listed.get(changed!.renamed.toLowerCase())).toBe(1);
      expect([...listed.values()].filter((n) => n > 1)).toEqual([]);
    },
  );
});

/** A link `change` makes of a partition's next link, in the `$batch` answers that carry one. */
function relinking(change: (link: string) => string) {
  return tampering(testClient(), (answer, request) => {
    if (request.url !== '/$batch') return;
    for (const r of responsesOf(answer)) {
      const body = r.body as Answer | undefined;
      const link = body?.['@odata.nextLink'];
      if (typeof link === 'string' && isPartition(link)) body!['@odata.nextLink'] = change(link);
    }
  });
}

describe('next links inside $batch answers', () => {
  it("that drop the partition's filter (the server forgets it halfway): everyone once, within the pages the counts allow", async () => {
    const emulator = graph.start({ users: 10_000 });
    const client = relinking((link) => {
      const url = new URL(link);
      url.searchParams.delete('$filter');
      return url.href;
    });
    const { listed, report } = await listAll(createBatchingClient(client));
    expectEveryoneOnce(listed, emulator.users);
    expect(report!.fellBack).not.toBeNull();
    expect(client.urls.length).toBeLessThan(60);
  });

  it.each([
    ['on another host', (link: string) => link.replace('https://graph.microsoft.com', 'https://evil.example')],
    ['on a look-alike host', (link: string) => link.replace('graph.microsoft.com', 'graph.microsoft.com.evil.example')],
    ['with user info naming another host', (link: string) => link.replace('https://graph.microsoft.com', 'https://graph.microsoft.com@evil.example')],
    ['outside the base path (..)', (link: string) => link.replace('/v1.0/users', '/v1.0/../beta/users')],
    ['with no slashes after the scheme', (link: string) => link.replace('https://graph.microsoft.com', 'https:evil.example')],
  ])('%s: never asked (the token stays with Graph), and the listing says why', async (_, change) => {
    graph.start({ users: 10_000 });
    const client = relinking(change);
    const error = await listAll(createBatchingClient(client)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).kind).toBe('untrusted-url');
    // Only the Graph host was called (MSW fails the test on any other), and only `$batch`.
    expect(new Set(client.urls)).toEqual(new Set(['/$batch']));
  });

  it.each([
    ['relative, climbing out of the base path', (link: string) => `/../../${new URL(link).pathname.slice(1)}${new URL(link).search}`],
    ['relative, naming a host after two slashes', (link: string) => `//evil.example${new URL(link).pathname}${new URL(link).search}`],
    ['relative, with a backslash', (link: string) => `/\\evil.example${new URL(link).pathname}${new URL(link).search}`],
  ])('%s: sent only to Graph (Graph refuses it; the listing reads in sequence); everyone once', async (_, change) => {
    const emulator = graph.start({ users: 10_000 });
    const client = relinking(change);
    const { listed } = await listAll(createBatchingClient(client));
    expectEveryoneOnce(listed, emulator.users);
    // MSW fails the test on a request to any other host; and the client was asked for none.
    for (const url of client.urls) expect(url.startsWith('/') ? new URL(`https://graph.microsoft.com/v1.0${url}`).origin : new URL(url).origin).toBe('https://graph.microsoft.com');
  });
});

describe('hostile $batch answers', () => {
  it('10,000 responses more than asked, and each one twice: everyone once', async () => {
    const emulator = graph.start({ users: 10_000 });
    const client = tampering(testClient(), (answer, request) => {
      if (request.url !== '/$batch') return;
      const real = responsesOf(answer);
      const junk = Array.from({ length: 10_000 }, (_, i) => ({ id: `x${i}`, status: 200, body: { value: [{ id: `junk-${i}` }] } }));
      answer.responses = [...junk, ...real, ...real];
    });
    const { listed } = await listAll(createBatchingClient(client));
    expectEveryoneOnce(listed, emulator.users);
  });

  it('a response left out (once for each partition) is asked again; everyone once', async () => {
    const emulator = graph.start({ users: 10_000 });
    const droppedOnce = new Set<string>();
    const client = tampering(testClient(), (answer, request) => {
      if (request.url !== '/$batch') return;
      const asked = carried(request);
      answer.responses = responsesOf(answer).filter((r) => {
        const url = asked.find((a) => a.id === r.id)!.url;
        if (!isPartition(url) || droppedOnce.has(url)) return true;
        droppedOnce.add(url);
        return false;
      });
    });
    const { sleep } = recordingSleep();
    const { listed, report } = await listAll(createBatchingClient(client, { sleep }));
    expect(droppedOnce.size).toBeGreaterThan(0);
    expectEveryoneOnce(listed, emulator.users);
    expect(report!.fellBack).toBeNull();
  });

  it.each([
    ['a number', 42],
    ['a list', []],
    ['null', null],
  ])("a partition's page that is %s: a clear error, nothing left running", async (_, body) => {
    graph.start({ users: 10_000 });
    let broken = false;
    const client = tampering(testClient(), (answer, request) => {
      if (request.url !== '/$batch' || broken) return;
      const asked = carried(request);
      const r = responsesOf(answer).find((item) => isPartition(asked.find((a) => a.id === item.id)!.url));
      if (r === undefined) return;
      r.body = body;
      broken = true;
    });
    const error = await listAll(createBatchingClient(client)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(broken).toBe(true);
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).kind).toBe('bad-response');
  });

  it('an answer whose responses are all for other ids is not a batch answer: asked directly from then on, everyone once', async () => {
    const emulator = graph.start({ users: 10_000 });
    const client = tampering(testClient(), (answer, request) => {
      if (request.url !== '/$batch') return;
      for (const r of responsesOf(answer)) r.id = `other-${r.id}`;
    });
    const { sleep, waits } = recordingSleep();
    const { listed } = await listAll(createBatchingClient(client, { sleep }));
    expectEveryoneOnce(listed, emulator.users);
    // One $batch, answered for no one; then each request directly, none waited for.
    expect(client.urls.filter((url) => url === '/$batch')).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it("429 inside a batch for each partition's first page: waits its Retry-After, asks again, everyone once", async () => {
    const emulator = graph.start({ users: 10_000 });
    const throttledOnce = new Set<string>();
    const client = tampering(testClient(), (answer, request) => {
      if (request.url !== '/$batch') return;
      const asked = carried(request);
      for (const r of responsesOf(answer)) {
        const url = asked.find((a) => a.id === r.id)!.url;
        if (!isPartition(url) || throttledOnce.has(url)) continue;
        throttledOnce.add(url);
        Object.assign(r, { status: 429, headers: { 'Retry-After': '3' }, body: { error: { code: 'TooManyRequests', message: 'slow down' } } });
      }
    });
    const { waits, sleep } = recordingSleep();
    const { listed, report } = await listAll(createBatchingClient(client, { sleep }));
    expectEveryoneOnce(listed, emulator.users);
    expect(report!.fellBack).toBeNull();
    expect(waits.length).toBeGreaterThanOrEqual(throttledOnce.size);
    expect(waits.every((ms) => ms === 3000)).toBe(true);
  });
});

describe('a listing aborted while its partitions are read', () => {
  it('ends with the abort, and asks nothing more', async () => {
    graph.start({ users: 20_000 });
    const stop = new AbortController();
    let askedAtAbort: number | null = null;
    const client = tampering(testClient(), (_, request) => {
      if (askedAtAbort === null && carried(request).some((a) => isPartition(a.url))) {
        stop.abort(new DOMException('The reader left.', 'AbortError'));
        askedAtAbort = client.urls.length;
      }
    });
    const error = await listAll(createBatchingClient(client), { signal: stop.signal }).then(
      () => null,
      (e: unknown) => e,
    );
    expect((error as DOMException).message).toBe('The reader left.');
    // Whatever was in flight settles; nothing new is asked (a few turns of the event loop later).
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    expect(client.urls.length).toBe(askedAtAbort);
  });
});
