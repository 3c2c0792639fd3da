import type { FocusEvent, KeyboardEvent, RefObject } from 'react';
import type { ListRow } from '../../board/boardView';
import type { RowHandlers } from '../PersonRow/PersonRow.types';

export interface PeopleListProps {
  rows: readonly ListRow[];
  /** Shown when there are no rows. */
  emptyText: string;
  listLabel: string;
  /** The search's folded words, marked in each row. */
  words: readonly string[];
  /** Photos per person: data URL, null (initials) or undefined (not known yet); the list redraws as they arrive. */
  photos: PhotoSource;
  handlers: RowHandlers;
  /** Whose actions menu is open (a user id). */
  menuOpenFor: string | null;
  /** A heading's text, from its row. */
  headingText: (row: Extract<ListRow, { kind: 'heading' }>) => string;
  /** Told who is drawn (on screen and just around it): their presence and photos are asked for first. */
  onVisibleChange?: (ids: string[]) => void;
  /** false draws every row (no virtualisation): only for the benchmark's side-by-side figure. */
  virtual?: boolean;
  /**
   * Changes when the person asks for another list (search, filters): the list goes back to the
   * top. Rows that change for other reasons (a refresh) keep the first visible person in place.
   */
  resetKey?: string;
}

/** Where rows get photos (a PhotoStore in the app). */
export interface PhotoSource {
  photoOf(id: string): string | null | undefined;
  subscribe(listener: () => void): () => void;
  getVersion(): number;
}

/** What the list's markup needs: its props and what usePeopleList works out from them. */
export interface PeopleListState extends Required<Pick<PeopleListProps, 'virtual'>>, Omit<PeopleListProps, 'virtual'> {
  scrollRef: RefObject<HTMLDivElement | null>;
  /** The rows to draw (all of them without virtualisation), with where each starts. */
  items: ReadonlyArray<{ index: number; start: number; key: string | number | bigint }>;
  /** The whole list's height (virtualised). */
  totalSize: number;
  /** Lets the virtualizer measure a drawn row (an expanded message). */
  measureElement: (element: Element | null) => void;
  /** The row that is the keyboard stop. */
  stopKey: string | null;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
  onFocus: (event: FocusEvent<HTMLDivElement>) => void;
}
