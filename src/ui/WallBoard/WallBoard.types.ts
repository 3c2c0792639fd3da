import type { ListRow } from '../../board/boardView';
import type { BoardSummary, ViewShape } from '../../board/remote/protocol';
import type { RemoteBoard } from '../../board/remote/remoteBoard';
import type { CalendarAccess } from '../../board/scheduleStore';
import type { CalendarText } from '../calendarText';
import type { WallSettings } from '../../board/wallDisplay';
import type { StatusGroup } from '../../presence/statusGroup';
import type { PhotoSource } from '../PeopleList/PeopleList.types';
import type { Strings } from '../strings';
import type { RefObject } from 'react';

export interface WallBoardProps {
  board: RemoteBoard;
  settings: WallSettings;
  demo: boolean;
  locale?: string;
  /** Opens the sign-in popup for Calendars.ReadBasic (a wall with `calendar=1` whose person has not granted it). */
  onGrantCalendars?: () => Promise<void>;
  /** The cloud's name where its Graph offers no presence (China); default: from the cloud the page was built for. */
  presenceUnknownIn?: string;
}

/** One tile: a person, or a blank while their row is on its way from the worker. */
export interface WallTile {
  index: number;
  row: Extract<ListRow, { kind: 'person' }> | undefined;
  /** The group the person is under (grouped walls), else null. */
  group: string | null;
}

export interface WallBoardState {
  strings: Strings;
  locale?: string;
  demo: boolean;
  summary: BoardSummary;
  shape: ViewShape | null;
  gridRef: RefObject<HTMLUListElement | null>;
  columns: number;
  /** Rows of tiles a page holds: they share the grid's height (taller than a tile where the screen leaves room, lower on a screen lower than one). */
  rows: number;
  tiles: WallTile[];
  page: number;
  pageCount: number;
  /** How many times the page has turned since the wall opened (a screen's watchdog reads it). */
  turns: number;
  /** Per status shown on the wall, how many are in it now. */
  counts: Array<{ group: StatusGroup; count: number }>;
  photos: PhotoSource;
  error: Error | null;
  /** The link asked for one place, but this tenant's presence does not say where people work. */
  whereUnknown: boolean;
  /** What a tile says about its person's calendar (`calendar=1`), else null. */
  calendarOf: (id: string) => CalendarText | null;
  calendarAccess: CalendarAccess;
  grantCalendars: () => void;
  /** Where the cloud offers no presence, the line that says so (a wall shows who is online: no one, and why); else null. */
  presenceNotice: string | null;
}
