import type { TokenRequestOptions } from '../../auth/tokenSource';
import type { ScheduleReading } from '../../presence/schedule';
import type { DirectoryUser } from '../../presence/types';
import type { BoardPhase } from '../boardStore';
import type { ListRow, ProfileAvailability, ViewChoices } from '../boardView';
import type { RelayEvent } from '../relayFeed';
import type { CalendarAccess } from '../scheduleStore';
import type { PeopleSource } from '../peopleChoice';
import type { PeopleAccess } from '../relevantPeopleStore';
import type { StatusGroup } from '../../presence/statusGroup';
import type { TransferredError } from './errorTransfer';
import type { MonitoredWatch, WatchedPerson } from '../watchMonitor';
import type { Person } from '../../presence/types';

/**
 * The messages between the page and the board worker (docs/speed.md: "Off the main thread"). The worker
 * holds the directory, presence, the people index and the view; the page holds React, teams-js
 * and the sign-in. Only what the page draws crosses: counts, the list's shape (a kind and a height
 * per row, in two small typed arrays) and the rows around the visible ones.
 */

/** What the board is doing, without the people (the page never holds all of them). */
export interface BoardSummary {
  phase: BoardPhase;
  /** People the directory named so far. */
  userCount: number;
  /** People whose presence is known. */
  presenceCount: number;
  usersExpected: number | null;
  refreshing: boolean;
  updatedAt: Date | null;
  error: TransferredError | null;
  presenceUnavailable: number;
  staleSince: Date | null;
  profile: ProfileAvailability;
}

/** The search and choices a list answers. */
export interface ViewQuery {
  /** Increases with every new query from the page. */
  id: number;
  /**
   * Increases when the search or the choices change, not the favourites: a view of another list
   * goes back to the top; one of the same list (a star added) keeps the row at the top of the view.
   */
  listId: number;
  query: string;
  choices: ViewChoices;
  /** Favourites' ids (lower-case). */
  favourites: string[];
  noDepartmentLabel: string;
}

/** Which rows the page draws: `start`..`end` (exclusive) are sent; `visible*` are on screen. */
export interface ListWindow {
  start: number;
  end: number;
  visibleStart: number;
  visibleEnd: number;
  /** The key of the row at the top of the view: a view of the same list (new data, a star) says where it went. */
  anchorKey: string | null;
}

export const ROW_HEADING = 0;
export const ROW_PERSON = 1;

/** The list's shape: what a virtualised list needs to lay out every row without the rows. */
export interface ViewShape {
  /** Increases with every view the worker makes. */
  version: number;
  /** The query this view answers. */
  queryId: number;
  /** Its list (ViewQuery.listId). */
  listId: number;
  query: string;
  /** Whose people the rows are: the directory's, My people, My team, or none yet (the list chosen is on its way). */
  source: PeopleSource;
  rowCount: number;
  /** How many people of the directory the view was made from (the summary's userCount once it has caught up). */
  people: number;
  shownCount: number;
  onlineCount: number;
  counts: Record<StatusGroup, number>;
  whereCounts: Record<'office' | 'remote', number>;
  /** ROW_HEADING or ROW_PERSON per row. */
  kinds: Uint8Array;
  /** Each row's height in CSS pixels while collapsed. */
  heights: Uint16Array;
  /** Where the anchor row (ListWindow.anchorKey) is now, for a view of the same list (ListWindow.anchorKey given); else null. */
  anchorIndex: number | null;
}

/** Rows `start`.. of view `version`. */
export interface RowSlice {
  version: number;
  start: number;
  rows: ListRow[];
}

/** Where the board's data comes from, for the worker to build its Graph client, store and cache. */
export interface BoardWorkerSettings {
  graphBaseUrl: string;
  scopes: string[];
  directory: { kind: 'organisation' } | { kind: 'group'; groupId: string };
  cacheKey: string | null;
  /** The emulated tenant, run inside the worker (demo builds only). */
  emulate: { users: number; latencyMs: number; driftEveryMs: number } | null;
  locale: string;
  refreshMinimumMs: number;
}

export type ToWorker =
  | { type: 'init'; settings: BoardWorkerSettings }
  | { type: 'start' }
  | { type: 'load' }
  | { type: 'refresh' }
  | { type: 'view'; query: ViewQuery; window: ListWindow }
  | { type: 'window'; window: ListWindow }
  | { type: 'relay'; event: RelayEvent }
  | { type: 'relay-ended' }
  | { type: 'schedule'; run: boolean }
  | { type: 'visibility'; visible: boolean }
  | { type: 'shown-users'; id: number }
  | { type: 'token'; id: number; token: string | null; error: TransferredError | null }
  /** The viewer granted Calendars.ReadBasic (a click): ask for the schedules on screen again. */
  | { type: 'calendar-granted' }
  /** The viewer granted People.Read (a click): read My people (and My team) again. */
  | { type: 'people-granted' }
  /** The viewer's watches (all of them, whenever they change): the worker applies the watch rules to presence. */
  | { type: 'watches'; watches: MonitoredWatch[] }
  /** Who has this id (a link that opens the board on a person): answered once the directory names them, or is read whole. */
  | { type: 'find-user'; id: number; userId: string }
  | { type: 'dispose' };

