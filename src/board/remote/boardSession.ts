import { createPeopleJoiner } from '../../presence/people';
import { mergeByName, sortByName } from '../../presence/search';
import type { DirectoryUser, PresenceRecord } from '../../presence/types';
import type { BoardState, BoardStore } from '../boardStore';
import { buildBoardView, DEFAULT_CHOICES, indexPeople, profileAvailability, type BoardView, type PeopleIndex } from '../boardView';
import { MAX_GROUP_CHAT_MEMBERS, teamsAddressOf } from '../personActions';
import type { PhotoStore } from '../photoStore';
import type { ScheduleStore } from '../scheduleStore';
import { listIndex } from '../listIndex';
import { LARGE_TENANT, type PeopleSource } from '../peopleChoice';
import type { RelevantPeopleStore } from '../relevantPeopleStore';
import { WatchMonitor } from '../watchMonitor';
import { personRowHeight, HEADING_HEIGHT } from '../rowLayout';
import { toTransferred } from './errorTransfer';
import { ROW_HEADING, ROW_PERSON, type BoardSummary, type ListWindow, type ToWorker, type ViewQuery, type WorkerPort } from './protocol';

export interface BoardSessionOptions {
  store: BoardStore;
  port: WorkerPort;
  /** Photos for the people on screen (none: initials). */
  photos?: PhotoStore;
  /** Calendars for the people on screen, while the viewer's choices say "Show calendars" (none: never). */
  schedules?: ScheduleStore;
  /** My people and My team, read apart from the directory (none: Everyone only). */
  relevant?: RelevantPeopleStore;
  /** Starts and stops the refresh schedule (the page decides: a live relay stops it). */
  schedule?: { start(): void; stop(): void };
  /** Tells the schedule whether the page is visible. */
  setVisible?: (visible: boolean) => void;
  locale?: string;
  /** Where work the page asked for is put off to, so that a burst of keystrokes is answered once (default: the next task). */
  later?: (run: () => void) => void;
  /** The clock the watches' expiry is judged by (default Date.now). */
  now?: () => number;
  /**
   * While the board loads, the people are put in name order and indexed again at most this often
   * (default 0: whenever the store changes). Each rebuild goes over everyone, and a large load
   * changes the store every few milliseconds: rebuilt each time, the worker is too busy to send the
   * next requests when their answers come.
   */
  loadingRebuildEveryMs?: number;
}

/** Photos the page holds at most (data URLs of a few KB each). */
export const PAGE_PHOTOS = 600;

/** Schedules the page holds at most (a few hundred bytes each). */
export const PAGE_SCHEDULES = 600;

const INITIAL_QUERY: ViewQuery = {
  id: 0,
  listId: 0,
  query: '',
  choices: DEFAULT_CHOICES,
  favourites: [],
  noDepartmentLabel: 'No department',
};
const INITIAL_WINDOW: ListWindow = { start: 0, end: 0, visibleStart: 0, visibleEnd: -1, anchorKey: null };

const NO_PEOPLE = indexPeople([]);

/**
 * How many people the tenant holds, as far as the board knows: the directory's count, else what it
 * listed once it stopped (or a kept board), else enough listed to call it large; null: not known yet.
 */
export function tenantSize(state: BoardState): number | null {
  if (state.usersExpected !== null) return state.usersExpected;
  if (state.phase !== 'loading' || state.users.length >= LARGE_TENANT) return state.users.length;
  return null;
}

/** A summary of the store's state, as the page draws it. */
export function summarise(state: BoardState): BoardSummary {
  return {
    phase: state.phase,
    userCount: state.users.length,
    presenceCount: state.presence.size,
    usersExpected: state.usersExpected,
    refreshing: state.refreshing,
    updatedAt: state.updatedAt,
    error: state.error === null || state.error === undefined ? null : toTransferred(state.error),
    presenceUnavailable: state.presenceUnavailable,
    staleSince: state.staleSince,
    profile: profileAvailability(state.users, state.presence),
  };
}

