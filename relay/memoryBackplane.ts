import type { Backplane, BoardState, Commit, CommitResult, PresenceRecord, StoredEvent } from './types';
import type { CreateWatchResult, SendOutcome, Watch, WatchCounts } from './watches';

/** One tenant's watches: the same indexes the Redis store keeps, in maps. */
class TenantWatches {
  readonly data = new Map<string, Watch>();
  /** Armed watches by watched person, and by watcher (insertion order: oldest first). */
  readonly byPerson = new Map<string, Set<string>>();
  readonly byWatcher = new Map<string, Set<string>>();
  /** Fired watches: id → when they may be claimed (grace, retry, or a claim's lease). */
  readonly due = new Map<string, number>();
  /** id → the latest attempt and who holds it (null: no one, waiting for a retry). */
  readonly claims = new Map<string, { attempt: number; owner: string | null }>();
  /** id → when Graph accepted it (kept a day: what was sent). */
  readonly sent = new Map<string, number>();

  private disarm(watch: Watch): void {
    const byPerson = this.byPerson.get(watch.personId);
    byPerson?.delete(watch.id);
    if (byPerson?.size === 0) this.byPerson.delete(watch.personId);
    const byWatcher = this.byWatcher.get(watch.watcher);
    byWatcher?.delete(watch.id);
    if (byWatcher?.size === 0) this.byWatcher.delete(watch.watcher);
  }

  forget(id: string): void {
    const watch = this.data.get(id);
    if (watch) this.disarm(watch);
    this.data.delete(id);
    this.due.delete(id);
    this.claims.delete(id);
  }

  arm(watch: Watch): void {
    this.data.set(watch.id, watch);
    let byPerson = this.byPerson.get(watch.personId);
    if (!byPerson) this.byPerson.set(watch.personId, (byPerson = new Set()));
    byPerson.add(watch.id);
    let byWatcher = this.byWatcher.get(watch.watcher);
    if (!byWatcher) this.byWatcher.set(watch.watcher, (byWatcher = new Set()));
    byWatcher.add(watch.id);
  }

  /** Moves the person's armed watches to due (expired ones are forgotten). */
  fire(personId: string, dueAt: number, now: number): void {
    for (const id of [...(this.byPerson.get(personId) ?? [])]) {
      const watch = this.data.get(id)!;
      if (watch.expiresAt <= now) {
        this.forget(id);
        continue;
      }
      this.disarm(watch);
      this.due.set(id, dueAt);
    }
  }

  purge(now: number): number {
    let n = 0;
    for (const [id, watch] of this.data)
      if (watch.expiresAt <= now) {
        this.forget(id);
        n++;
      }
    for (const [id, at] of this.sent) if (at <= now - 86_400_000) this.sent.delete(id);
    return n;
  }
}

interface TenantState {
  lease: { owner: string; expiresAt: number } | null;
  epoch: string | null;
  seq: number;
  board: Map<string, PresenceRecord>;
  log: StoredEvent[];
  sweptAt: number | null;
  intervalMs: number | null;
  deltaLink: string | null;
  listeners: Set<(event: StoredEvent) => void>;
}

/**
 * The store behind in-memory backplanes: one per process. Instances in the same process (tests)
 * share one store as instances share a Redis.
 */
export class MemoryStore {
  private readonly tenants = new Map<string, TenantState>();
  readonly tickets = new Map<string, { value: string; expiresAt: number }>();
  private readonly watchState = new Map<string, TenantWatches>();
  constructor(
    readonly logMax = 1_000,
    readonly now: () => number = Date.now,
  ) {}

  tenant(id: string): TenantState {
    let state = this.tenants.get(id);
    if (!state) {
      state = {
        lease: null,
        epoch: null,
        seq: 0,
        board: new Map(),
        log: [],
        sweptAt: null,
        intervalMs: null,
        deltaLink: null,
        listeners: new Set(),
      };
      this.tenants.set(id, state);
    }
    return state;
  }

  watches(tenant: string): TenantWatches {
    let watches = this.watchState.get(tenant);
    if (!watches) this.watchState.set(tenant, (watches = new TenantWatches()));
    return watches;
  }
}

