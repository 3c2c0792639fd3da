import { MAX_IDS_PER_PRESENCE_CALL } from '../src/graph/presence';

/** Graph's presence budget: 1,500 calls per 30 s per app per tenant, shared with every other use of the app. */
export const PRESENCE_BUDGET_CALLS = 1_500;
export const PRESENCE_BUDGET_WINDOW_MS = 30_000;

export interface PacingOptions {
  /** Share of the tenant's presence budget the relay may use (default 0.1: room for the tenant's other apps). */
  budgetShare?: number;
  /** Never sweep more often than this (default 10 s). */
  minIntervalMs?: number;
  /** Round-trip time of one presence call, for the staleness estimate (default 300 ms). */
  callLatencyMs?: number;
}

export interface SweepPlan {
  people: number;
  /** ⌈N / 650⌉ getPresencesByUserId calls per sweep. */
  callsPerSweep: number;
  /** Least time between two presence calls: the budget share as a steady rate. */
  spacingMs: number;
  /** From the start of one sweep to the next. */
  intervalMs: number;
  callsPerMinute: number;
  /** Share of the 1,500 / 30 s budget used. */
  budgetUsed: number;
  /** Worst age of a shown presence: one interval plus the sweep's own length. */
  stalenessMs: number;
}

/** Chooses the sweep interval from N: as often as the budget share allows, but not more often than minIntervalMs. */
export function planSweep(people: number, options: PacingOptions = {}): SweepPlan {
  const share = Math.min(1, Math.max(0.001, options.budgetShare ?? 0.1));
  const callsPerSweep = Math.max(1, Math.ceil(people / MAX_IDS_PER_PRESENCE_CALL));
  const callsPerWindow = Math.max(1, Math.floor(PRESENCE_BUDGET_CALLS * share));
  const spacingMs = Math.ceil(PRESENCE_BUDGET_WINDOW_MS / callsPerWindow);
  const intervalMs = Math.ceil(Math.max(options.minIntervalMs ?? 10_000, callsPerSweep * spacingMs) / 100) * 100;
  const sweepMs = (callsPerSweep - 1) * spacingMs + (options.callLatencyMs ?? 300);
  return {
    people,
    callsPerSweep,
    spacingMs,
    intervalMs,
    callsPerMinute: (callsPerSweep * 60_000) / intervalMs,
    budgetUsed: (callsPerSweep * PRESENCE_BUDGET_WINDOW_MS) / intervalMs / PRESENCE_BUDGET_CALLS,
    stalenessMs: intervalMs + sweepMs,
  };
}

export function describePlan(plan: SweepPlan): string {
  return (
    `${plan.people} people: ${plan.callsPerSweep} presence calls a sweep, one sweep every ${plan.intervalMs / 1000} s ` +
    `(${plan.callsPerMinute.toFixed(1)} calls a minute, ${(plan.budgetUsed * 100).toFixed(1)} % of the tenant's presence budget); ` +
    `a presence shown is at most ${(plan.stalenessMs / 1000).toFixed(1)} s old`
  );
}

/** Spaces calls at least `spacingMs` apart (a steady rate, never a burst). */
export class Pacer {
  private last = -Infinity;
  constructor(
    public spacingMs: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  ) {}

  async wait(signal?: AbortSignal): Promise<void> {
    const due = this.last + this.spacingMs;
    const wait = due - this.now();
    if (wait > 0) await this.sleep(wait, signal);
    this.last = this.now();
  }
}
