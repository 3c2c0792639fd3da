import { isGuid } from '../host/guid';
import { idKey } from '../presence/people';
import { searchKeyOf, queryWords } from '../presence/search';
import { isGuest, STATUS_GROUPS, statusGroupOf, type StatusGroup } from '../presence/statusGroup';
import type { DirectoryUser, Person, PresenceRecord } from '../presence/types';
import type { PeopleChoice } from './peopleChoice';

export type GroupBy = 'none' | 'status' | 'department';
export type SortBy = 'status' | 'name';
/** Where people work today: everyone, or only those in the office, or only those working remotely. */
export type Where = 'anywhere' | 'office' | 'remote';
/** Rows of several lines (comfortable) or of one (compact: twice as many people a screen). */
export type Density = 'comfortable' | 'compact';

/** What the person reading the board chose; kept per user and tenant. */
export interface ViewChoices {
  /** Chips turned on; none on means every online status. */
  statuses: readonly StatusGroup[];
  showOffline: boolean;
  groupBy: GroupBy;
  sortBy: SortBy;
  hideGuests: boolean;
  hideDisabled: boolean;
  where: Where;
  density: Density;
  /** "Show calendars": when each person on screen is free, from their calendar (asks for Calendars.ReadBasic). */
  calendars: boolean;
  /** Whose people: everyone, the people I work with, my team; `auto` until the viewer picks (see peopleChoice.ts). */
  people: PeopleChoice;
}

export const DEFAULT_CHOICES: ViewChoices = {
  statuses: [],
  showOffline: false,
  groupBy: 'none',
  sortBy: 'status',
  hideGuests: false,
  hideDisabled: false,
  where: 'anywhere',
  density: 'comfortable',
  calendars: false,
  people: 'auto',
};

/** What the directory and presence let the board offer: profile fields came back (User.Read.All), work locations came back. */
export interface ProfileAvailability {
  departments: boolean;
  accountEnabled: boolean;
  workLocations: boolean;
}

export function profileAvailability(users: readonly DirectoryUser[], presence?: ReadonlyMap<string, PresenceRecord>): ProfileAvailability {
  const sample = users.slice(0, 200);
  let workLocations = false;
  if (presence) {
    let looked = 0;
    for (const record of presence.values()) {
      if (record.workLocation !== undefined) workLocations = true;
      if (workLocations || ++looked >= 200) break;
    }
  }
  return {
    departments: sample.some((u) => u.department !== undefined),
    accountEnabled: sample.some((u) => u.accountEnabled !== undefined),
    workLocations,
  };
}

/** One line of the list: a group heading or a person. */
export type ListRow =
  | { kind: 'heading'; key: string; group: StatusGroup | 'favourites' | 'department'; label: string; count: number }
  | { kind: 'person'; key: string; person: Person; favourite: boolean };

export interface BoardView {
  rows: ListRow[];
  /** The people in `rows`, in order (made when asked for: a keystroke does not need them). */
  readonly people: Person[];
  /** How many people `rows` holds. */
  shownCount: number;
  /** Per chip, how many people match the search and the other filters (whatever the chips say). */
  counts: Record<StatusGroup, number>;
  /** How many of those the status chips show are in the office, and remote (whatever "where" says). */
  whereCounts: Record<Exclude<Where, 'anywhere'>, number>;
  /** Everyone online (the header's count), whatever the filters. */
  onlineCount: number;
}

export interface ViewInput {
  /** Everyone, in name order (see `sortByName`), or their index (see `indexPeople`; faster per keystroke). */
  people: readonly Person[] | PeopleIndex;
  query: string;
  choices: ViewChoices;
  /** Favourites' ids: pinned on top. */
  favourites: ReadonlySet<string>;
  /** Heading for people without a department. */
  noDepartmentLabel?: string;
}

/** A status group's place in STATUS_GROUPS: the order of chips, buckets and headings. */
const RANK = Object.fromEntries(STATUS_GROUPS.map((group, rank) => [group, rank])) as Record<StatusGroup, number>;

/**
 * Everyone in name order, with what a keystroke needs of each person laid out flat: made once
 * per change of the board (a refresh), so filtering 50,000 people is one tight loop over arrays.
 */