/**
 * The board as the worker holds it: the store (directory, presence, loading and refreshing), the
 * people in name order and their index, and the view the page asked for. Tells the page what
 * changed (a summary; the new list's shape and the rows it draws) and answers its requests.
 */
export class BoardSession {
  private readonly joinPeople = createPeopleJoiner();
  private readonly joinList = createPeopleJoiner();
  /** Whose people the last view showed. */
  private source: PeopleSource = 'everyone';
  private sentPeople: unknown = null;
  private users: readonly DirectoryUser[] | null = null;
  private presence: ReadonlyMap<string, PresenceRecord> | null = null;
  private byName: DirectoryUser[] = [];
  private index: PeopleIndex = indexPeople([]);
  /** How many people `index` was made from. */
  private indexedPeople = 0;
  private query: ViewQuery = INITIAL_QUERY;
  private window: ListWindow = INITIAL_WINDOW;
  private view: BoardView | null = null;
  private version = 0;
  /** The rows last sent to the page, of view `version`. */
  private sent = { version: -1, start: 0, end: 0 };
  /** The list (ViewQuery.listId) the last view sent showed. */
  private sentListId = -1;
  private viewDue = false;
  private rebuildDue = false;
  /** A rebuild put off while loading (loadingRebuildEveryMs), and when the last one was done. */
  private rebuildTimer: ReturnType<typeof setTimeout> | null = null;
  private lastRebuildAt = -Infinity;
  /** What the last rebuild took (its name order and its index): while loading, the next waits twice that at least. */
  private lastRebuildMs = 0;
  /** What the rebuild under way has taken so far. */
  private rebuildWorkMs = 0;
  /** Whether `index` holds the people of `users` (their name order may be newer). */
  private indexed = false;
  private phase: BoardState['phase'] = 'loading';
  private readonly sentPhotos = new Set<string>();
  /** Schedules the page has: person id (lower-case) → when the one it has was read. */
  private readonly sentSchedules = new Map<string, number>();
  private sentAccess: string | null = null;
  private updatedAt: Date | null = null;
  private readonly stop: Array<() => void> = [];
  private readonly later: (run: () => void) => void;
  /** The viewer's watches, judged against presence as it changes (docs/features.md, "Watches"). */
  private readonly watches: WatchMonitor;
  /** Lookups of a person by id that wait for the directory to name them (request id → user id). */
  private readonly lookups = new Map<number, string>();

  constructor(private readonly options: BoardSessionOptions) {
    this.later = options.later ?? ((run) => setTimeout(run, 0));
    this.watches = new WatchMonitor(options.now);
    const { store, port, photos, schedules, relevant } = options;
    this.stop.push(port.listen((message) => this.onMessage(message)));
    this.stop.push(store.subscribe(() => this.onStore()));
    if (photos) this.stop.push(photos.subscribe(() => this.sendPhotos()));
    if (schedules) this.stop.push(schedules.subscribe(() => this.sendSchedules()));
    if (relevant) this.stop.push(relevant.subscribe(() => this.onRelevant()));
    this.onStore();
  }

  dispose(): void {
    for (const stop of this.stop.splice(0)) stop();
    if (this.rebuildTimer !== null) clearTimeout(this.rebuildTimer);
    this.options.schedule?.stop();
    this.options.photos?.dispose();
    this.options.schedules?.dispose();
    this.options.relevant?.dispose();
    this.options.store.dispose();
  }

