/**
 * How to read a large directory in parallel partitions: pure planning, no requests.
 *
 * The partitions are by the first character of `userPrincipalName`, with `startsWith`:
 * - `userPrincipalName` is required and unique, "cannot contain accent characters", and "Supports
 *   $filter (eq, ne, NOT, ge, le, in, startsWith, endsWith)" (user resource, Properties:
 *   https://learn.microsoft.com/graph/api/resources/user). Its first characters come from a small
 *   known alphabet (letters, digits and a few marks), unlike `displayName` (any script).
 * - `startsWith` on it works by default ("Advanced query capabilities on Microsoft Entra ID
 *   objects", its table of user properties: https://learn.microsoft.com/graph/aad-advanced-queries),
 *   where `ge`/`le` are listed on the user page but not in that table (the documents disagree, so
 *   ranges are not relied on), and `id` takes only eq, ne, NOT and in (no prefixes, no ranges).
 * - Several prefixes are joined with `or`, as that page's own example does
 *   (`startsWith(mobilePhone, '25478') OR startsWith(mobilePhone, '25473')`).
 * - Graph compares without regard to case in practice (the filter guide's own example finds 'Mary'
 *   with `startswith(displayName,'mary')`: https://learn.microsoft.com/graph/filter-query-parameter),
 *   so a letter is asked for in lower case, and in upper case as well only where the sample met a
 *   UPN starting with the capital (a server that compares case-sensitively then still finds them).
 *
 * Whatever the server's collation, a person is listed by these partitions only if their UPN starts
 * with a character of the alphabet; the listing checks the union against the directory's own
 * `@odata.count` and reads the directory in sequence when they differ (partitionedUsers.ts).
 */
import { MAX_IDS_PER_PRESENCE_CALL } from './presence';

/** Characters a UPN's local part may start with, letters in lower case (a capital goes with its letter). */
export const UPN_FIRST_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789'.-_!#^~";

/** The most clauses one partition's filter holds (Graph limits filters with `in` to 15 expressions: kept for `or` too). */
export const MAX_CLAUSES = 15;

/** The Graph requests a plan may make, against the sequential listing's (users pages plus presence calls). */
export const REQUEST_ALLOWANCE = 1.1;

export interface Partition {
  /** The first characters this partition asks for, one `startsWith` each (a letter's capital beside it). */
  readonly characters: string;
}

export interface PlannedPartition extends Partition {
  /** People expected in it, from the sample. */
  readonly estimate: number;
}

export interface PartitionPlan {
  partitions: PlannedPartition[];
  /** The most pages any partition is expected to take one after another (round trips of the listing). */
  rounds: number;
  /** Users requests the plan expects (first pages and the pages after them). */
  requests: number;
}

/** How many `startsWith` clauses a partition's filter holds: one per character. */
export function clausesOf(characters: string): number {
  return characters.length;
}

/** An OData string literal: single quotes, a quote inside doubled. */
function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The `$filter` for a partition: `startsWith(userPrincipalName,'a') or startsWith(userPrincipalName,'b') or …`. */
export function partitionFilter(partition: Partition): string {
  return [...partition.characters].map((c) => `startsWith(userPrincipalName,${literal(c)})`).join(' or ');
}

/** The partition a UPN belongs to, by its first character (lower case); null when outside the alphabet. */
export function firstCharacterOf(upn: string | null | undefined): string | null {
  const c = upn?.[0]?.toLowerCase();
  return c !== undefined && UPN_FIRST_CHARACTERS.includes(c) ? c : null;
}

/** How many of a sample's UPNs start with each character (a half for each, so none is taken for certainly empty), and in all. */
function sampleCounts(sample: readonly (string | null)[]): { counts: Map<string, number>; seen: number; capitals: Set<string> } {
  const counts = new Map<string, number>();
  const capitals = new Set<string>();
  for (const c of UPN_FIRST_CHARACTERS) counts.set(c, 0.5);
  let seen = UPN_FIRST_CHARACTERS.length * 0.5;
  for (const upn of sample) {
    const c = firstCharacterOf(upn);
    if (c === null) continue;
    if (upn![0] !== c) capitals.add(c);
    counts.set(c, counts.get(c)! + 1);
    seen++;
  }
  return { counts, seen, capitals };
}

/** People expected per first character among `total`, from the UPNs of a sample (any page of the directory). */
export function estimateByFirstCharacter(sample: readonly (string | null)[], total: number): Map<string, number> {
  const { counts, seen } = sampleCounts(sample);
  const estimates = new Map<string, number>();
  for (const [c, n] of counts) estimates.set(c, (n / seen) * total);
  return estimates;
}

/** Graph requests the sequential listing makes for `people`: its users pages and its presence calls. */
export function sequentialRequests(people: number, pageSize: number): { users: number; presence: number } {
  return { users: Math.max(1, Math.ceil(people / pageSize)), presence: Math.ceil(people / MAX_IDS_PER_PRESENCE_CALL) };
}

/**
 * Users pages a plan may take besides the first request, for the whole load to stay within
 * `allowance` × the sequential listing's requests (its users pages plus presence calls).
 */
