/**
 * The relay's view of the directory: who is in it, kept by the users delta query.
 *
 * A full round (the first, or after Graph says the stored link is stale) lists everyone. It asks
 * first for a delta link that marks "now" (`$deltatoken=latest`: "Resources stored in Microsoft
 * Entra ID (such as users and groups) support 'sync from now' scenarios … the response contains an
 * @odata.deltaLink and no resource data", https://learn.microsoft.com/graph/delta-query-overview),
 * then lists everyone's ids in parallel partitions through `$batch` (src/graph/partitionedUsers.ts,
 * as the board does), instead of one chain of delta pages. Whoever joins or leaves while the
 * listing is read is in the next incremental round, which starts from that mark. When the server
 * refuses the mark or the listing (400, 403, 404, 501) or the listing is cut short, the round is
 * the full delta round as before (one chain of `/users/delta` pages ending in a delta link).
 * Incremental rounds are the delta link's changes, as before.
 */
import { createBatchingClient } from '../src/graph/batch';
import type { GraphClient, GraphRequest } from '../src/graph/client';
import { isUnderBaseUrl } from '../src/graph/endpoints';
import { GraphError } from '../src/graph/errors';
import { listUsersPartitioned, type ListingReport } from '../src/graph/partitionedUsers';
import { isObjectId } from '../src/graph/presence';

/** The relay asks the directory only for ids: presence is all it sweeps, and ids are all a delta round must carry. */
export const DELTA_START = '/users/delta?$select=id';
/** A delta link from now on, listing no one ("sync from now"; see the header). */
export const DELTA_LATEST = `${DELTA_START}&$deltatoken=latest`;
/** A round that keeps naming next pages past this is cut off (about a million people at Graph's page sizes). */
export const MAX_DELTA_PAGES = 5_000;

export interface DirectorySync {
  /** True when this was a full listing (first round, or after Graph said to start over): `present` is everyone. */
  full: boolean;
  /** Ids listed (full) or added/changed (incremental). */
  present: Set<string>;
  /** Ids Graph reported `@removed` (deleted, or no longer visible). */
  removed: Set<string>;
  /** Where the next round starts. */
  deltaLink: string;
  /** Graph requests the round made for the directory (each request inside a `$batch` counts). */
  pages: number;
  /**
   * How a full round listed everyone: 'partitioned' (a mark, then the partitioned listing) or
   * 'delta' (one chain of delta pages: asked for, or the fall back); 'changes' for an incremental round.
   */
  how: 'partitioned' | 'delta' | 'changes';
  /** Why a full round that should have been partitioned was a delta round after all (what the server refused). */
  fellBack: string | null;
  /** The partitioned listing's own report (partitions, splits, whether it read in sequence after all). */
  listing: ListingReport | null;
}

export interface SyncOptions {
  /** How a full round lists everyone: 'partitioned' (default) or 'delta' (one chain of delta pages, as before). */
  fullListing?: 'partitioned' | 'delta';
}

interface DeltaPage {
  value?: unknown;
  '@odata.nextLink'?: unknown;
  '@odata.deltaLink'?: unknown;
}

/** Graph's ways of saying a delta token is no longer good: 410 Gone, or a 400 naming an expired token or lost sync state. */
export function isStaleDeltaToken(error: unknown): boolean {
  if (!(error instanceof GraphError)) return false;
  if (error.status === 410) return true;
  return error.status === 400 && /expired|syncstate|resync/i.test(error.code ?? '');
}

/**
 * A stored delta link that can never work: stale, refused by Graph (any 400), not a URL, or not
 * under the Graph base URL (the client will not send the app token there). Going on with it
 * would fail every sweep for good, on every instance (the link is kept in the shared store), so
 * the round starts over with a full listing instead. Passing trouble (429, 5xx, network) is not this.
 */
function isUnusableDeltaLink(error: unknown): boolean {
  if (error instanceof TypeError) return true;
  if (!(error instanceof GraphError)) return false;
  return isStaleDeltaToken(error) || error.kind === 'untrusted-url' || error.kind === 'bad-request';
}

/** Whether a link may be kept: a URL under the Graph base URL (the client sends the app token nowhere else). */
function checkDeltaLink(deltaLink: string, client: GraphClient): void {
  // Checked now, not when the next sweep uses it: a link elsewhere is never stored.
  if (!URL.canParse(deltaLink) || !isUnderBaseUrl(new URL(deltaLink), client.baseUrl))
    throw new GraphError('bad-response', 'Microsoft Graph sent a users delta link outside the Graph base URL; it was not kept.');
}