  private onMessage(message: ToWorker): void {
    const { store, port, schedule } = this.options;
    switch (message.type) {
      case 'start':
        void store.start().then(() => port.post({ type: 'started' }));
        return;
      case 'load':
        void store.load();
        return;
      case 'refresh':
        void store.refresh();
        this.options.relevant?.refresh(true);
        return;
      case 'view':
        this.query = message.query;
        this.window = message.window;
        this.options.schedules?.setEnabled(message.query.choices.calendars);
        this.options.relevant?.setChoice(message.query.choices.people);
        this.viewSoon();
        return;
      case 'calendar-granted':
        this.options.schedules?.retry();
        return;
      case 'people-granted':
        this.options.relevant?.retry();
        return;
      case 'window':
        this.setWindow(message.window);
        return;
      case 'relay':
        store.applyRelay(message.event);
        return;
      case 'relay-ended':
        store.relayEnded();
        return;
      case 'schedule':
        if (message.run) schedule?.start();
        else schedule?.stop();
        return;
      case 'visibility':
        this.options.setVisible?.(message.visible);
        return;
      case 'shown-users':
        port.post({ type: 'shown-users', id: message.id, users: this.chatPeople() });
        return;
      case 'watches':
        this.watches.setWatches(message.watches);
        this.checkWatches();
        return;
      case 'find-user':
        this.lookups.set(message.id, message.userId);
        this.answerLookups();
        return;
      case 'dispose':
        this.dispose();
        return;
      case 'init':
      case 'token':
        // Handled by the worker's set-up and its token bridge.
        return;
    }
  }

  /**
   * The store changed: the page hears at once what the board is doing; the people are put in name
   * order and indexed again in later tasks, one step each, so an answer from Graph that arrives
   * meanwhile (the next users page, a presence call) is taken up between them, not after all of it.
   */
  private onStore(): void {
    const state = this.options.store.getSnapshot();
    const loadedNow = this.phase === 'loading' && state.phase !== 'loading';
    this.phase = state.phase;
    // Loaded: a rebuild put off meanwhile is done now, so the page shows everyone at once.
    if (loadedNow && this.rebuildTimer !== null) {
      clearTimeout(this.rebuildTimer);
      this.rebuildTimer = null;
      this.later(() => this.rebuildStep());
    }
    this.checkWatches();
    if (this.lookups.size > 0) this.answerLookups();
    if (loadedNow) this.wantVisible();
    this.options.relevant?.noteTenantSize(tenantSize(state));
    // Presence was read again: so are the schedules on screen that are no longer fresh, and My people's presence.
    if (state.updatedAt !== this.updatedAt) {
      this.updatedAt = state.updatedAt;
      this.options.schedules?.refresh();
      this.options.relevant?.refresh();
    }
    if (state.users === this.users && state.presence === this.presence) {
      if (!this.rebuildDue) this.options.port.post({ type: 'summary', summary: summarise(state) });
      return;
    }
    // New people: the summary goes with their list (the rebuild sends both), so the page never
    // says "Updated" (or counts people) ahead of the list it shows.
    this.rebuildSoon();
  }

  /** Answers each lookup whose person the directory has named, or all of them once it has been read whole (null: nobody has that id). */
  private answerLookups(): void {
    const state = this.options.store.getSnapshot();
    for (const [id, userId] of this.lookups) {
      const key = userId.toLowerCase();
      const user = state.users.find((u) => u.id.toLowerCase() === key) ?? null;
      if (user === null && state.phase === 'loading') continue;
      this.lookups.delete(id);
      this.options.port.post({ type: 'found-user', id, user });
    }
  }

  /** Applies the watch rules to the store's presence now; tells the page what fired, what was seen, and the watched people. */
  private checkWatches(): void {
    const { events, people } = this.watches.observe(this.options.store.getSnapshot());
    const { port } = this.options;
    for (const event of events) {
      if (event.kind === 'fired')
        port.post({ type: 'watch-fired', personId: event.personId, createdAt: event.createdAt, person: event.person });
      else port.post({ type: 'watch-seen', personId: event.personId, createdAt: event.createdAt, lastSeen: event.lastSeen });
    }
    if (people) port.post({ type: 'watched', people });
  }

