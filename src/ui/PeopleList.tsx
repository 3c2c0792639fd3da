import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type FocusEvent,
  type KeyboardEvent,
} from 'react';
import type { ListRow } from '../board/boardView';
import { HEADING_HEIGHT, personRowHeight, TYPICAL_ROW_HEIGHT } from '../board/rowLayout';
import { PersonRow } from './PersonRow/PersonRow';
import type { RowHandlers } from './PersonRow/PersonRow.types';

const useStyles = makeStyles({
  scroller: { flex: 1, minHeight: 0, overflowY: 'auto', overflowAnchor: 'none', contain: 'strict' },
  plain: { flex: 1, minHeight: 0, overflowY: 'auto' },
  sizer: { position: 'relative', width: '100%' },
  item: { position: 'absolute', top: 0, left: 0, width: '100%' },
  heading: {
    display: 'block',
    boxSizing: 'border-box',
    height: `${HEADING_HEIGHT}px`,
    margin: 0,
    lineHeight: '20px',
    padding: `8px ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  empty: { padding: tokens.spacingVerticalXXL, color: tokens.colorNeutralForeground3, textAlign: 'center' },
});

/** Rows drawn beyond the visible ones, so keyboard moves and short scrolls find them ready. */
const OVERSCAN = 6;

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

const KEY_MOVES: Record<string, (index: number, last: number, page: number) => number> = {
  ArrowDown: (i, last) => Math.min(last, i + 1),
  ArrowUp: (i) => Math.max(0, i - 1),
  Home: () => 0,
  End: (_, last) => last,
  PageDown: (i, last, page) => Math.min(last, i + page),
  PageUp: (i, _, page) => Math.max(0, i - page),
};

/** The person row nearest `to`, looking first in the direction of travel from `from`. */
export function nearestPerson(rows: readonly ListRow[], to: number, from: number): number | null {
  const step = to >= from ? 1 : -1;
  for (const direction of [step, -step]) {
    for (let i = to; i >= 0 && i < rows.length; i += direction) if (rows[i]!.kind === 'person') return i;
  }
  return null;
}

/**
 * The people, drawn as a virtualised list: only the rows on screen (and a few around them)
 * exist in the page, so 50,000 people scroll and filter like 50. One row is the keyboard stop;
 * arrow keys, Page Up/Down, Home and End move between rows, Enter opens a person's actions.
 */
export function PeopleList(props: PeopleListProps) {
  const {
    rows,
    emptyText,
    listLabel,
    words,
    photos,
    handlers,
    menuOpenFor,
    headingText,
    onVisibleChange,
    virtual = true,
    resetKey,
  } = props;
  const styles = useStyles();
  // Only the list redraws when photos arrive, not the board around it.
  useSyncExternalStore(photos.subscribe, photos.getVersion);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const focusPending = useRef(false);

  // Stable per list: the virtualizer lays out every row again (O(rows)) whenever these change.
  // Heights are known from each row's content, so the list never re-lays out thousands of rows as
  // rows appear; only an expanded message is measured.
  const estimateSize = useCallback(
    (i: number) => {
      const row = rows[i];
      return row?.kind === 'person' ? personRowHeight(row.person) : HEADING_HEIGHT;
    },
    [rows],
  );
  const getItemKey = useCallback((i: number) => rows[i]?.key ?? i, [rows]);
  const getScrollElement = useCallback(() => scrollRef.current, []);
  // The app does not use the React Compiler; the virtualizer's functions are read fresh each render.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: virtual ? rows.length : 0,
    getScrollElement,
    estimateSize,
    getItemKey,
    overscan: OVERSCAN,
  });
  const items = virtual ? virtualizer.getVirtualItems() : rows.map((_, index) => ({ index, start: 0, key: rows[index]!.key }));

  // The keyboard stop: the chosen row while it is drawn, else the first drawn person.
  const drawnKeys = items.map((item) => rows[item.index]?.key);
  const stopKey =
    activeKey !== null && drawnKeys.includes(activeKey)
      ? activeKey
      : (items.map((item) => rows[item.index]).find((row) => row?.kind === 'person')?.key ?? null);

  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    if (!onVisibleChange) return;
    const ids: string[] = [];
    for (let i = first; i <= last; i++) {
      const row = rows[i];
      if (row?.kind === 'person') ids.push(row.person.user.id);
    }
    onVisibleChange(ids);
  }, [rows, first, last, onVisibleChange]);

  // What was drawn at the last render, and where the view was: when the rows change, the first
  // row at the top of the view then is the anchor to keep in place.
  const drawnBefore = useRef<{ offset: number; items: Array<{ key: string; start: number; end: number }> }>({ offset: 0, items: [] });
  const lastReset = useRef(resetKey);
  useLayoutEffect(() => {
    if (!virtual) return;
    if (lastReset.current !== resetKey) {
      lastReset.current = resetKey;
      virtualizer.scrollToOffset(0);
      return;
    }
    // A refresh re-sorted the rows: keep the person at the top where the reader saw them.
    const { offset, items: before } = drawnBefore.current;
    const top = offset > 0 ? before.find((item) => item.end > offset) : undefined;
    if (!top) return;
    const index = rows.findIndex((row) => row.key === top.key);
    const start = index < 0 ? undefined : virtualizer.getOffsetForIndex(index, 'start')?.[0];
    const target = start === undefined ? undefined : start + (offset - top.start);
    if (target !== undefined && Math.abs(target - offset) > 1) virtualizer.scrollToOffset(target);
    // Only when the rows change, not on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rows, resetKey, virtual]);
  useLayoutEffect(() => {
    drawnBefore.current = {
      offset: virtualizer.scrollOffset ?? 0,
      items: virtualizer.getVirtualItems().map((item) => ({ key: String(item.key), start: item.start, end: item.end })),
    };
  });

  // After a keyboard move, focus the new row once it is drawn.
  useLayoutEffect(() => {
    if (!focusPending.current || activeKey === null) return;
    const drawn = [...(scrollRef.current?.querySelectorAll<HTMLElement>('[data-row-key]') ?? [])];
    const row = drawn.find((el) => el.dataset.rowKey === activeKey)?.querySelector<HTMLElement>(':scope > [role="listitem"]');
    if (row) {
      focusPending.current = false;
      row.focus();
    }
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const move = KEY_MOVES[event.key];
    const target = event.target as HTMLElement;
    if (!move || target.getAttribute('role') !== 'listitem') return;
    const from = rows.findIndex((row) => row.key === target.parentElement?.dataset.rowKey);
    if (from < 0) return;
    event.preventDefault();
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / TYPICAL_ROW_HEIGHT) - 1);
    // Headings are passed over in the direction of travel (Home lands on the first person after
    // the first heading, End on the last person).
    const to = nearestPerson(rows, move(from, rows.length - 1, page), from);
    if (to === null) return;
    setActiveKey(rows[to]!.key);
    focusPending.current = true;
    if (virtual) virtualizer.scrollToIndex(to, { align: 'auto' });
  };

  // A row focused by a click or Tab becomes the keyboard stop.
  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    const key = target.getAttribute('role') === 'listitem' ? target.parentElement?.dataset.rowKey : undefined;
    if (key && key !== activeKey) setActiveKey(key);
  };

  if (rows.length === 0) {
    return (
      <Text className={styles.empty} block role="status">
        {emptyText}
      </Text>
    );
  }

  const drawRow = (index: number) => {
    const row = rows[index]!;
    if (row.kind === 'heading') {
      return (
        <div role="listitem" aria-posinset={index + 1} aria-setsize={rows.length}>
          <Text as="h2" weight="semibold" size={300} className={styles.heading}>
            {headingText(row)}
          </Text>
        </div>
      );
    }
    const id = row.person.user.id;
    return (
      <PersonRow
        person={row.person}
        favourite={row.favourite}
        words={words}
        photo={photos.photoOf(id)}
        active={row.key === stopKey}
        menuOpen={menuOpenFor === id}
        position={index + 1}
        setSize={rows.length}
        handlers={handlers}
      />
    );
  };

  if (!virtual) {
    return (
      <div ref={scrollRef} className={styles.plain} role="list" aria-label={listLabel} onKeyDown={onKeyDown} onFocus={onFocus}>
        {rows.map((row, index) => (
          <div key={row.key} data-row-key={row.key}>
            {drawRow(index)}
          </div>
        ))}
      </div>
    );
  }

  return (
    <div
      ref={scrollRef}
      className={styles.scroller}
      role="list"
      aria-label={listLabel}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
      data-virtual-scroller=""
    >
      <div className={styles.sizer} style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => (
          <div
            key={item.key}
            ref={virtualizer.measureElement}
            data-index={item.index}
            data-row-key={rows[item.index]!.key}
            className={styles.item}
            style={{ transform: `translateY(${item.start}px)` }}
          >
            {drawRow(item.index)}
          </div>
        ))}
      </div>
    </div>
  );
}
