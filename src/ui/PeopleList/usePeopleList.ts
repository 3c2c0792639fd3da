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
import { KEY_MOVES, nearestPerson } from '../../board/listNavigation';
import { HEADING_HEIGHT, personRowHeight, TYPICAL_ROW_HEIGHT } from '../../board/rowLayout';
import type { PeopleListProps, PeopleListState } from './PeopleList.types';

/** Rows drawn beyond the visible ones, so keyboard moves and short scrolls find them ready. */
const OVERSCAN = 6;

/**
 * The list's behaviour: virtualisation, reporting who is drawn, keeping the top person in place on
 * a refresh, and keyboard focus (one row is the keyboard stop; arrows, Page Up/Down, Home, End).
 */
export function usePeopleList(props: PeopleListProps): PeopleListState {
  const { rows, photos, onVisibleChange, virtual = true, resetKey } = props;
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

  return {
    ...props,
    virtual,
    scrollRef,
    items,
    totalSize: virtualizer.getTotalSize(),
    measureElement: virtualizer.measureElement,
    stopKey,
    onKeyDown,
    onFocus,
  };
}
