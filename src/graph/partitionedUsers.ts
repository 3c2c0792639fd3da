/**
 * The directory read in parallel partitions instead of one chain of pages (issue 21).
 *
 * 1. The first page as before, with `$count=true` and `ConsistencyLevel: eventual` (an advanced
 *    query: https://learn.microsoft.com/graph/aad-advanced-queries): the first people to show at
 *    once, the directory's size N (`@odata.count`), and a sample of its UPNs.
 * 2. When N takes more than two pages, partitions by the first character of `userPrincipalName`
 *    (partitionPlan.ts; a common first character by its first two), each asked with `startsWith`
 *    and its own `$count=true`, all at once (through a `$batch` client, one preflight for all),
 *    each then page by page. A partition whose first page says it is much larger than planned is
 *    split in two (by its prefixes) when it has several.
 * 3. Everyone is de-duplicated by id (a person is yielded once whatever the partitions overlap), and
 *    the union is checked against N, each partition's people against its own count, and against
 *    the directory's count asked again once the partitions are read (a change while they were read). When they
 *    differ (a count that lies, a directory that changed while it was read), or a partition's
 *    filter is refused (400), or a partition pages for ever, the directory is read again in
 *    sequence (listUserPages), yielding only the people not listed yet: whatever the server's
 *    collation or case rules, everyone once.
 */
import type { DirectoryUser } from '../presence/types';
import { idKey } from '../presence/people';
import type { GraphClient } from './client';
import { GraphError, isAbortError } from './errors';
import {
  partitionFilter,
  planPartitions,
  splitPartition,
  estimateByPrefix,
  usersPagesAllowed,
  type Partition,
} from './partitionPlan';
import {
  directoryPath,
  firstUsersRequest,
  listUserPages,
  MAX_USERS_PAGE_SIZE,
  ORGANISATION,
  PROFILE_SELECT,
  toDirectoryUser,
  USER_SELECT,
  usersPageLimit,
  type DirectoryScope,
  type UserFields,
  type UsersPage,
} from './users';

interface RawUsersPage {
  value?: unknown;
  '@odata.nextLink'?: unknown;
  '@odata.count'?: unknown;
}

/** Why a partitioned listing read the directory in sequence after all. */
export type FallbackReason = 'count-mismatch' | 'refused' | 'runaway' | 'no-count';

/** What a listing did: told once it knows (tests and benchmarks read it). */
export interface ListingReport {
  /** Partitions planned (0: the directory was small, or had no count, and was read in sequence). */
  partitions: number;
  /** Partitions split further because their first page said they were large. */
  splits: number;
  /** Why it read the directory in sequence after the partitions, if it did. */
  fellBack: FallbackReason | null;
  /** Users requests made by the partitions (first pages and next pages). */
  partitionRequests: number;
}

export interface PartitionedListingOptions {
  signal?: AbortSignal;
  directory?: DirectoryScope;
  fields?: UserFields;
  onReport?: (report: ListingReport) => void;
  /** Graph requests allowed against the sequential listing's (default REQUEST_ALLOWANCE, 1.1; tests may lift it). */
  allowance?: number;
}

const countOf = (page: RawUsersPage): number | null => {
  const count = page['@odata.count'];
  return typeof count === 'number' && Number.isFinite(count) && count >= 0 ? count : null;
};

function usersOf(page: unknown): DirectoryUser[] {
  if (typeof page !== 'object' || page === null || !Array.isArray((page as RawUsersPage).value)) {
    throw new GraphError('bad-response', 'Microsoft Graph sent a users page without a list of users.', {
      facts: { about: 'no-list', of: 'users' },
    });
  }
  return ((page as RawUsersPage).value as unknown[]).map(toDirectoryUser).filter((u): u is DirectoryUser => u !== null);
}

const linkOf = (page: RawUsersPage): string | null => {
  const link = page['@odata.nextLink'];
  return typeof link === 'string' && link !== '' ? link : null;
};

/** A partition's first request: the listing's fields and page size, its own count, its filter. */
export function partitionRequest(
  partition: Partition,
  directory: DirectoryScope,
  fields: UserFields,
): { url: string; headers: Record<string, string> } {
  const select = (fields === 'profile' ? PROFILE_SELECT : USER_SELECT).join(',');
  const filter = encodeURIComponent(partitionFilter(partition));
  return {
    url: `${directoryPath(directory)}?$select=${select}&$top=${MAX_USERS_PAGE_SIZE}&$count=true&$filter=${filter}`,
    headers: { ConsistencyLevel: 'eventual' },
  };
}

/** The directory's count alone (one person, their id): asked again once the partitions are read. */
function closingCountUrl(directory: DirectoryScope): string {
  return `${directoryPath(directory)}?$select=id&$top=1&$count=true`;
}

/** The most Graph requests a split adds: its first page read again, and one more part-filled last page. */
const SPLIT_COST = 2;