  private rebuildSoon(): void {
    if (this.rebuildDue) return;
    this.rebuildDue = true;
    const every = this.options.loadingRebuildEveryMs ?? 0;
    // While loading, rebuilding takes at most a third of the worker's time, however long it takes.
    const wait = this.phase === 'loading' && every > 0 ? this.lastRebuildAt + Math.max(every, 2 * this.lastRebuildMs) - Date.now() : 0;
    if (wait <= 0) {
      this.later(() => this.rebuildStep());
      return;
    }
    this.rebuildTimer = setTimeout(() => {
      this.rebuildTimer = null;
      this.rebuildStep();
    }, wait);
  }

  /** One step towards the store's latest people: their name order, else their index and the view. */
  private rebuildStep(): void {
    this.rebuildDue = false;
    const started = Date.now();
    const state = this.options.store.getSnapshot();
    if (state.users !== this.users) {
      this.byName = this.inNameOrder(state.users);
      this.users = state.users;
      this.rebuildWorkMs += Date.now() - started;
      this.rebuildSoon();
      return;
    }
    if (state.presence !== this.presence || !this.indexed) {
      this.presence = state.presence;
      this.index = indexPeople(this.joinPeople(this.byName, state.presence));
      this.indexedPeople = this.byName.length;
      this.indexed = true;
      this.sendView();
      this.lastRebuildAt = Date.now();
      this.lastRebuildMs = this.rebuildWorkMs + (this.lastRebuildAt - started);
      this.rebuildWorkMs = 0;
    }
    this.options.port.post({ type: 'summary', summary: summarise(state) });
  }


  /**
   * The directory in name order. While it grows page by page (the people named before are still
   * the first ones), only the newcomers are sorted and merged in.
   */
  private inNameOrder(users: readonly DirectoryUser[]): DirectoryUser[] {
    const before = this.users ?? [];
    this.indexed = false;
    let grown = users.length >= before.length && before.length > 0;
    for (let i = 0; grown && i < before.length; i++) grown = users[i] === before[i];
    return grown ? mergeByName(this.byName, users.slice(before.length), this.options.locale) : sortByName(users, this.options.locale);
  }

  /** My people or My team changed (read, refreshed, refused): the page hears where they stand, and the view is made again if it shows them or should now. */
  private onRelevant(): void {
    const relevant = this.options.relevant!;
    const access = relevant.access;
    if (access !== this.sentPeople) {
      this.sentPeople = access;
      this.options.port.post({ type: 'people', access });
    }
    if (this.source !== 'everyone' || relevant.shownFor(this.query.choices.people) !== 'everyone') this.viewSoon();
  }

  /** Answers the latest query once the messages waiting now are read (typing runs ahead). */
  private viewSoon(): void {
    if (this.viewDue) return;
    this.viewDue = true;
    this.later(() => {
      this.viewDue = false;
      this.sendView();
    });
  }

