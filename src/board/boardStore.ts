import type { GraphClient } from '../graph/client';
import type { DirectoryScope, UserFields } from '../graph/users';
import { GraphError, isAbortError } from '../graph/errors';
import { idKey } from '../presence/people';
import type { DirectoryUser, PresenceRecord } from '../presence/types';
import type { BoardCache } from './boardCache';
import { loadUsersAndPresence, refreshPresence } from './loadPipeline';
import type { RelayEvent } from './relayFeed';

export type BoardPhase = 'loading' | 'ready' | 'error';

export interface BoardState {
  /** loading: the first load is running; ready: the whole directory is known; error: it could not be read. */
  phase: BoardPhase;
  /** Every user the directory returned so far, each once, in directory order. */
  users: readonly DirectoryUser[];
  /** Presence by id key (lower-case id). */
  presence: ReadonlyMap<string, PresenceRecord>;
  /** How many users the directory says it holds, when it said. */
  usersExpected: number | null;
  /** A presence refresh is running over a complete board (also right after a start from the cache). */
  refreshing: boolean;
  /** When the presence on screen was read. */
  updatedAt: Date | null;
  /** The last failure; cleared when the next load or refresh succeeds. */
  error: unknown;
  /** People the directory named whose presence could not be had (left out, never lost silently). */
  presenceUnavailable: number;
  /** The presence relay says its board is stale: the last sweep it knows of (null: fresh, or no relay). */
  staleSince: Date | null;
}

export interface BoardStoreOptions {
  client: GraphClient;
  /** Presence calls in flight during the first load (default 4). */
  presenceConcurrency?: number;
  /** Whose people the board lists (default: the whole organisation). */
  directory?: DirectoryScope;
  /** Presence calls in flight during a refresh (default 16: 10,000 people in one round trip). */
  refreshConcurrency?: number;
  /**
   * At most one change notification per this many ms while data streams in (default 150),
   * growing by 1 ms per `peoplePerNotifyMs` people known (default 25): every notification
   * redraws a view that costs time in proportion to the board, so a large board is redrawn
   * less often while it loads (50,000 people: every 2 s) and the page stays responsive.
   */
  notifyIntervalMs?: number;
  peoplePerNotifyMs?: number;
  /** Where the last board is kept between visits, and under which key (null: not kept). */
  cache?: BoardCache;
  cacheKey?: string | null;
  /** How long to wait for the kept board before loading from Graph instead (default 2 s). */
  cacheReadTimeoutMs?: number;
  /** After this long the kept directory is read again in the background (default 6 hours). */
  directoryTtlMs?: number;
  /** Whether to ask for the profile fields (e.g. from the token's scopes; default: try them). */
  userFields?: UserFields | Promise<UserFields>;
  /**
   * False where the cloud's Graph offers no presence (China, src/host/clouds.ts `offers`): the directory is
   * listed, no presence is asked for, and no one counts as unavailable (everyone's status is unknown).
   */
  presence?: boolean;
  /** How the directory is read (loadPipeline.ts): in parallel partitions through `$batch`, or one chain (default). */
  listing?: 'partitioned' | 'sequential';
  now?: () => Date;
}

/** How long to gather changes before the next notification, for a board of `people`. */
export function notifyDelayMs(people: number, baseMs: number, peoplePerMs: number): number {
  return Math.max(baseMs, people / peoplePerMs);
}

/**
 * Graph refused the sign-in even after a fresh token (the client renews once on a 401), or refused
 * the permission: the person may no longer read what the board holds.
 */
export function lostPermission(error: unknown): boolean {
  return error instanceof GraphError && (error.kind === 'auth' || error.kind === 'forbidden');
}

/** What `read` gives within `ms`, or null: storage that never answers must not hold the board up. */
function readWithin<T>(read: Promise<T | null>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  return Promise.race([read.catch(() => null), late]).finally(() => clearTimeout(timer));
}

