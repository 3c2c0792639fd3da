import type { ScheduleReading } from '../../presence/schedule';
import type { DirectoryUser } from '../../presence/types';
import type { ListRow } from '../boardView';
import type { RelayEvent } from '../relayFeed';
import type { CalendarAccess } from '../scheduleStore';
import type { PeopleAccess } from '../relevantPeopleStore';
import type { MonitoredWatch, WatchedPerson, WatchEvent } from '../watchMonitor';
import { fromTransferred } from './errorTransfer';
import type { BoardSummary, FromWorker, ListWindow, PagePort, RowSlice, ViewQuery, ViewShape } from './protocol';

/** What the page draws, at one moment: immutable, for React's useSyncExternalStore. */
export interface BoardFrame {
  summary: BoardSummary;
  /** The failure in `summary`, as its own class again (null: none). */
  error: Error | null;
  /** The list's shape (null until the first view arrives). */
  shape: ViewShape | null;
  /** Rows of `shape` around the ones on screen. */
  rows: RowSlice | null;
}

const EMPTY_SUMMARY: BoardSummary = {
  phase: 'loading',
  userCount: 0,
  presenceCount: 0,
  usersExpected: null,
  refreshing: false,
  updatedAt: null,
  error: null,
  presenceUnavailable: 0,
  staleSince: null,
  profile: { departments: false, accountEnabled: false, workLocations: false },
};

/** Row `index` of the frame's view when it has been sent, else undefined (drawn as a blank row of its height). */
export function rowAt(frame: BoardFrame, index: number): ListRow | undefined {
  const rows = frame.rows;
  if (!rows || !frame.shape || rows.version !== frame.shape.version) return undefined;
  return rows.rows[index - rows.start];
}

/**
 * The board worker seen from the page: the latest summary, list shape and rows, and requests
 * (a search, the rows around the view, refresh, relay events). Photos arrive as they are fetched.
 */
export class RemoteBoard {
  private frame: BoardFrame = { summary: EMPTY_SUMMARY, error: null, shape: null, rows: null };
  private readonly listeners = new Set<() => void>();
  private readonly photoListeners = new Set<() => void>();
  private readonly photos = new Map<string, string | null>();
  private photoVersion = 0;
  private readonly scheduleListeners = new Set<() => void>();
  private readonly schedules = new Map<string, ScheduleReading>();
  private scheduleVersion = 0;
  private calendarAccess: CalendarAccess = 'off';
  private peopleAccess: PeopleAccess = { auto: null, mine: 'idle', team: 'idle', teamWithoutManager: false };
  private readonly peopleListeners = new Set<() => void>();
  private queryId = 0;
  private listId = 0;
  private list: string | null = null;
  private window: ListWindow = { start: 0, end: 60, visibleStart: 0, visibleEnd: 20, anchorKey: null };
  private nextRequest = 0;
  private readonly shownRequests = new Map<number, (users: DirectoryUser[]) => void>();
  private readonly userRequests = new Map<number, (user: DirectoryUser | null) => void>();
  private startedResolve: (() => void) | null = null;
  private readonly watchListeners = new Set<(event: WatchEvent) => void>();
  private watched: readonly WatchedPerson[] = [];
  private readonly watchedListeners = new Set<() => void>();
  private readonly unlisten: () => void;

  constructor(private readonly port: PagePort) {
    this.unlisten = port.listen((message) => this.onMessage(message));
  }

  readonly getSnapshot = (): BoardFrame => this.frame;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Photos per person: a data URL, null (initials) or undefined (not known yet). */
  readonly photoSource = {
    photoOf: (id: string): string | null | undefined => this.photos.get(id.toLowerCase()),
    subscribe: (listener: () => void): (() => void) => {
      this.photoListeners.add(listener);
      return () => this.photoListeners.delete(listener);
    },
    getVersion: (): number => this.photoVersion,
  };

