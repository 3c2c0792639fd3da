import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { rowAt } from '../../board/remote/remoteBoard';
import { tilesThatFit, wallPages } from '../../board/wallDisplay';
import { STATUS_GROUPS } from '../../presence/statusGroup';
import { stringsFor } from '../strings';
import { presenceNotOfferedOnWall, presenceUnknownIn } from '../presenceNotOffered';
import { useCalendarTexts } from '../useCalendarTexts';
import { useTransitionStore } from '../useTransitionStore';
import type { WallBoardProps, WallBoardState, WallTile } from './WallBoard.types';

/** A tile's least size and the gap between tiles, in CSS pixels (a 1920 × 1080 screen holds 6 × 4). */
export const WALL_TILE = { width: 280, height: 196, gap: 16 } as const;

/**
 * The wall display's state: the worker's list for the link's settings, cut into pages of as many
 * tiles as the screen holds, the page turning every `seconds`, and the rows of the page on screen
 * asked of the worker (so it fetches only their photos).
 */
export function useWallBoard(props: WallBoardProps): WallBoardState {
  const { board, settings, demo, locale } = props;
  const strings = useMemo(() => stringsFor(locale), [locale]);
  const frame = useTransitionStore(board.subscribe, board.getSnapshot);
  const photosVersion = useTransitionStore(board.photoSource.subscribe, board.photoSource.getVersion);
  void photosVersion;
  const calendarOf = useCalendarTexts(settings.choices.calendars ? board.scheduleSource : null, locale);
  const calendarAccess = useTransitionStore(board.scheduleSource.subscribe, board.scheduleSource.access);
  const { shape } = frame;

  // A link's place (`?where=office`) on a tenant whose presence never says where people work would
  // leave the screen saying nobody is online: there the place is set aside, and the wall says so.
  const whereUnknown = settings.choices.where !== 'anywhere' && frame.summary.phase !== 'loading' && !frame.summary.profile.workLocations;
  useEffect(() => {
    const choices = whereUnknown ? { ...settings.choices, where: 'anywhere' as const } : settings.choices;
    board.setQuery({ query: settings.query, choices, favourites: [], noDepartmentLabel: strings.noDepartment });
  }, [board, settings, strings.noDepartment, whereUnknown]);

  // As many tiles as fit, followed as the screen's size changes.
  const gridRef = useRef<HTMLUListElement>(null);
  const [fit, setFit] = useState({ columns: 1, rows: 1, perPage: 1 });
  useLayoutEffect(() => {
    const grid = gridRef.current;
    if (!grid) return;
    const measure = () => {
      const next = tilesThatFit({ width: grid.clientWidth, height: grid.clientHeight }, WALL_TILE, WALL_TILE.gap);
      setFit((current) =>
        current.perPage === next.perPage && current.columns === next.columns && current.rows === next.rows ? current : next,
      );
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(grid);
    return () => observer.disconnect();
  }, []);

  const pages = useMemo(() => wallPages(shape?.kinds ?? [], fit.perPage), [shape, fit.perPage]);
  const [turns, setTurns] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTurns((t) => t + 1), settings.seconds * 1000);
    return () => clearInterval(timer);
  }, [settings.seconds]);
  const page = turns % pages.count;
  const current = useMemo(() => pages.page(page), [pages, page]);

  // The worker sends the rows of the page on screen, and fetches photos for them only.
  useEffect(() => {
    if (current.people.length === 0) return;
    board.setWindow({
      start: current.firstRow,
      end: current.lastRow + 1,
      visibleStart: current.firstRow,
      visibleEnd: current.lastRow,
      anchorKey: null,
    });
  }, [board, current]);

  const tiles: WallTile[] = current.people.map((index) => {
    const row = rowAt(frame, index);
    let group: string | null = null;
    if (settings.choices.groupBy !== 'none') {
      for (let i = index - 1; i >= current.firstRow; i--) {
        const above = rowAt(frame, i);
        if (above?.kind === 'heading') {
          group = above.group === 'department' ? above.label : above.group === 'favourites' ? null : strings.chip[above.group];
          break;
        }
      }
    }
    return { index, row: row?.kind === 'person' ? row : undefined, group };
  });

  const shownGroups = settings.choices.statuses.length > 0 ? settings.choices.statuses : STATUS_GROUPS.filter((g) => g !== 'offline');
  return {
    strings,
    locale,
    demo,
    summary: frame.summary,
    shape,
    gridRef,
    columns: fit.columns,
    rows: fit.rows,
    tiles,
    page,
    pageCount: pages.count,
    turns,
    counts: shownGroups.map((group) => ({ group, count: shape?.counts[group] ?? 0 })),
    photos: board.photoSource,
    error: frame.error,
    whereUnknown,
    calendarOf,
    calendarAccess,
    presenceNotice: presenceNotOfferedOnWall(strings.language, props.presenceUnknownIn ?? presenceUnknownIn()),
    grantCalendars: () =>
      void (props.onGrantCalendars?.() ?? Promise.resolve()).then(
        () => board.calendarGranted(),
        () => {},
      ),
  };
}