/** The embedded default (no REDIS_URL): lease, board, log, pub/sub and tickets in this process's memory. */
export class MemoryBackplane implements Backplane {
  readonly kind = 'memory';
  private lastPrune = 0;
  constructor(private readonly store: MemoryStore = new MemoryStore()) {}

  async acquireLease(tenant: string, owner: string, ttlMs: number): Promise<boolean> {
    const state = this.store.tenant(tenant);
    const now = this.store.now();
    if (state.lease && state.lease.expiresAt > now && state.lease.owner !== owner) return false;
    state.lease = { owner, expiresAt: now + ttlMs };
    return true;
  }

  async releaseLease(tenant: string, owner: string): Promise<void> {
    const state = this.store.tenant(tenant);
    if (state.lease?.owner === owner) state.lease = null;
  }

  async commit(tenant: string, owner: string, commit: Commit): Promise<CommitResult> {
    const state = this.store.tenant(tenant);
    if (!state.lease || state.lease.owner !== owner || state.lease.expiresAt <= this.store.now()) return null;
    if (
      commit.kind !== 'reset' &&
      (state.epoch === null || (commit.expect && (commit.expect.epoch !== state.epoch || commit.expect.seq !== state.seq)))
    ) {
      return { conflict: { epoch: state.epoch, seq: state.seq } };
    }
    state.sweptAt = commit.sweptAt;
    state.intervalMs = commit.intervalMs;
    state.deltaLink = commit.deltaLink;
    if (commit.kind === 'swept' && state.epoch !== null) {
      this.publish(state, { epoch: state.epoch, seq: state.seq, body: { kind: 'swept', sweptAt: commit.sweptAt, intervalMs: commit.intervalMs } });
      return { epoch: state.epoch, seq: state.seq };
    }
    if (commit.kind === 'reset' || state.epoch === null) {
      state.epoch = commit.newEpoch;
      state.seq = 0;
      state.board = new Map();
      state.log = [];
    }
    for (const record of commit.upserts) state.board.set(record.id, record);
    for (const id of commit.removed) state.board.delete(id);
    if (commit.kind === 'changes' && commit.fired && commit.fired.length > 0) {
      const watches = this.store.watches(tenant);
      for (const person of commit.fired) watches.fire(person, commit.fireDueAt ?? commit.sweptAt, commit.sweptAt);
    }
    state.seq++;
    const event: StoredEvent = {
      epoch: state.epoch,
      seq: state.seq,
      body:
        commit.kind === 'reset'
          ? { kind: 'reset', sweptAt: commit.sweptAt }
          : { kind: 'changes', sweptAt: commit.sweptAt, seenAt: commit.seenAt, upserts: commit.upserts, removed: commit.removed },
    };
    state.log.push(event);
    if (state.log.length > this.store.logMax) state.log.splice(0, state.log.length - this.store.logMax);
    this.publish(state, event);
    return { epoch: state.epoch, seq: state.seq };
  }

  private publish(state: TenantState, event: StoredEvent): void {
    // Delivered later, as pub/sub is: never inside the committer's call.
    for (const listener of state.listeners) setImmediate(() => listener(event));
  }

  async load(tenant: string): Promise<BoardState | null> {
    const state = this.store.tenant(tenant);
    if (state.epoch === null) return null;
    return {
      epoch: state.epoch,
      seq: state.seq,
      records: [...state.board.values()],
      sweptAt: state.sweptAt,
      intervalMs: state.intervalMs,
      deltaLink: state.deltaLink,
    };
  }

  async eventsAfter(tenant: string, epoch: string, seq: number): Promise<StoredEvent[] | null> {
    const state = this.store.tenant(tenant);
    if (state.epoch !== epoch || seq > state.seq) return null;
    const events = state.log.filter((e) => e.seq > seq);
    if (seq < state.seq && (events.length === 0 || events[0]!.seq !== seq + 1)) return null;
    return events;
  }

  async subscribe(tenant: string, listener: (event: StoredEvent) => void): Promise<() => Promise<void>> {
    const state = this.store.tenant(tenant);
    state.listeners.add(listener);
    return async () => {
      state.listeners.delete(listener);
    };
  }

