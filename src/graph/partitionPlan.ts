/**
 * How to read a large directory in parallel partitions: pure planning, no requests.
 *
 * The partitions are by the first characters of `userPrincipalName`, with `startsWith`:
 * - `userPrincipalName` is required and unique, "cannot contain accent characters", and "Supports
 *   $filter (eq, ne, NOT, ge, le, in, startsWith, endsWith)" (user resource, Properties:
 *   https://learn.microsoft.com/graph/api/resources/user). Its local part takes "A - Z, a - z,
 *   0 - 9, ' . - _ ! # ^ ~" (same page), so its first characters come from a small known alphabet,
 *   unlike `displayName` (any script).
 * - `startsWith` on it works by default ("Advanced query capabilities on Microsoft Entra ID
 *   objects", its table of user properties: https://learn.microsoft.com/graph/aad-advanced-queries),
 *   where `ge`/`le` are listed on the user page but not in that table (the documents disagree, so
 *   ranges are not relied on), and `id` takes only eq, ne, NOT and in (no prefixes, no ranges).
 * - Several prefixes are joined with `or`, as that page's own example does
 *   (`startsWith(mobilePhone, '25478') OR startsWith(mobilePhone, '25473')`).
 * - Graph compares without regard to case in practice (the filter guide's own example finds 'Mary'
 *   with `startswith(displayName,'mary')`: https://learn.microsoft.com/graph/filter-query-parameter),
 *   so a prefix is asked for in lower case, and in another case as well only where the sample met
 *   a UPN starting so (a server that compares case-sensitively then still finds them).
 * - A first character too common for one partition of the planned size (names starting with 'a'
 *   are a tenth of a directory) is asked for as its two-character prefixes instead: the character
 *   followed by each character a local part may hold, or by '@' (a one-character local part).
 *
 * Whatever the server's collation, a person is listed by these partitions only if their UPN starts
 * with one of these prefixes; the listing checks the union against the directory's own
 * `@odata.count` and reads the directory in sequence when they differ (partitionedUsers.ts).
 */
import { MAX_IDS_PER_PRESENCE_CALL } from './presence';

/** Characters a UPN's local part may start with, letters in lower case (a capital goes with its letter). */
export const UPN_FIRST_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789'.-_!#^~";

/** What may follow a UPN's first character: another character of its local part, or '@' when that is all of it. */
export const UPN_SECOND_CHARACTERS = `${UPN_FIRST_CHARACTERS}@`;

/** The most clauses one partition's filter holds (Graph limits filters with `in` to 15 expressions: kept for `or` too). */
export const MAX_CLAUSES = 15;

/** The Graph requests a plan may make, against the sequential listing's (users pages plus presence calls). */
export const REQUEST_ALLOWANCE = 1.1;

