import { delay, getResponse, http, HttpResponse, type HttpHandler } from 'msw';
import type { ActivityNotificationRecord, GraphEmulator, LoggedBatchItem } from './graphEmulator';
import { isQueryError, readUserQuery, sortUsers } from './userQuery';
import {
  calendarItems,
  calendarProfile,
  isKnownZone,
  scheduleError,
  scheduleInformation,
  utcFromWall,
  UTC_ZONE,
  WINDOWS_ZONES,
  type AnswerZone,
} from './calendars';
import { PERSON_PROPERTIES, personJson, type PersonEntry } from './org';
import { photoBase64, photoPng } from './photos';
import { workLocationFor, type EmulatedUser } from './tenant';

/** Properties the emulated `user` type has; `$select` of anything else is a 400, as in Graph. */
const USER_PROPERTIES = new Set<keyof EmulatedUser>([
  'id',
  'displayName',
  'givenName',
  'surname',
  'mail',
  'userPrincipalName',
  'jobTitle',
  'department',
  'officeLocation',
  'businessPhones',
  'mobilePhone',
  'preferredLanguage',
  'accountEnabled',
  'userType',
]);
/** What Graph returns for a user when no `$select` is given. */
const DEFAULT_USER_PROPERTIES: Array<keyof EmulatedUser> = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];
/** What User.ReadBasic.All may read; other properties need User.Read.All. */
const BASIC_USER_PROPERTIES = new Set<keyof EmulatedUser>(['id', 'displayName', 'givenName', 'surname', 'mail', 'userPrincipalName']);
const MAX_TOP = 999;
const MAX_BATCH_REQUESTS = 20;
const DEFAULT_PAGE_SIZE = 100;
const MAX_PRESENCE_IDS = 650;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Graph answers cross-origin calls from browsers; so does the emulator. Retry-After is not exposed. */
const CORS_HEADERS = { 'Access-Control-Allow-Origin': '*' };

/** Graph's error body shape: `{ error: { code, message, innerError: { date, request-id, client-request-id } } }`. */
export function graphErrorResponse(status: number, code: string, message: string, headers: Record<string, string> = {}) {
  const requestId = crypto.randomUUID();
  return HttpResponse.json(
    { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': requestId, 'client-request-id': requestId } } },
    { status, headers: { ...CORS_HEADERS, ...headers } },
  );
}

function encodePageToken(offset: number, seed: number): string {
  const check = (offset * 2654435761 + seed) >>> 0;
  return `RFNwdAIA${btoa(JSON.stringify({ o: offset, c: check })).replace(/=+$/, '')}`;
}

function decodePageToken(token: string, seed: number): number | null {
  if (!token.startsWith('RFNwdAIA')) return null;
  try {
    const { o, c } = JSON.parse(atob(token.slice(8))) as { o: unknown; c: unknown };
    if (typeof o !== 'number' || !Number.isInteger(o) || o < 0) return null;
    return c === (o * 2654435761 + seed) >>> 0 ? o : null;
  } catch {
    return null;
  }
}

/** Set by a logic on its answer: how many items it carries (users, presences), for the server time. */
const ITEMS_HEADER = 'x-emulator-items';
/** Set on an answer whose server time is worked out already (a `$batch`, or a request inside one). */
const SERVER_MS_HEADER = 'x-emulator-server-ms';
/** Set by a request inside a `$batch` on its answer: its `idCount`, for the batch's log (`batchItems`). */
const ID_COUNT_HEADER = 'x-emulator-id-count';
/** Marks a request made inside a `$batch` (with a value only this emulator knows): no latency of its own, not logged. */
const BATCH_ITEM_HEADER = 'x-emulator-batch-item';
const batchSecrets = new WeakMap<GraphEmulator, string>();

function batchSecret(emulator: GraphEmulator): string {
  let secret = batchSecrets.get(emulator);
  if (secret === undefined) {
    secret = crypto.randomUUID();
    batchSecrets.set(emulator, secret);
  }
  return secret;
}

/**
 * The bodies of the large JSON answers (users pages, presence) as they were made: a `$batch` puts
 * them in its own answer as they are, instead of reading back the JSON just written (a batch of
 * twelve users pages is 2 MB: parsing it again held up every other call on the emulator's one thread).
 */
const madeBodies = new WeakMap<Response, unknown>();

/**
 * A JSON answer; inside a `$batch` the body is not even written (the batch writes it once, in its
 * own answer): writing and encoding a 999-user page was most of the emulator's time for a batch.
 */
function jsonAnswer(emulator: GraphEmulator, request: Request, body: Record<string, unknown>): Response {
  const response = isBatchItem(emulator, request)
    ? new HttpResponse(null, { headers: { ...CORS_HEADERS, 'Content-Type': 'application/json' } })
    : HttpResponse.json(body, { headers: CORS_HEADERS });
  madeBodies.set(response, body);
  return response;
}

function isBatchItem(emulator: GraphEmulator, request: Request): boolean {
  return request.headers.get(BATCH_ITEM_HEADER) === batchSecret(emulator);
}

/** Marks an answer as carrying `items` items (users in a page, ids in a presence call). */
function withItems(response: Response, items: number): Response {
  response.headers.set(ITEMS_HEADER, String(items));
  return response;
}

/** The server time an answer costs, read (and removed) from the emulator's own headers. */
function takeServerMs(emulator: GraphEmulator, response: Response): number {
  const explicit = response.headers.get(SERVER_MS_HEADER);
  const items = response.headers.get(ITEMS_HEADER);
  response.headers.delete(SERVER_MS_HEADER);
  response.headers.delete(ITEMS_HEADER);
  if (explicit !== null) return Number(explicit);
  return emulator.serverTimeFor(items === null ? 0 : Number(items));
}

/**
 * What every call goes through around its own logic: the bearer token, an injected fault, the
 * answer logged with its status; and the time it costs (docs/speed.md, "What the emulator
 * charges"): `latencyMs` for the HTTP request plus the server's time, `serverBaseMs` and
 * `serverMsPerItem` for each item the answer carries. The emulator's own work counts towards it,
 * so an answer takes that long in all (or longer, when the work itself takes longer). A request
 * inside a `$batch` pays no latency of its own and is not logged on its own: it reports its server
 * time (and its `idCount`) to the batch, which pays once and logs it among its `batchItems` (jsonBatch).
 */
async function respond(
  emulator: GraphEmulator,
  request: Request,
  logic: () => Response | Promise<Response>,
  idCount?: number,
  batchUrls?: string[],
  batchItems?: LoggedBatchItem[],
): Promise<Response> {
  const started = performance.now();
  const receivedAt = Date.now();
  const inBatch = isBatchItem(emulator, request);
  const authorization = request.headers.get('Authorization');
  let response: Response;
  const fault = emulator.nextFault();
  if (!authorization || !/^Bearer\s+\S+/i.test(authorization)) {
    response = graphErrorResponse(401, 'InvalidAuthenticationToken', 'Access token is empty.');
  } else if (fault === 'throttle') {
    const retryAfter: Record<string, string> =
      emulator.retryAfterSeconds === null ? {} : { 'Retry-After': String(emulator.retryAfterSeconds) };
    response = graphErrorResponse(429, 'TooManyRequests', 'Too many requests.', retryAfter);
  } else if (fault === 'unavailable') {
    response = graphErrorResponse(503, 'serviceNotAvailable', 'The service is temporarily unavailable.');
  } else {
    response = await logic();
  }
  const serverMs = takeServerMs(emulator, response);
  if (inBatch) {
    response.headers.set(SERVER_MS_HEADER, String(serverMs));
    if (idCount !== undefined) response.headers.set(ID_COUNT_HEADER, String(idCount));
    return response;
  }
  const remaining = emulator.latencyMs + serverMs - (performance.now() - started);
  if (remaining > 0) await delay(remaining);
  if (emulator.requests.length >= emulator.requestLogLimit)
    emulator.requests.splice(0, emulator.requests.length - emulator.requestLogLimit + 1);
  emulator.requests.push({
    method: request.method,
    url: request.url,
    status: response.status,
    authorization,
    receivedAt,
    at: Date.now(),
    ...(idCount === undefined ? {} : { idCount }),
    ...(batchUrls === undefined ? {} : { batchUrls }),
    ...(batchItems === undefined ? {} : { batchItems }),
    ...(serverMs > 0 ? { serverMs } : {}),
  });
  return response;
}

function selectProperties(user: EmulatedUser, properties: ReadonlyArray<keyof EmulatedUser>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of properties) out[p] = user[p];
  return out;
}