  /**
   * Schedules per person (undefined: not known), and whether calendars can be read. While Graph
   * refuses them (consent missing or revoked, or an administrator's refusal) nothing read before is
   * shown: the rows would say what calendars said then, under a bar saying they cannot be read.
   */
  readonly scheduleSource = {
    readingOf: (id: string): ScheduleReading | undefined =>
      this.calendarAccess === 'needs-consent' || this.calendarAccess === 'refused' ? undefined : this.schedules.get(id.toLowerCase()),
    access: (): CalendarAccess => this.calendarAccess,
    subscribe: (listener: () => void): (() => void) => {
      this.scheduleListeners.add(listener);
      return () => this.scheduleListeners.delete(listener);
    },
    getVersion: (): number => this.scheduleVersion,
  };

  /** Where My people and My team stand (the same object until it changes), and what `auto` means. */
  readonly peopleSource = {
    access: (): PeopleAccess => this.peopleAccess,
    subscribe: (listener: () => void): (() => void) => {
      this.peopleListeners.add(listener);
      return () => this.peopleListeners.delete(listener);
    },
  };

  /** Watches fired and seen in the worker, and the watched people as it knows them (names, presence). */
  readonly watchSource = {
    /** Hears each watch that fires, and each change of a watched person's availability. */
    onEvent: (listener: (event: WatchEvent) => void): (() => void) => {
      this.watchListeners.add(listener);
      return () => this.watchListeners.delete(listener);
    },
    people: (): readonly WatchedPerson[] => this.watched,
    subscribe: (listener: () => void): (() => void) => {
      this.watchedListeners.add(listener);
      return () => this.watchedListeners.delete(listener);
    },
  };

  /** The viewer's watches, all of them: the worker judges them against presence as it changes. */
  setWatches(watches: readonly MonitoredWatch[]): void {
    this.port.post({
      type: 'watches',
      watches: watches.map(({ personId, createdAt, expiresAt, lastSeen }) => ({ personId, createdAt, expiresAt, lastSeen })),
    });
  }

  /** The viewer granted People.Read: the worker reads My people (and My team) again. */
  peopleGranted(): void {
    this.port.post({ type: 'people-granted' });
  }

  /** The viewer granted access to calendars: the worker asks for those on screen again. */
  calendarGranted(): void {
    this.port.post({ type: 'calendar-granted' });
  }

  /** Reads the kept board (or loads), resolving once the first presence refresh after it is done. */
  start(): Promise<void> {
    return new Promise((resolve) => {
      this.startedResolve = resolve;
      this.port.post({ type: 'start' });
    });
  }

  load(): void {
    this.port.post({ type: 'load' });
  }

  refresh(): void {
    this.port.post({ type: 'refresh' });
  }

  /** Asks for the list for this search and these choices; returns the query's id. */
  setQuery(query: Omit<ViewQuery, 'id' | 'listId'>): number {
    const id = ++this.queryId;
    // Another search or other choices make another list; favourites only pin people in this one.
    const list = JSON.stringify([query.query, query.choices, query.noDepartmentLabel]);
    if (list !== this.list) this.listId++;
    this.list = list;
    this.port.post({ type: 'view', query: { ...query, id, listId: this.listId }, window: this.window });
    return id;
  }

  /**
   * Which rows are drawn and on screen; rows outside what was sent are asked for (again, when the
   * rows that came with a view are not the ones the page draws: it stayed where it was).
   */
  setWindow(window: ListWindow): void {
    const w = this.window;
    if (
      w.start === window.start &&
      w.end === window.end &&
      w.visibleStart === window.visibleStart &&
      w.visibleEnd === window.visibleEnd &&
      w.anchorKey === window.anchorKey &&
      this.hasRowsFor(window)
    ) {
      return;
    }
    this.window = window;
    this.port.post({ type: 'window', window });
  }

  /** The rows of the latest view cover `window` (none are needed before a view has come). */
  private hasRowsFor(window: ListWindow): boolean {
    const { shape, rows } = this.frame;
    if (!shape) return true;
    if (!rows || rows.version !== shape.version) return false;
    const end = Math.min(window.end, shape.rowCount);
    return rows.start <= Math.min(window.start, end) && rows.start + rows.rows.length >= end;
  }

  applyRelay(event: RelayEvent): void {
    this.port.post({ type: 'relay', event });
  }

  relayEnded(): void {
    this.port.post({ type: 'relay-ended' });
  }

