import { InteractionRequiredError } from '../auth/errors';
import type { GraphClient } from '../graph/client';
import { GraphError, isAbortError } from '../graph/errors';
import { chunkEvenly, getPresences, isObjectId, MAX_IDS_PER_PRESENCE_CALL } from '../graph/presence';
import { createBatchingClient, type BatchingClient } from '../graph/batch';
import { listUsersPartitioned, type ListingReport } from '../graph/partitionedUsers';
import { listUserPages, type DirectoryScope, type UserFields, type UsersPage } from '../graph/users';
import type { PresenceRecord } from '../presence/types';
import { IdBatcher } from './idBatcher';
import { createLimiter } from './limiter';

export interface PipelineCallbacks {
  onUsersPage?: (page: UsersPage) => void;
  onPresence?: (records: PresenceRecord[]) => void;
  /** Presence could not be had for these ids (their call failed for good); the rest goes on. */
  onPresenceUnavailable?: (ids: readonly string[], error: unknown) => void;
}

export interface PipelineOptions extends PipelineCallbacks {
  signal?: AbortSignal;
  /** Presence calls in flight at once (default 4). */
  presenceConcurrency?: number;
  /** Whose people: the organisation (default) or a team's members. */
  directory?: DirectoryScope;
  /** 'basic' when Graph is known to refuse the profile fields (default: try them); may still be coming. */
  userFields?: UserFields | Promise<UserFields>;
  /** False where the cloud's Graph offers no presence (China, src/host/clouds.ts): the users only, no presence call. */
  presence?: boolean;
  /**
   * 'partitioned': the directory in parallel partitions and every call in `$batch` requests
   * (partitionedUsers.ts, batch.ts); 'sequential' (default): one chain of pages, each call on its own.
   */
  listing?: 'partitioned' | 'sequential';
  /** Told what the partitioned listing did (partitions, splits, a fall back to the sequential listing). */
  onListingReport?: (report: ListingReport) => void;
  /** Told the batching client the load uses, to count what it sent (benchmarks). */
  onBatchingClient?: (client: BatchingClient) => void;
}

/** Presence calls in flight at once when they travel in batches: four batches of 20. */
const BATCHED_PRESENCE_CONCURRENCY = 80;

/**
 * Failures that no other call would escape: the sign-in or the permission is gone, consent is
 * missing, or the server redirects (Graph never does: something between is not Graph).
 */
function failsEveryCall(error: unknown): boolean {
  return (
    error instanceof InteractionRequiredError ||
    (error instanceof GraphError && (error.kind === 'auth' || error.kind === 'forbidden' || error.kind === 'redirect'))
  );
}

/**
 * Extra calls a fetcher may spend looking for the ids Graph refuses: at least enough to isolate one
 * bad id in a full call (two calls per halving, ⌈log2 650⌉ = 10 halvings), and never more than
 * the plain calls made so far otherwise. So a load makes at most plain + max(20, plain) calls
 * whatever Graph answers: at 10,000 people, 16 + 20, where halving every refused call cost ~20,000.
 */
export const MIN_SPLIT_BUDGET = 2 * Math.ceil(Math.log2(MAX_IDS_PER_PRESENCE_CALL));

/** What one presence call came to: answered, refused as a bad request (400), or given up otherwise. */
type CallOutcome = { refused: false } | { refused: true; error: GraphError };

/**
 * Runs presence calls for id chunks within a bound on calls in flight. Ids that are not object
 * ids (GUIDs) are never sent: they are reported without presence at once. A call Graph refuses
 * (400, as one bad id causes) is searched by halving for the id to blame, as long as one half
 * passes and the split budget lasts; where both halves are refused the fault is not one id, and
 * the search stops. A call that fails for good otherwise leaves its ids without presence and the
 * rest goes on. Only a failure every call would meet (sign-in, permission, a redirect) stops the
 * work: it cancels the calls still running or waiting, and `settle()` rethrows it.
 */
export class PresenceFetcher {
  private readonly limit: ReturnType<typeof createLimiter>;
  private readonly controller = new AbortController();
  private readonly pending: Promise<void>[] = [];
  private failure: { error: unknown } | null = null;
  private plainCalls = 0;
  private splitCalls = 0;

