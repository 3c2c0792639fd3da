import { isObjectId } from '../src/graph/presence';
import type { PresenceRecord } from './types';

/**
 * A watch: "tell me when this person is available". Kept per tenant and watcher in the backplane
 * (Redis or memory), fired by the sweep when the person's availability turns `Available`, then sent
 * once as a Teams activity feed notification (notifier.ts) and gone; unanswered it ends after 8 hours.
 */
export interface Watch {
  /** Random, unguessable (128 bits, base64url): the only handle the API gives. */
  id: string;
  /** The watched person's user object id (lower case). */
  personId: string;
  /** The watcher: the viewer token's `oid` (else `sub`). */
  watcher: string;
  createdAt: number;
  expiresAt: number;
}

/** How long an unanswered watch lives (issue 20). */
export const WATCH_TTL_MS = 8 * 60 * 60 * 1000;
/** Watches one person may hold at once in one tenant (RELAY_MAX_WATCHES_PER_USER). */
export const DEFAULT_MAX_WATCHES = 50;
/** A watch id as `newWatchId` makes it. */
export const WATCH_ID = /^[A-Za-z0-9_-]{22}$/;

/** Whether a watcher id can be a key (the token's oid is a GUID; a `sub` is base64url): no separator, bounded. */
export function isUsableWatcher(watcher: string): boolean {
  return /^[A-Za-z0-9._-]{1,128}$/.test(watcher);
}

export function isWatchablePerson(id: unknown): id is string {
  return typeof id === 'string' && isObjectId(id.toLowerCase());
}

/**
 * The one transition that fires a watch: availability becomes exactly `Available` from anything else
 * (Offline, Busy, Away, PresenceUnknown…). `AvailableIdle` does not count: Graph documents it as
 * available but idle (away from the keyboard for a while), so telling someone "they're available"
 * then would send them to an empty chair; nor does a person first seen by the sweep (no "before").
 */
export function becameAvailable(before: PresenceRecord | undefined, after: PresenceRecord): boolean {
  return before !== undefined && before.availability !== 'Available' && after.availability === 'Available';
}

/** The API's view of a watch (ISO times; the watcher is the caller and is not repeated). */
export function watchJson(watch: Watch): { id: string; personId: string; createdAt: string; expiresAt: string } {
  return {
    id: watch.id,
    personId: watch.personId,
    createdAt: new Date(watch.createdAt).toISOString(),
    expiresAt: new Date(watch.expiresAt).toISOString(),
  };
}

/** How a send that was claimed ended. */
export type SendOutcome =
  /** Graph accepted it (204): recorded as sent, the watch is gone. */
  | { kind: 'sent' }
  /** Worth another attempt (429, 5xx, a timeout, a network error, no token): at `retryAt`, unless the watch expires first. */
  | { kind: 'retry'; retryAt: number; why: string }
  /** Never going to work (400, 403, 404…): dropped, the watch is gone. */
  | { kind: 'drop'; why: string };

export type CreateWatchResult = { watch: Watch; created: boolean } | { full: true };

/** What is held for a tenant (health): armed watches, and fired ones waiting to be sent. */
export interface WatchCounts {
  armed: number;
  pending: number;
}

/** The watch store: the part of the backplane that keeps watches (types.ts Backplane extends it). */
export interface WatchStore {
  /**
   * Adds `watch`, or returns the watcher's armed watch on the same person (created: false); `full`
   * when the watcher already holds `max` armed watches. Atomic: two creates at once cannot pass the cap.
   */
  createWatch(tenant: string, watch: Watch, max: number, now: number): Promise<CreateWatchResult>;
  /** The watcher's armed watches (not expired, not fired), oldest first. */
  listWatches(tenant: string, watcher: string, now: number): Promise<Watch[]>;
  /**
   * Removes the watcher's watch, armed or fired but not yet being sent (true); false when it is not
   * theirs, unknown, or a send is under way or done.
   */
  deleteWatch(tenant: string, watcher: string, id: string, now: number): Promise<boolean>;
  /** Ids of fired watches whose time to send has come (grace over, a retry due, a dead sender's claim run out), oldest first. */
  dueWatches(tenant: string, now: number, limit: number): Promise<string[]>;
  /**
   * Claims a due watch for `owner` for `leaseMs`, only while `owner` holds the tenant's sweep lease:
   * the watch and this attempt's number, or null (not due, claimed by a live sender, gone, expired).
   */
  claimWatch(tenant: string, id: string, owner: string, leaseMs: number, now: number): Promise<{ watch: Watch; attempt: number } | null>;
  /**
   * Records how a claimed send ended, if the claim is still `owner`'s attempt (else false: the claim
   * ran out and another sender took it). Sent or dropped: the watch is gone; retry: due again at `retryAt`.
   */
  finishWatch(tenant: string, id: string, owner: string, attempt: number, outcome: SendOutcome, now: number): Promise<boolean>;
  /** Forgets expired watches (armed or unsent); returns how many. */
  purgeExpiredWatches(tenant: string, now: number): Promise<number>;
  watchCounts(tenant: string): Promise<WatchCounts>;
}
