import type { Backplane, BoardState, Commit, CommitResult, PresenceRecord, StoredEvent } from './types';

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
