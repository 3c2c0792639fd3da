import { foldForSearch, idKey } from './people';
import type { DirectoryUser, Person } from './types';

/** The status chips, in the order they are shown: reachable first. */
export const STATUS_GROUPS = ['available', 'busy', 'do-not-disturb', 'away', 'out-of-office', 'offline'] as const;
export type StatusGroup = (typeof STATUS_GROUPS)[number];

export type GroupBy = 'none' | 'status' | 'department';
export type SortBy = 'status' | 'name';

/** What the person reading the board chose; kept per user and tenant. */
export interface ViewChoices {
  /** Chips turned on; none on means every online status. */
  statuses: readonly StatusGroup[];
  showOffline: boolean;
  groupBy: GroupBy;
  sortBy: SortBy;
  hideGuests: boolean;
  hideDisabled: boolean;
}

export const DEFAULT_CHOICES: ViewChoices = {
  statuses: [],
  showOffline: false,
  groupBy: 'none',
  sortBy: 'status',
  hideGuests: false,
  hideDisabled: false,
};

/** Where a person belongs among the chips: out of office wins over the badge while online. */
export function statusGroupOf(person: Person): StatusGroup {
  const { view } = person;
  if (!view.online) return 'offline';
  if (view.outOfOffice) return 'out-of-office';
  switch (view.badge) {
    case 'available':
      return 'available';
    case 'busy':
      return 'busy';
    case 'do-not-disturb':
      return 'do-not-disturb';
    default:
      return 'away';
  }
}

/** A guest: `userType` Guest when granted, else the `#EXT#` that Entra puts in a guest's UPN. */
export function isGuest(user: DirectoryUser): boolean {
  return user.userType === 'Guest' || (user.userPrincipalName?.includes('#EXT#') ?? false);
}

/** What the directory lets the board offer: profile fields came back (User.Read.All). */
export interface ProfileAvailability {
  departments: boolean;
  accountEnabled: boolean;
}

export function profileAvailability(users: readonly DirectoryUser[]): ProfileAvailability {
  const sample = users.slice(0, 200);
  return {
    departments: sample.some((u) => u.department !== undefined),
    accountEnabled: sample.some((u) => u.accountEnabled !== undefined),
  };
}

const searchKeys = new WeakMap<DirectoryUser, string>();

/** The folded text a search looks in: name, mail, job title, department; made once per user. */
export function searchKeyOf(user: DirectoryUser): string {
  let key = searchKeys.get(user);
  if (key === undefined) {
    key = foldForSearch([user.displayName, user.mail ?? '', user.jobTitle ?? '', user.department ?? ''].join('\n'));
    searchKeys.set(user, key);
  }
  return key;
}

/** The words of a query, folded as the search keys are. */
export function queryWords(query: string): string[] {
  return foldForSearch(query).split(/\s+/).filter(Boolean);
}

/** One line of the list: a group heading or a person. */
export type ListRow =
  | { kind: 'heading'; key: string; group: StatusGroup | 'favourites' | 'department'; label: string; count: number }
  | { kind: 'person'; key: string; person: Person; favourite: boolean };

export interface BoardView {
  rows: ListRow[];
  /** The people in `rows`, in order. */
  people: Person[];
  /** Per chip, how many people match the search and the other filters (whatever the chips say). */
  counts: Record<StatusGroup, number>;
  /** Everyone online (the header's count), whatever the filters. */
  onlineCount: number;
}

export interface ViewInput {
  /** Everyone, in name order (see `sortByName`). */
  people: readonly Person[];
  query: string;
  choices: ViewChoices;
  /** Favourites' ids: pinned on top. */
  favourites: ReadonlySet<string>;
  /** Heading for people without a department. */
  noDepartmentLabel?: string;
}

const RANK: Record<StatusGroup, number> = {
  available: 0,
  busy: 1,
  'do-not-disturb': 2,
  away: 3,
  'out-of-office': 4,
  offline: 5,
};

/**
 * The list on screen from everyone in name order: search, filters, favourites pinned, sorting and
 * grouping. One pass over everyone plus work in proportion to what is shown; nothing is sorted by
 * name here (that is done once per directory), so a keystroke at 50,000 people stays cheap.
 */
