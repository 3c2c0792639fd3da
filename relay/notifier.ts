import { abortableSleep } from '../src/graph/client';
import { availableNotification, tabDeepLink, type ActivitySender } from './activityFeed';
import type { Logger } from './log';
import { errorText } from './log';
import type { Backplane } from './types';
import type { SendOutcome } from './watches';

/**
 * Graph's limit for `POST /users/{id}/teamwork/sendActivityNotification`: 5 requests a second per app
 * per tenant, 50 per app across all tenants ("Microsoft Teams service limits",
 * https://learn.microsoft.com/graph/throttling-limits#microsoft-teams-service-limits).
 */
export const ACTIVITY_LIMIT_PER_TENANT_PER_SECOND = 5;
export const ACTIVITY_LIMIT_PER_APP_PER_SECOND = 50;
/** The relay's default pace: 4 a second, a fifth of the tenant's limit left for anything else the app sends. */
export const DEFAULT_NOTIFY_RATE = 4;

export interface NotifierOptions {
  tenant: string;
  backplane: Backplane;
  /** This instance's id: the sweep lease's value; only the lease holder sends. */
  owner: string;
  /** Whether this instance holds the tenant's sweep lease now (its sweeper's view). */
  holding: () => boolean;
  send: ActivitySender;
  /** The watched person's display name for the text, or null (never logged). */
  nameOf: (personId: string) => Promise<string | null>;
  teamsWebOrigin: string;
  teamsAppId: string;
  log: Logger;
  /** Sends started a second at most (default 4; Graph allows 5 per app per tenant). */
  ratePerSecond?: number;
  /** A claim lasts this long (default 30 s): longer than one attempt's deadline (10 s) plus the name lookup (5 s). */
  claimLeaseMs?: number;
  /** Sends in flight at once at most (default 16): a slow answer holds one, not the queue. */
  maxInFlight?: number;
  /** How often it looks for due watches when not woken (default 1 s). */
  pollMs?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Counts only: the relay never logs who watches whom. */
export interface NotifierCounts {
  sent: number;
  retried: number;
  dropped: number;
  /** Claims that ran out before the answer was recorded (another sender took the watch). */
  superseded: number;
}

/**
 * One tenant's sender of activity feed notifications on one instance. While this instance holds the
 * sweep lease it takes due watches from the store, claims each (a lease of its own in the store, so a
 * sender that dies mid-send leaves it to the next holder once the claim runs out), sends it paced at
 * `ratePerSecond`, and records the outcome against its claim.
 */
export class WatchNotifier {
  readonly counts: NotifierCounts = { sent: 0, retried: 0, dropped: 0, superseded: 0 };
  private running = false;
  private stopController = new AbortController();
  private loopDone: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private readonly inFlight = new Set<Promise<void>>();
  /** Watches this instance is delivering now: never claimed again here while their send is under way. */
  private readonly delivering = new Set<string>();
  private nextStart = 0;
  private pausedUntil = 0;
  private lastPurge = 0;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly spacingMs: number;
  private readonly claimLeaseMs: number;
  private readonly maxInFlight: number;

  constructor(private readonly options: NotifierOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? abortableSleep;
    const rate = Math.min(ACTIVITY_LIMIT_PER_TENANT_PER_SECOND, Math.max(0.01, options.ratePerSecond ?? DEFAULT_NOTIFY_RATE));
    this.spacingMs = 1_000 / rate;
    this.claimLeaseMs = options.claimLeaseMs ?? 30_000;
    this.maxInFlight = options.maxInFlight ?? 16;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopController = new AbortController();
    this.loopDone = this.loop();
  }

  /** Stops taking watches; sends under way finish (or, with `wait: false`, are left: a crash, their claims run out). */
  async stop({ wait = true }: { wait?: boolean } = {}): Promise<void> {
    this.running = false;
    this.stopController.abort(new Error('stopped'));
    this.wake();
    await this.loopDone;
    if (wait) await Promise.allSettled([...this.inFlight]);
  }

