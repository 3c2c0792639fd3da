import { createPeopleJoiner, idKey } from '../presence/people';
import type { DirectoryUser, Person } from '../presence/types';
import { stepWatch, watchKey, type Watch } from '../presence/watch';
import type { BoardState } from './boardStore';

/** What the board worker needs of a watch (the page keeps the rest). */
export type MonitoredWatch = Pick<Watch, 'personId' | 'createdAt' | 'expiresAt' | 'lastSeen'>;

/** A watched person as the page shows them in its list of watches: null while the directory has not named them. */
export interface WatchedPerson {
  personId: string;
  person: Person | null;
}

/** What the monitor tells the page. */
export type WatchEvent =
  | { kind: 'fired'; personId: string; createdAt: number; person: Person }
  | { kind: 'seen'; personId: string; createdAt: number; lastSeen: string };

/**
 * Applies the watch rules (src/presence/watch.ts) where all presence is: the board worker. Each
 * time the store changes it reads the watched people's availability (a handful of map lookups,
 * whatever the board's size) and says which watches fired and what was seen.
 *
 * Presence read from the kept board (IndexedDB, possibly hours old) is not a reading: after a start
 * from the cache nothing is judged until the first refresh has read everyone's presence again.
 * A watch that fired (or expired) here is not taken back when the page, not knowing yet, sends it
 * again.
 */
export class WatchMonitor {
  private readonly watches = new Map<string, MonitoredWatch>();
  private readonly ended = new Set<string>();
  private readonly join = createPeopleJoiner();
  private users: readonly DirectoryUser[] | null = null;
  private byId = new Map<string, DirectoryUser>();
  /** The presence in the store is Graph's (or the relay's) now, not the kept board's. */
  private live = false;
  private sentPeople: ReadonlyArray<WatchedPerson> = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** The page's watches (all of them, each time they change). */
  setWatches(watches: readonly MonitoredWatch[]): void {
    this.watches.clear();
    for (const watch of watches) {
      if (this.ended.has(watchKey(watch))) continue;
      this.watches.set(idKey(watch.personId), { ...watch, personId: idKey(watch.personId) });
    }
  }

  get size(): number {
    return this.watches.size;
  }

  /** Reads the store's state: the watches' events, and the watched people when any of them changed (else null). */
  observe(state: BoardState): { events: WatchEvent[]; people: WatchedPerson[] | null } {
    if (state.phase === 'loading' || (state.phase === 'ready' && !state.refreshing)) this.live = true;
    if (this.watches.size === 0) return { events: [], people: this.peopleChanged([]) };
    if (state.users !== this.users) {
      this.users = state.users;
      this.byId = new Map(state.users.map((u) => [idKey(u.id), u]));
    }
    const events: WatchEvent[] = [];
    const now = this.now();
    for (const watch of [...this.watches.values()]) {
      const availability = this.live ? (state.presence.get(watch.personId)?.availability ?? null) : null;
      const step = stepWatch(watch, availability, now);
      if (step.kind === 'expired' || step.kind === 'fired') {
        this.watches.delete(watch.personId);
        this.ended.add(watchKey(watch));
      }
      if (step.kind === 'seen') {
        watch.lastSeen = step.lastSeen;
        events.push({ kind: 'seen', personId: watch.personId, createdAt: watch.createdAt, lastSeen: step.lastSeen });
      } else if (step.kind === 'fired') {
        const user = this.byId.get(watch.personId);
        if (user) events.push({ kind: 'fired', personId: watch.personId, createdAt: watch.createdAt, person: this.personOf(user, state)! });
      }
    }
    const people = [...this.watches.keys()].map((personId) => {
      const user = this.byId.get(personId);
      return { personId, person: user ? this.personOf(user, state) : null };
    });
    return { events, people: this.peopleChanged(people) };
  }

  private personOf(user: DirectoryUser, state: BoardState): Person | null {
    return this.join([user], state.presence)[0] ?? null;
  }

  /** `people` when they differ from those last sent (another person, or the same one changed). */
  private peopleChanged(people: WatchedPerson[]): WatchedPerson[] | null {
    const before = this.sentPeople;
    const same =
      before.length === people.length && people.every((p, i) => before[i]!.personId === p.personId && before[i]!.person === p.person);
    if (same) return null;
    this.sentPeople = people;
    return people;
  }
}
