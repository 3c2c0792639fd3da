import type { GraphClient } from '../graph/client';
import { getPhotos, MAX_REQUESTS_PER_BATCH } from '../graph/photos';
import { idKey } from '../presence/people';

export interface PhotoStoreOptions {
  client: GraphClient;
  /** Wait this long for more wanted ids before sending a batch (default 120 ms): a scroll settles first. */
  gatherMs?: number;
  /** Batches in flight at once (default 2). */
  concurrency?: number;
  /** An id that came back "later" may be asked for again after this long (default 30 s). */
  retryAfterMs?: number;
  /** Photos kept at most (default 1,000); beyond, the longest kept go first and are asked for again if wanted. */
  maxPhotos?: number;
  now?: () => number;
}

/**
 * Photos for the people on screen only, asked for 20 to a `$batch`, kept for the session: a
 * person's photo is asked for once (unless Graph said "later"), never again on a refresh.
 * `photoOf` gives a data URL, null for "no photo" (initials), or undefined while unknown.
 */
export class PhotoStore {
  private readonly photos = new Map<string, string | null>();
  private readonly laterUntil = new Map<string, number>();
  private readonly inFlight = new Set<string>();
  private wanted: string[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<() => void>();
  private running = 0;
  private version = 0;
  private readonly controller = new AbortController();
  private readonly now: () => number;

  constructor(private readonly options: PhotoStoreOptions) {
    this.now = options.now ?? Date.now;
  }

  photoOf = (id: string): string | null | undefined => this.photos.get(idKey(id));

  /** Changes whenever a photo arrives (for useSyncExternalStore). */
  getVersion = (): number => this.version;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The people now on screen: those not yet known are asked for soon, replacing the last wish. */
  want = (ids: readonly string[]): void => {
    this.wanted = ids.filter(this.needs);
    if (this.wanted.length === 0 || this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.send();
    }, this.options.gatherMs ?? 120);
  };

  /** Not known, not being fetched, and not waiting out a "later". */
  private readonly needs = (id: string): boolean => {
    const key = idKey(id);
    return !this.photos.has(key) && !this.inFlight.has(key) && (this.laterUntil.get(key) ?? 0) <= this.now();
  };

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.controller.abort();
    this.listeners.clear();
  }

  /**
   * Sends as many batches as there are free slots; the rest stay wanted. A batch that ends
   * sends the next from what is wanted then, so rows scrolled past are never asked for.
   */
  private send(): void {
    const concurrency = this.options.concurrency ?? 2;
    while (this.running < concurrency) {
      this.wanted = this.wanted.filter(this.needs);
      if (this.wanted.length === 0) return;
      const batch = this.wanted.splice(0, MAX_REQUESTS_PER_BATCH);
      for (const id of batch) this.inFlight.add(idKey(id));
      this.running++;
      void this.fetchBatch(batch).finally(() => {
        this.running--;
        if (!this.controller.signal.aborted) this.send();
      });
    }
  }

  private async fetchBatch(ids: string[]): Promise<void> {
    let changed = false;
    try {
      const answers = await getPhotos(this.options.client, ids, this.controller.signal);
      for (const [id, answer] of answers) {
        const key = idKey(id);
        if (answer.kind === 'later') {
          this.laterUntil.set(key, this.now() + (this.options.retryAfterMs ?? 30_000));
          continue;
        }
        this.photos.set(key, answer.kind === 'photo' ? answer.url : null);
        changed = true;
      }
      const max = this.options.maxPhotos ?? 1000;
      for (const key of this.photos.keys()) {
        if (this.photos.size <= max) break;
        this.photos.delete(key);
      }
    } catch {
      // A failed batch loses nothing on the board: those people keep their initials and are asked for later.
      for (const id of ids) this.laterUntil.set(idKey(id), this.now() + (this.options.retryAfterMs ?? 30_000));
    } finally {
      for (const id of ids) this.inFlight.delete(idKey(id));
    }
    if (changed) {
      this.version++;
      for (const listener of this.listeners) listener();
    }
  }
}
