import { randomBytes } from 'node:crypto';
import { abortableSleep, type GraphClient } from '../src/graph/client';
import { chunkEvenly, getPresences, MAX_IDS_PER_PRESENCE_CALL } from '../src/graph/presence';
import { syncDirectory } from './directory';
import type { Logger } from './log';
import { errorText } from './log';
import { describePlan, Pacer, planSweep, type PacingOptions, type SweepPlan } from './pacing';
import { isConflict, type Backplane, type PresenceRecord } from './types';
import { becameAvailable } from './watches';

export interface SweeperOptions extends PacingOptions {
  tenant: string;
  backplane: Backplane;
  client: GraphClient;
  /** This instance's id: the lease's value. */
  owner: string;
  log: Logger;
  /** How long a lease lasts unless renewed (default 15 s); renewed every third of it. */
  leaseTtlMs?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The newest board this instance has heard of (its hub): a stored board older than it was rolled back. */
  highWater?: () => { epoch: string | null; seq: number } | null;
  /** How long a fired watch waits before it may be sent (an open tab may withdraw it meanwhile: notifier.ts); default 0. */
  watchGraceMs?: number;
  /** Told after a commit that turned someone Available (the notifier looks for due watches then). */
  onAvailable?: () => void;
  /**
   * How long after a partitioned full listing the directory is listed again by a full delta round
   * (default DIRECTORY_RECHECK_MS; Infinity: never). See DIRECTORY_RECHECK_MS.
   */
  directoryRecheckMs?: number;
}

/**
 * The partitioned listing (relay/directory.ts) reads Graph's advanced-query index, which is
 * eventually consistent ("the requestor must set the ConsistencyLevel header to eventual",
 * https://learn.microsoft.com/graph/aad-advanced-queries): someone who joined or left shortly
 * before the round's mark may be missing from it, or still in it, and their change came before
 * the mark, so no later delta round reports it. Graph documents no bound on that lag; once, this
 * long after a partitioned listing, the directory is listed again by a full delta round (what
 * Graph's change tracking itself holds), and its delta link is kept from then on.
 */
export const DIRECTORY_RECHECK_MS = 10 * 60_000;

/** The store holds another board than the sweeper's (emptied, rolled back, or moved on): load again and sweep at once. */
export class BoardMovedError extends Error {
  override readonly name = 'BoardMovedError';
}

/** Longest availability or activity kept (Graph's longest is 23 characters), and longest message (Teams allows 280). */
export const MAX_STATUS_CHARS = 64;
export const MAX_MESSAGE_CHARS = 2_000;

/**
 * A record as the relay keeps and sends it, whatever Graph sent: the id in lower case, strings cut
 * to a sane length, so one broken or hostile answer cannot make every snapshot (and every viewer's
 * memory) huge.
 */
export function boundedRecord(raw: PresenceRecord): PresenceRecord {
  const cut = (text: string | null, max: number) => (text !== null && text.length > max ? `${text.slice(0, max - 1)}…` : text);
  return {
    id: raw.id.toLowerCase(),
    availability: raw.availability.slice(0, MAX_STATUS_CHARS),
    activity: raw.activity.slice(0, MAX_STATUS_CHARS),
    statusMessage: cut(raw.statusMessage, MAX_MESSAGE_CHARS),
    isOutOfOffice: raw.isOutOfOffice,
    outOfOfficeMessage: cut(raw.outOfOfficeMessage ?? null, MAX_MESSAGE_CHARS),
    // Already one of office / remote / timeOff or null (graph/presence.ts); absent where the tenant has none.
    ...(raw.workLocation === undefined ? {} : { workLocation: raw.workLocation }),
  };
}

export function samePresence(a: PresenceRecord, b: PresenceRecord): boolean {
  return (
    a.availability === b.availability &&
    a.activity === b.activity &&
    a.isOutOfOffice === b.isOutOfOffice &&
    a.statusMessage === b.statusMessage &&
    (a.outOfOfficeMessage ?? null) === (b.outOfOfficeMessage ?? null) &&
    (a.workLocation ?? null) === (b.workLocation ?? null)
  );
}

/**
 * One tenant's sweep loop on one instance. Every instance runs one; only the holder of the tenant's
 * lease sweeps: the directory by users delta, then presence in calls of at most 650 ids paced to
 * the budget share, committing what changed chunk by chunk (fenced by the lease).
 */
export class TenantSweeper {
  readonly tenant: string;
  holding = false;
  plan: SweepPlan;
  sweeps = 0;
  failures = 0;
  private directory = new Set<string>();
  private deltaLink: string | null = null;
  private board = new Map<string, PresenceRecord>();
  private needsLoad = true;
  /** The board as this sweeper last loaded or committed it: what its next commit expects to change. */
  private known: { epoch: string; seq: number } | null = null;
  private movedInARow = 0;
  private running = false;
  private stopController = new AbortController();
  private loopDone: Promise<void> = Promise.resolve();
  private readonly pacer: Pacer;
  private readonly leaseTtlMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private lastPlanLogged = -1;
  /** When the directory is to be listed again by a full delta round (after a partitioned listing), or null. */
  private recheckAt: number | null = null;