  async putTicket(hash: string, value: string, ttlMs: number): Promise<void> {
    this.store.tickets.set(hash, { value, expiresAt: this.store.now() + ttlMs });
  }

  async takeTicket(hash: string): Promise<string | null> {
    const ticket = this.store.tickets.get(hash);
    this.store.tickets.delete(hash);
    // Expired tickets go at most once a second (not a scan of every ticket on every redeem).
    if (this.store.now() - this.lastPrune >= 1_000) {
      this.lastPrune = this.store.now();
      for (const [key, t] of this.store.tickets) if (t.expiresAt <= this.store.now()) this.store.tickets.delete(key);
    }
    return ticket && ticket.expiresAt > this.store.now() ? ticket.value : null;
  }

  async createWatch(tenant: string, watch: Watch, max: number, now: number): Promise<CreateWatchResult> {
    const watches = this.store.watches(tenant);
    watches.purge(now);
    for (const id of watches.byWatcher.get(watch.watcher) ?? []) {
      const existing = watches.data.get(id)!;
      if (existing.personId === watch.personId) return { watch: existing, created: false };
    }
    if ((watches.byWatcher.get(watch.watcher)?.size ?? 0) >= max) return { full: true };
    watches.arm({ ...watch });
    return { watch, created: true };
  }

  async listWatches(tenant: string, watcher: string, now: number): Promise<Watch[]> {
    const watches = this.store.watches(tenant);
    return [...(watches.byWatcher.get(watcher) ?? [])].map((id) => watches.data.get(id)!).filter((w) => w.expiresAt > now);
  }

  async deleteWatch(tenant: string, watcher: string, id: string, now: number): Promise<boolean> {
    const watches = this.store.watches(tenant);
    const watch = watches.data.get(id);
    if (!watch || watch.watcher !== watcher) return false;
    // Being sent now (a claim that has not run out): too late to withdraw.
    if (watches.claims.get(id)?.owner && (watches.due.get(id) ?? 0) > now) return false;
    watches.forget(id);
    return true;
  }

  async dueWatches(tenant: string, now: number, limit: number): Promise<string[]> {
    const due = [...this.store.watches(tenant).due].filter(([, at]) => at <= now);
    due.sort((a, b) => a[1] - b[1]);
    return due.slice(0, limit).map(([id]) => id);
  }

  async claimWatch(tenant: string, id: string, owner: string, leaseMs: number, now: number): Promise<{ watch: Watch; attempt: number } | null> {
    const lease = this.store.tenant(tenant).lease;
    if (!lease || lease.owner !== owner || lease.expiresAt <= this.store.now()) return null;
    const watches = this.store.watches(tenant);
    const watch = watches.data.get(id);
    const dueAt = watches.due.get(id);
    if (!watch || dueAt === undefined || dueAt > now) return null;
    if (watch.expiresAt <= now) {
      watches.forget(id);
      return null;
    }
    const attempt = (watches.claims.get(id)?.attempt ?? 0) + 1;
    watches.claims.set(id, { attempt, owner });
    watches.due.set(id, now + leaseMs);
    return { watch: { ...watch }, attempt };
  }

  async finishWatch(tenant: string, id: string, owner: string, attempt: number, outcome: SendOutcome, now: number): Promise<boolean> {
    const watches = this.store.watches(tenant);
    const claim = watches.claims.get(id);
    if (!claim || claim.attempt !== attempt || claim.owner !== owner) return false;
    if (outcome.kind === 'retry') {
      watches.claims.set(id, { attempt, owner: null });
      watches.due.set(id, outcome.retryAt);
    } else {
      watches.forget(id);
      if (outcome.kind === 'sent') watches.sent.set(id, now);
    }
    return true;
  }

  async purgeExpiredWatches(tenant: string, now: number): Promise<number> {
    return this.store.watches(tenant).purge(now);
  }

  async watchCounts(tenant: string): Promise<WatchCounts> {
    const watches = this.store.watches(tenant);
    return { armed: watches.data.size - watches.due.size, pending: watches.due.size };
  }

  isUp(): boolean {
    return true;
  }

  onHealth(): void {
    // Memory is always there.
  }

  onResync(): void {
    // In-process delivery is never lost.
  }

  async close(): Promise<void> {
    // Nothing to close.
  }
}