  /** Makes the view and sends its shape and the rows in the window, keeping the anchor row in place in the same list. */
  private sendView(): void {
    const { query, choices, favourites, noDepartmentLabel } = this.query;
    const previous = this.view;
    // My people and My team are lists of their own, made into an index like the directory's.
    const relevant = this.options.relevant;
    const source = relevant?.shownFor(choices.people) ?? 'everyone';
    this.source = source;
    const people =
      relevant === undefined || source === 'everyone'
        ? this.index
        : source === 'pending'
          ? NO_PEOPLE
          : listIndex({
              list: relevant.listOf(source),
              directory: this.index,
              favourites,
              join: this.joinList,
              locale: this.options.locale,
            });
    const view = buildBoardView({ people, query, choices, favourites: new Set(favourites), noDepartmentLabel });
    this.view = view;
    this.version++;
    const n = view.rows.length;
    const kinds = new Uint8Array(n);
    const heights = new Uint16Array(n);
    let anchorIndex: number | null = null;
    // A view of another list goes back to the top; in the same one (new data, a star) the row at
    // the top of the view is looked for, and its rows are sent from where it went.
    const newList = this.query.listId !== this.sentListId;
    this.sentListId = this.query.listId;
    const anchorKey = newList ? null : this.window.anchorKey;
    for (let i = 0; i < n; i++) {
      const row = view.rows[i]!;
      if (row.kind === 'person') {
        kinds[i] = ROW_PERSON;
        heights[i] = personRowHeight(row.person, choices.density, choices.calendars);
      } else {
        kinds[i] = ROW_HEADING;
        heights[i] = HEADING_HEIGHT;
      }
      if (anchorKey !== null && anchorIndex === null && row.key === anchorKey) anchorIndex = i;
    }
    // How far the anchor row moved (the page scrolls by as much to keep it in place), not where it
    // is now against the first row drawn (which is above the view, by the overscan).
    const anchorFrom = anchorIndex === null || previous === null ? -1 : previous.rows.findIndex((row) => row.key === anchorKey);
    const shift = newList ? -this.window.start : anchorIndex === null || anchorFrom < 0 ? 0 : anchorIndex - anchorFrom;
    this.options.port.post(
      {
        type: 'view',
        shape: {
          version: this.version,
          queryId: this.query.id,
          listId: this.query.listId,
          query,
          source,
          rowCount: n,
          // The directory's people, or a list's own (My people, My team).
          people: people === this.index ? this.indexedPeople : people.people.length,
          shownCount: view.shownCount,
          onlineCount: view.onlineCount,
          counts: view.counts,
          whereCounts: view.whereCounts,
          kinds,
          heights,
          anchorIndex,
        },
        rows: this.slice(shift),
      },
      [kinds.buffer, heights.buffer],
    );
    this.wantVisible();
  }

  private setWindow(window: ListWindow): void {
    this.window = window;
    // Sent unless the page has these rows already (what was sent with a view may be elsewhere,
    // where the page was expected to scroll to).
    const sent = this.sent;
    const known = sent.version === this.version && sent.start === window.start && sent.end === window.end;
    if (!known && this.view) this.options.port.post({ type: 'rows', rows: this.slice(0) });
    this.wantVisible();
  }

  /**
   * The rows the page draws. Where the anchor moved by `shift` rows (new data re-sorted the list),
   * the window moves with it, so the rows the page keeps on screen are the ones sent.
   */
  private slice(shift: number) {
    const rows = this.view?.rows ?? [];
    let start = this.window.start + shift;
    let end = this.window.end + shift;
    this.sent = { version: this.version, start, end };
    start = Math.max(0, Math.min(start, rows.length));
    end = Math.max(start, Math.min(end, rows.length));
    return { version: this.version, start, rows: rows.slice(start, end) };
  }

  /**
   * Whom "Chat with everyone shown" chats with: the first people shown that Teams can address, as
   * many as a group chat takes (not all 50,000 shown, cloned onto the page's thread for one click);
   * where none can be addressed, the first two or one, so the page can say whom it could not reach.
   */
  private chatPeople(): DirectoryUser[] {
    const people = this.view?.people ?? [];
    const chosen: DirectoryUser[] = [];
    for (const person of people) {
      if (chosen.length === MAX_GROUP_CHAT_MEMBERS) break;
      if (teamsAddressOf(person.user) !== null) chosen.push(person.user);
    }
    return chosen.length > 0 ? chosen : people.slice(0, 2).map((person) => person.user);
  }