export interface Partition {
  /**
   * The prefixes this partition asks for, one `startsWith` clause each: in lower case (one or two
   * characters), each followed by the other cases of it the sample met ('a', 'A'; 'jo', 'Jo').
   */
  readonly prefixes: readonly string[];
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

/** How many `startsWith` clauses a partition's filter holds: one per prefix. */
export function clausesOf(partition: Partition): number {
  return partition.prefixes.length;
}

/** An OData string literal: single quotes, a quote inside doubled. */
function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The `$filter` for a partition: `startsWith(userPrincipalName,'a') or startsWith(userPrincipalName,'bo') or …`. */
export function partitionFilter(partition: Partition): string {
  return partition.prefixes.map((prefix) => `startsWith(userPrincipalName,${literal(prefix)})`).join(' or ');
}

/** The lower-case key of a UPN's first `length` characters, when they are all in the alphabet; else null. */
function keyOf(upn: string | null | undefined, length: 1 | 2): string | null {
  if (typeof upn !== 'string' || upn.length < length) return null;
  const key = upn.slice(0, length).toLowerCase();
  if (key.length !== length || !UPN_FIRST_CHARACTERS.includes(key[0]!)) return null;
  return length === 2 && !UPN_SECOND_CHARACTERS.includes(key[1]!) ? null : key;
}

/** The partition a UPN belongs to, by its first character (lower case); null when outside the alphabet. */
export function firstCharacterOf(upn: string | null | undefined): string | null {
  return keyOf(upn, 1);
}

/** A prior for each character, so that none is taken for certainly empty; a two-character prefix shares its first character's. */
const PRIOR = 0.5;
const SUB_PRIOR = PRIOR / UPN_SECOND_CHARACTERS.length;

interface SampleCounts {
  /** Sampled UPNs (with the prior) by the first one or two characters' lower-case key. */
  counts: Map<string, number>;
  /** The sample's size, priors included. */
  seen: number;
  /** Each key's forms in other cases, as the sample met them. */
  forms: Map<string, Set<string>>;
}

/** How many of a sample's UPNs start with each character and each two characters (a prior for each), and in all. */
function sampleCounts(sample: readonly (string | null)[]): SampleCounts {
  const counts = new Map<string, number>();
  const forms = new Map<string, Set<string>>();
  for (const c of UPN_FIRST_CHARACTERS) {
    counts.set(c, PRIOR);
    for (const d of UPN_SECOND_CHARACTERS) counts.set(c + d, SUB_PRIOR);
  }
  let seen = UPN_FIRST_CHARACTERS.length * PRIOR;
  const note = (key: string, form: string) => {
    counts.set(key, counts.get(key)! + 1);
    if (form !== key) {
      let set = forms.get(key);
      if (!set) forms.set(key, (set = new Set()));
      set.add(form);
    }
  };
  for (const upn of sample) {
    const first = keyOf(upn, 1);
    if (first === null) continue;
    seen++;
    note(first, upn![0]!);
    const two = keyOf(upn, 2);
    if (two !== null) note(two, upn!.slice(0, 2));
  }
  return { counts, seen, forms };
}

/** People expected for each first character and each two-character prefix (lower case) among `total`, from the UPNs of a sample (any page of the directory). */
export function estimateByPrefix(sample: readonly (string | null)[], total: number): Map<string, number> {
  const { counts, seen } = sampleCounts(sample);
  const estimates = new Map<string, number>();
  for (const [key, n] of counts) estimates.set(key, (n / seen) * total);
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

/** A prefix (lower case) with the forms the sample met, and its sampled count. */
interface Unit {
  key: string;
  clauses: string[];
  sampled: number;
}

interface Bin {
  units: Unit[];
  clauses: number;
  sampled: number;
}

/**
 * Packs the units (the largest first, as unitsFor gives them) into `bins` partitions (each into the least filled that
 * takes it) so that each is expected, with three standard errors of the sample to spare, to fit in
 * `capacity` people, with at most MAX_CLAUSES clauses; null when they do not fit. The bins are
 * kept in a heap by their load: a plan may try thousands of units into hundreds of bins.
 */
function pack(units: readonly Unit[], spread: (sampled: number) => number, bins: number, capacity: number): Bin[] | null {
  const heap: Bin[] = Array.from({ length: bins }, () => ({ units: [], clauses: 0, sampled: 0 }));
  const full: Bin[] = [];
  const less = (a: Bin, b: Bin) => a.sampled < b.sampled;
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(heap[i]!, heap[parent]!)) return;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const pop = (): Bin | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      heap[0] = last;
      down(0);
    }
    return top;
  };
  const push = (bin: Bin) => {
    heap.push(bin);
    up(heap.length - 1);
  };
  for (const unit of units) {
    // The least filled bin with room for the unit's clauses (those without are set aside a moment).
    const aside: Bin[] = [];
    let bin = pop();
    while (bin !== undefined && bin.clauses + unit.clauses.length > MAX_CLAUSES) {
      aside.push(bin);
      bin = pop();
    }
    aside.forEach(push);
    // Loads only grow, so when the least filled cannot take it within capacity, none can.
    if (bin === undefined || spread(bin.sampled + unit.sampled) > capacity) return null;
    bin.units.push(unit);
    bin.clauses += unit.clauses.length;
    bin.sampled += unit.sampled;
    if (bin.clauses >= MAX_CLAUSES) full.push(bin);
    else push(bin);
  }
  return [...full, ...heap].filter((b) => b.units.length > 0);
}

/** A key's place in the alphabet (its first character, then its second). */
function rank(key: string): number {
  return UPN_FIRST_CHARACTERS.indexOf(key[0]!) * 64 + (key.length > 1 ? 1 + UPN_SECOND_CHARACTERS.indexOf(key[1]!) : 0);
}

/** A partition's prefixes: its units in the alphabet's order, each in lower case then its other forms. */
function prefixesOf(units: readonly Unit[]): string[] {
  return [...units].sort((a, b) => rank(a.key) - rank(b.key)).flatMap((unit) => unit.clauses);
}

/**
 * The units for partitions of at most `capacity` people, the largest first: each first character,
 * or its two-character prefixes where it alone would not fit; null when even one of those would not.
 */
function unitsFor(counts: SampleCounts, spread: (sampled: number) => number, capacity: number): Unit[] | null {
  const unit = (key: string): Unit => ({ key, clauses: [key, ...(counts.forms.get(key) ?? [])], sampled: counts.counts.get(key)! });
  const units: Unit[] = [];
  for (const c of UPN_FIRST_CHARACTERS) {
    const whole = unit(c);
    if (spread(whole.sampled) <= capacity) {
      units.push(whole);
      continue;
    }
    for (const d of UPN_SECOND_CHARACTERS) {
      const part = unit(c + d);
      if (spread(part.sampled) > capacity) return null;
      units.push(part);
    }
  }
  return units.sort((a, b) => b.sampled - a.sampled);
}