  /** Looks for due watches now (the sweep committed someone turning Available). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async idle(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref?.();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
    this.wakeUp = null;
    this.woken = false;
  }

  private async loop(): Promise<void> {
    const { backplane, tenant } = this.options;
    const poll = this.options.pollMs ?? 1_000;
    while (this.running) {
      if (!this.options.holding()) {
        await this.idle(poll);
        continue;
      }
      let ids: string[];
      try {
        if (this.now() - this.lastPurge >= 60_000) {
          this.lastPurge = this.now();
          const purged = await backplane.purgeExpiredWatches(tenant, this.now());
          if (purged > 0) this.options.log('info', 'watches expired unanswered', { tenant, count: purged });
        }
        ids = await backplane.dueWatches(tenant, this.now(), 200);
      } catch (error) {
        this.options.log('warn', 'watch store unreachable: not sending', { tenant, error: errorText(error) });
        await this.idle(poll);
        continue;
      }
      if (ids.length === 0) {
        await this.idle(poll);
        continue;
      }
      let claimed = 0;
      for (const id of ids) {
        if (!this.running || !this.options.holding()) break;
        // Graph's per-tenant pace, and a 429's Retry-After for every send, not only the throttled one.
        const wait = Math.max(this.nextStart, this.pausedUntil) - this.now();
        if (wait > 0) await this.sleep(wait, this.stopController.signal).catch(() => undefined);
        while (this.running && this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
        if (!this.running) break;
        if (this.delivering.has(id)) continue;
        let claim;
        try {
          claim = await backplane.claimWatch(tenant, id, this.options.owner, this.claimLeaseMs, this.now());
        } catch (error) {
          this.options.log('warn', 'could not claim a watch', { tenant, error: errorText(error) });
          break;
        }
        if (!claim) continue;
        claimed++;
        this.nextStart = this.now() + this.spacingMs;
        // The send must be over (answered or abandoned) before the claim runs out and another sender may take
        // the watch, with a margin to record the outcome: the token, the name and Graph's call all fit in it.
        const deadline = this.now() + this.claimLeaseMs - Math.min(2_000, this.claimLeaseMs / 4);
        const watchId = claim.watch.id;
        this.delivering.add(watchId);
        const job = this.deliver(watchId, claim.watch.personId, claim.watch.watcher, claim.attempt, deadline).finally(() => {
          this.inFlight.delete(job);
          this.delivering.delete(watchId);
        });
        this.inFlight.add(job);
      }
      // Due but none claimable (the store's lease is another's, or each is taken): wait rather than ask again at once.
      if (claimed === 0) await this.idle(poll);
    }
  }

  /** The person's name, or null when it is not there by `deadline` (at most 5 s): a hung lookup must not hold the send. */
  private async nameBefore(personId: string, deadline: number): Promise<string | null> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), Math.max(0, Math.min(5_000, (deadline - this.now()) / 2)));
    });
    try {
      return await Promise.race([this.options.nameOf(personId).catch(() => null), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async deliver(id: string, personId: string, watcher: string, attempt: number, deadline: number): Promise<void> {
    const { backplane, tenant, owner, log } = this.options;
    let outcome: SendOutcome & { throttledMs?: number };
    try {
      const name = await this.nameBefore(personId, deadline);
      const notification = availableNotification(name, tabDeepLink(this.options.teamsWebOrigin, this.options.teamsAppId, personId));
      outcome = await this.options.send(watcher, notification, attempt, deadline);
    } catch (error) {
      outcome = { kind: 'retry', retryAt: this.now() + 5_000, why: errorText(error) };
    }
    if (outcome.throttledMs) this.pausedUntil = Math.max(this.pausedUntil, this.now() + outcome.throttledMs);
    let recorded: boolean;
    try {
      recorded = await backplane.finishWatch(tenant, id, owner, attempt, outcome, this.now());
    } catch (error) {
      // The claim stays; it runs out and the watch is due again (a send Graph accepted may then go twice: docs/relay.md).
      log('warn', 'could not record a notification', { tenant, outcome: outcome.kind, error: errorText(error) });
      return;
    }
    if (!recorded) {
      this.counts.superseded++;
      log('warn', 'a notification outlived its claim', { tenant, outcome: outcome.kind });
      return;
    }
    if (outcome.kind === 'sent') this.counts.sent++;
    else if (outcome.kind === 'retry') {
      this.counts.retried++;
      log('warn', 'activity notification to retry', { tenant, why: outcome.why, attempt });
    } else {
      this.counts.dropped++;
      log('warn', 'activity notification refused by Graph: dropped', { tenant, why: outcome.why });
    }
  }
}
