import { idKey } from '../presence/people';
import type { Person } from '../presence/types';
import type { Watch } from '../presence/watch';
import { RelayWatchError, type RelayWatch, type RelayWatchClient } from './relayWatches';
import type { MonitoredWatch, WatchedPerson, WatchEvent } from './watchMonitor';
import { MAX_TAB_WATCHES, type WatchStore } from './watchStore';

/** What the center needs of the board: the worker's end of the watches (RemoteBoard in the app). */
export interface WatchBoard {
  setWatches(watches: readonly MonitoredWatch[]): void;
  watchSource: {
    onEvent(listener: (event: WatchEvent) => void): () => void;
    people(): readonly WatchedPerson[];
    subscribe(listener: () => void): () => void;
  };
}

/** A watch that fired: who, as the board knew them at that moment. */
export interface FiredWatch {
  personId: string;
  person: Person;
}

/**
 * What the board tells the viewer about watches, once each where it says "once":
 * - `not-kept`: the browser refused storage; watches last this visit (once);
 * - `relay-down`: the relay could not be reached; watches work while the tab is open (once);
 * - `relay-cap`: the relay holds no more of this viewer's watches (`max`); this one works while the tab is open;
 * - `tab-cap`: the tab's own limit (MAX_TAB_WATCHES) is reached; nothing was added;
 * - `toast-only`: the browser refuses system notifications here: the toast alone tells (once).
 */
export type WatchProblem =
  | { kind: 'toast-only' }
  | { kind: 'not-kept' }
  | { kind: 'relay-down' }
  | { kind: 'relay-cap'; max: number | null }
  | { kind: 'tab-cap'; max: number };

export interface WatchCenterOptions {
  store: WatchStore;
  board: WatchBoard;
  /** The relay's watch API, where a relay is configured (docs/relay.md): watches then also reach Teams' activity feed. */
  relay?: RelayWatchClient | null;
  /** How often expired watches are taken out (default every minute). */
  pruneEveryMs?: number;
}

/**
 * The viewer's watches on the page: kept in the WatchStore, sent to the board worker (which
 * judges them against presence and says when one fires), registered with the relay where there is
 * one, and handed to whoever shows the viewer a watch that fired (the toast, the system
 * notification). Watches that fire before anyone listens wait for the first listener.
 */
export class WatchCenter {
  private readonly firedListeners = new Set<(fired: FiredWatch) => void>();
  private readonly waiting: FiredWatch[] = [];
  private readonly problemListeners = new Set<(problem: WatchProblem) => void>();
  private readonly said = new Set<WatchProblem['kind']>();
  private readonly stop: Array<() => void> = [];
  /** People whose watch is being registered with the relay now (not registered twice). */
  private readonly registering = new Set<string>();
  /** The relay said it keeps no watches: the tab keeps them alone for the rest of the visit. */
  private relayOff = false;

  constructor(private readonly options: WatchCenterOptions) {
    const { store, board } = options;
    store.prune();
    this.stop.push(store.subscribe(() => board.setWatches(store.getSnapshot())));
    this.stop.push(board.watchSource.onEvent((event) => this.onEvent(event)));
    const timer = setInterval(() => store.prune(), options.pruneEveryMs ?? 60_000);
    this.stop.push(() => clearInterval(timer));
    board.setWatches(store.getSnapshot());
  }

  readonly getSnapshot = (): readonly Watch[] => this.options.store.getSnapshot();
  readonly subscribe = (listener: () => void): (() => void) => this.options.store.subscribe(listener);

  /** The watched people as the board knows them (names, presence; null while not named yet). */
  get people(): WatchBoard['watchSource'] {
    return this.options.board.watchSource;
  }

  isWatched(personId: string): boolean {
    return this.options.store.watchOn(personId) !== undefined;
  }

  /** Watches `person` (from what their row shows now), or ends the watch on them. Returns whether they are watched now. */
  toggle(person: Person): boolean {
    if (this.isWatched(person.user.id)) {
      this.remove(person.user.id);
      return false;
    }
    return this.watch(person.user.id, person.presence?.availability ?? null);
  }

  /** Watches `personId`, last seen as `lastSeen`; false where the tab's cap is reached. */
  watch(personId: string, lastSeen: string | null): boolean {
    const { store } = this.options;
    const watch = store.add(personId, lastSeen);
    if (!watch) {
      this.tell({ kind: 'tab-cap', max: MAX_TAB_WATCHES });
      return false;
    }
    if (!store.persistent) this.tellOnce({ kind: 'not-kept' });
    void this.register(watch);
    return true;
  }

  /** Ends the watch on `personId` (here, and on the relay). */
  remove(personId: string): void {
    const watch = this.options.store.remove(personId);
    if (watch) this.unregister(watch);
  }