/** Prefixes a plan may ask for at most: every first character by its two-character prefixes. */
const MOST_UNITS = UPN_FIRST_CHARACTERS.length * UPN_SECOND_CHARACTERS.length;

/**
 * The fewest pages a partition (k) for which planPartitions may find a plan: below it unitsFor finds
 * a prefix too large for one partition of k pages, or the directory takes more partitions of k
 * pages than there are prefixes or requests allowed (`fewest > most`). One less, for rounding.
 */
function firstRounds(counts: SampleCounts, spread: (sampled: number) => number, total: number, pageSize: number, budget: number): number {
  let largest = 0;
  for (const c of UPN_FIRST_CHARACTERS) {
    let part = 0;
    for (const d of UPN_SECOND_CHARACTERS) part = Math.max(part, spread(counts.counts.get(c + d)!));
    largest = Math.max(largest, Math.min(spread(counts.counts.get(c)!), part));
  }
  const fit = Math.ceil(largest / pageSize);
  const many = Math.ceil(total / (pageSize * Math.max(1, Math.min(MOST_UNITS, budget))));
  return Math.max(1, Math.max(fit, many) - 1);
}

/**
 * The plan with the fewest rounds whose requests stay within `allowance` of the sequential
 * listing's (usersPagesAllowed), or null when none is faster than reading the pages in sequence.
 * For k = 1, 2, … pages a partition, the fewest partitions of at most k pages are tried, each
 * counted at the pages its estimate plus three standard errors takes (or, for all, at most N / page
 * size + P, as P partitions cannot take more whatever their sizes): fewer, larger partitions
 * cost fewer requests (each has one part-filled last page) and more rounds. Partitions are any
 * sets of prefixes, not runs of the alphabet.
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
  const counts = sampleCounts(sample);
  /** People in a partition whose sample count is `sampled`, with three standard errors to spare. */
  const spread = (sampled: number) => (total * (sampled + 3 * Math.sqrt(sampled))) / counts.seen;
  // At least two partitions of k pages each to beat the sequential listing. The k tried start
  // where a plan may exist at all (firstRounds): from 1, a count of 1e12 people (a hostile or
  // broken server's) spun here for minutes, in the board's worker, before any partition was asked.
  for (let k = firstRounds(counts, spread, total, pageSize, budget); 2 * k <= sequential.users + 1; k++) {
    const capacity = k * pageSize;
    const units = unitsFor(counts, spread, capacity);
    if (units === null) continue;
    const clauses = units.reduce((sum, unit) => sum + unit.clauses.length, 0);
    const fewest = Math.max(2, Math.ceil(total / capacity), Math.ceil(clauses / MAX_CLAUSES));
    const most = Math.min(units.length, budget);
    if (fewest > most) continue;
    // The fewest bins that take the units (more bins take them whenever fewer do): found by halving.
    let packed = pack(units, spread, most, capacity);
    if (packed === null) continue;
    for (let lo = fewest, hi = most; lo < hi; ) {
      const mid = Math.floor((lo + hi) / 2);
      const tried = pack(units, spread, mid, capacity);
      if (tried === null) lo = mid + 1;
      else {
        packed = tried;
        hi = mid;
      }
    }
    // Each partition's last page is part-filled, so whatever the estimates, P partitions of N
    // people take fewer than N / pageSize + P pages; the estimates may promise fewer.
    const requests = Math.min(
      packed.reduce((sum, bin) => sum + Math.ceil(spread(bin.sampled) / pageSize), 0),
      Math.floor(total / pageSize + (packed.length * (pageSize - 1)) / pageSize),
    );
    if (requests > budget) continue;
    const partitions = packed.map((bin) => ({ prefixes: prefixesOf(bin.units), estimate: (total * bin.sampled) / counts.seen }));
    return { partitions, rounds: k, requests };
  }
  return null;
}

/**
 * A partition split in two, by its prefixes (another case of a prefix stays with it), for one whose
 * first page says it is much larger than planned; null for a single prefix (read page by page).
 */
export function splitPartition(partition: Partition, estimates?: ReadonlyMap<string, number>): [Partition, Partition] | null {
  const units: string[][] = [];
  for (const prefix of partition.prefixes) {
    const last = units[units.length - 1];
    if (last !== undefined && last[0]!.toLowerCase() === prefix.toLowerCase()) last.push(prefix);
    else units.push([prefix]);
  }
  if (units.length < 2) return null;
  const weight = (unit: string[]) => estimates?.get(unit[0]!.toLowerCase()) ?? 1;
  const total = units.reduce((sum, unit) => sum + weight(unit), 0);
  let cut = 1;
  let sum = weight(units[0]!);
  while (cut < units.length - 1 && sum + weight(units[cut]!) <= total / 2) sum += weight(units[cut++]!);
  return [{ prefixes: units.slice(0, cut).flat() }, { prefixes: units.slice(cut).flat() }];
}