export function buildBoardView({ people, query, choices, favourites, noDepartmentLabel = 'No department' }: ViewInput): BoardView {
  const words = queryWords(query);
  const counts: Record<StatusGroup, number> = { available: 0, busy: 0, 'do-not-disturb': 0, away: 0, 'out-of-office': 0, offline: 0 };
  const chips = new Set(choices.statuses);
  let onlineCount = 0;
  const kept: Person[] = [];
  const groups: StatusGroup[] = [];

  for (const person of people) {
    const { user } = person;
    const group = statusGroupOf(person);
    if (group !== 'offline') onlineCount++;
    if (choices.hideGuests && isGuest(user)) continue;
    if (choices.hideDisabled && user.accountEnabled === false) continue;
    if (words.length > 0) {
      const key = searchKeyOf(user);
      if (!words.every((w) => key.includes(w))) continue;
    }
    counts[group]++;
    if (group === 'offline' ? !choices.showOffline && !chips.has('offline') : chips.size > 0 && !chips.has(group)) continue;
    kept.push(person);
    groups.push(group);
  }

  // Stable bucketing by status keeps name order within each status.
  let ordered: Person[] = kept;
  let orderedGroups: StatusGroup[] = groups;
  if (choices.sortBy === 'status' || choices.groupBy === 'status') {
    const buckets = STATUS_GROUPS.map(() => [] as number[]);
    groups.forEach((g, i) => buckets[RANK[g]]!.push(i));
    const order = buckets.flat();
    ordered = order.map((i) => kept[i]!);
    orderedGroups = order.map((i) => groups[i]!);
  }

  const rows: ListRow[] = [];
  const shown: Person[] = [];
  const pinned = ordered.filter((p) => favourites.has(idKey(p.user.id)));
  const push = (person: Person, favourite: boolean) => {
    rows.push({ kind: 'person', key: `${favourite ? 'fav' : 'p'}:${person.user.id}`, person, favourite });
    shown.push(person);
  };
  if (pinned.length > 0 && choices.groupBy !== 'none') {
    rows.push({ kind: 'heading', key: 'h:favourites', group: 'favourites', label: 'favourites', count: pinned.length });
  }
  for (const person of pinned) push(person, true);
  const rest = pinned.length === 0 ? ordered : ordered.filter((p) => !favourites.has(idKey(p.user.id)));

  if (choices.groupBy === 'status') {
    const restGroups = pinned.length === 0 ? orderedGroups : rest.map(statusGroupOf);
    let i = 0;
    while (i < rest.length) {
      const group = restGroups[i]!;
      let j = i;
      while (j < rest.length && restGroups[j] === group) j++;
      rows.push({ kind: 'heading', key: `h:${group}`, group, label: group, count: j - i });
      for (let k = i; k < j; k++) push(rest[k]!, false);
      i = j;
    }
  } else if (choices.groupBy === 'department') {
    const byDepartment = new Map<string, Person[]>();
    for (const person of rest) {
      const name = person.user.department?.trim() || '';
      const list = byDepartment.get(name);
      if (list) list.push(person);
      else byDepartment.set(name, [person]);
    }
    const names = [...byDepartment.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
    for (const name of names) {
      const members = byDepartment.get(name)!;
      rows.push({ kind: 'heading', key: `h:d:${name}`, group: 'department', label: name || noDepartmentLabel, count: members.length });
      for (const person of members) push(person, false);
    }
  } else {
    for (const person of rest) push(person, false);
  }
  return { rows, people: shown, counts, onlineCount };
}

/** The directory in name order, for the locale; done once per directory change, not per keystroke. */
export function sortByName<T extends DirectoryUser>(users: readonly T[], locale?: string): T[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  return [...users].sort((a, b) => collator.compare(a.displayName, b.displayName) || collator.compare(a.mail ?? '', b.mail ?? ''));
}

/** Where the query's words are in `text` (accent- and case-insensitive), as [start, end) ranges, merged. */
export function matchRanges(text: string, words: readonly string[]): Array<[number, number]> {
  if (words.length === 0 || text === '') return [];
  // Fold character by character, remembering where each folded character came from.
  let folded = '';
  const origin: number[] = [];
  let index = 0;
  for (const char of text) {
    const f = foldForSearch(char);
    for (let k = 0; k < f.length; k++) origin.push(index);
    folded += f;
    index += char.length;
  }
  origin.push(text.length);
  const ranges: Array<[number, number]> = [];
  for (const word of words) {
    for (let at = folded.indexOf(word); at !== -1; at = folded.indexOf(word, at + word.length)) {
      const end = at + word.length;
      const last = origin[end - 1]!;
      ranges.push([origin[at]!, last + (text.codePointAt(last)! > 0xffff ? 2 : 1)]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const prev = merged[merged.length - 1];
    if (prev && range[0] <= prev[1]) prev[1] = Math.max(prev[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}