class Refused extends Error {
  constructor(readonly reason: FallbackReason) {
    super(reason);
  }
}

/**
 * Every user of the directory once, in pages as they arrive (in no particular order): read in
 * parallel partitions where the directory is large enough for them to pay, in sequence otherwise
 * or when the partitions cannot be trusted (see the header). `client` should batch (batch.ts):
 * the partitions' requests are made together and are then one preflight.
 */
export async function* listUsersPartitioned(client: GraphClient, options: PartitionedListingOptions = {}): AsyncGenerator<UsersPage> {
  const directory = options.directory ?? ORGANISATION;
  const report: ListingReport = { partitions: 0, splits: 0, fellBack: null, partitionRequests: 0 };
  const ended = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, ended.signal]) : ended.signal;
  const seen = new Set<string>();
  let fields: UserFields = options.fields ?? 'profile';
  let totalCount: number | null = null;

  /** The users not listed yet, marked as listed. */
  const fresh = (users: readonly DirectoryUser[]) =>
    users.filter((user) => {
      const key = idKey(user.id);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });

  /** The directory in sequence, people not listed yet only (a fall back, or a small directory). */
  async function* sequential(): AsyncGenerator<UsersPage> {
    for await (const page of listUserPages(client, signal, directory, fields)) {
      const users = fresh(page.users);
      if (users.length > 0 || page.cut) yield { ...page, users, totalCount: totalCount ?? page.totalCount };
    }
  }

  try {
    // 1. The first page, with the count; the same fall backs as the sequential listing.
    let first: RawUsersPage;
    for (;;) {
      const request = firstUsersRequest(true, directory, fields);
      try {
        first = await client.request<RawUsersPage>({ url: request.url, headers: request.headers, signal });
        break;
      } catch (error) {
        if (error instanceof GraphError && error.kind === 'forbidden' && fields === 'profile') {
          fields = 'basic';
          continue;
        }
        if (error instanceof GraphError && error.kind === 'bad-request') {
          // No advanced queries here: the sequential listing finds what this server takes.
          report.fellBack = 'no-count';
          options.onReport?.(report);
          yield* sequential();
          return;
        }
        throw error;
      }
    }
    const firstUsers = usersOf(first);
    totalCount = countOf(first);
    const firstLink = linkOf(first);
    yield { users: fresh(firstUsers), fields, totalCount, cut: null };
    if (firstLink === null) {
      options.onReport?.(report);
      return;
    }
    const pageSize = Math.max(1, firstUsers.length);
    // Let what the first page set going leave first (its presence: the first people shown), then
    // plan: planning takes a few to tens of milliseconds, and microtasks queued behind it would wait.
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    signal.throwIfAborted();
    const plan =
      totalCount === null
        ? null
        : planPartitions(
            firstUsers.map((u) => u.userPrincipalName),
            totalCount,
            pageSize,
            options.allowance,
          );
    if (plan === null) {
      // Small, or of unknown size: one chain, from the page after the first.
      if (totalCount === null) report.fellBack = 'no-count';
      options.onReport?.(report);
      yield* chain(firstLink, pageSize);
      return;
    }
    report.partitions = plan.partitions.length;

    // 2. The partitions, all at once; their pages are yielded as they come.
    const estimates = estimateByPrefix(
      firstUsers.map((u) => u.userPrincipalName),
      totalCount!,
    );
    const ready: UsersPage[] = [];
    let wake: (() => void) | null = null;
    const notify = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    const emit = (users: DirectoryUser[]) => {
      const added = fresh(users);
      if (added.length === 0) return;
      ready.push({ users: added, fields, totalCount, cut: null });
      notify();
    };
    // Requests the plan leaves within the allowance: what splits may spend. A split's halves read
    // its first page again and each ends on a part-filled page: up to SPLIT_COST more requests
    // than reading the partition on page by page (which a partition that cannot be split does).
    let spareRequests = usersPagesAllowed(totalCount!, pageSize, options.allowance) - plan.requests;
    const partitionSignal = new AbortController();
    const partitionAbort = AbortSignal.any([signal, partitionSignal.signal]);

    const readPartition = async (partition: Partition): Promise<void> => {
      const request = partitionRequest(partition, directory, fields);
      let page: RawUsersPage;
      try {
        report.partitionRequests++;
        page = await client.request<RawUsersPage>({ url: request.url, headers: request.headers, signal: partitionAbort });
      } catch (error) {
        if (error instanceof GraphError && error.kind === 'bad-request') throw new Refused('refused');
        throw error;
      }
      const users = usersOf(page);
      emit(users);
      const count = countOf(page);
      // The people this partition gave, against its own count when it is read to the end: a
      // change while it was read (someone leaving a page already read shifts the next page on,
      // someone joining another partition makes up the directory's total) shows here.
      const given = new Set(users.map((user) => idKey(user.id)));
      // Someone given again on a later page: the partition gained someone where it had read already
      // (a rename into it), who moved the pages after on by one; that person was never given.
      let givenAgain = false;
      const tally = (more: readonly DirectoryUser[]) =>
        more.forEach((user) => {
          const key = idKey(user.id);
          if (given.has(key)) givenAgain = true;
          else given.add(key);
        });
      const checkCount = () => {
        if (givenAgain || (count !== null && given.size !== count)) throw new Refused('count-mismatch');
      };
      let link = linkOf(page);
      if (link === null) {
        checkCount();
        return;
      }
      const remaining = count === null ? plan.rounds : Math.ceil(Math.max(0, count - users.length) / pageSize);
      // Two or more rounds longer than planned: split it, when it has several prefixes (the
      // halves read again what this page gave; those people are not yielded twice).
      const halves = remaining > plan.rounds && spareRequests >= SPLIT_COST ? splitPartition(partition, estimates) : null;
      if (halves !== null) {
        spareRequests -= SPLIT_COST;
        report.splits++;
        await Promise.all(halves.map(readPartition));
        return;
      }
      // No partition holds more people than the directory: its count bounds a partition without
      // one (or with a larger one), so one that pages for ever is given up within those pages.
      const limit = usersPageLimit(Math.min(count ?? totalCount!, totalCount!), pageSize);
      const asked = new Set<string>();
      for (let pages = 1; link !== null; pages++) {
        if (pages >= limit || asked.has(link)) throw new Refused('runaway');
        asked.add(link);
        report.partitionRequests++;
        try {
          page = await client.request<RawUsersPage>({ url: link, headers: request.headers, signal: partitionAbort });
        } catch (error) {
          if (error instanceof GraphError && error.kind === 'bad-request') throw new Refused('refused');
          throw error;
        }
        const more = usersOf(page);
        emit(more);
        tally(more);
        link = linkOf(page);
      }
      checkCount();
    };

    let outcome: { done: true; error?: unknown } | null = null;
    void Promise.all(plan.partitions.map(readPartition)).then(
      () => {
        outcome = { done: true };
        notify();
      },
      (error: unknown) => {
        partitionSignal.abort(error);
        outcome = { done: true, error };
        notify();
      },
    );
    for (;;) {
      const page = ready.shift();
      if (page) {
        yield page;
        continue;
      }
      if (outcome !== null) break;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    const { error } = outcome! as { done: true; error?: unknown };
    if (error !== undefined && !(error instanceof Refused)) throw error;

    // 3. The union against the count: anyone missed is found by reading in sequence.
    let reason: FallbackReason | null = error instanceof Refused ? error.reason : seen.size !== totalCount ? 'count-mismatch' : null;
    // And against the count now, when the allowance has a request to spare for it: someone
    // renamed from a partition still to be read into one read to its end already is in none, and
    // someone joining the first makes both counts add up again (each partition's and the
    // directory's, taken when the listing began). The directory then holds more people than were listed.
    if (reason === null && report.partitionRequests + 1 <= usersPagesAllowed(totalCount!, pageSize, options.allowance)) {
      report.partitionRequests++;
      try {
        const now = countOf(await client.request<RawUsersPage>({ url: closingCountUrl(directory), headers: { ConsistencyLevel: 'eventual' }, signal }));
        if (now === null || seen.size < now) reason = 'count-mismatch';
      } catch (recount) {
        if (isAbortError(recount)) throw recount;
        reason = recount instanceof GraphError && recount.kind === 'bad-request' ? 'refused' : 'count-mismatch';
      }
    }
    report.fellBack = reason;
    options.onReport?.(report);
    if (reason !== null) yield* sequential();
  } catch (error) {
    if (isAbortError(error) && options.signal?.aborted) throw options.signal.reason;
    throw error;
  } finally {
    ended.abort(new DOMException('The users listing ended.', 'AbortError'));
  }

  /** One chain of pages from `link` on (the first page's next ones), people not listed yet only. */
  async function* chain(link: string, pageSize: number): AsyncGenerator<UsersPage> {
    const limit = usersPageLimit(totalCount, pageSize);
    const asked = new Set<string>();
    let next: string | null = link;
    let people = seen.size;
    for (let pages = 1; next !== null; pages++) {
      if (pages >= limit || asked.has(next)) {
        yield {
          users: [],
          fields,
          totalCount,
          cut: new GraphError(
            'cut-short',
            `Microsoft Graph kept naming more pages of the directory: the listing stopped after ${pages} pages (${people} people)${totalCount === null ? '' : `; it said it holds ${totalCount}`}.`,
            { facts: { about: 'cut-short', pages, people, totalCount } },
          ),
        };
        return;
      }
      asked.add(next);
      const page: RawUsersPage = await client.request<RawUsersPage>({ url: next, headers: { ConsistencyLevel: 'eventual' }, signal });
      const users = fresh(usersOf(page));
      people += users.length;
      next = linkOf(page);
      yield { users, fields, totalCount, cut: null };
    }
  }
}