/** One delta round from `start` to its delta link, page by page. */
async function round(client: GraphClient, start: string, full: boolean, signal?: AbortSignal): Promise<DirectorySync> {
  const present = new Set<string>();
  const removed = new Set<string>();
  let url = start;
  for (let pages = 1; pages <= MAX_DELTA_PAGES; pages++) {
    // The client sends the app token only to the configured Graph host: a link elsewhere is refused, not followed.
    const page = await client.request<DeltaPage>({ url, signal });
    if (!Array.isArray(page.value)) throw new GraphError('bad-response', 'Microsoft Graph sent a users delta page without a list.');
    for (const raw of page.value as Array<Record<string, unknown>>) {
      const id = typeof raw?.id === 'string' ? raw.id.toLowerCase() : null;
      if (id === null || !isObjectId(id)) continue;
      if (raw['@removed'] !== undefined) {
        removed.add(id);
        present.delete(id);
      } else {
        present.add(id);
        removed.delete(id);
      }
    }
    const deltaLink = page['@odata.deltaLink'];
    if (typeof deltaLink === 'string') {
      checkDeltaLink(deltaLink, client);
      return { full, present, removed, deltaLink, pages, how: full ? 'delta' : 'changes', fellBack: null, listing: null };
    }
    const next = page['@odata.nextLink'];
    if (typeof next !== 'string') throw new GraphError('bad-response', 'A users delta page named neither a next page nor a delta link.');
    url = next;
  }
  throw new GraphError('cut-short', `The users delta round kept naming more pages after ${MAX_DELTA_PAGES}.`);
}

/**
 * What the server says when it does not take a request at all (rather than failing it for now):
 * 400 (an unsupported query), 403, 404, 501. The full round then lists everyone by delta pages.
 */
function isRefusal(error: unknown): boolean {
  return error instanceof GraphError && (error.kind === 'bad-request' || error.kind === 'forbidden' || error.status === 501);
}

/** Why a full round fell back, in a few words for the log. */
function refusalText(what: string, error: unknown): string {
  return `${what}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300);
}

/** A GraphClient that counts the requests made through it other than `$batch` ones (those count by what they carry). */
function counted(client: GraphClient): GraphClient & { count: number } {
  const counter = {
    baseUrl: client.baseUrl,
    count: 0,
    get throttledCount() {
      return client.throttledCount;
    },
    request<T>(request: GraphRequest): Promise<T> {
      if (request.url !== '/$batch') counter.count++;
      return client.request<T>(request);
    },
  };
  return counter;
}

/**
 * Everyone's ids, in parallel partitions through `$batch` (partitionedUsers.ts: each person once,
 * the union checked against the directory's count, read in sequence on any doubt). A listing cut
 * short (more pages than the directory's count allows) is thrown: a full round must hold everyone.
 */
async function listEveryone(
  client: GraphClient,
  signal?: AbortSignal,
): Promise<{ ids: Set<string>; requests: number; report: ListingReport | null }> {
  const requests = counted(client);
  const batching = createBatchingClient(requests);
  let report: ListingReport | null = null;
  const ids = new Set<string>();
  for await (const page of listUsersPartitioned(batching, { signal, fields: 'basic', onReport: (r) => (report = r) })) {
    if (page.cut) throw page.cut;
    for (const user of page.users) {
      const id = user.id.toLowerCase();
      if (isObjectId(id)) ids.add(id);
    }
  }
  // Each request inside a `$batch` is a Graph request (Graph limits them one by one); the `$batch` itself is not one more.
  return { ids, requests: requests.count + batching.sent.carried, report };
}

/**
 * A full round: the mark (a delta link from now on), then everyone listed in partitions; on a
 * refusal of either, the full delta round as before. See the header.
 */
async function fullRound(client: GraphClient, signal: AbortSignal | undefined, options: SyncOptions): Promise<DirectorySync> {
  if (options.fullListing === 'delta') return round(client, DELTA_START, true, signal);
  let mark: DirectorySync;
  try {
    mark = await round(client, DELTA_LATEST, true, signal);
  } catch (error) {
    if (!isRefusal(error)) throw error;
    return { ...(await round(client, DELTA_START, true, signal)), fellBack: refusalText('$deltatoken=latest refused', error) };
  }
  // A server that does not know `latest` and listed everyone instead has made a full delta round: it is kept.
  if (mark.pages > 1 || mark.present.size > 0 || mark.removed.size > 0) return { ...mark, fellBack: '$deltatoken=latest listed everyone' };
  let listed: Awaited<ReturnType<typeof listEveryone>>;
  try {
    listed = await listEveryone(client, signal);
  } catch (error) {
    if (!isRefusal(error) && !(error instanceof GraphError && error.kind === 'cut-short')) throw error;
    const delta = await round(client, DELTA_START, true, signal);
    return { ...delta, pages: delta.pages + mark.pages, fellBack: refusalText('the partitioned listing failed', error) };
  }
  return {
    full: true,
    present: listed.ids,
    removed: new Set(),
    deltaLink: mark.deltaLink,
    pages: mark.pages + listed.requests,
    how: 'partitioned',
    fellBack: null,
    listing: listed.report,
  };
}

/**
 * One users delta round: the first (no deltaLink) lists everyone; later ones only changes. When
 * Graph says the token is stale, starts over with a full listing in the same call.
 */
export async function syncDirectory(
  client: GraphClient,
  deltaLink: string | null,
  signal?: AbortSignal,
  options: SyncOptions = {},
): Promise<DirectorySync> {
  if (deltaLink === null) return fullRound(client, signal, options);
  try {
    return await round(client, deltaLink, false, signal);
  } catch (error) {
    if (!isUnusableDeltaLink(error)) throw error;
    return fullRound(client, signal, options);
  }
}
