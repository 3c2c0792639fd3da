import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { KEY_MOVES, nearestPerson } from '../../board/listNavigation';
import { TYPICAL_ROW_HEIGHT } from '../../board/rowLayout';
import { useStrings } from '../strings';
import { useCalendarTexts } from '../useCalendarTexts';
import { useTransitionStore } from '../useTransitionStore';
import type { PeopleListProps, PeopleListState } from './PeopleList.types';

/** Rows drawn beyond the visible ones, so keyboard moves and short scrolls find them ready. */
const OVERSCAN = 6;
/** Rows asked of the worker beyond those drawn, so a scroll finds them here already. */
const WINDOW_MARGIN = 60;

const noKinds = new Uint8Array(0);

/**
 * A drawn row's height as the virtualizer's ResizeObserver reports it; when a row is first drawn
 * (no report yet), the height it has (measured before, else the one the shape gave). The
 * virtualizer's own default reads `offsetHeight` as each row mounts, which forces the browser to
 * lay the whole page out inside React's commit, once per new view: 25–35 ms of a long task on the
 * page's thread while a large board loads (docs/speed.md, "No long task from navigation"). The
 * observer reports every row's real height after layout and before paint, so an expanded message
 * is still measured in the same frame.
 */
function sizeFromObserver(
  element: Element,
  entry: ResizeObserverEntry | undefined,
  instance: Virtualizer<HTMLDivElement, Element>,
): number {
  const box = entry?.borderBoxSize?.[0];
  if (box) return Math.round(box.blockSize);
  const index = instance.indexFromElement(element);
  return instance.itemSizeCache.get(instance.options.getItemKey(index)) ?? instance.options.estimateSize(index);
}

/**
 * The list's behaviour: virtualisation over the shape the worker sent (every row's height, not
 * every row), telling the worker which rows are drawn, keeping the top person in place when new
 * data re-sorts the list, and keyboard focus (one row is the keyboard stop; arrows, Page Up/Down,
 * Home, End).
 */