/** Ids in refresh order: the priority ones (those on screen) first, each id once. */
export function refreshOrder(userIds: readonly string[], priorityIds: readonly string[]): string[] {
  const known = new Set(userIds.map(idKey));
  const ordered = new Map<string, string>();
  for (const id of priorityIds) if (known.has(idKey(id))) ordered.set(idKey(id), id);
  for (const id of userIds) if (!ordered.has(idKey(id))) ordered.set(idKey(id), id);
  return [...ordered.values()];
}

const INITIAL_STATE: BoardState = {
  phase: 'loading',
  users: [],
  presence: new Map(),
  usersExpected: null,
  refreshing: false,
  updatedAt: null,
  error: null,
  presenceUnavailable: 0,
  staleSince: null,
};

interface Directory {
  users: DirectoryUser[];
  keys: Set<string>;
  presence: Map<string, PresenceRecord>;
  expected: number | null;
  /** `users` and `presence` are also the published snapshot's: copied before the next change. */
  shared: boolean;
}

function emptyDirectory(): Directory {
  return { users: [], keys: new Set(), presence: new Map(), expected: null, shared: false };
}

/**
 * Copy-on-write: a snapshot shares the directory's lists until the directory changes, so a
 * board of 50,000 is held once while nothing changes, and copied once per change, not per snapshot.
 */
function own(directory: Directory): void {
  if (!directory.shared) return;
  directory.users = directory.users.slice();
  directory.presence = new Map(directory.presence);
  directory.shared = false;
}

function addUsers(directory: Directory, users: readonly DirectoryUser[]): void {
  own(directory);
  for (const user of users) {
    const key = idKey(user.id);
    if (directory.keys.has(key)) continue;
    directory.keys.add(key);
    directory.users.push(user);
  }
}

function addPresence(directory: Directory, records: readonly PresenceRecord[]): void {
  own(directory);
  for (const record of records) {
    const key = idKey(record.id);
    // Only people the directory named; an answer for an id never asked for is ignored.
    if (directory.keys.has(key)) directory.presence.set(key, record);
  }
}

/**
 * The board over time: starts from the cache when it can, runs the first load and presence
 * refreshes, keeps what arrived, and publishes immutable snapshots (for React's
 * useSyncExternalStore), batched while data streams in.
 */
export class BoardStore {
  private snapshot: BoardState = INITIAL_STATE;
  private readonly listeners = new Set<() => void>();
  private directory: Directory = emptyDirectory();
  private directoryComplete = false;
  private directorySavedAt = 0;
  private priorityIds: readonly string[] = [];
  /** Learnt from the directory: once Graph refused the profile fields, a reload does not ask again. */
  private userFields: UserFields | Promise<UserFields>;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private controller: AbortController | null = null;
  private running: Promise<void> | null = null;
  private readonly now: () => Date;

  constructor(private readonly options: BoardStoreOptions) {
    this.now = options.now ?? (() => new Date());
    this.userFields = options.userFields ?? 'profile';
  }

  readonly getSnapshot = (): BoardState => this.snapshot;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The people on screen: a refresh asks for them first. */
  readonly setPriorityIds = (ids: readonly string[]): void => {
    this.priorityIds = ids;
  };

  /**
   * Draws the kept board at once when there is one for this person (marked as updating), then
   * refreshes presence only, and re-reads the directory in the background when it is stale;
   * with nothing kept, loads everything.
   */
  async start(): Promise<void> {
    const { cache, cacheKey } = this.options;
    const kept = cache && cacheKey ? await readWithin(cache.read(cacheKey), this.options.cacheReadTimeoutMs ?? 2000) : null;
    if (!kept) return this.load();
    this.directory = emptyDirectory();
    addUsers(this.directory, kept.users);
    addPresence(this.directory, kept.presence);
    this.directoryComplete = true;
    this.directorySavedAt = kept.directorySavedAt;
    this.publish({ phase: 'ready', refreshing: true, error: null, updatedAt: new Date(kept.presenceSavedAt) });
    await this.refresh();
    // A board forgotten on the way (permission gone) is not re-read.
    if (!this.directoryComplete) return;
    const ttl = this.options.directoryTtlMs ?? 6 * 60 * 60 * 1000;
    if (this.now().getTime() - kept.directorySavedAt > ttl) await this.rereadDirectory();
  }