  /** The worker's own Graph polling: on while no relay streams presence. */
  readonly schedule = {
    start: () => this.port.post({ type: 'schedule', run: true }),
    stop: () => this.port.post({ type: 'schedule', run: false }),
  };

  setVisible(visible: boolean): void {
    this.port.post({ type: 'visibility', visible });
  }

  /** Whom "Chat with everyone shown" chats with: the first people shown with a Teams address, as many as a group chat takes. */
  shownUsers(): Promise<DirectoryUser[]> {
    const id = ++this.nextRequest;
    return new Promise((resolve) => {
      this.shownRequests.set(id, resolve);
      this.port.post({ type: 'shown-users', id });
    });
  }

  /** The person with this id, once the directory names them (null: it was read whole without them). */
  findUser(userId: string): Promise<DirectoryUser | null> {
    const id = ++this.nextRequest;
    return new Promise((resolve) => {
      this.userRequests.set(id, resolve);
      this.port.post({ type: 'find-user', id, userId });
    });
  }

  /** The worker has answered the latest search, and the rows it sent cover those the page asked for. */
  isSettled(): boolean {
    const { shape } = this.frame;
    return shape !== null && shape.queryId === this.queryId && this.hasRowsFor(this.window);
  }

  dispose(): void {
    this.port.post({ type: 'dispose' });
    this.unlisten();
    this.listeners.clear();
    this.photoListeners.clear();
    this.scheduleListeners.clear();
    this.peopleListeners.clear();
    this.watchListeners.clear();
    this.watchedListeners.clear();
  }

  private onMessage(message: FromWorker): void {
    switch (message.type) {
      case 'summary': {
        const { summary } = message;
        const sameError = JSON.stringify(summary.error) === JSON.stringify(this.frame.summary.error);
        const error = summary.error === null ? null : sameError ? this.frame.error : fromTransferred(summary.error);
        this.publish({ ...this.frame, summary, error });
        return;
      }
      case 'view':
        this.publish({ ...this.frame, shape: message.shape, rows: message.rows });
        return;
      case 'rows':
        if (message.rows.version === this.frame.shape?.version) this.publish({ ...this.frame, rows: message.rows });
        return;
      case 'photos':
        for (const id of message.forget) this.photos.delete(id.toLowerCase());
        for (const [id, photo] of message.photos) this.photos.set(id.toLowerCase(), photo);
        this.photoVersion++;
        for (const listener of this.photoListeners) listener();
        return;
      case 'schedules':
        for (const id of message.forget) this.schedules.delete(id.toLowerCase());
        for (const [id, reading] of message.schedules) this.schedules.set(id.toLowerCase(), reading);
        this.calendarAccess = message.access;
        this.scheduleVersion++;
        for (const listener of this.scheduleListeners) listener();
        return;
      case 'people':
        this.peopleAccess = message.access;
        for (const listener of this.peopleListeners) listener();
        return;
      case 'shown-users':
        this.shownRequests.get(message.id)?.(message.users);
        this.shownRequests.delete(message.id);
        return;
      case 'started':
        this.startedResolve?.();
        this.startedResolve = null;
        return;
      case 'failed':
        this.publish({
          ...this.frame,
          summary: { ...this.frame.summary, phase: 'error', error: message.error },
          error: fromTransferred(message.error),
        });
        this.startedResolve?.();
        this.startedResolve = null;
        return;
      case 'watch-fired':
        for (const listener of this.watchListeners) {
          listener({ kind: 'fired', personId: message.personId, createdAt: message.createdAt, person: message.person });
        }
        return;
      case 'watch-seen':
        for (const listener of this.watchListeners) {
          listener({ kind: 'seen', personId: message.personId, createdAt: message.createdAt, lastSeen: message.lastSeen });
        }
        return;
      case 'found-user':
        this.userRequests.get(message.id)?.(message.user);
        this.userRequests.delete(message.id);
        return;
      case 'watched':
        this.watched = message.people;
        for (const listener of this.watchedListeners) listener();
        return;
      case 'token':
        // Answered by serveTokens.
        return;
    }
  }

  private publish(frame: BoardFrame): void {
    this.frame = frame;
    for (const listener of this.listeners) listener();
  }
}