  constructor(private readonly options: SweeperOptions) {
    this.tenant = options.tenant;
    this.leaseTtlMs = options.leaseTtlMs ?? 15_000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? abortableSleep;
    this.plan = planSweep(0, options);
    this.pacer = new Pacer(this.plan.spacingMs, this.now, this.sleep);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopController = new AbortController();
    this.loopDone = this.loop();
  }

  /** Stops sweeping and gives the lease up, so another instance takes over at once (`release: false` plays a crash). */
  async stop({ release = true }: { release?: boolean } = {}): Promise<void> {
    this.running = false;
    this.stopController.abort(new Error('stopped'));
    await this.loopDone;
    if (this.holding && release) await this.options.backplane.releaseLease(this.tenant, this.options.owner).catch(() => undefined);
    this.holding = false;
  }

  private async pause(ms: number, signal: AbortSignal): Promise<void> {
    await this.sleep(ms, signal).catch(() => undefined);
  }

  private async loop(): Promise<void> {
    const stop = this.stopController.signal;
    while (this.running) {
      let held = false;
      try {
        held = await this.options.backplane.acquireLease(this.tenant, this.options.owner, this.leaseTtlMs);
      } catch (error) {
        if (this.holding) this.options.log('warn', 'lease unreachable: not sweeping', { tenant: this.tenant, error: errorText(error) });
      }
      if (held && !this.holding) this.options.log('info', 'took the sweep lease', { tenant: this.tenant, owner: this.options.owner });
      if (!held && this.holding) this.options.log('warn', 'lost the sweep lease', { tenant: this.tenant });
      if (!held) this.needsLoad = true;
      this.holding = held;
      if (!held) {
        await this.pause(this.leaseTtlMs / 3, stop);
        continue;
      }
      const started = this.now();
      const sweepAbort = new AbortController();
      const signal = AbortSignal.any([stop, sweepAbort.signal]);
      // Renew the lease while the sweep runs; losing it stops the sweep.
      const renew = setInterval(() => {
        this.options.backplane
          .acquireLease(this.tenant, this.options.owner, this.leaseTtlMs)
          .then((still) => {
            if (!still) sweepAbort.abort(new Error('lease lost'));
          })
          .catch(() => sweepAbort.abort(new Error('lease unreachable')));
      }, this.leaseTtlMs / 3);
      let ok = false;
      let again = false;
      try {
        await this.sweep(signal);
        ok = true;
        this.failures = 0;
        this.movedInARow = 0;
      } catch (error) {
        if (!this.running) break;
        this.needsLoad = true;
        if (error instanceof BoardMovedError && ++this.movedInARow <= 3) {
          // Not Graph's fault and nothing to back off from: sweep the store's board now.
          again = true;
          this.options.log('warn', 'the stored board changed under the sweep; sweeping again', { tenant: this.tenant, why: error.message });
        } else {
          this.failures++;
          this.options.log('warn', 'sweep failed', { tenant: this.tenant, error: errorText(error), failures: this.failures });
        }
      } finally {
        clearInterval(renew);
      }
      if (again) continue;
      // Sleep until the next sweep, renewing the lease on the way (a failed sweep backs off, up to 5 minutes).
      const interval = ok ? this.plan.intervalMs : Math.min(300_000, this.plan.intervalMs * 2 ** Math.min(this.failures, 5));
      let due = started + interval;
      while (this.running && this.now() < due) {
        await this.pause(Math.min(due - this.now(), this.leaseTtlMs / 3), stop);
        if (!this.running || this.now() >= due) break;
        const still = await this.options.backplane.acquireLease(this.tenant, this.options.owner, this.leaseTtlMs).catch(() => false);
        if (!still) {
          this.holding = false;
          this.needsLoad = true;
          this.options.log('warn', 'lost the sweep lease', { tenant: this.tenant });
          due = 0;
        }
      }
    }
  }

  /** Whether a stored board is older than one already committed or heard of in its epoch (a rollback). */
  private isRolledBack(state: { epoch: string; seq: number }): boolean {
    return [this.known, this.options.highWater?.() ?? null].some((k) => k !== null && k.epoch === state.epoch && state.seq < k.seq);
  }