function listUsers(emulator: GraphEmulator, baseUrl: string) {
  return http.get(`${baseUrl}/users`, async ({ request }) => {
    return respond(emulator, request, () => usersPage(emulator, baseUrl, request, emulator.users, 'users'));
  });
}

/** `GET /groups/{id}/members/microsoft.graph.user`: a team's user members, paged like users. */
function listGroupMembers(emulator: GraphEmulator, baseUrl: string) {
  return http.get(`${baseUrl}/groups/:groupId/members/microsoft.graph.user`, async ({ request, params }) =>
    respond(emulator, request, () => {
      const members = emulator.groups.get(String(params.groupId).toLowerCase());
      if (!members) return graphErrorResponse(404, 'Request_ResourceNotFound', `Resource '${String(params.groupId)}' does not exist.`);
      return usersPage(emulator, baseUrl, request, members, `group:${String(params.groupId).toLowerCase()}`);
    }),
  );
}

/** Filtered and sorted listings, kept while the directory stands still (a listing is paged through many times). */
const listingCache = new WeakMap<GraphEmulator, Map<string, { version: number; users: readonly EmulatedUser[] }>>();
const LISTINGS_KEPT = 64;

function cachedListing(emulator: GraphEmulator, key: string, build: () => readonly EmulatedUser[]): readonly EmulatedUser[] {
  let cache = listingCache.get(emulator);
  if (!cache) {
    cache = new Map();
    listingCache.set(emulator, cache);
  }
  const hit = cache.get(key);
  if (hit && hit.version === emulator.directoryVersion) return hit.users;
  const users = build();
  cache.delete(key);
  cache.set(key, { version: emulator.directoryVersion, users });
  if (cache.size > LISTINGS_KEPT) cache.delete(cache.keys().next().value!);
  return users;
}

/**
 * A page of users (`/users`, a group's user members): `$select`, `$top` (1..999), `$skiptoken`
 * paging with `@odata.nextLink` written before the list, `$filter` and `$orderby` as Graph takes
 * them on users (userQuery.ts), and `$count=true`: with `ConsistencyLevel: eventual` it adds
 * `@odata.count` to the first page only ("Some limitations apply to query parameters",
 * https://learn.microsoft.com/graph/known-issues); without the header it is silently ignored, as
 * aad-advanced-queries' "Error handling" section shows (`GET /users?$count=true` answers 200 without
 * `@odata.count`), unless the query needs the advanced query parameters (then 400).
 */
function usersPage(emulator: GraphEmulator, baseUrl: string, request: Request, everyone: readonly EmulatedUser[], scope: string): Response {
  const url = new URL(request.url);
  const params = url.searchParams;

  const topParam = params.get('$top');
  let top = DEFAULT_PAGE_SIZE;
  if (topParam !== null) {
    top = Number(topParam);
    if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) {
      return graphErrorResponse(
        400,
        'Request_UnsupportedQuery',
        `Invalid page size specified: '${topParam}'. Must be between 1 and ${MAX_TOP} inclusive.`,
      );
    }
  }

  const count = params.get('$count');
  if (count !== null && count !== 'true' && count !== 'false') {
    return graphErrorResponse(400, 'Request_BadRequest', `Invalid value '${count}' for $count.`);
  }
  const eventual = request.headers.get('ConsistencyLevel')?.toLowerCase() === 'eventual';
  const advanced = eventual && count === 'true';

  const properties = selectedUserProperties(emulator, request);
  if (properties instanceof Response) return properties;
  const select = params.get('$select');

  if (params.has('$search')) {
    // aad-advanced-queries, "Error handling": $search on directory objects needs the header (not $count).
    if (!eventual) {
      return graphErrorResponse(
        400,
        'Request_UnsupportedQuery',
        "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
      );
    }
    // Refused rather than ignored: a client relying on it would otherwise get everyone.
    return graphErrorResponse(400, 'BadRequest', 'The emulator does not support $search on users.');
  }

  const filter = params.get('$filter');
  const orderby = params.get('$orderby');
  const query = readUserQuery(filter, orderby, {
    advanced,
    rangeFilters: emulator.rangeFilters,
    collator: emulator.collator,
    urlLength: request.url.length,
  });
  if (isQueryError(query)) return graphErrorResponse(query.status, query.code, query.message);

  let offset = 0;
  const token = params.get('$skiptoken');
  if (token !== null) {
    const decoded = decodePageToken(token, emulator.seed);
    if (decoded === null) {
      return graphErrorResponse(400, 'Directory_ExpiredPageToken', 'The specified page token value has expired or is invalid.');
    }
    offset = decoded;
  }

  const listing =
    filter === null && query.order === null
      ? everyone
      : cachedListing(emulator, `${scope}\n${emulator.collator.name}\n${filter ?? ''}\n${orderby ?? ''}`, () => {
          const matching = filter === null ? everyone : everyone.filter(query.matches);
          return query.order === null ? matching : sortUsers(matching, query.order, emulator.collator);
        });

  const size = Math.min(top, emulator.maxPageSize);
  const page = listing.slice(offset, offset + size);
  const body: Record<string, unknown> = {
    '@odata.context': `${baseUrl}/$metadata#users(${select ?? ''})`,
  };
  // Graph's order: context, count, next link, then the list.
  if (advanced && token === null) body['@odata.count'] = listing.length + emulator.countOffset;
  if (offset + size < listing.length) {
    const next = new URL(url);
    next.searchParams.set('$skiptoken', encodePageToken(offset + size, emulator.seed));
    body['@odata.nextLink'] = next.href;
  }
  body.value = page.map((u) => selectProperties(u, properties));
  return withItems(jsonAnswer(emulator, request, body), page.length);
}

/** What a users delta token (`$deltatoken` or `$skiptoken`) carries: the emulator keeps no state per round. */
interface DeltaState {
  /** Token epoch: `expireDeltaTokens` makes older ones stale (410 Gone). */
  e: number;
  /** Changes after this directory version; -1 for the first round, which lists everyone. */
  s: number;
  /** Up to this version: the round's deltaLink continues from it. */
  v: number;
  /** The last id served in this round (pages go in id order), or '' at its start. */
  a: string;
  /** The `$select` of the first request, kept for the whole round as Graph does. */
  sel: string | null;
}

