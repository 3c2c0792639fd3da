import { idKey } from '../presence/people';
import { isExpired, newWatch, WATCH_LIFETIME_MS, type Watch } from '../presence/watch';
import type { KeyValueStorage } from './preferences';

/** At most this many watches per viewer in the tab (the relay may allow fewer: it says its own max). */
export const MAX_TAB_WATCHES = 100;

const PREFIX = 'whos-online:watches:';
const ID = /^[0-9a-z._@-]{1,64}$/i;
const RELAY_ID = /^[\w.:-]{1,128}$/;

/** Takes the well-formed, unexpired watches from what was kept; anything else is dropped. */
export function parseWatches(text: string | null, now: number): Watch[] {
  let raw: unknown = [];
  try {
    raw = text ? JSON.parse(text) : [];
  } catch {
    // A damaged entry is ignored, not fatal.
  }
  if (!Array.isArray(raw)) return [];
  const byPerson = new Map<string, Watch>();
  for (const item of raw as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const w = item as Record<string, unknown>;
    if (typeof w.personId !== 'string' || !ID.test(w.personId)) continue;
    if (typeof w.createdAt !== 'number' || typeof w.expiresAt !== 'number' || !Number.isFinite(w.createdAt)) continue;
    // Never longer than a watch lives, whatever was written.
    const expiresAt = Math.min(w.expiresAt, w.createdAt + WATCH_LIFETIME_MS);
    if (isExpired({ expiresAt }, now)) continue;
    const lastSeen = typeof w.lastSeen === 'string' && w.lastSeen.length <= 40 ? w.lastSeen : null;
    const relayId = typeof w.relayId === 'string' && RELAY_ID.test(w.relayId) ? w.relayId : null;
    byPerson.set(idKey(w.personId), { personId: idKey(w.personId), createdAt: w.createdAt, expiresAt, lastSeen, relayId });
  }
  return [...byPerson.values()].slice(0, MAX_TAB_WATCHES);
}

/**
 * The watches of one viewer in one tenant (`owner`: "tenant/user"), kept in the browser's storage
 * (localStorage: ids and times only, no names) so they outlive a reload. Where the browser refuses
 * storage (privacy settings, a blocked third-party frame, a full quota) they live in memory for the
 * visit: `persistent` then says so, for the board to say once.
 */
export class WatchStore {
  private readonly key: string;
  private current: readonly Watch[];
  private readonly listeners = new Set<() => void>();
  private kept: boolean;
  /** What this store last read or wrote: another tab's write shows as a different text. */
  private lastText: string | null = null;

  constructor(
    owner: string,
    private readonly storage: KeyValueStorage | null,
    private readonly now: () => number = Date.now,
  ) {
    this.key = `${PREFIX}${owner}`;
    let text: string | null = null;
    this.kept = storage !== null;
    try {
      text = storage?.getItem(this.key) ?? null;
    } catch {
      this.kept = false;
    }
    this.lastText = text;
    this.current = parseWatches(text, this.now());
  }

  /**
   * Takes in what another tab of this browser wrote since (same viewer, same storage): every change
   * starts from the kept watches, so one tab never writes back a watch the other ended (a watch fires
   * in one tab only) nor drops one the other made.
   */
  private sync(): void {
    if (!this.kept || !this.storage) return;
    let text: string | null;
    try {
      text = this.storage.getItem(this.key);
    } catch {
      return;
    }
    if (text === this.lastText) return;
    this.lastText = text;
    this.current = parseWatches(text, this.now());
    for (const listener of this.listeners) listener();
  }

  /** The watches now (the same array until they change), expired ones taken out first. */
  readonly getSnapshot = (): readonly Watch[] => this.current;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Whether watches outlive this visit (false: the browser refused storage; they last the visit). */
  get persistent(): boolean {
    return this.kept;
  }

  watchOn(personId: string): Watch | undefined {
    const key = idKey(personId);
    return this.current.find((w) => w.personId === key);
  }

  /** Watches `personId` (last seen as `lastSeen`); the watch already there stays. Null: the tab's cap is reached. */
  add(personId: string, lastSeen: string | null): Watch | null {
    this.sync();
    const existing = this.watchOn(personId);
    if (existing) return existing;
    if (this.current.length >= MAX_TAB_WATCHES) return null;
    const watch = newWatch(personId, this.now(), lastSeen);
    this.write([...this.current, watch]);
    return watch;
  }

  /** A watch taken from elsewhere (the relay's list), as it is. */
  adopt(watch: Watch): void {
    this.sync();
    if (this.watchOn(watch.personId) || this.current.length >= MAX_TAB_WATCHES || isExpired(watch, this.now())) return;
    this.write([...this.current, watch]);
  }

  /** Ends the watch on `personId` (removed, fired or expired); returns it, if there was one. */
  remove(personId: string): Watch | undefined {
    this.sync();
    const watch = this.watchOn(personId);
    if (watch) this.write(this.current.filter((w) => w !== watch));
    return watch;
  }

  /** Changes the watch on `personId` (its last seen availability, its relay id); a watch since ended is left alone. */
  update(personId: string, change: Partial<Pick<Watch, 'lastSeen' | 'relayId' | 'expiresAt'>>): void {
    this.sync();
    const watch = this.watchOn(personId);
    if (!watch) return;
    const next = { ...watch, ...change };
    if (next.lastSeen === watch.lastSeen && next.relayId === watch.relayId && next.expiresAt === watch.expiresAt) return;
    this.write(this.current.map((w) => (w === watch ? next : w)));
  }

  /** Takes out the watches that ran their time; returns them. */
  prune(): Watch[] {
    this.sync();
    const now = this.now();
    const expired = this.current.filter((w) => isExpired(w, now));
    if (expired.length > 0) this.write(this.current.filter((w) => !expired.includes(w)));
    return expired;
  }

  private write(next: readonly Watch[]): void {
    this.current = next;
    if (this.kept) {
      try {
        const text = JSON.stringify(next);
        this.storage?.setItem(this.key, text);
        this.lastText = text;
      } catch {
        // Full or blocked storage: the watches last this visit (said once by the board).
        this.kept = false;
      }
    }
    for (const listener of this.listeners) listener();
  }
}