  /** One sweep. Public for tests. */
  async sweep(signal?: AbortSignal): Promise<void> {
    const { backplane, tenant, owner, client } = this.options;
    let fresh = false;
    if (this.needsLoad) {
      const state = await backplane.load(tenant);
      const rolledBack = state !== null && this.isRolledBack(state);
      if (state && !rolledBack) {
        this.board = new Map(state.records.map((r) => [r.id, r]));
        this.directory = new Set(this.board.keys());
        this.deltaLink = state.deltaLink;
        this.known = { epoch: state.epoch, seq: state.seq };
      } else {
        // Nothing stored (a first start, or a Redis that lost its data), or older data than viewers have seen
        // (a replica that was behind: its seq numbers would be used again for other changes). This sweep
        // lists everyone and makes a new board, with a new epoch.
        if (rolledBack) this.options.log('warn', 'the stored board is older than one already seen: starting a new one', { tenant });
        this.board = new Map();
        this.directory = new Set();
        this.deltaLink = null;
        this.known = null;
        fresh = true;
      }
      this.needsLoad = false;
    }

    const recheck = this.recheckAt !== null && this.now() >= this.recheckAt;
    const directory = recheck
      ? await syncDirectory(client, null, signal, { fullListing: 'delta' })
      : await syncDirectory(client, this.deltaLink, signal);
    if (directory.full) {
      this.recheckAt = directory.how === 'partitioned' ? this.now() + (this.options.directoryRecheckMs ?? DIRECTORY_RECHECK_MS) : null;
      // How everyone was listed (relay/directory.ts): in partitions, or by delta pages when the server refused them.
      this.options.log(directory.fellBack === null ? 'info' : 'warn', 'listed the directory', {
        tenant,
        people: directory.present.size,
        how: directory.how,
        graphRequests: directory.pages,
        ...(directory.listing ? { partitions: directory.listing.partitions, readInSequence: directory.listing.fellBack } : {}),
        ...(directory.fellBack === null ? {} : { fellBack: directory.fellBack }),
      });
    }
    let removed: string[];
    if (directory.full) {
      removed = [...this.directory].filter((id) => !directory.present.has(id));
      this.directory = new Set(directory.present);
    } else {
      for (const id of directory.present) this.directory.add(id);
      for (const id of directory.removed) this.directory.delete(id);
      removed = [...directory.removed];
    }
    removed = removed.filter((id) => this.board.has(id));

    this.plan = planSweep(this.directory.size, this.options);
    this.pacer.spacingMs = this.plan.spacingMs;
    if (this.plan.people !== this.lastPlanLogged) {
      this.lastPlanLogged = this.plan.people;
      this.options.log('info', describePlan(this.plan), { tenant });
    }

    const newEpoch = randomBytes(6).toString('base64url');
    const commit = async (
      kind: 'changes' | 'reset' | 'swept',
      upserts: PresenceRecord[],
      gone: string[],
      seenAt: number,
      fired: string[] = [],
    ) => {
      const done = await backplane.commit(tenant, owner, {
        kind,
        upserts,
        removed: gone,
        sweptAt: this.now(),
        seenAt,
        intervalMs: this.plan.intervalMs,
        deltaLink: this.deltaLink,
        newEpoch,
        expect: kind === 'reset' ? null : this.known,
        ...(fired.length > 0 ? { fired, fireDueAt: this.now() + (this.options.watchGraceMs ?? 0) } : {}),
      });
      if (isConflict(done)) {
        throw new BoardMovedError(
          done.conflict.epoch === null ? 'the store has no board (emptied)' : 'the store holds another board than the one swept',
        );
      }
      if (done) this.known = done;
      else if (kind !== 'swept') throw new Error('the sweep lease was lost before the commit');
    };

    const ids = [...this.directory];
    const chunks = chunkEvenly(ids, MAX_IDS_PER_PRESENCE_CALL);
    const all: PresenceRecord[] = [];
    let pendingRemoved = removed;
    for (const chunk of chunks) {
      await this.pacer.wait(signal);
      const records = await getPresences(client, chunk, signal);
      const seenAt = this.now();
      const changed: PresenceRecord[] = [];
      // Turned Available in this call: their watches fire with the commit (the board the store holds is this
      // sweeper's own, the commit is fenced on it, so "before" is the stored one).
      const fired: string[] = [];
      for (const raw of records) {
        const record = boundedRecord(raw);
        if (!this.directory.has(record.id)) continue;
        const before = this.board.get(record.id);
        if (!before || !samePresence(before, record)) changed.push(record);
        if (!fresh && becameAvailable(before, record)) fired.push(record.id);
        if (fresh) all.push(record);
      }
      if (!fresh && (changed.length > 0 || pendingRemoved.length > 0)) {
        await commit('changes', changed, pendingRemoved, seenAt, fired);
        if (fired.length > 0) this.options.onAvailable?.();
        for (const id of pendingRemoved) this.board.delete(id);
        pendingRemoved = [];
      }
      for (const record of changed) this.board.set(record.id, record);
    }
    this.deltaLink = directory.deltaLink;
    if (fresh) {
      for (const id of removed) this.board.delete(id);
      await commit('reset', all, [], this.now());
    } else if (pendingRemoved.length > 0) {
      await commit('changes', [], pendingRemoved, this.now());
      for (const id of pendingRemoved) this.board.delete(id);
    }
    // Saves the delta link and tells every instance the sweep is done (fresh data).
    await commit('swept', [], [], this.now());
    this.sweeps++;
  }
}