function encodeDeltaState(state: DeltaState, seed: number): string {
  const body = btoa(JSON.stringify(state)).replace(/=+$/, '');
  let check = seed >>> 0;
  for (let i = 0; i < body.length; i++) check = (Math.imul(check, 31) + body.charCodeAt(i)) >>> 0;
  return `${body}.${check.toString(36)}`;
}

function decodeDeltaState(token: string, seed: number): DeltaState | null {
  const dot = token.lastIndexOf('.');
  if (dot < 0) return null;
  const body = token.slice(0, dot);
  let check = seed >>> 0;
  for (let i = 0; i < body.length; i++) check = (Math.imul(check, 31) + body.charCodeAt(i)) >>> 0;
  if (token.slice(dot + 1) !== check.toString(36)) return null;
  try {
    const state = JSON.parse(atob(body)) as DeltaState;
    return typeof state.e === 'number' && typeof state.s === 'number' && typeof state.v === 'number' && typeof state.a === 'string'
      ? state
      : null;
  } catch {
    return null;
  }
}

/**
 * `GET /users/delta`: the users delta query. The first round lists everyone, page by page
 * (`@odata.nextLink` with a `$skiptoken`), and ends with an `@odata.deltaLink` (a `$deltatoken`);
 * that link then gives only the users changed since, and deleted ones as `{ id, "@removed": { reason } }`.
 * Needs User.Read.All (delegated or application). A stale token is answered 410 Gone (start over).
 * `$deltatoken=latest` ("sync from now", which Microsoft Entra resources such as users support: "the
 * response contains an @odata.deltaLink and no resource data", https://learn.microsoft.com/graph/delta-query-overview)
 * lists no one and hands out a deltaLink that gives the changes from now on.
 */
function usersDelta(emulator: GraphEmulator, baseUrl: string) {
  return http.get(`${baseUrl}/users/delta`, async ({ request }) =>
    respond(emulator, request, () => {
      if (!emulator.userReadAll) {
        return graphErrorResponse(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
      }
      const params = new URL(request.url).searchParams;
      const latest = params.get('$deltatoken') === 'latest';
      const token = latest ? null : (params.get('$deltatoken') ?? params.get('$skiptoken'));
      let state: DeltaState;
      if (token === null) {
        const sel = params.get('$select');
        if (sel !== null) {
          const unknown = sel
            .split(',')
            .map((p) => p.trim())
            .find((p) => p !== '' && !USER_PROPERTIES.has(p as keyof EmulatedUser));
          if (unknown !== undefined) {
            return graphErrorResponse(
              400,
              'Request_BadRequest',
              `Could not find a property named '${unknown}' on type 'microsoft.graph.user'.`,
            );
          }
        }
        state = { e: emulator.deltaTokenEpoch, s: -1, v: emulator.directoryVersion, a: '', sel };
        if (latest) {
          // Sync from now: no one listed, a deltaLink from this version on (its use sets s to v).
          const deltaLink = `${baseUrl}/users/delta?$deltatoken=${encodeDeltaState(state, emulator.seed)}`;
          const body = { '@odata.context': `${baseUrl}/$metadata#users(${sel ?? ''})`, '@odata.deltaLink': deltaLink, value: [] };
          return withItems(HttpResponse.json(body, { headers: CORS_HEADERS }), 0);
        }
      } else {
        const decoded = decodeDeltaState(token, emulator.seed);
        if (decoded === null)
          return graphErrorResponse(400, 'Directory_ExpiredPageToken', 'The specified page token value has expired or is invalid.');
        if (decoded.e !== emulator.deltaTokenEpoch) {
          return graphErrorResponse(410, 'SyncStateNotFound', 'The sync state is no longer available: start a new round.');
        }
        // A deltaLink starts a new round of changes after the version it was handed out at.
        state = params.has('$deltatoken') ? { ...decoded, s: decoded.v, v: emulator.directoryVersion, a: '' } : decoded;
      }
      const properties = state.sel
        ? [
            ...new Set([
              'id',
              ...state.sel
                .split(',')
                .map((p) => p.trim())
                .filter(Boolean),
            ]),
          ]
        : DEFAULT_USER_PROPERTIES;
      const size = emulator.maxPageSize;
      let items: Array<Record<string, unknown>>;
      let lastId: string;
      let more: boolean;
      if (state.s < 0) {
        const everyone = emulator.usersById();
        let start = 0;
        if (state.a !== '') {
          start = everyone.findIndex((u) => u.id > state.a);
          if (start < 0) start = everyone.length;
        }
        const page = everyone.slice(start, start + size);
        items = page.map((u) => selectProperties(u, properties as Array<keyof EmulatedUser>));
        lastId = page.at(-1)?.id ?? state.a;
        more = start + size < everyone.length;
      } else {
        const changes = emulator.directoryChangesBetween(state.s, state.v).filter((c) => c.id > state.a);
        const page = changes.slice(0, size);
        items = page.map((c) => {
          const user = c.removed ? undefined : emulator.findUser(c.id);
          return user ? selectProperties(user, properties as Array<keyof EmulatedUser>) : { id: c.id, '@removed': { reason: 'deleted' } };
        });
        lastId = page.at(-1)?.id ?? state.a;
        more = changes.length > size;
      }
      const body: Record<string, unknown> = { '@odata.context': `${baseUrl}/$metadata#users(${state.sel ?? ''})` };
      if (more) {
        body['@odata.nextLink'] = `${baseUrl}/users/delta?$skiptoken=${encodeDeltaState({ ...state, a: lastId }, emulator.seed)}`;
      } else {
        body['@odata.deltaLink'] = `${baseUrl}/users/delta?$deltatoken=${encodeDeltaState({ ...state, a: '' }, emulator.seed)}`;
      }
      body.value = items;
      return withItems(HttpResponse.json(body, { headers: CORS_HEADERS }), items.length);
    }),
  );
}

function getPresencesByUserId(emulator: GraphEmulator, baseUrl: string) {
  return http.post(`${baseUrl}/communications/getPresencesByUserId`, async ({ request }) => {
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      body = undefined;
    }
    const ids = (body as { ids?: unknown } | undefined)?.ids;
    return respond(emulator, request, () => presences(emulator, baseUrl, request, ids), Array.isArray(ids) ? ids.length : undefined);
  });
}

function presences(emulator: GraphEmulator, baseUrl: string, request: Request, ids: unknown): Response {
  if (!Array.isArray(ids) || !ids.every((id): id is string => typeof id === 'string')) {
    return graphErrorResponse(400, 'BadRequest', 'The request body must be a JSON object with "ids", a list of user object ids.');
  }
  if (ids.length > MAX_PRESENCE_IDS) {
    return graphErrorResponse(400, 'BadRequest', `Maximum of ${MAX_PRESENCE_IDS} user ids are supported per request; got ${ids.length}.`);
  }
  const malformed = ids.find((id) => !GUID.test(id));
  if (malformed !== undefined) {
    return graphErrorResponse(400, 'BadRequest', `'${malformed}' is not a valid user object id.`);
  }

  const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
  const value = unique.map((id) => {
    const user = emulator.findUser(id);
    const p = emulator.presenceOf(id);
    if (!user || !p)
      return {
        id,
        availability: 'PresenceUnknown',
        activity: 'PresenceUnknown',
        statusMessage: null,
        outOfOfficeSettings: { message: null, isOutOfOffice: false },
      };
    return {
      id: user.id,
      availability: p.availability,
      activity: p.activity,
      statusMessage:
        p.statusMessage === null
          ? null
          : { message: { content: p.statusMessage, contentType: 'text' }, expiryDateTime: null, publishedDateTime: null },
      outOfOfficeSettings: { message: p.outOfOfficeMessage, isOutOfOffice: p.isOutOfOffice },
      // userWorkLocation (Graph v1.0); a tenant without it sends no such property.
      ...(emulator.workLocations
        ? { workLocation: { workLocationType: workLocationFor(user.id, p), source: 'scheduled', placeId: null } }
        : {}),
    };
  });
  return withItems(jsonAnswer(emulator, request, { '@odata.context': `${baseUrl}/$metadata#Collection(microsoft.graph.presence)`, value }), value.length);
}

