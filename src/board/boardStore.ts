import type { GraphClient } from '../graph/client';
import { isAbortError } from '../graph/errors';
import { idKey } from '../presence/people';
import type { DirectoryUser, PresenceRecord } from '../presence/types';
import { loadUsersAndPresence, refreshPresence } from './loadPipeline';

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
  /** A presence refresh is running over a complete board. */
  refreshing: boolean;
  /** When the last load or refresh finished. */
  updatedAt: Date | null;
  /** The last failure; cleared when the next load or refresh succeeds. */
  error: unknown;
}

export interface BoardStoreOptions {
  client: GraphClient;
  presenceConcurrency?: number;
  /**
   * At most one change notification per this many ms while data streams in (default 150),
   * growing by 1 ms per `peoplePerNotifyMs` people known (default 25): every notification
   * redraws a view that costs time in proportion to the board, so a large board is redrawn
   * less often while it loads (50,000 people: every 2 s) and the page stays responsive.
   */
  notifyIntervalMs?: number;
  peoplePerNotifyMs?: number;
  now?: () => Date;
}

/** How long to gather changes before the next notification, for a board of `people`. */
export function notifyDelayMs(people: number, baseMs: number, peoplePerMs: number): number {
  return Math.max(baseMs, people / peoplePerMs);
}

const INITIAL_STATE: BoardState = {
  phase: 'loading',
  users: [],
  presence: new Map(),
  usersExpected: null,
  refreshing: false,
  updatedAt: null,
  error: null,
};

/**
 * The board over time: runs the first load and presence refreshes, keeps what arrived, and
 * publishes immutable snapshots (for React's useSyncExternalStore), batched while data streams in.
 */
export class BoardStore {
  private snapshot: BoardState = INITIAL_STATE;
  private readonly listeners = new Set<() => void>();
  private readonly userKeys = new Set<string>();
  private users: DirectoryUser[] = [];
  private presence = new Map<string, PresenceRecord>();
  private usersExpected: number | null = null;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private controller: AbortController | null = null;
  private running: Promise<void> | null = null;
  private directoryComplete = false;
  private readonly notifyIntervalMs: number;
  private readonly peoplePerNotifyMs: number;
  private readonly now: () => Date;

  constructor(private readonly options: BoardStoreOptions) {
    this.notifyIntervalMs = options.notifyIntervalMs ?? 150;
    this.peoplePerNotifyMs = options.peoplePerNotifyMs ?? 25;
    this.now = options.now ?? (() => new Date());
  }

  readonly getSnapshot = (): BoardState => this.snapshot;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Reads the whole directory and its presence again, cancelling any load or refresh under way. */
  load(): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.userKeys.clear();
    this.users = [];
    this.presence = new Map();
    this.usersExpected = null;
    this.directoryComplete = false;
    this.publish({ phase: 'loading', refreshing: false, error: null });

    const work = loadUsersAndPresence(this.options.client, {
      signal: controller.signal,
      presenceConcurrency: this.options.presenceConcurrency,
      onUsersPage: (page) => {
        if (page.totalCount !== null && this.usersExpected === null) this.usersExpected = page.totalCount;
        for (const user of page.users) {
          const key = idKey(user.id);
          if (this.userKeys.has(key)) continue;
          this.userKeys.add(key);
          this.users.push(user);
        }
        this.scheduleFlush();
      },
      onPresence: (records) => this.mergePresence(records),
    }).then(
      () => {
        if (this.controller !== controller) return;
        this.directoryComplete = true;
        this.publish({ phase: 'ready', error: null, updatedAt: this.now() });
      },
      (error: unknown) => {
        if (this.controller !== controller || isAbortError(error)) return;
        this.publish({ phase: 'error', error });
      },
    );
    return this.track(work);
  }

  /**
   * Asks for presence again for everyone known, keeping the board on screen meanwhile. Does
   * nothing while a load or refresh is already running; reloads everything if the directory was
   * never read completely.
   */
  refresh(): Promise<void> {
    if (this.running) return this.running;
    if (!this.directoryComplete) return this.load();
    const controller = new AbortController();
    this.controller = controller;
    this.publish({ refreshing: true });
    const work = refreshPresence(
      this.options.client,
      this.users.map((u) => u.id),
      {
        signal: controller.signal,
        presenceConcurrency: this.options.presenceConcurrency,
        onPresence: (records) => this.mergePresence(records),
      },
    ).then(
      () => {
        if (this.controller !== controller) return;
        this.publish({ refreshing: false, error: null, updatedAt: this.now() });
      },
      (error: unknown) => {
        if (this.controller !== controller || isAbortError(error)) return;
        // The last good board stays; the error says it is stale.
        this.publish({ refreshing: false, error });
      },
    );
    return this.track(work);
  }

  /** Stops all work and timers. */
  dispose(): void {
    this.controller?.abort();
    this.controller = null;
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.listeners.clear();
  }

  private track(work: Promise<void>): Promise<void> {
    const tracked = work.finally(() => {
      if (this.running === tracked) this.running = null;
    });
    this.running = tracked;
    return tracked;
  }

  private mergePresence(records: readonly PresenceRecord[]): void {
    for (const record of records) {
      const key = idKey(record.id);
      // Only people the directory named; an answer for an id never asked for is ignored.
      if (this.userKeys.has(key)) this.presence.set(key, record);
    }
    this.scheduleFlush();
  }

  private notifyDelayMs(): number {
    return notifyDelayMs(this.users.length, this.notifyIntervalMs, this.peoplePerNotifyMs);
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== null) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.publish({});
    }, this.notifyDelayMs());
  }

  private publish(change: Partial<BoardState>): void {
    if (this.flushTimer !== null) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    this.snapshot = {
      ...this.snapshot,
      ...change,
      users: this.users.slice(),
      presence: new Map(this.presence),
      usersExpected: this.usersExpected,
    };
    for (const listener of this.listeners) listener();
  }
}