  constructor(
    private readonly client: GraphClient,
    private readonly callbacks: PipelineCallbacks,
    concurrency: number,
    signal?: AbortSignal,
  ) {
    this.limit = createLimiter(Math.max(1, concurrency));
    if (signal?.aborted) this.controller.abort(signal.reason);
    signal?.addEventListener('abort', () => this.controller.abort(signal.reason), { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Asks for presence of these ids, in the fewest calls. */
  fetch(ids: readonly string[]): void {
    this.fetchChunks(chunkEvenly(ids, MAX_IDS_PER_PRESENCE_CALL));
  }

  /** One presence call per chunk (each at most 650 ids). */
  fetchChunks(chunks: readonly (readonly string[])[]): void {
    for (const chunk of chunks) {
      const ids = chunk.filter(isObjectId);
      if (ids.length < chunk.length) {
        const others = chunk.filter((id) => !isObjectId(id));
        // Said as far as a reader needs it: the id is the directory's, whatever its length.
        const id = String(others[0]).slice(0, 100);
        this.callbacks.onPresenceUnavailable?.(
          others,
          new GraphError('bad-request', `Presence is asked for by user object id (a GUID); the directory gave "${id}".`, {
            facts: { about: 'not-object-id', id },
          }),
        );
      }
      if (ids.length === 0) continue;
      this.plainCalls++;
      const job = this.limit(() => this.ask(ids)).catch((error: unknown) => {
        if (this.failure === null) {
          this.failure = { error };
          this.controller.abort(error);
        }
      });
      this.pending.push(job);
    }
  }

  private async ask(ids: readonly string[]): Promise<void> {
    const outcome = await this.call(ids);
    if (outcome.refused) await this.isolate(ids, outcome.error);
  }

  /** One call; throws only what stops everything. */
  private async call(ids: readonly string[]): Promise<CallOutcome> {
    const signal = this.controller.signal;
    signal.throwIfAborted();
    try {
      // Asked even when no one listens: `f?.(await g())` would skip the call itself.
      const records = await getPresences(this.client, ids, signal);
      this.callbacks.onPresence?.(records);
    } catch (error) {
      if (isAbortError(error) || signal.aborted || failsEveryCall(error)) throw error;
      if (error instanceof GraphError && error.kind === 'bad-request') return { refused: true, error };
      this.callbacks.onPresenceUnavailable?.(ids, error);
    }
    return { refused: false };
  }

  /**
   * A refused call: asks each half on its own (one slot, one call at a time) and goes on into
   * the half that is refused; where both are, or the budget is spent, its ids go without presence.
   */
  private async isolate(ids: readonly string[], error: GraphError): Promise<void> {
    if (ids.length === 1 || this.splitCalls + 2 > Math.max(MIN_SPLIT_BUDGET, this.plainCalls)) {
      this.callbacks.onPresenceUnavailable?.(ids, error);
      return;
    }
    this.splitCalls += 2;
    const middle = Math.ceil(ids.length / 2);
    const halves = [ids.slice(0, middle), ids.slice(middle)];
    const refused: Array<{ half: readonly string[]; error: GraphError }> = [];
    for (const half of halves) {
      const outcome = await this.call(half);
      if (outcome.refused) refused.push({ half, error: outcome.error });
    }
    if (refused.length === halves.length) {
      this.callbacks.onPresenceUnavailable?.(ids, error);
      return;
    }
    for (const { half, error: halfError } of refused) await this.isolate(half, halfError);
  }

  /**
   * Stops every call because `reason` ended the work elsewhere; resolves, once they have
   * stopped, to the root cause: an earlier presence failure if there was one, else `reason`.
   */
  async cancel(reason: unknown): Promise<unknown> {
    if (this.failure === null) {
      this.failure = { error: reason };
      this.controller.abort(reason);
    }
    await Promise.all(this.pending);
    return this.failure.error;
  }

  /** Waits for every call; throws the failure that stopped them, if any. */
  async settle(): Promise<void> {
    await Promise.all(this.pending);
    if (this.failure) throw this.failure.error;
  }
}

/**
 * The first load: the directory in parallel partitions (or one chain of pages: `listing`), and
 * presence for each page asked the moment that page arrives (packed into calls of 650, see
 * IdBatcher), so the board is complete about one round trip after the last users page. In the
 * partitioned listing every call travels in `$batch` requests (one preflight for all).
 */
export async function loadUsersAndPresence(client: GraphClient, options: PipelineOptions = {}): Promise<void> {
  const partitioned = options.listing === 'partitioned';
  const batching = partitioned ? createBatchingClient(client) : null;
  if (batching) options.onBatchingClient?.(batching);
  const calls = batching ?? client;
  const concurrency = options.presenceConcurrency ?? (batching ? BATCHED_PRESENCE_CONCURRENCY : 4);
  const presence = new PresenceFetcher(calls, options, concurrency, options.signal);
  if (options.presence === false) presence.fetchChunks = () => undefined;
  const batcher = new IdBatcher();
  try {
    const fields = await options.userFields;
    const pages = batching
      ? listUsersPartitioned(batching, { signal: presence.signal, directory: options.directory, fields, onReport: options.onListingReport })
      : listUserPages(client, presence.signal, options.directory, fields);
    for await (const page of pages) {
      options.onUsersPage?.(page);
      presence.fetchChunks(batcher.add(page.users.map((u) => u.id)));
    }
  } catch (error) {
    // A presence failure aborts the users listing too: then the presence failure is the cause.
    if (presence.signal.aborted || failsEveryCall(error)) throw await presence.cancel(error);
    // The listing broke off (a refused link, a page that kept failing): the people listed so
    // far still get their presence, then the failure is reported.
    presence.fetchChunks(batcher.flush());
    await presence.settle();
    throw error;
  }
  presence.fetchChunks(batcher.flush());
  await presence.settle();
}

/** Presence only, for ids already known (a refresh). */
export async function refreshPresence(client: GraphClient, ids: readonly string[], options: PipelineOptions = {}): Promise<void> {
  if (options.presence === false) return;
  const presence = new PresenceFetcher(client, options, options.presenceConcurrency ?? 4, options.signal);
  presence.fetch(ids);
  await presence.settle();
}