  /** The people on screen: their presence is refreshed first and their photos asked for. */
  private wantVisible(): void {
    const rows = this.view?.rows ?? [];
    const ids: string[] = [];
    const last = Math.min(this.window.visibleEnd, rows.length - 1);
    for (let i = Math.max(0, this.window.visibleStart); i <= last; i++) {
      const row = rows[i]!;
      if (row.kind === 'person') ids.push(row.person.user.id);
    }
    this.options.store.setPriorityIds(ids);
    // Photos wait until the directory and its presence are read: they would take connections
    // (six per host over HTTP/1.1) and worker time from the pages and presence calls.
    if (this.options.photos && this.options.store.getSnapshot().phase !== 'loading') {
      this.options.photos.want(ids);
      this.sendPhotos(ids);
    }
    const schedules = this.options.schedules;
    if (schedules) {
      const people: Array<{ id: string; address: string | null }> = [];
      for (let i = Math.max(0, this.window.visibleStart); i <= last; i++) {
        const row = rows[i]!;
        if (row.kind === 'person') people.push({ id: row.person.user.id, address: row.person.user.mail ?? null });
      }
      schedules.want(people);
      this.sendSchedules(ids);
    }
  }

  /**
   * Schedules known here that the page does not have (or has an older reading of), for the people
   * around the window, and whether calendars can be read. The page holds at most PAGE_SCHEDULES.
   */
  private sendSchedules(ids?: readonly string[]): void {
    const schedules = this.options.schedules;
    if (!schedules) return;
    const around =
      ids ??
      (this.view?.rows.slice(this.window.start, this.window.end) ?? []).flatMap((row) =>
        row.kind === 'person' ? [row.person.user.id] : [],
      );
    const fresh: Array<[string, NonNullable<ReturnType<ScheduleStore['readingOf']>>]> = [];
    for (const id of around) {
      const reading = schedules.readingOf(id);
      const readAt = schedules.readAtOf(id);
      const key = id.toLowerCase();
      if (reading === undefined || readAt === undefined || this.sentSchedules.get(key) === readAt) continue;
      this.sentSchedules.delete(key);
      this.sentSchedules.set(key, readAt);
      fresh.push([id, reading]);
    }
    const forget: string[] = [];
    if (this.sentSchedules.size > PAGE_SCHEDULES) {
      const keep = new Set(around.map((id) => id.toLowerCase()));
      for (const key of this.sentSchedules.keys()) {
        if (this.sentSchedules.size - forget.length <= PAGE_SCHEDULES) break;
        if (!keep.has(key)) forget.push(key);
      }
      for (const key of forget) this.sentSchedules.delete(key);
    }
    const access = schedules.access;
    if (fresh.length > 0 || forget.length > 0 || access !== this.sentAccess) {
      this.sentAccess = access;
      this.options.port.post({ type: 'schedules', schedules: fresh, forget, access });
    }
  }

  /**
   * Photos known here that the page has not had yet, for the people around the window. The page
   * holds at most PAGE_PHOTOS of them: beyond that, those it got longest ago and that are not
   * around the window now are dropped (a wall display turns through everyone for days).
   */
  private sendPhotos(ids?: readonly string[]): void {
    const photos = this.options.photos;
    if (!photos) return;
    const around =
      ids ??
      (this.view?.rows.slice(this.window.start, this.window.end) ?? []).flatMap((row) =>
        row.kind === 'person' ? [row.person.user.id] : [],
      );
    const fresh: Array<[string, string | null]> = [];
    for (const id of around) {
      const photo = photos.photoOf(id);
      if (photo === undefined || this.sentPhotos.has(id)) continue;
      this.sentPhotos.add(id);
      fresh.push([id, photo]);
    }
    const forget: string[] = [];
    if (this.sentPhotos.size > PAGE_PHOTOS) {
      const keep = new Set(around);
      for (const id of this.sentPhotos) {
        if (this.sentPhotos.size - forget.length <= PAGE_PHOTOS) break;
        if (!keep.has(id)) forget.push(id);
      }
      for (const id of forget) this.sentPhotos.delete(id);
    }
    if (fresh.length > 0 || forget.length > 0) this.options.port.post({ type: 'photos', photos: fresh, forget });
  }
}