/** One photo request's answer, as status, headers and bytes (no photo: Graph's 404 ImageNotFound). */
function photoAnswer(
  emulator: GraphEmulator,
  id: string,
): { status: number; headers: Record<string, string>; bytes?: Uint8Array; error?: object } {
  if (!emulator.findUser(id)) {
    return { status: 404, headers: {}, error: { code: 'Request_ResourceNotFound', message: `Resource '${id}' does not exist.` } };
  }
  if (!emulator.hasPhoto(id)) {
    return { status: 404, headers: {}, error: { code: 'ImageNotFound', message: 'Exception of type ImageNotFoundException was thrown.' } };
  }
  return { status: 200, headers: { 'Content-Type': 'image/png' }, bytes: photoPng(emulator.findUser(id)!.id) };
}

/** `GET /users/{id}/photos/48x48/$value`: the photo's bytes. */
function userPhoto(emulator: GraphEmulator, baseUrl: string) {
  return http.get(`${baseUrl}/users/:id/photos/48x48/$value`, ({ request, params }) =>
    respond(emulator, request, () => {
      const answer = photoAnswer(emulator, String(params.id));
      if (answer.bytes) return new HttpResponse(answer.bytes, { headers: { ...CORS_HEADERS, ...answer.headers } });
      const error = answer.error as { code: string; message: string };
      return graphErrorResponse(answer.status, error.code, error.message);
    }),
  );
}

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string | null;
}

/** A batch's items, checked as Graph documents them; a string says why the whole batch is refused (400). */
function readBatchItems(list: unknown[]): BatchItem[] | string {
  const items: BatchItem[] = [];
  const seen = new Set<string>();
  for (const raw of list) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'Each request in a batch must be a JSON object.';
    const r = raw as Record<string, unknown>;
    if (typeof r.id !== 'string' || r.id === '') return 'Each request in a batch needs an id, a string.';
    // "Must be unique in the batch, otherwise, the batch request fails with a 400 error code." Not case-sensitive.
    if (seen.has(r.id.toLowerCase())) return `The batch has more than one request with the id '${r.id}'.`;
    seen.add(r.id.toLowerCase());
    if (typeof r.method !== 'string' || !/^(GET|POST|PUT|PATCH|DELETE)$/i.test(r.method)) return `Request '${r.id}' needs an HTTP method.`;
    // "The relative resource URL for the individual request": '/users', or 'users'.
    if (typeof r.url !== 'string' || r.url === '' || /^[a-z][a-z0-9+.-]*:/i.test(r.url) || r.url.startsWith('//')) {
      return `Request '${r.id}' needs a relative URL, such as '/users'.`;
    }
    let headers: Record<string, string> = {};
    if (r.headers !== undefined) {
      if (typeof r.headers !== 'object' || r.headers === null || Array.isArray(r.headers))
        return `The headers of request '${r.id}' must be an object.`;
      headers = Object.fromEntries(Object.entries(r.headers as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    }
    // "When a body is included with the request, the headers object must contain a value for Content-Type."
    if (r.body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) {
      return `Request '${r.id}' has a body but no Content-Type header.`;
    }
    let dependsOn: string | null = null;
    if (r.dependsOn !== undefined) {
      if (!Array.isArray(r.dependsOn) || !r.dependsOn.every((d): d is string => typeof d === 'string')) {
        return `dependsOn of request '${r.id}' must be a list of request ids.`;
      }
      // Known issue: "requests can only depend on a single other request".
      if (r.dependsOn.length > 1) return `Request '${r.id}' depends on more than one request; Graph allows one.`;
      dependsOn = r.dependsOn[0] ?? null;
    }
    items.push({ id: r.id, method: r.method.toUpperCase(), url: r.url, headers, body: r.body, dependsOn });
  }
  const byId = new Map(items.map((item) => [item.id.toLowerCase(), item]));
  for (const item of items) {
    const chain = new Set<string>([item.id.toLowerCase()]);
    for (let d = item.dependsOn; d !== null; d = byId.get(d.toLowerCase())!.dependsOn) {
      if (!byId.has(d.toLowerCase())) return `Request '${item.id}' depends on '${d}', which is not in the batch.`;
      if (chain.has(d.toLowerCase())) return `The requests that '${item.id}' depends on go round in a circle.`;
      chain.add(d.toLowerCase());
    }
  }
  return items;
}

const INTERNAL_HEADERS = new Set([SERVER_MS_HEADER, ITEMS_HEADER, ID_COUNT_HEADER, 'access-control-allow-origin', 'access-control-expose-headers']);

/** A sub-request's answer as an item of the batch's `responses`: status, headers, and a JSON body (binary as base64). */
async function batchResponseItem(id: string, response: Response): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!INTERNAL_HEADERS.has(name.toLowerCase()))
      headers[name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase())] = value;
  });
  const item: Record<string, unknown> = { id, status: response.status, headers };
  if (madeBodies.has(response)) {
    item.body = madeBodies.get(response);
    return item;
  }
  const type = response.headers.get('Content-Type') ?? '';
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length === 0) return item;
  if (/json/i.test(type)) item.body = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  else if (/^text\//i.test(type)) item.body = new TextDecoder().decode(bytes);
  else item.body = photoBase64(bytes);
  return item;
}

/**
 * `POST /$batch` ("Combine multiple HTTP requests using JSON batching",
 * https://learn.microsoft.com/graph/json-batching): at most 20 requests, each with a unique id, a
 * method and a relative URL (`/users?...`), optional headers (`ConsistencyLevel` for advanced
 * queries goes there) and a JSON body with its Content-Type header. Each request is answered by the
 * same handlers as on its own (users pages with filters, getPresencesByUserId, photos…), with its
 * own status, headers and body inside a 200: a 429 inside carries its own Retry-After ("Requests in a
 * batch are evaluated individually against the applicable throttling limits"), a binary body comes
 * back base64. `dependsOn` names one earlier-run request (the known issue allows one); when that one
 * fails, the dependent gets 424 Failed Dependency. A malformed batch, or more than 20 requests, is a
 * 400 for the whole ("Number of requests inside batch exceeds the limit.", as live Graph words it:
 * microsoftgraph-postman-collections #9).
 *
 * Time: the batch is one HTTP request, so it pays `latencyMs` once; independent requests run side by
 * side (the batch takes the longest one's server time), a `dependsOn` chain one after another.
 */
function jsonBatch(emulator: GraphEmulator, baseUrl: string, handlers: () => readonly HttpHandler[]) {
  return http.post(`${baseUrl}/$batch`, async ({ request }) => {
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      body = undefined;
    }
    const requests = (body as { requests?: unknown } | undefined)?.requests;
    const list = Array.isArray(requests) ? (requests as unknown[]) : null;
    const urls = list?.map((r) => String((r as { url?: unknown } | null)?.url));
    // Filled as the requests inside are answered (none when the whole batch is refused).
    const items: LoggedBatchItem[] = [];
    return respond(emulator, request, () => runBatch(emulator, baseUrl, request, list, handlers(), items), list?.length, urls, items);
  });
}