  /** System notifications cannot be shown here (refused, unsupported, a cross-origin frame): said once. */
  toastOnly(): void {
    this.tellOnce({ kind: 'toast-only' });
  }

  /** Hears each watch that fires; those that fired before the first listener are handed over at once. */
  onFired(listener: (fired: FiredWatch) => void): () => void {
    this.firedListeners.add(listener);
    for (const fired of this.waiting.splice(0)) listener(fired);
    return () => this.firedListeners.delete(listener);
  }

  /** Hears what the viewer should be told (each kind of "once" problem once per visit). */
  onProblem(listener: (problem: WatchProblem) => void): () => void {
    this.problemListeners.add(listener);
    return () => this.problemListeners.delete(listener);
  }

  /**
   * Brings the tab's watches and the relay's together, once at start: the relay's watches the tab
   * does not have (made on another device) are taken; the tab's that the relay registered but no
   * longer has ended there (fired into Teams' activity feed, or expired) and end here too; the
   * tab's never registered (made while the relay was down) are registered now.
   */
  async reconcile(): Promise<void> {
    const { store } = this.options;
    const relay = this.relay();
    if (!relay) return;
    let listed: { watches: RelayWatch[] };
    try {
      listed = await relay.list();
    } catch (error) {
      this.relayFailed(error);
      return;
    }
    const onRelay = new Map(listed.watches.map((w) => [w.id, w]));
    for (const watch of store.getSnapshot()) {
      if (watch.relayId !== null && !onRelay.has(watch.relayId)) store.remove(watch.personId);
    }
    for (const remote of listed.watches) {
      const local = store.watchOn(remote.personId);
      if (!local) {
        store.adopt({
          personId: idKey(remote.personId),
          createdAt: remote.createdAt,
          expiresAt: remote.expiresAt,
          lastSeen: null,
          relayId: remote.id,
        });
      } else if (local && local.relayId === null) {
        store.update(local.personId, { relayId: remote.id });
      }
    }
    for (const watch of store.getSnapshot()) if (watch.relayId === null) void this.register(watch);
  }

  dispose(): void {
    for (const stop of this.stop.splice(0)) stop();
    this.firedListeners.clear();
    this.problemListeners.clear();
  }

  private onEvent(event: WatchEvent): void {
    const { store } = this.options;
    const watch = store.watchOn(event.personId);
    // A watch removed (or made again) since the worker judged it is not this one.
    if (!watch || watch.createdAt !== event.createdAt) return;
    if (event.kind === 'seen') {
      store.update(event.personId, { lastSeen: event.lastSeen });
      return;
    }
    // Another tab of this browser (same storage) that ended it first tells the viewer; this one does not.
    if (!store.remove(event.personId)) return;
    // Told here: the relay need not tell Teams' activity feed as well.
    this.unregister(watch);
    const fired = { personId: event.personId, person: event.person };
    if (this.firedListeners.size === 0) this.waiting.push(fired);
    for (const listener of this.firedListeners) listener(fired);
  }

  private relay(): RelayWatchClient | null {
    return this.relayOff ? null : (this.options.relay ?? null);
  }

  private async register(watch: Watch): Promise<void> {
    const { store } = this.options;
    const relay = this.relay();
    if (!relay || this.registering.has(watch.personId)) return;
    this.registering.add(watch.personId);
    try {
      const registered = await relay.create(watch.personId);
      const now = store.watchOn(watch.personId);
      if (now?.createdAt !== watch.createdAt) {
        // Removed (or fired) while the relay answered: not left behind there.
        await relay.remove(registered.id).catch(() => undefined);
        return;
      }
      store.update(watch.personId, { relayId: registered.id, expiresAt: Math.min(now.expiresAt, registered.expiresAt) });
    } catch (error) {
      this.relayFailed(error);
    } finally {
      this.registering.delete(watch.personId);
    }
  }

  private unregister(watch: Watch): void {
    const relay = this.relay();
    if (!relay || watch.relayId === null) return;
    relay.remove(watch.relayId).catch((error: unknown) => this.relayFailed(error));
  }

  private relayFailed(error: unknown): void {
    // A relay without watches: nothing to tell, the tab keeps them.
    if (error instanceof RelayWatchError && error.kind === 'off') this.relayOff = true;
    else if (error instanceof RelayWatchError && error.kind === 'cap') this.tell({ kind: 'relay-cap', max: error.max });
    else this.tellOnce({ kind: 'relay-down' });
    if (!(error instanceof RelayWatchError)) console.warn('Watches: the relay', error);
  }

  private tellOnce(problem: WatchProblem): void {
    if (this.said.has(problem.kind)) return;
    this.said.add(problem.kind);
    this.tell(problem);
  }

  private tell(problem: WatchProblem): void {
    for (const listener of this.problemListeners) listener(problem);
  }
}