export function usersPagesAllowed(total: number, pageSize: number, allowance = REQUEST_ALLOWANCE): number {
  const sequential = sequentialRequests(total, pageSize);
  return Math.floor(allowance * (sequential.users + sequential.presence)) - sequential.presence - 1;
}

/**
 * Packs the characters into `bins` partitions (the largest first, each into the least filled that
 * takes it) so that each is expected, with three standard errors of the sample to spare, to fit in
 * `capacity` people, with at most MAX_CLAUSES clauses; null when they do not fit.
 */
function pack(
  counts: ReadonlyMap<string, number>,
  capitals: ReadonlySet<string>,
  spread: (sampled: number) => number,
  bins: number,
  capacity: number,
): Array<{ characters: string; sampled: number }> | null {
  const loads = Array.from({ length: bins }, () => ({ characters: '', sampled: 0 }));
  const bySize = [...counts].sort((a, b) => b[1] - a[1]);
  for (const [c, n] of bySize) {
    const unit = capitals.has(c) ? c + c.toUpperCase() : c;
    let best: (typeof loads)[number] | null = null;
    for (const bin of loads) {
      if (spread(bin.sampled + n) > capacity || clausesOf(bin.characters + unit) > MAX_CLAUSES) continue;
      if (best === null || bin.sampled < best.sampled) best = bin;
    }
    if (best === null) return null;
    best.characters += unit;
    best.sampled += n;
  }
  return loads.filter((bin) => bin.characters !== '');
}

/** A partition's characters in the alphabet's order, a capital after its letter. */
function inAlphabetOrder(characters: string): string {
  const rank = (c: string) => UPN_FIRST_CHARACTERS.indexOf(c.toLowerCase()) * 2 + (c === c.toLowerCase() ? 0 : 1);
  return [...characters].sort((a, b) => rank(a) - rank(b)).join('');
}

/**
 * The plan with the fewest rounds whose requests stay within `allowance` of the sequential
 * listing's (usersPagesAllowed), or null when none is faster than reading the pages in sequence.
 * For k = 1, 2, … pages a partition, the fewest partitions of at most k pages are tried, each
 * counted at the pages its estimate plus three standard errors takes (or, for all, at most N / page
 * size + P, as P partitions cannot take more whatever their sizes): fewer, larger partitions
 * cost fewer requests (each has one part-filled last page) and more rounds. Partitions are any
 * sets of first characters, not runs of the alphabet.
 */
export function planPartitions(
  sample: readonly (string | null)[],
  total: number,
  pageSize: number,
  allowance = REQUEST_ALLOWANCE,
): PartitionPlan | null {
  const sequential = sequentialRequests(total, pageSize);
  if (sequential.users <= 2) return null;
  const budget = usersPagesAllowed(total, pageSize, allowance);
  const { counts, seen, capitals } = sampleCounts(sample);
  /** People in a partition whose sample count is `sampled`, with three standard errors to spare. */
  const spread = (sampled: number) => (total * (sampled + 3 * Math.sqrt(sampled))) / seen;
  const largest = Math.max(...counts.values());
  // At most one partition per character, and at least two of k pages each to beat the sequential listing.
  for (let k = Math.max(1, Math.floor(sequential.users / UPN_FIRST_CHARACTERS.length)); 2 * k <= sequential.users + 1; k++) {
    const capacity = k * pageSize;
    // The largest character alone does not fit: more partitions would not help.
    if (spread(largest) > capacity) continue;
    for (let bins = Math.max(2, Math.ceil(total / capacity)); bins <= UPN_FIRST_CHARACTERS.length && bins <= budget; bins++) {
      const packed = pack(counts, capitals, spread, bins, capacity);
      if (packed === null) continue;
      // Each partition's last page is part-filled, so whatever the estimates, P partitions of N
      // people take fewer than N / pageSize + P pages; the estimates may promise fewer.
      const requests = Math.min(
        packed.reduce((sum, bin) => sum + Math.ceil(spread(bin.sampled) / pageSize), 0),
        Math.floor(total / pageSize + (packed.length * (pageSize - 1)) / pageSize),
      );
      if (requests > budget) break;
      const partitions = packed.map((bin) => ({ characters: inAlphabetOrder(bin.characters), estimate: (total * bin.sampled) / seen }));
      return { partitions, rounds: k, requests };
    }
  }
  return null;
}

/**
 * A partition split in two, by its characters (a capital stays with its letter), for one whose
 * first page says it is much larger than planned; null for a single letter (read page by page).
 */
export function splitPartition(partition: Partition, estimates?: ReadonlyMap<string, number>): [Partition, Partition] | null {
  const units: string[] = [];
  for (const c of partition.characters) {
    const last = units[units.length - 1];
    if (last !== undefined && last.toLowerCase() === c.toLowerCase()) units[units.length - 1] = last + c;
    else units.push(c);
  }
  if (units.length < 2) return null;
  const weight = (unit: string) => estimates?.get(unit[0]!.toLowerCase()) ?? 1;
  const total = units.reduce((sum, unit) => sum + weight(unit), 0);
  let cut = 1;
  let sum = weight(units[0]!);
  while (cut < units.length - 1 && sum + weight(units[cut]!) <= total / 2) sum += weight(units[cut++]!);
  return [{ characters: units.slice(0, cut).join('') }, { characters: units.slice(cut).join('') }];
}