/** One request of a batch, answered by the same handlers as on its own (its headers and the batch's token). */
async function runBatchItem(
  emulator: GraphEmulator,
  baseUrl: string,
  request: Request,
  item: BatchItem,
  path: string,
  handlers: readonly HttpHandler[],
): Promise<Response> {
  let sub: Request;
  try {
    const headers = new Headers(item.headers);
    const authorization = request.headers.get('Authorization');
    if (authorization !== null) headers.set('Authorization', authorization);
    headers.set(BATCH_ITEM_HEADER, batchSecret(emulator));
    const hasBody = item.body !== undefined && item.method !== 'GET' && item.method !== 'DELETE';
    sub = new Request(`${baseUrl}/${path}`, {
      method: item.method,
      headers,
      body: hasBody ? (typeof item.body === 'string' ? item.body : JSON.stringify(item.body)) : undefined,
    });
  } catch {
    return graphErrorResponse(400, 'BadRequest', `Request '${item.id}' has a header or URL that cannot be sent.`);
  }
  return (await getResponse([...handlers], sub)) ?? graphErrorResponse(404, 'NotFound', `No Graph resource at ${sub.url}.`);
}

async function runBatch(
  emulator: GraphEmulator,
  baseUrl: string,
  request: Request,
  list: unknown[] | null,
  handlers: readonly HttpHandler[],
  logged: LoggedBatchItem[],
): Promise<Response> {
  if (!list || list.length === 0) return graphErrorResponse(400, 'BadRequest', 'Invalid batch payload format.');
  if (list.length > MAX_BATCH_REQUESTS) return graphErrorResponse(400, 'BadRequest', 'Number of requests inside batch exceeds the limit.');
  const items = readBatchItems(list);
  if (typeof items === 'string') return graphErrorResponse(400, 'BadRequest', items);

  const done = new Map<string, { status: number; finishedMs: number }>();
  const responses: Array<Record<string, unknown>> = [];
  const pending = [...items];
  while (pending.length > 0) {
    const index = pending.findIndex((item) => item.dependsOn === null || done.has(item.dependsOn.toLowerCase()));
    const item = pending.splice(index, 1)[0]!;
    const dependency = item.dependsOn === null ? undefined : done.get(item.dependsOn.toLowerCase());
    const startMs = dependency?.finishedMs ?? 0;
    if (dependency && (dependency.status < 200 || dependency.status > 299)) {
      const failed = graphErrorResponse(424, 'FailedDependency', `Request '${item.id}' depends on '${item.dependsOn}', which failed.`);
      logged.push({ method: item.method, url: item.url, status: 424 });
      responses.push(await batchResponseItem(item.id, failed));
      done.set(item.id.toLowerCase(), { status: 424, finishedMs: startMs });
      continue;
    }
    const path = item.url.replace(/^\/+/, '');
    let response: Response;
    if (/^\$batch(?:[/?]|$)/i.test(path)) {
      response = graphErrorResponse(400, 'BadRequest', 'A batch cannot hold another batch.');
    } else {
      response = await runBatchItem(emulator, baseUrl, request, item, path, handlers);
    }
    const serverMs = Number(response.headers.get(SERVER_MS_HEADER) ?? 0);
    const idCount = response.headers.get(ID_COUNT_HEADER);
    logged.push({ method: item.method, url: item.url, status: response.status, ...(idCount === null ? {} : { idCount: Number(idCount) }) });
    done.set(item.id.toLowerCase(), { status: response.status, finishedMs: startMs + serverMs });
    responses.push(await batchResponseItem(item.id, response));
  }
  const batchMs = Math.max(0, ...[...done.values()].map((d) => d.finishedMs));
  // Written once (HttpResponse.json would encode it a second time to count its bytes).
  const answer = new HttpResponse(JSON.stringify({ responses }), { headers: { ...CORS_HEADERS, 'Content-Type': 'application/json' } });
  answer.headers.set(SERVER_MS_HEADER, String(batchMs));
  return answer;
}

/**
 * The scopes a bearer token says it carries: a JWT's delegated `scp` (space-separated) and its
 * application `roles`, lower case; null for a token that is not a JWT (tests and the demo use opaque
 * strings such as 'demo-token': an emulator option says what those carry). Unverified, as the
 * emulator trusts any token.
 */
export function tokenScopes(authorization: string | null): string[] | null {
  const token = authorization?.replace(/^Bearer\s+/i, '') ?? '';
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='))) as { scp?: unknown; roles?: unknown };
    if (typeof claims !== 'object' || claims === null) return null;
    const scopes = typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : [];
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
    return [...scopes, ...roles].map((s) => s.toLowerCase());
  } catch {
    return null;
  }
}

/** Whether the request's token grants any of `scopes` (a JWT by its claims, any other token by `fallback`). */
function granted(request: Request, scopes: readonly string[], fallback: boolean): boolean {
  const have = tokenScopes(request.headers.get('Authorization'));
  return have === null ? fallback : scopes.some((s) => have.includes(s.toLowerCase()));
}

/** Outlook's answer to a token without the scope a mailbox call needs. */
const accessDenied = () => graphErrorResponse(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');

/** A property of a JSON object by name, in any case (Graph reads `Schedules` and `schedules` alike: the free/busy guide sends the former). */
function propertyOf(body: unknown, name: string): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const key = Object.keys(body).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : (body as Record<string, unknown>)[key];
}

/** getSchedule takes at most this many schedules (free/busy guide: "up to 20 entities at once"). */
export const MAX_SCHEDULES = 20;
/** The period asked about must be shorter than this (free/busy guide: "less than 62 days"). */
const MAX_SCHEDULE_WINDOW_MS = 62 * 86_400_000;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/;

/** The IANA zone of a Graph time-zone name the emulator knows: 'UTC', the Windows names it uses, or an IANA name; null for UTC; undefined for unknown. */
function zoneOf(name: string): string | null | undefined {
  if (/^(utc|tzone:\/\/microsoft\/utc|etc\/utc)$/i.test(name)) return null;
  const windows = Object.keys(WINDOWS_ZONES).find((w) => w.toLowerCase() === name.toLowerCase());
  if (windows) return WINDOWS_ZONES[windows]!;
  return name.includes('/') && isKnownZone(name) ? name : undefined;
}

/** A `dateTimeTimeZone` of the request as UTC ms; a string says why it cannot be read. */
function readDateTimeTimeZone(value: unknown, which: string): number | string {
  const dateTime = propertyOf(value, 'dateTime');
  const timeZone = propertyOf(value, 'timeZone') ?? 'UTC';
  if (typeof dateTime !== 'string' || typeof timeZone !== 'string') return `${which} must be a dateTimeTimeZone.`;
  const zone = zoneOf(timeZone);
  if (zone === undefined) return `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${timeZone}'.`;
  if (/(Z|[+-]\d{2}:\d{2})$/i.test(dateTime)) {
    const ms = Date.parse(dateTime);
    return Number.isNaN(ms) ? `Cannot read ${which}.dateTime '${dateTime}'.` : ms;
  }
  const m = DATE_TIME.exec(dateTime);
  if (!m) return `Cannot read ${which}.dateTime '${dateTime}'.`;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0), Math.floor(Number(`0.${m[7] ?? '0'}`) * 1000));
  return zone === null ? wall : utcFromWall(zone, wall);
}

