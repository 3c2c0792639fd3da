import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphClient } from '../src/graph/client';
import { AuthError, bearerFrom, Tickets, verifyViewerToken, type Viewer, type ViewerAuthOptions } from './auth';
import { displayNameOf, type ActivitySender } from './activityFeed';
import { TenantHub } from './hub';
import { readBoundedBody } from './limitBodies';
import type { Logger } from './log';
import { errorText } from './log';
import { WatchNotifier } from './notifier';
import type { PacingOptions } from './pacing';
import { TenantSweeper } from './sweeper';
import type { Backplane } from './types';
import { DEFAULT_MAX_WATCHES, isUsableWatcher, isWatchablePerson, WATCH_ID, WATCH_TTL_MS, watchJson, type Watch } from './watches';

/** Watches (issue 20): the API, and activity feed notifications when they fire. */
export interface WatchOptions {
  /** Sends one activity feed notification with the tenant's app-only token (activityFeed.ts). */
  senderFor: (tenant: string) => ActivitySender;
  /** The cloud's Teams web origin (src/host/clouds.ts) and the Teams app's id (its manifest `id`): the deep link. */
  teamsWebOrigin: string;
  teamsAppId: string;
  /** Armed watches one person may hold in a tenant (default 50). */
  maxPerWatcher?: number;
  /** Notifications started a second per tenant (default 4; Graph allows 5). */
  ratePerSecond?: number;
  /** A fired watch waits this long before it is sent, so a tab that is open can withdraw it (default 10 s). */
  graceMs?: number;
  claimLeaseMs?: number;
  /** Creates and deletes one person may make a minute on one instance (default 120). */
  maxWritesPerUserPerMinute?: number;
  /** The watched person's name for the text (default: GET /users/{id}?$select=displayName with the directory client). */
  nameOf?: (tenant: string, personId: string) => Promise<string | null>;
  /** A create's body must be in within this long (default 10 s): the server has no request timeout (streams last hours). */
  bodyTimeoutMs?: number;
  now?: () => number;
}

export interface RelayOptions {
  tenants: readonly string[];
  backplane: Backplane;
  /** The app-only Graph client for a tenant (client credentials). */
  graphClientFor: (tenant: string) => GraphClient;
  auth: ViewerAuthOptions;
  /** Origins (such as https://tab.contoso.com) whose pages may call the relay; "*" for any. */
  allowedOrigins: readonly string[];
  log: Logger;
  instanceId?: string;
  /** False: this instance only fans out and never sweeps (default true). */
  sweep?: boolean;
  pacing?: PacingOptions & { leaseTtlMs?: number };
  heartbeatMs?: number;
  ringSize?: number;
  maxViewers?: number;
  /** Streams one person (token `oid`) may hold open on this instance (default 20: several devices and tabs). */
  maxStreamsPerUser?: number;
  /** Tickets one person may be given by this instance a minute (default 60; the tab takes one per (re)connection). */
  maxTicketsPerUserPerMinute?: number;
  ticketTtlMs?: number;
  /** Benchmarks only (node --expose-gc): GET /healthz?gc=1 collects garbage first, for a steadier memory figure. */
  allowGc?: boolean;
  /** Demo mode only: hands out viewer tokens for the emulated tenant at GET /demo/token (`?as=me`: the emulated signed-in user). */
  demoToken?: (query: URLSearchParams) => Promise<string>;
  /** Watches and activity feed notifications; absent: the watch API answers 404 `watches-off`. */
  watches?: WatchOptions;
  /** Demo mode only: the activity feed notifications the emulated tenant accepted for a user (GET /demo/activityNotifications). */
  demoNotifications?: (tenant: string, user: string) => unknown[];
}

export interface RunningRelay {
  url: string;
  port: number;
  instanceId: string;
  hubs: ReadonlyMap<string, TenantHub>;
  sweepers: ReadonlyMap<string, TenantSweeper>;
  notifiers: ReadonlyMap<string, WatchNotifier>;
  viewerCount(): number;
  close(): Promise<void>;
  /** Tests: stops as a crash would (the lease is not given up; viewers' connections drop). */
  kill(): Promise<void>;
}