export type FromWorker =
  | { type: 'summary'; summary: BoardSummary }
  | { type: 'view'; shape: ViewShape; rows: RowSlice }
  | { type: 'rows'; rows: RowSlice }
  /** Photos for people around the view; `forget`: photos the page may drop (far from the view, over its cap). */
  | { type: 'photos'; photos: Array<[string, string | null]>; forget: string[] }
  /** Schedules for people around the view, new or read again; `forget`: those the page may drop; whether calendars can be read. */
  | { type: 'schedules'; schedules: Array<[string, ScheduleReading]>; forget: string[]; access: CalendarAccess }
  | { type: 'shown-users'; id: number; users: DirectoryUser[] }
  /** Where My people and My team stand, and what the viewer's `auto` choice means. */
  | { type: 'people'; access: PeopleAccess }
  | { type: 'token'; id: number; scopes: string[]; options: TokenRequestOptions }
  | { type: 'started' }
  | { type: 'failed'; error: TransferredError }
  /** A watch fired: the person turned Available (src/presence/watch.ts); the watch has ended. */
  | { type: 'watch-fired'; personId: string; createdAt: number; person: Person }
  /** A watched person's availability changed without firing: the page keeps it as the watch's last seen. */
  | { type: 'watch-seen'; personId: string; createdAt: number; lastSeen: string }
  /** The watched people as the board knows them now (names, presence), for the page's list of watches. */
  | { type: 'watched'; people: WatchedPerson[] }
  | { type: 'found-user'; id: number; user: DirectoryUser | null };

/** One end of the channel: a Worker, the worker's own scope, or an in-process pair (tests). */
export interface Port<Out, In> {
  post(message: Out, transfer?: Transferable[]): void;
  listen(handler: (message: In) => void): () => void;
}

export type PagePort = Port<ToWorker, FromWorker>;
export type WorkerPort = Port<FromWorker, ToWorker>;

/**
 * The page's end of a dedicated worker. A worker that cannot start (its script refused or broken)
 * or a message that cannot be read is told to the page as the board's failure, not a silent hang.
 */
export function portOfWorker(worker: Worker): PagePort {
  return {
    post: (message, transfer = []) => worker.postMessage(message, transfer),
    listen: (handler) => {
      const listener = (event: MessageEvent<FromWorker>) => handler(event.data);
      const failed = (event: Event) =>
        handler({
          type: 'failed',
          error: {
            type: 'other',
            name: 'Error',
            message: `The board's worker stopped: ${event instanceof ErrorEvent && event.message ? event.message : event.type}.`,
          },
        });
      worker.addEventListener('message', listener);
      worker.addEventListener('error', failed);
      worker.addEventListener('messageerror', failed);
      return () => {
        worker.removeEventListener('message', listener);
        worker.removeEventListener('error', failed);
        worker.removeEventListener('messageerror', failed);
      };
    },
  };
}

/** The worker's end, from inside it. */
export function portOfWorkerScope(scope: {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}): WorkerPort {
  return {
    post: (message, transfer = []) => scope.postMessage(message, transfer),
    listen: (handler) => {
      const listener = (event: MessageEvent) => handler(event.data as ToWorker);
      scope.addEventListener('message', listener);
      return () => scope.removeEventListener('message', listener);
    },
  };
}

/**
 * Two ends joined in this thread, as a worker's are: each message is a structured clone
 * (nothing shared), delivered later, in order (tests, and the board where Workers are missing).
 */
export function portPair(): { page: PagePort; worker: WorkerPort } {
  const pageHandlers = new Set<(message: FromWorker) => void>();
  const workerHandlers = new Set<(message: ToWorker) => void>();
  const deliver = <T>(handlers: Set<(message: T) => void>, message: T) => {
    const copy = structuredClone(message);
    setTimeout(() => {
      for (const handler of handlers) handler(copy);
    }, 0);
  };
  return {
    page: {
      post: (message) => deliver(workerHandlers, message),
      listen: (handler) => {
        pageHandlers.add(handler);
        return () => pageHandlers.delete(handler);
      },
    },
    worker: {
      post: (message) => deliver(pageHandlers, message),
      listen: (handler) => {
        workerHandlers.add(handler);
        return () => workerHandlers.delete(handler);
      },
    },
  };
}
