import type { FocusEvent, KeyboardEvent, RefObject } from 'react';
import type { Density, ListRow } from '../../board/boardView';
import type { ListWindow, ViewShape } from '../../board/remote/protocol';
import type { CalendarText } from '../calendarText';
import type { RowHandlers } from '../PersonRow/PersonRow.types';
import type { Strings } from '../strings';
import type { ScheduleSource } from '../useCalendarTexts';

export interface PeopleListProps {
  /** The list's shape: how many rows, each one's kind and height (null: none yet). */
  shape: ViewShape | null;
  /** Row `index` when it has arrived from the board worker; undefined rows are drawn blank at their height. */
  rowAt: (index: number) => ListRow | undefined;
  /** Told which rows are drawn and on screen: the worker sends those rows, and asks for their presence and photos first. */
  onWindowChange: (window: ListWindow) => void;
  /** Shown when there are no rows. */
  emptyText: string;
  listLabel: string;
  /** The search's folded words, marked in each row. */
  words: readonly string[];
  /** Photos per person: data URL, null (initials) or undefined (not known yet); the list redraws as they arrive. */
  photos: PhotoSource;
  handlers: RowHandlers;
  /** Whom the viewer watches (lower-case ids); absent: nobody. */
  watched?: ReadonlySet<string>;
  /** Whose actions menu is open (a user id). */
  menuOpenFor: string | null;
  /** A heading's text, from its row. */
  headingText: (row: Extract<ListRow, { kind: 'heading' }>) => string;
  /** Rows of several lines, or one. */
  density: Density;
  /** Schedules per person while "Show calendars" is on; null: off (nothing is said, nothing redrawn each minute). */
  schedules?: ScheduleSource | null;
  /** The viewer's locale, for times in the calendar labels. */
  locale?: string;
}

/** Where rows get photos (the board worker's, in the app). */
export interface PhotoSource {
  photoOf(id: string): string | null | undefined;
  subscribe(listener: () => void): () => void;
  getVersion(): number;
}

/** What the list's markup needs: its props and what usePeopleList works out from them. */
export interface PeopleListState extends PeopleListProps {
  rowCount: number;
  scrollRef: RefObject<HTMLDivElement | null>;
  /** The rows to draw, with where each starts and its height. */
  items: ReadonlyArray<{ index: number; start: number; size: number }>;
  /** The whole list's height. */
  totalSize: number;
  /** Lets the virtualizer measure a drawn row (an expanded message). */
  measureElement: (element: Element | null) => void;
  /** The row that is the keyboard stop. */
  stopKey: string | null;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
  onFocus: (event: FocusEvent<HTMLDivElement>) => void;
  /** What a row says about its person's calendar (null: nothing). */
  calendarOf: (id: string) => CalendarText | null;
  strings: Strings;
}