/** The zone to write times in: `Prefer: outlook.timezone="…"` when the emulator knows it, else UTC (Graph's default). */
function answerZone(request: Request): AnswerZone {
  const prefer = /outlook\.timezone\s*=\s*"([^"]+)"/i.exec(request.headers.get('Prefer') ?? '');
  if (!prefer) return UTC_ZONE;
  const zone = zoneOf(prefer[1]!);
  return zone === undefined || zone === null ? UTC_ZONE : { graphName: prefer[1]!, iana: zone };
}

/** The user a `/users/{id | userPrincipalName}` segment names. */
function userBySegment(emulator: GraphEmulator, segment: string): EmulatedUser | undefined {
  const key = decodeURIComponent(segment).toLowerCase();
  return emulator.findUser(key) ?? emulator.users.find((u) => u.userPrincipalName.toLowerCase() === key);
}

/**
 * `POST /me/calendar/getSchedule` and `/users/{id}/calendar/getSchedule` (calendar-getschedule reference,
 * free/busy guide). Least-privileged delegated scope: Calendars.ReadBasic (the reference page's permissions
 * table; the guide's older text says Calendars.Read); without it Outlook answers 403 ErrorAccessDenied.
 * Limits: at most 20 schedules (live Graph has been reported to take 100 and then answer 400
 * ErrorMailboxDataArrayTooBig, microsoft-graph-docs-contrib #5895: the emulator holds to the documented 20);
 * a period under 62 days (400 ErrorInvalidTimeInterval, the code live Graph gives for a bad window,
 * msgraph-sdk-dotnet #2349); availabilityViewInterval 5–1440 and no longer than the period (400
 * ErrorInvalidMergedFreeBusyInterval, microsoft-graph-docs #6450). Answers come in request order with
 * `scheduleId` as given; times in UTC unless `Prefer: outlook.timezone` names a zone the emulator knows.
 * An address that is no one's mailbox in the tenant (unknown, or a guest's mail elsewhere) is an item
 * with `error` and no schedule ("it returns a single schedule item and indicates the error").
 */
function getSchedule(emulator: GraphEmulator, baseUrl: string): HttpHandler[] {
  const handle = async ({ request, params }: { request: Request; params: Record<string, unknown> }) => {
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      body = undefined;
    }
    const schedules = propertyOf(body, 'schedules');
    return respond(
      emulator,
      request,
      () => scheduleAnswer(emulator, baseUrl, request, body, typeof params.id === 'string' ? params.id : null),
      Array.isArray(schedules) ? schedules.length : undefined,
    );
  };
  return [http.post(`${baseUrl}/me/calendar/getSchedule`, handle), http.post(`${baseUrl}/users/:id/calendar/getSchedule`, handle)];
}

function scheduleAnswer(emulator: GraphEmulator, baseUrl: string, request: Request, body: unknown, userSegment: string | null): Response {
  if (emulator.nextCalendarThrottle()) {
    // Outlook's mailbox throttling (Graph throttling guidance, Outlook service limits).
    const retryAfter: Record<string, string> =
      emulator.retryAfterSeconds === null ? {} : { 'Retry-After': String(emulator.retryAfterSeconds) };
    return graphErrorResponse(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', retryAfter);
  }
  if (!granted(request, ['Calendars.ReadBasic', 'Calendars.Read', 'Calendars.ReadWrite'], emulator.calendarConsent)) return accessDenied();
  if (userSegment !== null && !userBySegment(emulator, userSegment)) {
    return graphErrorResponse(404, 'ErrorInvalidUser', `The requested user '${decodeURIComponent(userSegment)}' is invalid.`);
  }
  const schedules = propertyOf(body, 'schedules');
  if (!Array.isArray(schedules) || schedules.length === 0 || !schedules.every((s): s is string => typeof s === 'string')) {
    // The emulator's own code and words: the docs name none for a body without a list of addresses.
    return graphErrorResponse(400, 'ErrorInvalidParameter', 'schedules must be a list of one or more SMTP addresses.');
  }
  if (schedules.length > MAX_SCHEDULES) {
    return graphErrorResponse(
      400,
      'ErrorMailboxDataArrayTooBig',
      `There are too many target users in the EmailAddress array. The allowed size = ${MAX_SCHEDULES}; the actual size = ${schedules.length}.`,
    );
  }
  const from = readDateTimeTimeZone(propertyOf(body, 'startTime'), 'startTime');
  const to = readDateTimeTimeZone(propertyOf(body, 'endTime'), 'endTime');
  if (typeof from === 'string' || typeof to === 'string') {
    const said = typeof from === 'string' ? from : (to as string);
    return graphErrorResponse(400, said.startsWith('A valid TimeZone') ? 'TimeZoneNotSupportedException' : 'ErrorInvalidRequest', said);
  }
  if (to <= from || to - from >= MAX_SCHEDULE_WINDOW_MS) {
    return graphErrorResponse(
      400,
      'ErrorInvalidTimeInterval',
      'The time duration specified for FreeBusyViewOptions.TimeWindow is invalid.',
    );
  }
  const intervalRaw = propertyOf(body, 'availabilityViewInterval') ?? 30;
  const intervalMinutes = typeof intervalRaw === 'string' && intervalRaw.trim() !== '' ? Number(intervalRaw) : intervalRaw;
  if (
    typeof intervalMinutes !== 'number' ||
    !Number.isInteger(intervalMinutes) ||
    intervalMinutes < 5 ||
    intervalMinutes > 1440 ||
    intervalMinutes * 60_000 > to - from
  ) {
    return graphErrorResponse(
      400,
      'ErrorInvalidMergedFreeBusyInterval',
      'The specified merged free/busy interval is not valid. Specify an interval that is less than the free/busy time window and  between 5 and 1440 minutes.',
    );
  }
  const zone = answerZone(request);
  const value = schedules.map((address) => {
    const user = emulator.userByMail(address);
    if (!user || user.userType === 'Guest') return scheduleError(address, 'unresolved');
    const profile = calendarProfile(emulator.seed, user);
    if (profile.mailbox === 'unreadable') return scheduleError(address, 'unreadable');
    const items = calendarItems(emulator.seed, user, emulator.calendarAnchor, from, to, profile);
    return scheduleInformation(address, profile, items, { from, to, intervalMinutes }, zone);
  });
  return HttpResponse.json(
    { '@odata.context': `${baseUrl}/$metadata#Collection(microsoft.graph.scheduleInformation)`, value },
    { headers: CORS_HEADERS },
  );
}

/** The people API's page size when `$top` is not given (people-insights-overview: "each response returns 10 records"). */
const DEFAULT_PEOPLE_TOP = 10;
/** The most the emulator serves a page; the people guide's own example asks for `$top=1000`. */
const MAX_PEOPLE_PAGE = 1000;
const FILTER_CLAUSE = /^(personType\/class|personType\/subclass|displayName)\s+eq\s+'((?:[^']|'')*)'$/i;

function personField(entry: PersonEntry, field: string): string {
  const json = personJson(entry) as { displayName: string; personType: { class: string; subclass: string } };
  const lower = field.toLowerCase();
  return lower === 'displayname' ? json.displayName : lower === 'persontype/class' ? json.personType.class : json.personType.subclass;
}

