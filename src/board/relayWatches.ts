import type { RelayTokenGetter } from './relayToken';

/** A watch as the relay keeps it (docs/relay.md, "Watches"). */
export interface RelayWatch {
  id: string;
  personId: string;
  /** ms since the epoch. */
  createdAt: number;
  expiresAt: number;
}

/**
 * Why the relay did not do what was asked:
 * - `cap`: the viewer holds as many watches as the relay allows (`max`);
 * - `refused`: the relay refused the viewer's token (401/403, after one fresh token);
 * - `down`: no answer, or a server error: the relay cannot be reached now;
 * - `bad-request`: the relay refused what was sent (400);
 * - `bad-answer`: the relay answered something this client cannot read;
 * - `off`: this relay keeps no watches (404 `watches-off`, or an older relay's 404): watches stay in the tab.
 */
export type RelayWatchErrorKind = 'cap' | 'refused' | 'down' | 'bad-request' | 'bad-answer' | 'off';

export class RelayWatchError extends Error {
  override readonly name = 'RelayWatchError';
  constructor(
    readonly kind: RelayWatchErrorKind,
    message: string,
    /** The relay's cap on watches per viewer, where it said (kind `cap`). */
    readonly max: number | null = null,
  ) {
    super(message);
  }
}

export interface RelayWatchClient {
  /** Registers a watch on `personId` (the one already there, if it is watched). */
  create(personId: string): Promise<RelayWatch>;
  /** The viewer's own watches, and how many the relay allows. */
  list(): Promise<{ watches: RelayWatch[]; max: number | null }>;
  /** Removes a watch; one the relay no longer has (fired, expired) counts as removed. */
  remove(id: string): Promise<void>;
}

export interface RelayWatchClientOptions {
  /** The relay's base URL, already checked (https, or http on loopback). */
  relayUrl: string;
  /** A token for the relay's own scope, never the Graph token (src/board/relayToken.ts). */
  relayToken: RelayTokenGetter;
  fetch?: typeof fetch;
}

const WATCH_ID = /^[\w.:-]{1,128}$/;
const PERSON_ID = /^[0-9a-z._@-]{1,64}$/i;

/** A time from the relay: an ISO string or ms since the epoch; NaN when neither. */
function timeOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Date.parse(value);
  return NaN;
}

/** A watch from the relay's JSON, checked field by field; null when malformed. */
export function parseRelayWatch(value: unknown): RelayWatch | null {
  if (typeof value !== 'object' || value === null) return null;
  const w = value as Record<string, unknown>;
  if (typeof w.id !== 'string' || !WATCH_ID.test(w.id)) return null;
  if (typeof w.personId !== 'string' || !PERSON_ID.test(w.personId)) return null;
  const createdAt = timeOf(w.createdAt);
  const expiresAt = timeOf(w.expiresAt);
  if (!Number.isFinite(createdAt) || !Number.isFinite(expiresAt)) return null;
  return { id: w.id, personId: w.personId.toLowerCase(), createdAt, expiresAt };
}

const maxOf = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null);

/**
 * The relay's watch API (`/v1/watches`), as the tab uses it: the relay token goes in the
 * Authorization header to the relay's own host only (no redirects followed, no cookies). A 401 is
 * tried once more with a fresh token; every other failure is a RelayWatchError saying which.
 */
