import type { ServerResponse } from 'node:http';
import type { Logger } from './log';
import { errorText } from './log';
import type { Backplane, BoardState, PresenceRecord, StoredEvent } from './types';

export interface HubOptions {
  tenant: string;
  backplane: Backplane;
  log: Logger;
  /** Events kept in memory for resuming viewers (default 512). */
  ringSize?: number;
  /** Comment lines this often keep proxies from closing a quiet stream (default 15 s). */
  heartbeatMs?: number;
  /** A viewer whose unsent data grows past the snapshot plus this is dropped (it reconnects and resumes). */
  slowViewerBytes?: number;
  now?: () => number;
}

interface Viewer {
  res: ServerResponse;
}

/** The staleness rule: late when no sweep was seen for two intervals plus 15 s. */
export function staleAfterMs(intervalMs: number | null): number {
  return 2 * (intervalMs ?? 10_000) + 15_000;
}

function frame(event: string, data: unknown, id?: string): Buffer {
  return Buffer.from(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** "epoch:seq" as sent in `id:` lines and read back from Last-Event-ID. */
export function parseEventId(value: string | null | undefined): { epoch: string; seq: number } | null {
  if (!value) return null;
  const match = /^([A-Za-z0-9_-]{1,64}):(\d{1,15})$/.exec(value.trim());
  return match ? { epoch: match[1]!, seq: Number(match[2]) } : null;
}

/**
 * One tenant's board as this instance knows it, and its viewers: hears the backplane's events in
 * order, keeps the last few for viewers who come back, and writes each event once per viewer.
 */
export class TenantHub {
  readonly tenant: string;
  epoch: string | null = null;
  seq = 0;
  sweptAt: number | null = null;
  intervalMs: number | null = null;
  readonly board = new Map<string, PresenceRecord>();
  readonly viewers = new Set<Viewer>();
  private ring: Array<{ seq: number; frame: Buffer }> = [];
  private snapshotCache: Buffer | null = null;
  private snapshotBytes = 0;
  private chain: Promise<void> = Promise.resolve();
  private unsubscribe: (() => Promise<void>) | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private staleTimer: NodeJS.Timeout | null = null;
  private lastStale: number | null | undefined = undefined;
  private downSince: number | null = null;
  private highest: { epoch: string; seq: number } | null = null;
  private readyResolve!: () => void;
  /** Settles once the first load from the backplane has been tried. */
  readonly ready: Promise<void> = new Promise((resolve) => (this.readyResolve = resolve));
  private readonly ringSize: number;
  private readonly slowViewerBytes: number;
  private readonly now: () => number;

  constructor(private readonly options: HubOptions) {
    this.tenant = options.tenant;
    this.ringSize = options.ringSize ?? 512;
    this.slowViewerBytes = options.slowViewerBytes ?? 1_000_000;
    this.now = options.now ?? Date.now;
  }

  async start(): Promise<void> {
    const { backplane } = this.options;
    backplane.onHealth((up) => {
      if (!up) this.downSince ??= this.now();
      else {
        this.downSince = null;
        this.enqueue(() => this.reload('Redis is back'));
      }
      this.checkStale();
    });
    backplane.onResync(() => this.enqueue(() => this.reload('subscribed again')));
    if (!backplane.isUp()) this.downSince = this.now();
    try {
      this.unsubscribe = await backplane.subscribe(this.tenant, (event) => this.enqueue(() => this.apply(event)));
    } catch (error) {
      this.options.log('warn', 'could not subscribe to the tenant stream', { tenant: this.tenant, error: errorText(error) });
    }
    this.enqueue(() => this.reload('start'));
    void this.chain.then(() => this.readyResolve());
    this.heartbeat = setInterval(
      () => this.broadcast(Buffer.from(`: keep-alive ${new Date(this.now()).toISOString()}\n\n`)),
      this.options.heartbeatMs ?? 15_000,
    );
    this.staleTimer = setInterval(() => this.checkStale(), 1_000);
    this.heartbeat.unref();
    this.staleTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.staleTimer) clearInterval(this.staleTimer);
    await this.unsubscribe?.().catch(() => undefined);
    for (const viewer of this.viewers) viewer.res.end();
    this.viewers.clear();
  }

  private enqueue(task: () => Promise<void> | void): void {
    this.chain = this.chain.then(task).catch((error: unknown) => {
      this.options.log('warn', 'the tenant hub could not apply an event', { tenant: this.tenant, error: errorText(error) });
    });
  }

  /** Waits for every event heard so far to be applied (tests). */
  settled(): Promise<void> {
    return this.chain;
  }

  private async apply(event: StoredEvent): Promise<void> {
    const { body } = event;
    if (body.kind === 'swept') {
      if (event.epoch === this.epoch && event.seq <= this.seq) {
        this.sweptAt = body.sweptAt;
        this.intervalMs = body.intervalMs;
        this.checkStale();
        return;
      }
      await this.reload('a sweep from a newer board');
      return;
    }
    if (event.epoch === this.epoch && event.seq <= this.seq) return; // heard already
    if (body.kind === 'changes' && event.epoch === this.epoch && event.seq === this.seq + 1) {
      this.applyChanges(event);
      return;
    }
    if (body.kind === 'changes' && event.epoch === this.epoch) {
      // A gap (a message lost while Redis reconnected): read the log, or the whole board.
      const missed = await this.options.backplane.eventsAfter(this.tenant, this.epoch, this.seq).catch(() => null);
      if (missed) {
        for (const e of missed) if (e.seq === this.seq + 1 && e.body.kind === 'changes') this.applyChanges(e);
        if (this.seq >= event.seq) return;
      }
    }
    await this.reload(body.kind === 'reset' ? 'the board was reset' : 'a gap in the change log');
  }

  private applyChanges(event: StoredEvent): void {
    if (event.body.kind !== 'changes') return;
    const { upserts, removed, sweptAt, seenAt } = event.body;
    for (const record of upserts) this.board.set(record.id, record);
    for (const id of removed) this.board.delete(id);
    this.seq = event.seq;
    this.raiseHighWater();
    this.sweptAt = sweptAt;
    this.snapshotCache = null;
    const message = frame('changes', { seq: event.seq, sweptAt, seenAt, upserts, removed }, `${event.epoch}:${event.seq}`);
    this.ring.push({ seq: event.seq, frame: message });
    if (this.ring.length > this.ringSize) this.ring.splice(0, this.ring.length - this.ringSize);
    this.broadcast(message);
    this.checkStale();
  }

  private async reload(why: string): Promise<void> {
    let state: BoardState | null;
    try {
      state = await this.options.backplane.load(this.tenant);
    } catch (error) {
      this.options.log('warn', 'could not load the board', { tenant: this.tenant, error: errorText(error) });
      return;
    }
    if (!state) return;
    if (state.epoch === this.epoch && state.seq === this.seq) {
      this.sweptAt = state.sweptAt;
      this.intervalMs = state.intervalMs;
      return;
    }
    if (state.epoch === this.epoch && state.seq > this.seq) {
      const missed = await this.options.backplane.eventsAfter(this.tenant, state.epoch, this.seq).catch(() => null);
      if (missed && missed.every((e) => e.body.kind === 'changes')) {
        for (const e of missed) if (e.seq === this.seq + 1) this.applyChanges(e);
        if (this.seq === state.seq) return;
      }
    }
    this.board.clear();
    for (const record of state.records) this.board.set(record.id, record);
    this.epoch = state.epoch;
    this.seq = state.seq;
    this.sweptAt = state.sweptAt;
    this.intervalMs = state.intervalMs;
    this.raiseHighWater();
    this.ring = [];
    this.snapshotCache = null;
    this.options.log('info', 'board loaded', { tenant: this.tenant, why, people: this.board.size, seq: this.seq });
    if (this.viewers.size > 0) this.broadcast(this.snapshotFrame());
    this.checkStale();
  }

  /** The newest board heard of: the epoch now, and the highest seq heard in it (even when the store fell back since). */
  highWater(): { epoch: string; seq: number } | null {
    return this.highest;
  }

  private raiseHighWater(): void {
    if (this.epoch === null) return;
    if (this.highest === null || this.highest.epoch !== this.epoch) this.highest = { epoch: this.epoch, seq: this.seq };
    else if (this.seq > this.highest.seq) this.highest.seq = this.seq;
  }

  /** Since when the board is not fresh (the last sweep heard of), or null when it is. */
  staleSince(): number | null {
    if (this.downSince !== null) return this.sweptAt ?? this.downSince;
    if (this.sweptAt === null) return null;
    return this.now() - this.sweptAt > staleAfterMs(this.intervalMs) ? this.sweptAt : null;
  }

  private statusFrame(): Buffer {
    const staleSince = this.staleSince();
    return frame('status', {
      staleSince: staleSince === null ? null : new Date(staleSince).toISOString(),
      reason: staleSince === null ? null : this.downSince !== null ? 'store-unreachable' : 'sweep-late',
      sweptAt: this.sweptAt === null ? null : new Date(this.sweptAt).toISOString(),
      intervalMs: this.intervalMs,
    });
  }

  private checkStale(): void {
    const stale = this.staleSince();
    if (stale === this.lastStale) return;
    this.lastStale = stale;
    this.broadcast(this.statusFrame());
  }

  snapshotFrame(): Buffer {
    if (!this.snapshotCache) {
      const data = {
        tenantId: this.tenant,
        epoch: this.epoch,
        seq: this.seq,
        sweptAt: this.sweptAt === null ? null : new Date(this.sweptAt).toISOString(),
        intervalMs: this.intervalMs,
        presences: [...this.board.values()],
      };
      this.snapshotCache = frame('snapshot', data, this.epoch === null ? undefined : `${this.epoch}:${this.seq}`);
      this.snapshotBytes = this.snapshotCache.length;
    }
    return this.snapshotCache;
  }

  /** What a viewer that last saw `lastEventId` needs: the events it missed, or null for a snapshot. */
  private resumeFrames(lastEventId: string | null): Buffer[] | null {
    const last = parseEventId(lastEventId);
    if (!last || last.epoch !== this.epoch || last.seq > this.seq) return null;
    if (last.seq === this.seq) return [];
    const first = this.ring[0];
    if (!first || first.seq > last.seq + 1) return null;
    return this.ring.filter((e) => e.seq > last.seq).map((e) => e.frame);
  }

  /**
   * Starts a viewer's stream: its missed events (Last-Event-ID) or the whole board, then the status, then live.
   * `endAt` (epoch ms): when its token expires the stream ends; the client reconnects with a fresh one.
   * Returns false (nothing attached) when the client has already gone.
   */
  attach(res: ServerResponse, lastEventId: string | null, endAt?: number): boolean {
    if (res.destroyed || res.writableEnded || res.socket === null || res.socket.destroyed) return false;
    const viewer: Viewer = { res };
    const resumed = this.resumeFrames(lastEventId);
    res.write('retry: 2000\n\n');
    if (resumed) for (const f of resumed) res.write(f);
    else res.write(this.snapshotFrame());
    res.write(this.statusFrame());
    this.viewers.add(viewer);
    // setTimeout holds at most 2^31 - 1 ms (about 24 days); tokens last hours.
    const expiry =
      endAt === undefined
        ? null
        : setTimeout(() => {
            this.viewers.delete(viewer);
            res.end();
          }, Math.min(2_147_483_647, Math.max(0, endAt - this.now())));
    expiry?.unref();
    res.on('close', () => {
      if (expiry) clearTimeout(expiry);
      this.viewers.delete(viewer);
    });
    return true;
  }

  private broadcast(message: Buffer): void {
    const limit = this.slowViewerBytes + this.snapshotBytes + message.length;
    for (const viewer of this.viewers) {
      if (viewer.res.writableLength > limit) {
        // Too slow to keep up: drop it; it reconnects with Last-Event-ID and resumes.
        this.viewers.delete(viewer);
        viewer.res.destroy();
        continue;
      }
      viewer.res.write(message);
    }
  }
}