export interface PeopleIndex {
  people: readonly Person[];
  /** RANK of each person's status group. */
  ranks: Uint8Array;
  /** 1 for a guest, 2 for a disabled account (bits). */
  flags: Uint8Array;
  /** WHERE_NONE, WHERE_OFFICE or WHERE_REMOTE (time off counts as neither). */
  places: Uint8Array;
  /** Folded search text (name, mail, title, department, office location). */
  searchKeys: readonly string[];
  /** Lower-case ids, as favourites are kept. */
  idKeys: readonly string[];
  /** Each person's row when not a favourite (the same object on every keystroke). */
  rows: ReadonlyArray<Extract<ListRow, { kind: 'person' }>>;
  /** Everyone not offline. */
  onlineCount: number;
  /** Recent searches' matches (positions), by folded query: typing on narrows the last answer. */
  searches: Map<string, Int32Array>;
}

/** How many searches' matches an index keeps. */
const KEPT_SEARCHES = 12;

/**
 * Positions of the people whose search text holds every word. A kept answer for words that each
 * appear inside one of these words is a superset (typing "mar" after "ma"), so only it is read.
 */
export function searchMatches(index: PeopleIndex, words: readonly string[]): Int32Array {
  const query = words.join(' ');
  const kept = index.searches.get(query);
  if (kept) return kept;
  let candidates: Int32Array | null = null;
  for (const [earlier, matches] of index.searches) {
    const earlierWords = earlier.split(' ');
    if (earlierWords.every((e) => words.some((w) => w.includes(e))) && (candidates === null || matches.length < candidates.length)) {
      candidates = matches;
    }
  }
  const { searchKeys } = index;
  const found: number[] = [];
  const test = (i: number) => {
    const key = searchKeys[i]!;
    for (const w of words) if (!key.includes(w)) return;
    found.push(i);
  };
  if (candidates) for (const i of candidates) test(i);
  else for (let i = 0; i < searchKeys.length; i++) test(i);
  const matches = Int32Array.from(found);
  if (index.searches.size >= KEPT_SEARCHES) index.searches.delete(index.searches.keys().next().value!);
  index.searches.set(query, matches);
  return matches;
}

const GUEST = 1;
const DISABLED = 2;
const WHERE_NONE = 0;
const WHERE_OFFICE = 1;
const WHERE_REMOTE = 2;
const PLACE_OF_CHOICE: Record<Where, number> = { anywhere: WHERE_NONE, office: WHERE_OFFICE, remote: WHERE_REMOTE };
const rowOf = new WeakMap<Person, Extract<ListRow, { kind: 'person' }>>();

export function indexPeople(people: readonly Person[]): PeopleIndex {
  const n = people.length;
  const ranks = new Uint8Array(n);
  const flags = new Uint8Array(n);
  const places = new Uint8Array(n);
  const searchKeys: string[] = new Array<string>(n);
  const idKeys: string[] = new Array<string>(n);
  const rows: Array<Extract<ListRow, { kind: 'person' }>> = new Array<Extract<ListRow, { kind: 'person' }>>(n);
  let onlineCount = 0;
  for (let i = 0; i < n; i++) {
    const person = people[i]!;
    const { user } = person;
    ranks[i] = RANK[statusGroupOf(person)];
    if (ranks[i] !== RANK.offline) onlineCount++;
    flags[i] = (isGuest(user) ? GUEST : 0) | (user.accountEnabled === false ? DISABLED : 0);
    const place = person.presence?.workLocation;
    places[i] = place === 'office' ? WHERE_OFFICE : place === 'remote' ? WHERE_REMOTE : WHERE_NONE;
    searchKeys[i] = searchKeyOf(user);
    idKeys[i] = idKey(user.id);
    let row = rowOf.get(person);
    if (row === undefined) {
      // A GUID id is the key itself (no heading or favourite key looks like one), not a new string
      // per person; any other id (a broken or hostile directory) is marked so it cannot pass for one.
      row = { kind: 'person', key: isGuid(user.id) ? user.id : `p:${user.id}`, person, favourite: false };
      rowOf.set(person, row);
    }
    rows[i] = row;
  }
  return { people, ranks, flags, places, searchKeys, idKeys, rows, onlineCount, searches: new Map() };
}

/**
 * The list on screen from everyone in name order: search, filters, favourites pinned, sorting and
 * grouping. One loop over flat arrays plus work in proportion to what is shown; nothing is sorted
 * by name here (that is done once per directory), so a keystroke at 50,000 people stays cheap.
 */
