import { STATUS_GROUPS, type StatusGroup } from '../presence/statusGroup';
import { DEFAULT_CHOICES, type GroupBy, type ViewChoices } from './boardView';
import { peopleChoiceOf } from './peopleChoice';
import { ROW_PERSON } from './remote/protocol';

/** How a wall display turns its pages: every `seconds` (default 20, at least 5, at most an hour). */
export const WALL_SECONDS = { default: 20, min: 5, max: 3600 } as const;

/** What a link fixes for a screen nobody touches: `?view=wall&seconds=30&status=available,busy&group=department&q=sales&where=office&calendar=1&people=mine`. */
export interface WallSettings {
  seconds: number;
  query: string;
  choices: ViewChoices;
}

/** The page is the wall display (`?view=wall`). */
export function isWallDisplay(search: string): boolean {
  return new URLSearchParams(search).get('view') === 'wall';
}

/**
 * The wall's settings from its link. Offline people are never shown, whatever the link says;
 * values the board does not know are ignored (a typo shows the default, not an error on a screen
 * nobody is at).
 */
export function wallSettingsFromUrl(search: string): WallSettings {
  const params = new URLSearchParams(search);
  const seconds = Number(params.get('seconds'));
  const statuses = (params.get('status') ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s): s is StatusGroup => (STATUS_GROUPS as readonly string[]).includes(s) && s !== 'offline');
  const group = params.get('group');
  const where = params.get('where');
  const people = peopleChoiceOf(params.get('people'));
  return {
    seconds: Number.isInteger(seconds) && seconds >= WALL_SECONDS.min && seconds <= WALL_SECONDS.max ? seconds : WALL_SECONDS.default,
    query: (params.get('q') ?? '').slice(0, 200),
    choices: {
      ...DEFAULT_CHOICES,
      statuses: [...new Set(statuses)],
      showOffline: false,
      // In name order, so the pages keep their people while statuses change (a status order would
      // move someone to another page, and a turning wall could show them twice or not at all).
      sortBy: 'name',
      groupBy: group === 'status' || group === 'department' ? (group as GroupBy) : 'none',
      where: where === 'office' || where === 'remote' ? where : 'anywhere',
      // "free at 14:30" on the tiles: the wall's account must have granted Calendars.ReadBasic.
      calendars: params.get('calendar') === '1',
      // `people=mine` (or `team`): the wall shows its account's people; a screen nobody touches never guesses (Everyone).
      people: people === 'mine' || people === 'team' ? people : 'everyone',
    },
  };
}

/** One page of the wall: the people rows it shows (indexes into the list) and the heading row before them, if any. */
export interface WallPage {
  /** Row indexes of the people on this page, in order. */
  people: number[];
  /** The first row to ask the worker for: the heading the page's first person is under, else that person. */
  firstRow: number;
  lastRow: number;
}

/** The list cut into pages of `perPage` people (headings are not tiles: they label the tiles under them). */
export function wallPages(kinds: ArrayLike<number>, perPage: number): { count: number; page: (index: number) => WallPage } {
  const people: number[] = [];
  for (let i = 0; i < kinds.length; i++) if (kinds[i] === ROW_PERSON) people.push(i);
  const size = Math.max(1, perPage);
  const count = Math.max(1, Math.ceil(people.length / size));
  return {
    count,
    page: (index) => {
      const on = people.slice(index * size, (index + 1) * size);
      if (on.length === 0) return { people: [], firstRow: 0, lastRow: -1 };
      let firstRow = on[0]!;
      while (firstRow > 0 && kinds[firstRow - 1] !== ROW_PERSON) firstRow--;
      return { people: on, firstRow, lastRow: on[on.length - 1]! };
    },
  };
}

/** How many tiles fit: whole columns and rows of tiles of at least `tile` size, `gap` apart, in `area`. */
export function tilesThatFit(
  area: { width: number; height: number },
  tile: { width: number; height: number },
  gap: number,
): { columns: number; rows: number; perPage: number } {
  const columns = Math.max(1, Math.floor((area.width + gap) / (tile.width + gap)));
  const rows = Math.max(1, Math.floor((area.height + gap) / (tile.height + gap)));
  return { columns, rows, perPage: columns * rows };
}
