import type { PresenceRecord } from '../src/presence/types';
import type { WatchStore } from './watches';

export type { PresenceRecord };

/** What a sweep commits and every instance hears: the change log's entries, in order per tenant. */
export type EventBody =
  /** Presence that changed (whole records, as the tab keeps them) and people who left the directory. */
  | { kind: 'changes'; sweptAt: number; seenAt: number; upserts: PresenceRecord[]; removed: string[] }
  /** The board was replaced whole (a new epoch): every instance reloads it and sends its viewers a snapshot. */
  | { kind: 'reset'; sweptAt: number }
  /** A sweep ended (with or without changes): not logged, no new sequence number; keeps "stale since" honest. */
  | { kind: 'swept'; sweptAt: number; intervalMs: number };

export interface StoredEvent {
  /** Changes when the board starts over (a fresh Redis, a new in-memory relay): resuming across epochs takes a snapshot. */
  epoch: string;
  seq: number;
  body: EventBody;
}

export interface BoardState {
  epoch: string;
  seq: number;
  records: PresenceRecord[];
  sweptAt: number | null;
  intervalMs: number | null;
  /** Where the sweeper's users delta query goes on from (a Graph URL without secrets). */
  deltaLink: string | null;
}

export interface Commit {
  kind: 'changes' | 'reset' | 'swept';
  upserts: PresenceRecord[];
  removed: string[];
  sweptAt: number;
  seenAt: number;
  intervalMs: number;
  deltaLink: string | null;
  /** Used only by a reset: the new board's epoch. */
  newEpoch: string;
  /**
   * For `changes` and `swept`: the board the sweeper believes it is changing (the last epoch and seq
   * it loaded or committed). The store refuses the commit (a conflict) when its board is another:
   * emptied (a Redis that lost its data), rolled back (a replica that was behind) or moved on.
   * A `changes` or `swept` commit on an empty store is always refused.
   */
  expect?: { epoch: string; seq: number } | null;
  /**
   * For `changes`: people whose availability turned Available in this commit (watches.ts becameAvailable).
   * Their armed, unexpired watches fire in the same atomic step as the board changes (a sweeper that
   * dies right after the commit cannot lose them): each becomes due to send at `fireDueAt`.
   */
  fired?: readonly string[];
  fireDueAt?: number;
}

/** A commit's outcome: applied (the board's epoch and seq now), refused for another board (conflict), or null when `owner` no longer holds the lease. */
export type CommitResult = { epoch: string; seq: number } | { conflict: { epoch: string | null; seq: number } } | null;

export function isConflict(result: CommitResult): result is { conflict: { epoch: string | null; seq: number } } {
  return result !== null && 'conflict' in result;
}

/** Where instances share the lease, the board, the change log, pub/sub, tickets and watches: Redis, or memory in one process. */
export interface Backplane extends WatchStore {
  readonly kind: 'memory' | 'redis';
  /** Takes the tenant's sweep lease, or renews it when `owner` holds it; true while `owner` holds it. */
  acquireLease(tenant: string, owner: string, ttlMs: number): Promise<boolean>;
  releaseLease(tenant: string, owner: string): Promise<void>;
  /** Applies and publishes a commit if `owner` still holds the lease (fencing) and the board is the one it expects. */
  commit(tenant: string, owner: string, commit: Commit): Promise<CommitResult>;
  load(tenant: string): Promise<BoardState | null>;
  /** Logged events after `seq` of `epoch`, in order; null when the log no longer reaches back that far. */
  eventsAfter(tenant: string, epoch: string, seq: number): Promise<StoredEvent[] | null>;
  subscribe(tenant: string, listener: (event: StoredEvent) => void): Promise<() => Promise<void>>;
  /** Stores what a ticket stands for (`value`: the viewer, as Tickets writes it) under its hash, for `ttlMs`. */
  putTicket(hash: string, value: string, ttlMs: number): Promise<void>;
  /** Returns the ticket's value and deletes it (one use), or null. */
  takeTicket(hash: string): Promise<string | null>;
  /** Whether the shared store answers now; listeners hear every change. */
  isUp(): boolean;
  onHealth(listener: (up: boolean) => void): void;
  /** Listeners hear when the subscription was renewed after a lost connection: events published meanwhile were not delivered. */
  onResync(listener: () => void): void;
  close(): Promise<void>;
}
