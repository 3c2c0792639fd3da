import type { GraphClient } from '../src/graph/client';
import { isUnderBaseUrl } from '../src/graph/endpoints';
import { GraphError } from '../src/graph/errors';
import { isObjectId } from '../src/graph/presence';

/** The relay asks the directory only for ids: presence is all it sweeps, and ids are all a delta round must carry. */
export const DELTA_START = '/users/delta?$select=id';
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
  pages: number;
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
      // Checked now, not when the next sweep uses it: a link elsewhere is never stored.
      if (!URL.canParse(deltaLink) || !isUnderBaseUrl(new URL(deltaLink), client.baseUrl))
        throw new GraphError('bad-response', 'Microsoft Graph sent a users delta link outside the Graph base URL; it was not kept.');
      return { full, present, removed, deltaLink, pages };
    }
    const next = page['@odata.nextLink'];
    if (typeof next !== 'string') throw new GraphError('bad-response', 'A users delta page named neither a next page nor a delta link.');
    url = next;
  }
  throw new GraphError('cut-short', `The users delta round kept naming more pages after ${MAX_DELTA_PAGES}.`);
}

/**
 * One users delta round: the first (no deltaLink) lists everyone; later ones only changes. When
 * Graph says the token is stale, starts over with a full listing in the same call.
 */
export async function syncDirectory(client: GraphClient, deltaLink: string | null, signal?: AbortSignal): Promise<DirectorySync> {
  if (deltaLink === null) return round(client, DELTA_START, true, signal);
  try {
    return await round(client, deltaLink, false, signal);
  } catch (error) {
    if (!isUnusableDeltaLink(error)) throw error;
    return round(client, DELTA_START, true, signal);
  }
}