  /** Reads the whole directory and its presence again, cancelling any load or refresh under way. */
  load(): Promise<void> {
    const controller = this.takeOver();
    this.directory = emptyDirectory();
    this.directoryComplete = false;
    this.publish({ phase: 'loading', refreshing: false, error: null });
    const directory = this.directory;
    let partial: unknown = null;
    let cut: unknown = null;
    const work = loadUsersAndPresence(this.options.client, {
      signal: controller.signal,
      presence: this.options.presence,
      presenceConcurrency: this.options.presenceConcurrency,
      directory: this.options.directory,
      listing: this.options.listing,
      userFields: this.userFields,
      onUsersPage: (page) => {
        this.userFields = page.fields;
        directory.expected ??= page.totalCount;
        cut ??= page.cut;
        addUsers(directory, page.users);
        this.scheduleFlush();
      },
      onPresence: (records) => {
        addPresence(directory, records);
        this.scheduleFlush();
      },
      onPresenceUnavailable: (_ids, error) => (partial ??= error),
    }).then(
      // A listing cut short is said first: it is why people may be missing altogether.
      () => this.finish(controller, { phase: 'ready', error: cut ?? partial, updatedAt: this.now() }, true),
      (error: unknown) => this.fail(controller, { phase: 'error', error }),
    );
    return this.track(work);
  }

  /**
   * Asks for presence again for everyone known, people on screen first, keeping the board on
   * screen meanwhile. Does nothing while a load or refresh is already running; reloads
   * everything if the directory was never read completely.
   */
  refresh(): Promise<void> {
    if (this.running) return this.running;
    if (!this.directoryComplete) return this.load();
    const controller = this.takeOver();
    if (!this.snapshot.refreshing) this.publish({ refreshing: true });
    const directory = this.directory;
    let partial: unknown = null;
    const ids = refreshOrder(
      directory.users.map((u) => u.id),
      this.priorityIds,
    );
    const work = refreshPresence(this.options.client, ids, {
      signal: controller.signal,
      presence: this.options.presence,
      presenceConcurrency: this.options.refreshConcurrency ?? 16,
      onPresence: (records) => {
        addPresence(directory, records);
        this.scheduleFlush();
      },
      onPresenceUnavailable: (_ids, error) => (partial ??= error),
    }).then(
      // Where some calls failed, those people keep their last status and the time stays.
      () =>
        this.finish(
          controller,
          partial === null ? { refreshing: false, error: null, updatedAt: this.now() } : { refreshing: false, error: partial },
          false,
        ),
      // The last good board stays; the error says it is stale.
      (error: unknown) => this.fail(controller, { refreshing: false, error }),
    );
    return this.track(work);
  }

  /**
   * Presence from the presence relay's stream (relay/README.md): a snapshot replaces the presence
   * of the directory's people, changes set and remove records, and the time shown becomes the
   * sweep's. The directory listing is the tab's own and stays as it is; nothing is applied until
   * it has been read whole (the load in progress reads presence itself). A status event marks the
   * board stale or fresh.
   */
  applyRelay(event: RelayEvent): void {
    if (event.kind === 'status') {
      const staleSince = event.staleSince;
      if (staleSince?.getTime() !== this.snapshot.staleSince?.getTime()) this.publish({ staleSince });
      return;
    }
    if (!this.directoryComplete) return;
    own(this.directory);
    const presence = this.directory.presence;
    if (event.kind === 'snapshot') {
      presence.clear();
      addPresence(this.directory, event.presences);
    } else {
      for (const id of event.removed) presence.delete(idKey(id));
      addPresence(this.directory, event.upserts);
    }
    this.publish({ updatedAt: event.sweptAt });
    // The whole board is kept on a snapshot; changes are kept with the next one or the next refresh.
    if (event.kind === 'snapshot') void this.persist();
  }