/**
 * `GET /me/people` (user-list-people reference; people-insights-overview): the signed-in user's people
 * by relevance, delegated People.Read (403 ErrorAccessDenied without it). `$top` (default 10), `$skip`
 * with an `@odata.nextLink` while more remain, `$select` (id always comes back), and `$filter` of `eq`
 * clauses on personType/class, personType/subclass and displayName joined by `and`, as the guide's
 * `personType/class eq 'Person' and personType/subclass eq 'OrganizationUser'`. `$search` and
 * `$orderby` are refused as not emulated.
 */
function listPeople(emulator: GraphEmulator, baseUrl: string) {
  return http.get(`${baseUrl}/me/people`, ({ request }) =>
    respond(emulator, request, () => {
      if (!granted(request, ['People.Read', 'People.Read.All'], emulator.peopleConsent)) return accessDenied();
      const url = new URL(request.url);
      const params = url.searchParams;
      for (const unsupported of ['$search', '$orderby']) {
        if (params.has(unsupported))
          return graphErrorResponse(400, 'BadRequest', `The emulator does not support ${unsupported} on people.`);
      }
      const readInt = (name: string, fallback: number, min: number): number | null => {
        const raw = params.get(name);
        if (raw === null) return fallback;
        const n = Number(raw);
        return raw.trim() !== '' && Number.isInteger(n) && n >= min ? n : null;
      };
      const top = readInt('$top', DEFAULT_PEOPLE_TOP, 1);
      const skip = readInt('$skip', 0, 0);
      if (top === null || skip === null) return graphErrorResponse(400, 'BadRequest', 'Invalid $top or $skip value.');
      let select: string[] | null = null;
      const selectRaw = params.get('$select');
      if (selectRaw !== null) {
        select = selectRaw
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean);
        const unknown = select.find((p) => !PERSON_PROPERTIES.has(p));
        if (unknown !== undefined) {
          return graphErrorResponse(400, 'BadRequest', `Could not find a property named '${unknown}' on type 'microsoft.graph.person'.`);
        }
      }
      let people = emulator.relevantPeople();
      const filter = params.get('$filter');
      if (filter !== null) {
        const clauses = filter.split(/\s+and\s+/i).map((c) => FILTER_CLAUSE.exec(c.trim()));
        if (clauses.some((c) => c === null)) return graphErrorResponse(400, 'BadRequest', `Invalid filter clause: '${filter}'.`);
        people = people.filter((p) =>
          clauses.every((c) => personField(p, c![1]!).toLowerCase() === c![2]!.replace(/''/g, "'").toLowerCase()),
        );
      }
      const size = Math.min(top, MAX_PEOPLE_PAGE);
      const page = people.slice(skip, skip + size);
      const body: Record<string, unknown> = {
        '@odata.context': `${baseUrl}/$metadata#users('${emulator.me?.id ?? ''}')/people${select ? `(${select.join(',')})` : ''}`,
      };
      if (skip + size < people.length) {
        const next = new URL(url);
        next.searchParams.set('$skip', String(skip + size));
        if (!next.searchParams.has('$top')) next.searchParams.set('$top', String(size));
        // As Graph writes it: `$skip`, not `%24skip`.
        body['@odata.nextLink'] = next.href.replace(/%24/g, '$');
      }
      body.value = page.map((entry) => {
        const json = personJson(entry);
        if (!select) return json;
        const out: Record<string, unknown> = { id: json.id };
        for (const p of select) out[p] = json[p];
        return out;
      });
      return HttpResponse.json(body, { headers: CORS_HEADERS });
    }),
  );
}

/**
 * The user properties a `$select` asks for (Graph's defaults without one); a Response when Graph
 * would refuse it: an unknown property (400), or a profile property without User.Read.All (403).
 */
function selectedUserProperties(emulator: GraphEmulator, request: Request): Array<keyof EmulatedUser> | Response {
  const select = new URL(request.url).searchParams.get('$select');
  if (select === null) return DEFAULT_USER_PROPERTIES;
  const asked = select
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = asked.find((p) => !USER_PROPERTIES.has(p as keyof EmulatedUser));
  if (unknown !== undefined) {
    return graphErrorResponse(400, 'Request_BadRequest', `Could not find a property named '${unknown}' on type 'microsoft.graph.user'.`);
  }
  const properties = asked as Array<keyof EmulatedUser>;
  if (!emulator.userReadAll && properties.some((p) => !BASIC_USER_PROPERTIES.has(p))) {
    return graphErrorResponse(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  }
  return properties;
}

/** The properties of a relationship's users (`manager`, `directReports`): as selected, the id always. */
function userSelection(emulator: GraphEmulator, request: Request): Array<keyof EmulatedUser> | Response {
  const properties = selectedUserProperties(emulator, request);
  if (properties instanceof Response) return properties;
  return properties.includes('id') ? properties : ['id', ...properties];
}

/** A user as a directoryObject of a relationship (`manager`, `directReports`): typed with `@odata.type`. */
function directoryObject(user: EmulatedUser, properties: ReadonlyArray<keyof EmulatedUser>): Record<string, unknown> {
  return { '@odata.type': '#microsoft.graph.user', ...selectProperties(user, properties) };
}

const noSuchUser = (id: string) =>
  graphErrorResponse(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );

/** `GET /me`: the signed-in user (emulator.me). Delegated User.Read. */
function getMe(emulator: GraphEmulator, baseUrl: string) {
  return http.get(`${baseUrl}/me`, ({ request }) =>
    respond(emulator, request, () => {
      const me = emulator.me;
      if (!me) return noSuchUser('me');
      const properties = userSelection(emulator, request);
      if (properties instanceof Response) return properties;
      return HttpResponse.json(
        { '@odata.context': `${baseUrl}/$metadata#users/$entity`, ...selectProperties(me, properties) },
        { headers: CORS_HEADERS },
      );
    }),
  );
}

/**
 * `GET /me/manager` (user-list-manager reference): the manager as a directoryObject. Least-privileged
 * delegated permission there: User.Read.All (so without `userReadAll` the emulator answers 403). No
 * manager is Graph's 404 Request_ResourceNotFound.
 */
function getManager(emulator: GraphEmulator, baseUrl: string) {
  return http.get(`${baseUrl}/me/manager`, ({ request }) =>
    respond(emulator, request, () => {
      if (!emulator.userReadAll) {
        return graphErrorResponse(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
      }
      const me = emulator.me;
      const manager = me ? emulator.managerOf(me.id) : null;
      if (!manager) return noSuchUser('manager');
      const properties = userSelection(emulator, request);
      if (properties instanceof Response) return properties;
      return HttpResponse.json(
        { '@odata.context': `${baseUrl}/$metadata#directoryObjects/$entity`, ...directoryObject(manager, properties) },
        { headers: CORS_HEADERS },
      );
    }),
  );
}

/**
 * `GET /me/directReports` and `/users/{id | userPrincipalName}/directReports` (user-list-directreports
 * reference: delegated User.Read and User.ReadBasic.All). A handful of people each, in one page.
 */
function listDirectReports(emulator: GraphEmulator, baseUrl: string): HttpHandler[] {
  const answer = (request: Request, user: EmulatedUser | undefined, asked: string) =>
    respond(emulator, request, () => {
      if (!user) return noSuchUser(asked);
      const properties = userSelection(emulator, request);
      if (properties instanceof Response) return properties;
      return HttpResponse.json(
        {
          '@odata.context': `${baseUrl}/$metadata#directoryObjects`,
          value: emulator.directReportsOf(user.id).map((u) => directoryObject(u, properties)),
        },
        { headers: CORS_HEADERS },
      );
    });
  return [
    http.get(`${baseUrl}/me/directReports`, ({ request }) => answer(request, emulator.me, 'me')),
    http.get(`${baseUrl}/users/:id/directReports`, ({ request, params }) =>
      answer(request, userBySegment(emulator, String(params.id)), decodeURIComponent(String(params.id))),
    ),
  ];
}

/**
 * Activity types the Teams app declares (manifest/manifest.template.json `activities.activityTypes`;
 * tests/unit/manifest holds the two together), plus Graph's reserved `systemDefault`. Graph refuses
 * a type the app's manifest does not declare.
 */
export const DECLARED_ACTIVITY_TYPES: readonly string[] = ['personAvailable', 'systemDefault'];
/** The emulator's bound on what it keeps of a notification (Teams shows 150 characters of a preview). */
const MAX_NOTIFICATION_TEXT = 4_000;
/** Notifications kept for tests and the demo (the latest). */
const MAX_RECORDED_NOTIFICATIONS = 10_000;

function isText(value: unknown, max = MAX_NOTIFICATION_TEXT): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max;
}

/**
 * What Graph asks of a sendActivityNotification body (userteamwork-sendactivitynotification, v1.0;
 * teamworkActivityTopic; itemBody; keyValuePair): `topic` with `source` entityUrl or text and a `value`
 * (`webUrl` required when the source is text), an `activityType` the app declares, `previewText` with
 * `content`, and `templateParameters` as name/value pairs. A string says what is wrong.
 */
function readActivityNotification(body: unknown): Omit<ActivityNotificationRecord, 'userId' | 'at'> | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'The request body must be a JSON object.';
  const b = body as Record<string, unknown>;
  const topic = b.topic as Record<string, unknown> | undefined;
  if (typeof topic !== 'object' || topic === null) return "Required property 'topic' is missing.";
  if (topic.source !== 'entityUrl' && topic.source !== 'text') return "topic.source must be 'entityUrl' or 'text'.";
  if (!isText(topic.value)) return 'topic.value is required.';
  if (topic.source === 'text' && !(isText(topic.webUrl) && URL.canParse(topic.webUrl)))
    return "topic.webUrl is required when topic.source is 'text'.";
  if (!isText(b.activityType, 64)) return "Required property 'activityType' is missing.";
  if (!DECLARED_ACTIVITY_TYPES.includes(b.activityType)) return `Activity type '${b.activityType}' is not declared in the app manifest.`;
  const preview = b.previewText as Record<string, unknown> | undefined;
  if (typeof preview !== 'object' || preview === null || !isText(preview.content))
    return "Required property 'previewText' with 'content' is missing.";
  const parameters = b.templateParameters ?? [];
  if (!Array.isArray(parameters)) return 'templateParameters must be a collection of keyValuePair.';
  const pairs: Array<{ name: string; value: string }> = [];
  for (const p of parameters as unknown[]) {
    const pair = p as Record<string, unknown> | null;
    if (
      typeof pair !== 'object' ||
      pair === null ||
      !isText(pair.name, 100) ||
      typeof pair.value !== 'string' ||
      pair.value.length > MAX_NOTIFICATION_TEXT
    )
      return 'Each templateParameters entry must have a name and a string value.';
    pairs.push({ name: pair.name, value: pair.value });
  }
  return {
    topic: { source: topic.source, value: topic.value, ...(typeof topic.webUrl === 'string' ? { webUrl: topic.webUrl } : {}) },
    activityType: b.activityType,
    previewText: { content: preview.content },
    templateParameters: pairs,
  };
}

