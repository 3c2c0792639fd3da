import { canonicalAvailability } from './classify';

/**
 * A watch: "tell me when this person is available" (docs/features.md, "Watches"). The rules are
 * pure: the page keeps watches, the board worker (which holds everyone's presence) applies them.
 *
 * - It fires once, when the person's availability turns `Available` from anything else: Offline,
 *   PresenceUnknown, Busy, BusyIdle, Away, BeRightBack, DoNotDisturb, AvailableIdle, or nothing
 *   known at all. `Available` → `Available` does not fire.
 * - `AvailableIdle` does NOT count as available: Graph's presence resource lists it beside
 *   `Available` as its own availability (https://learn.microsoft.com/en-us/graph/api/resources/presence),
 *   the Skype/Teams presence model it comes from defines idle-online as "available to communicate but
 *   has not been active on her device" (https://learn.microsoft.com/en-us/skype-sdk/ucwa/availability_ref),
 *   and Teams draws it as Away (src/presence/classify.ts). Someone idle is signed in but not at the
 *   keyboard: a message sent then waits, which is what the watcher wanted to avoid. Coming back from
 *   idle (`AvailableIdle` → `Available`) does fire.
 * - A watch that fires ends; unanswered, it ends WATCH_LIFETIME_MS after it was made.
 */
export const WATCH_LIFETIME_MS = 8 * 60 * 60 * 1000;

/** One watch, as the page keeps it (no name or any other directory data: the id is enough). */
export interface Watch {
  /** The watched person's Graph object id, lower-case. */
  personId: string;
  /** When it was made (ms since the epoch). */
  createdAt: number;
  /** When it ends unanswered (createdAt + WATCH_LIFETIME_MS, or the relay's expiry). */
  expiresAt: number;
  /**
   * The person's availability as last seen (Graph's value, e.g. "Busy"); null: never seen. A
   * transition is judged from here, so a reload does not fire for someone already available.
   */
  lastSeen: string | null;
  /** The relay's id for this watch, once registered there; null: not (yet) registered. */
  relayId: string | null;
}

/** Available is the only availability that counts (AvailableIdle does not: see above). */
export function countsAsAvailable(availability: string | null | undefined): boolean {
  return canonicalAvailability(availability) === 'Available';
}

/** Whether a change from `previous` to `next` availability fires a watch: only into Available, from anything else. */
export function firesOn(previous: string | null | undefined, next: string | null | undefined): boolean {
  return countsAsAvailable(next) && !countsAsAvailable(previous);
}

/** A new watch on `personId`, made at `now`, seen last as `lastSeen`. */
export function newWatch(personId: string, now: number, lastSeen: string | null): Watch {
  return { personId: personId.trim().toLowerCase(), createdAt: now, expiresAt: now + WATCH_LIFETIME_MS, lastSeen, relayId: null };
}

/** The watch has run its time without firing. */
export function isExpired(watch: Pick<Watch, 'expiresAt'>, now: number): boolean {
  return now >= watch.expiresAt;
}

/** One watch's identity: the same person watched again later is another watch. */
export function watchKey(watch: Pick<Watch, 'personId' | 'createdAt'>): string {
  return `${watch.personId}@${watch.createdAt}`;
}

/** What one reading of a watched person's availability means for the watch. */
export type WatchStep =
  /** Nothing changed that the watch cares about. */
  | { kind: 'unchanged' }
  /** Their availability changed, not into Available: remembered as the new `lastSeen`. */
  | { kind: 'seen'; lastSeen: string }
  /** They turned Available: the watch fires and ends. */
  | { kind: 'fired'; availability: string }
  /** The watch ran out before this reading. */
  | { kind: 'expired' };

/**
 * Applies one reading (`availability`: Graph's value, or null where no presence is known for them
 * now) to a watch at `now`. A missing reading tells nothing (a failed call, a board reloading) and
 * changes nothing; PresenceUnknown is a reading and is remembered.
 */
export function stepWatch(watch: Pick<Watch, 'lastSeen' | 'expiresAt'>, availability: string | null, now: number): WatchStep {
  if (isExpired(watch, now)) return { kind: 'expired' };
  if (availability === null) return { kind: 'unchanged' };
  if (firesOn(watch.lastSeen, availability)) return { kind: 'fired', availability };
  return availability === watch.lastSeen ? { kind: 'unchanged' } : { kind: 'seen', lastSeen: availability };
}