export function usePeopleList(props: PeopleListProps): PeopleListState {
  const { shape, rowAt, photos, onWindowChange } = props;
  // Only the list redraws when photos arrive, not the board around it.
  useTransitionStore(photos.subscribe, photos.getVersion);
  const calendarOf = useCalendarTexts(props.schedules ?? null, props.locale);
  const strings = useStrings();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  /** A keyboard move's target, focused once its row has arrived and is drawn. */
  const focusPending = useRef<number | null>(null);
  const rowCount = shape?.rowCount ?? 0;
  const kinds = shape?.kinds ?? noKinds;

  // Heights come with the shape, so the list lays out 50,000 rows without measuring them; only an
  // expanded message is measured. Changes once per view, not per arriving rows.
  const estimateSize = useCallback((i: number) => shape?.heights[i] ?? TYPICAL_ROW_HEIGHT, [shape]);
  const getScrollElement = useCallback(() => scrollRef.current, []);
  // The app does not use the React Compiler; the virtualizer's functions are read fresh each render.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement,
    estimateSize,
    overscan: OVERSCAN,
    measureElement: sizeFromObserver,
  });
  const items = virtualizer.getVirtualItems();

  // The keyboard stop: the chosen row while it is drawn, else the first drawn person.
  const drawnRows = items.map((item) => rowAt(item.index));
  const stopKey =
    activeKey !== null && drawnRows.some((row) => row?.key === activeKey)
      ? activeKey
      : (drawnRows.find((row) => row?.kind === 'person')?.key ?? null);

  // Tell the worker what is drawn and on screen; ask for more rows before a scroll reaches their end.
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  const sent = useRef({ start: 0, end: 0, version: -1 });
  const offset = virtualizer.scrollOffset ?? 0;
  // At the very top the list stays there whatever new data does (see below): no row to follow.
  const topItem = offset > 0 ? items.find((item) => item.end > offset) : undefined;
  const anchorKey = topItem ? (rowAt(topItem.index)?.key ?? null) : null;
  useLayoutEffect(() => {
    let { start, end } = sent.current;
    const version = shape?.version ?? -1;
    if (version !== sent.current.version || first < start || last >= end) {
      start = Math.max(0, first - WINDOW_MARGIN);
      end = Math.min(rowCount, last + 1 + WINDOW_MARGIN);
      sent.current = { start, end, version };
    }
    onWindowChange({ start, end, visibleStart: first, visibleEnd: last, anchorKey });
  }, [shape, rowCount, first, last, anchorKey, onWindowChange]);

  // What was drawn at the last render, and where the view was: when new data re-sorts the list,
  // the row at the top of the view then is kept in place (the worker says where it went).
  const drawnBefore = useRef<{ offset: number; top: { start: number } | null; listId: number }>({ offset: 0, top: null, listId: 0 });
  useLayoutEffect(() => {
    if (!shape) return;
    // Sizes measured for the last view's rows (an expanded message) belong to other rows now.
    virtualizer.measure();
    const before = drawnBefore.current;
    if (before.listId !== shape.listId) {
      // Another search or filters: back to the top.
      virtualizer.scrollToOffset(0);
      return;
    }
    if (shape.anchorIndex === null || before.top === null || before.offset <= 0) return;
    const start = virtualizer.getOffsetForIndex(shape.anchorIndex, 'start')?.[0];
    const target = start === undefined ? undefined : start + (before.offset - before.top.start);
    if (target !== undefined && Math.abs(target - before.offset) > 1) virtualizer.scrollToOffset(target);
    // Only when a new view arrives, not on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape]);
  useLayoutEffect(() => {
    const scrolled = virtualizer.scrollOffset ?? 0;
    const top = virtualizer.getVirtualItems().find((item) => item.end > scrolled) ?? null;
    drawnBefore.current = { offset: scrolled, top, listId: shape?.listId ?? 0 };
  });

  // After a keyboard move, focus the new row once it has arrived and is drawn.
  useLayoutEffect(() => {
    const index = focusPending.current;
    if (index === null) return;
    const row = rowAt(index);
    if (!row) return;
    const element = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"] > [role="listitem"]`);
    if (!element) return;
    focusPending.current = null;
    if (row.key !== activeKey) setActiveKey(row.key);
    element.focus();
  }, [rowAt, activeKey, items]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const move = KEY_MOVES[event.key];
    const target = event.target as HTMLElement;
    if (!move || target.getAttribute('role') !== 'listitem') return;
    const from = Number(target.parentElement?.dataset.index ?? NaN);
    if (!Number.isInteger(from)) return;
    event.preventDefault();
    // A page is the rows wholly on screen now, less one (so one row stays in view); a list not laid
    // out yet counts in typical rows.
    const top = virtualizer.scrollOffset ?? 0;
    const bottom = top + (scrollRef.current?.clientHeight ?? 0);
    const onScreen = virtualizer.getVirtualItems().filter((item) => item.start >= top && item.end <= bottom).length;
    const page = Math.max(1, (onScreen > 0 ? onScreen : Math.floor((bottom - top) / TYPICAL_ROW_HEIGHT)) - 1);
    // Headings are passed over in the direction of travel (Home lands on the first person after
    // the first heading, End on the last person).
    const to = nearestPerson(kinds, move(from, rowCount - 1, page), from);
    if (to === null) return;
    focusPending.current = to;
    const row = rowAt(to);
    if (row) setActiveKey(row.key);
    virtualizer.scrollToIndex(to, { align: 'auto' });
  };

  // A row focused by a click or Tab becomes the keyboard stop.
  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    const key = target.getAttribute('role') === 'listitem' ? target.parentElement?.dataset.rowKey : undefined;
    if (key && key !== activeKey) setActiveKey(key);
  };

  return {
    ...props,
    rowCount,
    scrollRef,
    items,
    totalSize: virtualizer.getTotalSize(),
    measureElement: virtualizer.measureElement,
    stopKey,
    onKeyDown,
    onFocus,
    calendarOf,
    strings,
  };
}