/**
 * `POST /users/{id}/teamwork/sendActivityNotification` (userteamwork-sendactivitynotification, v1.0):
 * 204 No Content when accepted (and recorded in `emulator.activityNotifications`); 400 for a body Graph
 * would refuse; 403 without TeamsActivity.Send (application, or TeamsActivity.Send.User by resource-specific
 * consent; a JWT by its `roles`/`scp`, another token by `activitySendConsent`); 404 for an unknown user.
 */
function sendActivityNotification(emulator: GraphEmulator, baseUrl: string) {
  return http.post(`${baseUrl}/users/:id/teamwork/sendActivityNotification`, async ({ request, params }) => {
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      body = undefined;
    }
    return respond(emulator, request, () => {
      if (!granted(request, ['TeamsActivity.Send', 'TeamsActivity.Send.User'], emulator.activitySendConsent)) {
        return graphErrorResponse(
          403,
          'Forbidden',
          "Missing role permissions on the request. API requires one of 'TeamsActivity.Send, TeamsActivity.Send.User'.",
        );
      }
      const user = userBySegment(emulator, String(params.id));
      if (!user) return graphErrorResponse(404, 'NotFound', `User '${decodeURIComponent(String(params.id))}' was not found.`);
      const notification = readActivityNotification(body);
      if (typeof notification === 'string') return graphErrorResponse(400, 'BadRequest', notification);
      if (emulator.activityNotifications.length >= MAX_RECORDED_NOTIFICATIONS) emulator.activityNotifications.shift();
      emulator.activityNotifications.push({ userId: user.id.toLowerCase(), at: Date.now(), ...notification });
      return new HttpResponse(null, { status: 204, headers: CORS_HEADERS });
    });
  });
}

/** `GET /users/{id}?$select=displayName`: one user (404 Request_ResourceNotFound for no one), with the `$select` rules of `/users`. */
function getUser(emulator: GraphEmulator, baseUrl: string) {
  return http.get(`${baseUrl}/users/:id`, ({ request, params }) =>
    respond(emulator, request, () => {
      const user = userBySegment(emulator, String(params.id));
      if (!user)
        return graphErrorResponse(
          404,
          'Request_ResourceNotFound',
          `Resource '${decodeURIComponent(String(params.id))}' does not exist or one of its queried reference-property objects are not present.`,
        );
      const properties = userSelection(emulator, request);
      if (properties instanceof Response) return properties;
      return HttpResponse.json(
        { '@odata.context': `${baseUrl}/$metadata#users/$entity`, ...selectProperties(user, properties) },
        { headers: CORS_HEADERS },
      );
    }),
  );
}

function unknownSegment(emulator: GraphEmulator, baseUrl: string) {
  return http.all(`${baseUrl}/*`, ({ request }) =>
    respond(emulator, request, () => {
      const segment = new URL(request.url).pathname.slice(new URL(baseUrl).pathname.length + 1);
      return graphErrorResponse(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
    }),
  );
}

/** MSW handlers that answer like Microsoft Graph at `baseUrl` (a cloud's Graph base URL from src/host/clouds.ts, or a local one). */
export function createGraphHandlers(emulator: GraphEmulator, baseUrl: string): HttpHandler[] {
  const base = baseUrl.replace(/\/+$/, '');
  const handlers: HttpHandler[] = [
    listUsers(emulator, base),
    usersDelta(emulator, base),
    listGroupMembers(emulator, base),
    getPresencesByUserId(emulator, base),
    userPhoto(emulator, base),
    jsonBatch(emulator, base, () => handlers),
    ...getSchedule(emulator, base),
    listPeople(emulator, base),
    getMe(emulator, base),
    getManager(emulator, base),
    ...listDirectReports(emulator, base),
    sendActivityNotification(emulator, base),
    getUser(emulator, base),
    unknownSegment(emulator, base),
  ];
  return handlers;
}