export function createRelayWatchClient({
  relayUrl,
  relayToken,
  fetch: doFetch = (i, o) => fetch(i, o),
}: RelayWatchClientOptions): RelayWatchClient {
  const call = async (method: string, path: string, body?: unknown): Promise<Response> => {
    let forceRefresh = false;
    for (;;) {
      let token: string;
      try {
        token = await relayToken({ forceRefresh });
      } catch (error) {
        throw new RelayWatchError('refused', `no token for the relay (${error instanceof Error ? error.message : String(error)})`);
      }
      let response: Response;
      try {
        response = await doFetch(`${relayUrl}${path}`, {
          method,
          headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          redirect: 'error',
          credentials: 'omit',
          cache: 'no-store',
        });
      } catch (error) {
        throw new RelayWatchError('down', `the relay could not be reached (${error instanceof Error ? error.message : String(error)})`);
      }
      if (response.status === 401 && !forceRefresh) {
        forceRefresh = true;
        continue;
      }
      return response;
    }
  };
  const json = async (response: Response): Promise<Record<string, unknown>> => {
    try {
      const value: unknown = await response.json();
      if (typeof value === 'object' && value !== null) return value as Record<string, unknown>;
    } catch {
      // Said below.
    }
    throw new RelayWatchError('bad-answer', `the relay's answer (${response.status}) is not the JSON object it should be`);
  };
  const failure = async (response: Response): Promise<RelayWatchError> => {
    if (response.status === 401 || response.status === 403)
      return new RelayWatchError('refused', `the relay refused the token (${response.status})`);
    if (response.status === 429) {
      const body = await json(response).catch(() => ({}) as Record<string, unknown>);
      if (body.error === 'too-many-watches') {
        const max = maxOf(body.max);
        return new RelayWatchError('cap', `the relay holds at most ${max ?? 'a set number of'} watches per person`, max);
      }
      return new RelayWatchError('down', 'the relay is busy (429)');
    }
    // A relay without watches (RELAY watches off), or one older than them: the tab keeps its watches itself.
    if (response.status === 404) return new RelayWatchError('off', 'this relay keeps no watches');
    if (response.status === 400) return new RelayWatchError('bad-request', 'the relay refused the request (400)');
    if (response.status >= 500) return new RelayWatchError('down', `the relay answered ${response.status}`);
    return new RelayWatchError('bad-answer', `the relay answered ${response.status}`);
  };

  return {
    async create(personId) {
      const response = await call('POST', '/v1/watches', { personId });
      if (response.status !== 201 && response.status !== 200) throw await failure(response);
      const watch = parseRelayWatch((await json(response)).watch);
      if (!watch) throw new RelayWatchError('bad-answer', "the relay's watch is malformed");
      return watch;
    },
    async list() {
      const response = await call('GET', '/v1/watches');
      if (response.status !== 200) throw await failure(response);
      const body = await json(response);
      if (!Array.isArray(body.watches)) throw new RelayWatchError('bad-answer', "the relay's list of watches is malformed");
      const watches = body.watches.map(parseRelayWatch).filter((w): w is RelayWatch => w !== null);
      return { watches, max: maxOf(body.max) };
    },
    async remove(id) {
      if (!WATCH_ID.test(id)) throw new RelayWatchError('bad-request', 'not a watch id');
      const response = await call('DELETE', `/v1/watches/${encodeURIComponent(id)}`);
      if (response.status === 204 || response.status === 200) return;
      if (response.status === 404) {
        const body = await json(response).catch(() => ({}) as Record<string, unknown>);
        if (body.error === 'watches-off') throw new RelayWatchError('off', 'this relay keeps no watches');
        // Not (or no longer) there: fired and told, or expired.
        return;
      }
      throw await failure(response);
    },
  };
}

/** An activity feed notification the emulated tenant accepted for the viewer (demo mode only). */
export interface SentNotification {
  /** ms since the epoch. */
  at: number;
  /** The notification's preview text, as Teams' activity feed shows it. */
  text: string;
}

/**
 * Demo mode only: the activity feed notifications the relay's emulated tenant accepted for this
 * viewer (`GET /demo/activityNotifications`, the latest 50), newest first, for the "Notifications
 * sent" part of the list of watches. The token goes to the relay's own host only.
 */
export function demoSentNotifications({
  relayUrl,
  relayToken,
  fetch: doFetch = (i, o) => fetch(i, o),
}: RelayWatchClientOptions): () => Promise<SentNotification[]> {
  return async () => {
    const token = await relayToken({ forceRefresh: false });
    const response = await doFetch(`${relayUrl}/demo/activityNotifications`, {
      headers: { Authorization: `Bearer ${token}` },
      redirect: 'error',
      credentials: 'omit',
      cache: 'no-store',
    });
    if (!response.ok) throw new RelayWatchError(response.status >= 500 ? 'down' : 'bad-answer', `the relay answered ${response.status}`);
    const body = (await response.json().catch(() => null)) as { notifications?: unknown } | null;
    if (!Array.isArray(body?.notifications)) throw new RelayWatchError('bad-answer', "the relay's list of notifications is malformed");
    const sent: SentNotification[] = [];
    for (const item of body.notifications as unknown[]) {
      const n = item as { at?: unknown; previewText?: { content?: unknown } } | null;
      if (typeof n?.at !== 'number' || typeof n.previewText?.content !== 'string') continue;
      sent.push({ at: n.at, text: n.previewText.content.slice(0, 300) });
    }
    return sent.sort((a, b) => b.at - a.at);
  };
}