  /** The relay is no longer used (down, or stopped): its staleness no longer applies. */
  relayEnded(): void {
    if (this.snapshot.staleSince !== null) this.publish({ staleSince: null });
  }

  /** Stops all work and timers. */
  dispose(): void {
    this.controller?.abort();
    this.controller = null;
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.listeners.clear();
  }

  /** A stale kept directory is read again whole while the board stays on screen, then swapped in. */
  private rereadDirectory(): Promise<void> {
    if (this.running) return this.running;
    const controller = this.takeOver();
    const fresh = emptyDirectory();
    let cut: unknown = null;
    const work = loadUsersAndPresence(this.options.client, {
      signal: controller.signal,
      presence: this.options.presence,
      presenceConcurrency: this.options.presenceConcurrency,
      directory: this.options.directory,
      listing: this.options.listing,
      // Asks for the profile fields again (once per re-read): an admin may have granted them since.
      onUsersPage: (page) => {
        this.userFields = page.fields;
        cut ??= page.cut;
        addUsers(fresh, page.users);
      },
      onPresence: (records) => addPresence(fresh, records),
      // Those people keep the status they had on the kept board.
      onPresenceUnavailable: (ids) =>
        addPresence(
          fresh,
          ids.map((id) => this.directory.presence.get(idKey(id))).filter((r) => r !== undefined),
        ),
    }).then(
      () => {
        if (this.controller !== controller) return;
        this.directory = fresh;
        this.finish(controller, { error: cut, updatedAt: this.now() }, true);
      },
      (error: unknown) => this.fail(controller, { error }),
    );
    return this.track(work);
  }

  private takeOver(): AbortController {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    return controller;
  }

  private finish(controller: AbortController, change: Partial<BoardState>, directoryRead: boolean): void {
    if (this.controller !== controller) return;
    if (directoryRead) {
      this.directoryComplete = true;
      this.directorySavedAt = this.now().getTime();
    }
    this.publish(change);
    void this.persist();
  }

  private fail(controller: AbortController, change: Partial<BoardState>): void {
    if (this.controller !== controller || isAbortError(change.error)) return;
    if (lostPermission(change.error)) {
      // Names, statuses and out-of-office messages the person may no longer read: off the screen and out of the cache.
      this.forget();
      this.publish({ ...change, phase: 'error', refreshing: false, updatedAt: null });
      return;
    }
    this.publish(change);
  }

  private forget(): void {
    this.directory = emptyDirectory();
    this.directoryComplete = false;
    this.directorySavedAt = 0;
    void this.options.cache?.clear();
  }

  private async persist(): Promise<void> {
    const { cache, cacheKey } = this.options;
    if (!cache || !cacheKey) return;
    await cache.write({
      key: cacheKey,
      directorySavedAt: this.directorySavedAt,
      presenceSavedAt: this.now().getTime(),
      users: this.directory.users.slice(),
      presence: [...this.directory.presence.values()],
    });
  }

  private track(work: Promise<void>): Promise<void> {
    const tracked = work.finally(() => {
      if (this.running === tracked) this.running = null;
    });
    this.running = tracked;
    return tracked;
  }

  private scheduleFlush(): void {
    // The first presence answer is drawn at once: that is when the first people appear.
    if (this.snapshot.presence.size === 0 && this.directory.presence.size > 0) {
      this.publish({});
      return;
    }
    if (this.flushTimer !== null) return;
    const delay = notifyDelayMs(this.directory.users.length, this.options.notifyIntervalMs ?? 150, this.options.peoplePerNotifyMs ?? 25);
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.publish({});
    }, delay);
  }

  private publish(change: Partial<BoardState>): void {
    if (this.flushTimer !== null) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    const { users, presence, expected } = this.directory;
    const phase = change.phase ?? this.snapshot.phase;
    this.directory.shared = true;
    this.snapshot = {
      ...this.snapshot,
      ...change,
      users,
      presence,
      usersExpected: expected,
      presenceUnavailable: phase === 'loading' || this.options.presence === false ? 0 : users.length - presence.size,
    };
    for (const listener of this.listeners) listener();
  }
}