export function buildBoardView({ people, query, choices, favourites, noDepartmentLabel = 'No department' }: ViewInput): BoardView {
  const index = 'ranks' in people ? people : indexPeople(people);
  const words = queryWords(query);
  const countsByRank = [0, 0, 0, 0, 0, 0];
  const shownRanks = STATUS_GROUPS.map((g) =>
    g === 'offline'
      ? choices.showOffline || choices.statuses.includes('offline')
      : choices.statuses.length === 0 || choices.statuses.includes(g),
  );
  const byStatus = choices.sortBy === 'status' || choices.groupBy === 'status';
  // Kept people (as indexes), in one list (name order) or per status (name order within each).
  const buckets: number[][] = byStatus ? STATUS_GROUPS.map(() => []) : [[]];
  const pinned: number[] = [];
  const hide = (choices.hideGuests ? GUEST : 0) | (choices.hideDisabled ? DISABLED : 0);
  const { ranks, flags, places, idKeys } = index;
  const place = PLACE_OF_CHOICE[choices.where] ?? WHERE_NONE;
  const whereByPlace = [0, 0, 0];
  const matches = words.length > 0 ? searchMatches(index, words) : null;
  const count = matches ? matches.length : ranks.length;

  for (let m = 0; m < count; m++) {
    const i = matches ? matches[m]! : m;
    const rank = ranks[i]!;
    if ((flags[i]! & hide) !== 0) continue;
    const shownStatus = shownRanks[rank]!;
    if (shownStatus) whereByPlace[places[i]!]!++;
    if (place !== WHERE_NONE && places[i] !== place) continue;
    countsByRank[rank]!++;
    const favourite = favourites.size > 0 && favourites.has(idKeys[i]!);
    // A favourite stays pinned when offline too (unless status chips are on): "is Priya in today?"
    if (!shownStatus && !(favourite && rank === RANK.offline && choices.statuses.length === 0)) continue;
    if (favourite) pinned.push(i);
    else buckets[byStatus ? rank : 0]!.push(i);
  }
  if (byStatus && pinned.length > 1) pinned.sort((a, b) => ranks[a]! - ranks[b]!);
  const counts = Object.fromEntries(STATUS_GROUPS.map((g, i) => [g, countsByRank[i]!])) as Record<StatusGroup, number>;

  const rows: ListRow[] = [];
  let shownCount = 0;
  if (pinned.length > 0 && choices.groupBy !== 'none') {
    rows.push({ kind: 'heading', key: 'h:favourites', group: 'favourites', label: 'favourites', count: pinned.length });
  }
  for (const i of pinned) {
    const person = index.people[i]!;
    rows.push({ kind: 'person', key: `fav:${person.user.id}`, person, favourite: true });
  }
  shownCount += pinned.length;
  const pushAll = (list: readonly number[]) => {
    for (const i of list) rows.push(index.rows[i]!);
    shownCount += list.length;
  };

  if (choices.groupBy === 'status') {
    STATUS_GROUPS.forEach((group, rank) => {
      const list = buckets[rank]!;
      if (list.length === 0) return;
      rows.push({ kind: 'heading', key: `h:${group}`, group, label: group, count: list.length });
      pushAll(list);
    });
  } else if (choices.groupBy === 'department') {
    const byDepartment = new Map<string, number[]>();
    for (const list of buckets) {
      for (const i of list) {
        const name = index.people[i]!.user.department?.trim() || '';
        const members = byDepartment.get(name);
        if (members) members.push(i);
        else byDepartment.set(name, [i]);
      }
    }
    const names = [...byDepartment.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
    for (const name of names) {
      const members = byDepartment.get(name)!;
      rows.push({ kind: 'heading', key: `h:d:${name}`, group: 'department', label: name || noDepartmentLabel, count: members.length });
      pushAll(members);
    }
  } else {
    for (const list of buckets) pushAll(list);
  }
  return {
    rows,
    get people() {
      return rows.flatMap((row) => (row.kind === 'person' ? [row.person] : []));
    },
    shownCount,
    counts,
    whereCounts: { office: whereByPlace[WHERE_OFFICE]!, remote: whereByPlace[WHERE_REMOTE]! },
    onlineCount: index.onlineCount,
  };
}
