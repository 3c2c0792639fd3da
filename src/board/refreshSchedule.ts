import { GraphError } from '../graph/errors';
import { MAX_IDS_PER_PRESENCE_CALL } from '../graph/presence';

/** Graph's presence limit: requests per window, per app per tenant, shared by every viewer. */
export const PRESENCE_BUDGET = { requests: 1500, windowMs: 30_000 } as const;

export interface RefreshIntervalOptions {
  /** Never refresh more often than this (default 60 s). */
  minimumMs?: number;
  /** Share of the tenant's presence budget one viewer may use (default 1 %: 100 viewers fit). */
  viewerShare?: number;
}

/**
 * The refresh interval for a board of `people`: one refresh costs ⌈people / 650⌉ presence
 * requests, and one viewer may spend `viewerShare` of 1,500 requests per 30 s.
 */
export function refreshIntervalMs(people: number, { minimumMs = 60_000, viewerShare = 0.01 }: RefreshIntervalOptions = {}): number {
  const requestsPerRefresh = Math.ceil(people / MAX_IDS_PER_PRESENCE_CALL);
  const requestsPerMs = (PRESENCE_BUDGET.requests / PRESENCE_BUDGET.windowMs) * viewerShare;
  return Math.max(minimumMs, Math.ceil(requestsPerRefresh / requestsPerMs));
}

/** How many viewers of a tenant of `people` fit in Graph's presence budget at `intervalMs`. */
export function viewersWithinBudget(people: number, intervalMs: number): number {
  const requestsPerRefresh = Math.ceil(people / MAX_IDS_PER_PRESENCE_CALL);
  return Math.floor((PRESENCE_BUDGET.requests * intervalMs) / PRESENCE_BUDGET.windowMs / requestsPerRefresh);
}

export const MAX_BACKOFF_FACTOR = 8;

export interface PageVisibility {
  isVisible(): boolean;
  subscribe(onChange: () => void): () => void;
}

export function documentVisibility(doc: Document = document): PageVisibility {
  return {
    isVisible: () => doc.visibilityState !== 'hidden',
    subscribe: (onChange) => {
      doc.addEventListener('visibilitychange', onChange);
      return () => doc.removeEventListener('visibilitychange', onChange);
    },
  };
}

export interface RefreshScheduleOptions extends RefreshIntervalOptions {
  /** The board: how many people, and a refresh that never throws (errors land in its state). */
  board: { refresh(): Promise<void>; getSnapshot(): { users: readonly unknown[]; error: unknown } };
  /** Counts the 429s the Graph client has seen. */
  client: { readonly throttledCount: number };
  visibility: PageVisibility;
  now?: () => number;
}

/**
 * Refreshes presence on its own: every `refreshIntervalMs` for the board's size, times a
 * backoff factor that doubles after a refresh that met a 429 (up to 8×) and halves after one
 * that did not; paused while the page is hidden, and caught up at once when it shows again.
 */
export class RefreshSchedule {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private unsubscribe: (() => void) | null = null;
  private lastRefreshAt = 0;
  private due = false;
  private runningRefresh = false;
  private backoff = 1;
  private readonly now: () => number;

  constructor(private readonly options: RefreshScheduleOptions) {
    this.now = options.now ?? Date.now;
  }

  get backoffFactor(): number {
    return this.backoff;
  }

  intervalMs(): number {
    return refreshIntervalMs(this.options.board.getSnapshot().users.length, this.options) * this.backoff;
  }

  start(): void {
    this.stop();
    this.lastRefreshAt = this.now();
    this.unsubscribe = this.options.visibility.subscribe(() => this.onVisibilityChange());
    this.schedule(this.intervalMs());
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private schedule(delayMs: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.options.visibility.isVisible()) void this.runRefresh();
      else this.due = true;
    }, delayMs);
  }

  private onVisibilityChange(): void {
    if (!this.options.visibility.isVisible() || this.runningRefresh) return;
    const sinceLast = this.now() - this.lastRefreshAt;
    if (this.due || sinceLast >= this.intervalMs()) void this.runRefresh();
  }

  private async runRefresh(): Promise<void> {
    this.due = false;
    this.runningRefresh = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const throttledBefore = this.options.client.throttledCount;
    try {
      await this.options.board.refresh();
    } finally {
      this.runningRefresh = false;
    }
    const { error } = this.options.board.getSnapshot();
    const throttled = this.options.client.throttledCount > throttledBefore || (error instanceof GraphError && error.kind === 'throttled');
    this.backoff = throttled ? Math.min(MAX_BACKOFF_FACTOR, this.backoff * 2) : Math.max(1, this.backoff / 2);
    this.lastRefreshAt = this.now();
    if (this.unsubscribe) this.schedule(this.intervalMs());
  }
}
