import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import type { GraphEmulator } from './graphEmulator';
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
const PHOTO_PATH = /^\/?users\/([^/?]+)\/photos?\/(?:48x48\/)?\$value$/i;
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

/**
 * What every call goes through around its own logic: the bearer token, an injected fault, the
 * answer logged with its status; and the latency, which counts the emulator's own work, so an
 * answer takes `latencyMs` in all (or longer, when the work itself takes longer).
 */
async function respond(
  emulator: GraphEmulator,
  request: Request,
  logic: () => Response | Promise<Response>,
  idCount?: number,
  batchUrls?: string[],
): Promise<Response> {
  const started = performance.now();
  const receivedAt = Date.now();
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
  const remaining = emulator.latencyMs - (performance.now() - started);
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
    return respond(emulator, request, () => usersPage(emulator, baseUrl, request, emulator.users));
  });
}

/** `GET /groups/{id}/members/microsoft.graph.user`: a team's user members, paged like users. */
function listGroupMembers(emulator: GraphEmulator, baseUrl: string) {
  return http.get(`${baseUrl}/groups/:groupId/members/microsoft.graph.user`, async ({ request, params }) =>
    respond(emulator, request, () => {
      const members = emulator.groups.get(String(params.groupId).toLowerCase());
      if (!members) return graphErrorResponse(404, 'Request_ResourceNotFound', `Resource '${String(params.groupId)}' does not exist.`);
      return usersPage(emulator, baseUrl, request, members);
    }),
  );
}

function usersPage(emulator: GraphEmulator, baseUrl: string, request: Request, everyone: readonly EmulatedUser[]): Response {
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
  const wantCount = count === 'true';
  if (wantCount && request.headers.get('ConsistencyLevel')?.toLowerCase() !== 'eventual') {
    return graphErrorResponse(400, 'Request_BadRequest', '$count is not currently supported.');
  }

  let properties = DEFAULT_USER_PROPERTIES;
  const select = params.get('$select');
  if (select !== null) {
    const asked = select
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = asked.find((p) => !USER_PROPERTIES.has(p as keyof EmulatedUser));
    if (unknown !== undefined) {
      return graphErrorResponse(400, 'Request_BadRequest', `Could not find a property named '${unknown}' on type 'microsoft.graph.user'.`);
    }
    properties = asked as Array<keyof EmulatedUser>;
    if (!emulator.userReadAll && properties.some((p) => !BASIC_USER_PROPERTIES.has(p))) {
      return graphErrorResponse(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    }
  }

  let offset = 0;
  const token = params.get('$skiptoken');
  if (token !== null) {
    const decoded = decodePageToken(token, emulator.seed);
    if (decoded === null) {
      return graphErrorResponse(400, 'Directory_ExpiredPageToken', 'The specified page token value has expired or is invalid.');
    }
    offset = decoded;
  }

  const size = Math.min(top, emulator.maxPageSize);
  const page = everyone.slice(offset, offset + size);
  const body: Record<string, unknown> = {
    '@odata.context': `${baseUrl}/$metadata#users(${select ?? ''})`,
  };
  // Graph's order: context, count, next link, then the list.
  if (wantCount) body['@odata.count'] = everyone.length;
  if (offset + size < everyone.length) {
    const next = new URL(url);
    next.searchParams.set('$skiptoken', encodePageToken(offset + size, emulator.seed));
    body['@odata.nextLink'] = next.href;
  }
  body.value = page.map((u) => selectProperties(u, properties));
  return HttpResponse.json(body, { headers: CORS_HEADERS });
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
 */
function usersDelta(emulator: GraphEmulator, baseUrl: string) {
  return http.get(`${baseUrl}/users/delta`, async ({ request }) =>
    respond(emulator, request, () => {
      if (!emulator.userReadAll) {
        return graphErrorResponse(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
      }
      const params = new URL(request.url).searchParams;
      const token = params.get('$deltatoken') ?? params.get('$skiptoken');
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
      return HttpResponse.json(body, { headers: CORS_HEADERS });
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
    return respond(emulator, request, () => presences(emulator, baseUrl, ids), Array.isArray(ids) ? ids.length : undefined);
  });
}

function presences(emulator: GraphEmulator, baseUrl: string, ids: unknown): Response {
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
  return HttpResponse.json(
    { '@odata.context': `${baseUrl}/$metadata#Collection(microsoft.graph.presence)`, value },
    { headers: CORS_HEADERS },
  );
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

/**
 * `POST /$batch` (JSON batching): at most 20 requests, each answered on its own inside a 200;
 * a binary body comes back base64-encoded. Photo requests are what the board batches; others
 * are answered 400 as unsupported by the emulator. Injected throttling hits single items too.
 */
function jsonBatch(emulator: GraphEmulator, baseUrl: string) {
  return http.post(`${baseUrl}/$batch`, async ({ request }) => {
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      body = undefined;
    }
    const requests = (body as { requests?: unknown } | undefined)?.requests;
    const list = Array.isArray(requests) ? (requests as Array<Record<string, unknown>>) : null;
    const urls = list?.map((r) => String(r.url));
    return respond(
      emulator,
      request,
      () => {
        if (!list) return graphErrorResponse(400, 'BadRequest', 'Invalid batch payload format.');
        if (list.length > MAX_BATCH_REQUESTS) {
          return graphErrorResponse(400, 'BadRequest', `The number of batch requests exceeds the limit of ${MAX_BATCH_REQUESTS}.`);
        }
        const responses = list.map((item) => {
          const id = String(item.id);
          const url = String(item.url);
          if (emulator.nextFault() === 'throttle') {
            return {
              id,
              status: 429,
              headers: { 'Retry-After': '1' },
              body: { error: { code: 'TooManyRequests', message: 'Too many requests.' } },
            };
          }
          const photo = PHOTO_PATH.exec(url);
          if (item.method !== 'GET' || !photo) {
            return { id, status: 400, body: { error: { code: 'BadRequest', message: `The emulator does not batch '${url}'.` } } };
          }
          const answer = photoAnswer(emulator, decodeURIComponent(photo[1]!));
          return answer.bytes
            ? { id, status: 200, headers: answer.headers, body: photoBase64(answer.bytes) }
            : { id, status: answer.status, body: { error: answer.error } };
        });
        return HttpResponse.json({ responses }, { headers: CORS_HEADERS });
      },
      list?.length,
      urls,
    );
  });
}

function unknownSegment(emulator: GraphEmulator, baseUrl: string) {
  return http.all(`${baseUrl}/*`, ({ request }) =>
    respond(emulator, request, () => {
      const segment = new URL(request.url).pathname.slice(new URL(baseUrl).pathname.length + 1);
      return graphErrorResponse(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
    }),
  );
}

/** MSW handlers that answer like Microsoft Graph at `baseUrl` (such as https://graph.microsoft.com/v1.0). */
export function createGraphHandlers(emulator: GraphEmulator, baseUrl: string): HttpHandler[] {
  const base = baseUrl.replace(/\/+$/, '');
  return [
    listUsers(emulator, base),
    usersDelta(emulator, base),
    listGroupMembers(emulator, base),
    getPresencesByUserId(emulator, base),
    userPhoto(emulator, base),
    jsonBatch(emulator, base),
    unknownSegment(emulator, base),
  ];
}