const STREAM_PATH = /^\/v1\/tenants\/([0-9a-fA-F-]{36})\/presence\/stream$/;
const WATCH_PATH = /^\/v1\/watches\/([^/]*)$/;
/** A watch request's body is `{"personId":"<guid>"}`: a kilobyte is plenty. */
const MAX_WATCH_BODY_BYTES = 1_024;

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** Starts a relay instance: its HTTP server, a hub and a sweep loop per tenant. */
export async function startRelay(options: RelayOptions, listen: { port?: number; host?: string } = {}): Promise<RunningRelay> {
  const { log, backplane } = options;
  const instanceId = options.instanceId ?? `relay-${randomBytes(4).toString('hex')}`;
  const tickets = new Tickets(backplane, options.ticketTtlMs);
  const hubs = new Map<string, TenantHub>();
  const sweepers = new Map<string, TenantSweeper>();
  const maxViewers = options.maxViewers ?? 20_000;
  const maxStreamsPerUser = options.maxStreamsPerUser ?? 20;
  const streamsPerUser = new Map<string, number>();
  const maxTicketsPerMinute = options.maxTicketsPerUserPerMinute ?? 60;
  const ticketsGiven = new Map<string, { since: number; count: number }>();
  const watchWrites = new Map<string, { since: number; count: number }>();
  const notifiers = new Map<string, WatchNotifier>();
  const watchOptions = options.watches;
  const maxWatches = watchOptions?.maxPerWatcher ?? DEFAULT_MAX_WATCHES;
  const watchNow = watchOptions?.now ?? Date.now;

  /** Counts one more for a person in the current minute; false past `max`. */
  function withinMinute(windows: Map<string, { since: number; count: number }>, key: string, max: number): boolean {
    const now = Date.now();
    if (windows.size > 10_000) for (const [k, w] of windows) if (now - w.since >= 60_000) windows.delete(k);
    const window = windows.get(key);
    if (!window || now - window.since >= 60_000) {
      windows.set(key, { since: now, count: 1 });
      return true;
    }
    window.count++;
    return window.count <= max;
  }
  const mayIssueTicket = (key: string) => withinMinute(ticketsGiven, key, maxTicketsPerMinute);
  const allowAny = options.allowedOrigins.includes('*');

  for (const tenant of options.tenants) {
    const hub = new TenantHub({ tenant, backplane, log, heartbeatMs: options.heartbeatMs, ringSize: options.ringSize });
    hubs.set(tenant, hub);
    await hub.start();
    if (options.sweep !== false) {
      const sweeper = new TenantSweeper({
        tenant,
        backplane,
        client: options.graphClientFor(tenant),
        owner: instanceId,
        log,
        highWater: () => hub.highWater(),
        ...options.pacing,
        watchGraceMs: watchOptions ? (watchOptions.graceMs ?? 10_000) : 0,
        onAvailable: () => notifiers.get(tenant)?.wake(),
      });
      sweepers.set(tenant, sweeper);
      sweeper.start();
      if (watchOptions) {
        const directory = options.graphClientFor(tenant);
        const notifier = new WatchNotifier({
          tenant,
          backplane,
          owner: instanceId,
          holding: () => sweeper.holding,
          send: watchOptions.senderFor(tenant),
          nameOf: (person) => (watchOptions.nameOf ? watchOptions.nameOf(tenant, person) : displayNameOf(directory, person)),
          teamsWebOrigin: watchOptions.teamsWebOrigin,
          teamsAppId: watchOptions.teamsAppId,
          log,
          ratePerSecond: watchOptions.ratePerSecond,
          claimLeaseMs: watchOptions.claimLeaseMs,
          now: watchOptions.now,
        });
        notifiers.set(tenant, notifier);
        notifier.start();
      }
    }
  }

  const viewerCount = () => [...hubs.values()].reduce((n, h) => n + h.viewers.size, 0);

  function cors(req: IncomingMessage, res: ServerResponse): void {
    const origin = req.headers.origin;
    if (!origin) return;
    if (allowAny || options.allowedOrigins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', allowAny ? '*' : origin);
      res.setHeader('Vary', 'Origin');
    }
  }

  /** The caller by its bearer token (the watch API takes no tickets: a ticket is for one stream). */
  async function bearerViewer(req: IncomingMessage): Promise<Viewer> {
    const token = bearerFrom(req.headers.authorization);
    if (token === null) throw new AuthError('No bearer token.');
    return verifyViewerToken(token, options.auth);
  }

  /**
   * The watch API: POST /v1/watches {"personId"}, GET /v1/watches, DELETE /v1/watches/{id}; the watcher
   * is the token's tenant and user, and sees and removes only their own (docs/relay.md "Watches").
   */
  async function handleWatches(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const id = WATCH_PATH.exec(url.pathname)?.[1];
    const method = req.method ?? 'GET';
    const allowed = id === undefined ? ['GET', 'POST'] : ['DELETE'];
    if (!allowed.includes(method)) {
      json(res, 405, { error: 'method-not-allowed' }, { Allow: allowed.join(', ') });
      return;
    }
    const viewer = await bearerViewer(req);
    if (!watchOptions || !hubs.has(viewer.tenantId)) {
      json(res, 404, { error: 'watches-off', message: 'This relay does not keep watches.' });
      return;
    }
    if (!isUsableWatcher(viewer.user)) throw new AuthError('The token names a user the relay cannot keep watches for.', 403);
    const tenant = viewer.tenantId;
    const now = watchNow();
    if (method === 'GET') {
      const watches = await backplane.listWatches(tenant, viewer.user, now);
      json(res, 200, { watches: watches.map(watchJson), max: maxWatches });
      return;
    }
    if (!withinMinute(watchWrites, `${tenant}/${viewer.user}`, watchOptions.maxWritesPerUserPerMinute ?? 120)) {
      json(res, 429, { error: 'too-many-requests', message: 'Too many watch changes for this user; try again shortly.' }, { 'Retry-After': '30' });
      return;
    }
    if (method === 'DELETE') {
      // Another's id, an unknown one and one already sent all answer the same: nothing says whose it was.
      const removed = WATCH_ID.test(id!) && (await backplane.deleteWatch(tenant, viewer.user, id!, now));
      if (removed) {
        res.writeHead(204, { 'Cache-Control': 'no-store' });
        res.end();
      } else json(res, 404, { error: 'not-found' });
      return;
    }
    let bodyTimer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => {
      bodyTimer = setTimeout(() => resolve('late'), watchOptions.bodyTimeoutMs ?? 10_000);
    });
    const read = await Promise.race([readBoundedBody(req, MAX_WATCH_BODY_BYTES), late]).finally(() => clearTimeout(bodyTimer));
    if (read === 'late') {
      // A body that trickles (or never comes) would hold the connection for ever: the server's requestTimeout is off.
      res.on('finish', () => req.socket.destroy());
      json(res, 408, { error: 'request-timeout', message: 'The body did not arrive in time.' }, { Connection: 'close' });
      return;
    }
    const text = read;
    let personId: unknown;
    try {
      personId = text === null ? undefined : (JSON.parse(text) as { personId?: unknown } | null)?.personId;
    } catch {
      personId = undefined;
    }
    if (text === null) {
      // What is still arriving is not read: the connection ends with the answer.
      res.on('finish', () => req.socket.destroy());
      json(res, 400, { error: 'bad-request', message: `The body is over ${MAX_WATCH_BODY_BYTES} bytes.` }, { Connection: 'close' });
      return;
    }
    if (!isWatchablePerson(personId)) {
      json(res, 400, { error: 'bad-request', message: 'The body must be {"personId":"<user object id>"}.' });
      return;
    }
    const watch: Watch = {
      id: randomBytes(16).toString('base64url'),
      personId: personId.toLowerCase(),
      watcher: viewer.user,
      createdAt: now,
      expiresAt: now + WATCH_TTL_MS,
    };
    const result = await backplane.createWatch(tenant, watch, maxWatches, now);
    if ('full' in result) {
      json(res, 429, { error: 'too-many-watches', max: maxWatches, message: `A person may watch at most ${maxWatches} people at once.` });
      return;
    }
    json(res, result.created ? 201 : 200, { watch: watchJson(result.watch) });
  }

  async function viewerFrom(req: IncomingMessage, url: URL): Promise<Viewer> {
    const token = bearerFrom(req.headers.authorization);
    if (token !== null) return verifyViewerToken(token, options.auth);
    const ticket = url.searchParams.get('ticket');
    if (ticket !== null) {
      const viewer = await tickets.redeem(ticket);
      if (viewer) return viewer;
      throw new AuthError('The ticket is unknown, used or expired.');
    }
    throw new AuthError('No bearer token or ticket.');
  }

  /** Health details (tenants, headcount, memory) only for a caller on this host, not through a proxy. */
  function isLocalCaller(req: IncomingMessage): boolean {
    const address = req.socket.remoteAddress ?? '';
    const loopback = address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
    return loopback && req.headers['x-forwarded-for'] === undefined && req.headers.forwarded === undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://relay.invalid');
    cors(req, res);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
        'Access-Control-Allow-Headers': 'Authorization, Last-Event-ID, Content-Type',
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }
    if (req.method === 'GET' && url.pathname === '/healthz') {
      if (!isLocalCaller(req)) {
        json(res, 200, { ok: true });
        return;
      }
      const gc = (globalThis as { gc?: () => void }).gc;
      if (options.allowGc && gc && url.searchParams.get('gc') === '1') gc();
      json(res, 200, {
        ok: true,
        instance: instanceId,
        store: { kind: backplane.kind, up: backplane.isUp() },
        viewers: viewerCount(),
        memory: process.memoryUsage(),
        tenants: await Promise.all([...hubs.values()].map(async (hub) => {
          const stale = hub.staleSince();
          const notifier = notifiers.get(hub.tenant);
          const held = notifier ? await backplane.watchCounts(hub.tenant).catch(() => null) : null;
          return {
            tenantId: hub.tenant,
            people: hub.board.size,
            epoch: hub.epoch,
            seq: hub.seq,
            viewers: hub.viewers.size,
            sweeping: sweepers.get(hub.tenant)?.holding ?? false,
            plan: sweepers.get(hub.tenant)?.plan ?? null,
            staleSince: stale === null ? null : new Date(stale).toISOString(),
            // Counts only: never who watches whom.
            watches: notifier ? { ...held, ...notifier.counts } : null,
          };
        })),
      });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/demo/token' && options.demoToken) {
      json(res, 200, { token: await options.demoToken(url.searchParams), note: 'Demo mode only: a viewer token for the emulated tenant.' });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/demo/activityNotifications' && options.demoNotifications) {
      const viewer = await bearerViewer(req);
      json(res, 200, { notifications: options.demoNotifications(viewer.tenantId, viewer.user) });
      return;
    }
    if (url.pathname === '/v1/watches' || WATCH_PATH.test(url.pathname)) {
      await handleWatches(req, res, url);
      return;
    }
    if (req.method === 'POST' && url.pathname === '/v1/tickets') {
      const token = bearerFrom(req.headers.authorization);
      if (token === null) throw new AuthError('No bearer token.');
      const viewer = await verifyViewerToken(token, options.auth);
      // Each ticket is stored until it expires: one person minting them without end would fill the store.
      if (!mayIssueTicket(`${viewer.tenantId}/${viewer.user}`)) {
        json(res, 429, { error: 'too-many-tickets', message: 'Too many tickets for this user; try again shortly.' }, { 'Retry-After': '30' });
        return;
      }
      const ticket = await tickets.issue(viewer);
      json(res, 200, {
        ticket,
        expiresInSeconds: Math.round(tickets.ttlMs / 1000),
        tenantId: viewer.tenantId,
        streamPath: `/v1/tenants/${viewer.tenantId}/presence/stream?ticket=${ticket}`,
      });
      return;
    }
    const stream = STREAM_PATH.exec(url.pathname);
    if (req.method === 'GET' && stream) {
      const tenant = stream[1]!.toLowerCase();
      const viewer = await viewerFrom(req, url);
      if (viewer.tenantId !== tenant) throw new AuthError('The token is for another tenant.', 403);
      const hub = hubs.get(tenant);
      if (!hub) {
        json(res, 404, { error: 'not-served', message: 'This relay does not serve that tenant.' });
        return;
      }
      if (viewerCount() >= maxViewers) {
        json(res, 503, { error: 'full', message: 'This relay instance is full; try again.' }, { 'Retry-After': '5' });
        return;
      }
      const streams = streamsPerUser.get(`${tenant}/${viewer.user}`) ?? 0;
      if (streams >= maxStreamsPerUser) {
        json(res, 429, { error: 'too-many-streams', message: 'Too many open streams for this user.' }, { 'Retry-After': '10' });
        return;
      }
      await Promise.race([hub.ready, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      // The client may have gone while its token was checked (key fetch) or the board loaded: attach nothing then.
      if (req.socket.destroyed || res.destroyed) return;
      req.socket.setNoDelay(true);
      req.socket.setKeepAlive(true, 30_000);
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store, no-transform',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      const lastEventId = (req.headers['last-event-id'] as string | undefined) ?? url.searchParams.get('lastEventId');
      if (!hub.attach(res, lastEventId, viewer.expiresAt)) return;
      const key = `${tenant}/${viewer.user}`;
      streamsPerUser.set(key, (streamsPerUser.get(key) ?? 0) + 1);
      res.on('close', () => {
        const left = (streamsPerUser.get(key) ?? 1) - 1;
        if (left <= 0) streamsPerUser.delete(key);
        else streamsPerUser.set(key, left);
      });
      return;
    }
    json(res, 404, { error: 'not-found' });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof AuthError) {
        // The path only: a query may hold a ticket, a header a token.
        log('warn', 'viewer refused', { path: new URL(req.url ?? '/', 'http://relay.invalid').pathname, reason: error.message });
        if (res.headersSent) return;
        if (error.status === 503) json(res, 503, { error: 'keys-unavailable', message: error.message }, { 'Retry-After': '30' });
        else
          json(
            res,
            error.status,
            { error: error.status === 401 ? 'unauthorized' : 'forbidden', message: error.message },
            { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
          );
        return;
      }
      log('error', 'request failed', { error: errorText(error) });
      if (!res.headersSent) json(res, 500, { error: 'internal' });
      else res.destroy();
    });
  });
  server.requestTimeout = 0;
  server.headersTimeout = 20_000;
  server.keepAliveTimeout = 5_000;
  server.maxConnections = maxViewers + 1_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port ?? 0, listen.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${listen.host ?? '127.0.0.1'}:${port}`;
  log('info', 'relay listening', { url, instance: instanceId, store: backplane.kind, tenants: options.tenants.length });

  return {
    url,
    port,
    instanceId,
    hubs,
    sweepers,
    notifiers,
    viewerCount,
    async kill() {
      await Promise.all([...notifiers.values()].map((n) => n.stop({ wait: false })));
      await Promise.all([...sweepers.values()].map((s) => s.stop({ release: false })));
      server.closeAllConnections();
      await Promise.all([...hubs.values()].map((h) => h.stop()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async close() {
      await Promise.all([...notifiers.values()].map((n) => n.stop()));
      await Promise.all([...sweepers.values()].map((s) => s.stop()));
      await Promise.all([...hubs.values()].map((h) => h.stop()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
