/**
 * `npm run test:faults`: the board against the emulated tenant with faults injected, one row per
 * scenario — faults, people the directory returned, people shown with presence, people counted
 * as "presence unavailable", people lost (must be 0), requests Graph received (every attempt),
 * and the outcome. Exits 1 if anyone is lost in any scenario, or if any request left the Graph host.
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { staticTokenSource } from '../../src/auth/staticTokenSource';
import { GRAPH_SCOPES, type TokenSource } from '../../src/auth/tokenSource';
import { BoardStore } from '../../src/board/boardStore';
import { GraphEmulator, type EmulatorOptions } from '../../src/emulator/graphEmulator';
import type { EmulatedUser } from '../../src/emulator/tenant';
import { createGraphHandlers } from '../../src/emulator/handlers';
import { createGraphClient } from '../../src/graph/client';
import { DEFAULT_GRAPH_BASE_URL } from '../../src/graph/endpoints';
import { GraphError } from '../../src/graph/errors';

const BASE = DEFAULT_GRAPH_BASE_URL;
const USERS_URL = `${BASE}/users`;
const PRESENCE_URL = `${BASE}/communications/getPresencesByUserId`;

interface Scenario {
  name: string;
  emulator?: EmulatorOptions;
  /** Extra handlers in front of the emulator's. */
  handlers?: (emulator: GraphEmulator) => Parameters<typeof server.use>;
  tokenSource?: () => TokenSource;
  /** Refresh after the load, with these handlers in front from then on. */
  refreshHandlers?: (emulator: GraphEmulator) => Parameters<typeof server.use>;
  /** The people the directory returned, when not the whole tenant. */
  expected?: (emulator: GraphEmulator) => number;
}

const server = setupServer();
/** A directory entry as the users endpoint returns it, for scenarios that serve their own pages. */
const asListed = ({ id, displayName, mail, userPrincipalName }: EmulatedUser) => ({ id, displayName, mail, userPrincipalName });
let counter = 0;
const every = (n: number) => () => ++counter % n === 0;

const scenarios: Scenario[] = [
  { name: 'no faults', emulator: { users: 3000 } },
  { name: '429 on a third of requests, Retry-After 0 s', emulator: { users: 3000, throttleRate: 0.33, retryAfterSeconds: 0 } },
  { name: '429 on a third of requests, no readable Retry-After', emulator: { users: 3000, throttleRate: 0.33, retryAfterSeconds: null } },
  { name: '503 on a fifth of requests', emulator: { users: 3000, unavailableRate: 0.2 } },
  {
    name: '504 on every third request',
    emulator: { users: 3000 },
    handlers: () => {
      const hit = every(3);
      return [http.all(`${BASE}/*`, () => (hit() ? new HttpResponse(null, { status: 504 }) : undefined))];
    },
  },
  {
    name: 'connection dropped on every fourth request',
    emulator: { users: 3000 },
    handlers: () => {
      const hit = every(4);
      return [http.all(`${BASE}/*`, () => (hit() ? HttpResponse.error() : undefined))];
    },
  },
  {
    name: 'one presence request never answers',
    emulator: { users: 3000 },
    handlers: () => [http.post(PRESENCE_URL, () => new Promise<Response>(() => undefined), { once: true })],
  },
  {
    name: 'HTML error page for one presence request',
    emulator: { users: 3000 },
    handlers: () => [http.post(PRESENCE_URL, () => HttpResponse.html('<h1>502 Bad Gateway</h1>', { status: 502 }), { once: true })],
  },
  {
    name: 'truncated JSON for one presence answer',
    emulator: { users: 3000 },
    handlers: () => [
      http.post(PRESENCE_URL, () => new HttpResponse('{"value":[{"id":', { headers: { 'Content-Type': 'application/json' } }), {
        once: true,
      }),
    ],
  },
  {
    name: 'nextLink repeats (would loop)',
    emulator: { users: 3000 },
    handlers: (emulator) => [
      http.get(USERS_URL, () =>
        HttpResponse.json({
          '@odata.nextLink': `${USERS_URL}?$skiptoken=same`,
          value: emulator.users.slice(0, 500).map(asListed),
        }),
      ),
    ],
    expected: () => 500,
  },
  {
    name: 'nextLink to another host (refused, token kept)',
    emulator: { users: 3000 },
    handlers: (emulator) => [
      http.get(USERS_URL, () =>
        HttpResponse.json({
          '@odata.nextLink': 'https://graph.example.net/v1.0/users?$skiptoken=x',
          value: emulator.users.slice(0, 700).map(asListed),
        }),
      ),
    ],
    expected: () => 700,
  },
  {
    name: 'pages repeat users',
    emulator: { users: 3000 },
    handlers: (emulator) => {
      let page = 0;
      return [
        http.get(USERS_URL, () => {
          page++;
          const slice = page === 1 ? emulator.users.slice(0, 1200) : emulator.users.slice(800, 3000);
          return HttpResponse.json({
            ...(page === 1 ? { '@odata.nextLink': `${USERS_URL}?$skiptoken=two` } : {}),
            value: slice.map(asListed),
          });
        }),
      ];
    },
  },
  {
    name: 'presence answers miss ids and add unasked ones',
    emulator: { users: 3000 },
    handlers: () => [
      http.post(PRESENCE_URL, async ({ request }) => {
        const { ids } = (await request.clone().json()) as { ids: string[] };
        const value = ids.slice(5).map((id) => ({ id, availability: 'Available', activity: 'Available' }));
        value.push({ id: crypto.randomUUID(), availability: 'Available', activity: 'Available' });
        return HttpResponse.json({ value });
      }),
    ],
  },
  {
    name: 'one id makes its presence call a 400',
    emulator: { users: 3000 },
    handlers: (emulator) => {
      const poison = emulator.users[1234]!.id;
      return [
        http.post(PRESENCE_URL, async ({ request }) => {
          const { ids } = (await request.clone().json()) as { ids: string[] };
          return ids.includes(poison)
            ? HttpResponse.json({ error: { code: 'BadRequest', message: 'Invalid id' } }, { status: 400 })
            : undefined;
        }),
      ];
    },
  },
  {
    name: 'token expires mid-load',
    emulator: { users: 3000 },
    tokenSource: () => {
      let calls = 0;
      return {
        getToken: (_scopes, { forceRefresh }) => Promise.resolve(forceRefresh ? 'renewed' : ++calls > 3 ? 'expired' : 'fresh'),
      };
    },
    handlers: () => [
      http.all(`${BASE}/*`, ({ request }) =>
        request.headers.get('Authorization') === 'Bearer expired'
          ? HttpResponse.json({ error: { code: 'InvalidAuthenticationToken', message: 'expired' } }, { status: 401 })
          : undefined,
      ),
    ],
  },
  {
    name: 'consent revoked before a refresh (403)',
    emulator: { users: 3000 },
    refreshHandlers: () => [
      http.post(PRESENCE_URL, () => HttpResponse.json({ error: { code: 'Forbidden', message: 'Consent revoked' } }, { status: 403 })),
    ],
    // The board the person may no longer read is cleared.
    expected: () => 0,
  },
  {
    name: 'every refresh call fails (503)',
    emulator: { users: 3000 },
    refreshHandlers: () => [http.post(PRESENCE_URL, () => new HttpResponse(null, { status: 503 }))],
  },
];

function outcome(store: BoardStore): string {
  const { phase, error } = store.getSnapshot();
  if (!error) return phase;
  return `${phase}, ${error instanceof GraphError ? error.kind : 'error'}`;
}

server.listen({ onUnhandledRequest: 'error' });
// Request deadlines use unref'd timers; with only a never-answering request left, Node would exit.
const keepAlive = setInterval(() => undefined, 1000);
// Every attempt that reached "Graph", whichever handler answered it; and any to another host.
let attempts = 0;
const foreignHosts: string[] = [];
server.events.on('request:start', ({ request }) => {
  attempts++;
  if (!request.url.startsWith(`${BASE}/`)) foreignHosts.push(request.url);
});
const rows: string[][] = [];
let anyLost = false;
for (const scenario of scenarios) {
  server.resetHandlers();
  counter = 0;
  attempts = 0;
  const emulator = new GraphEmulator(scenario.emulator);
  server.use(...(scenario.handlers?.(emulator) ?? []), ...createGraphHandlers(emulator, BASE));
  const client = createGraphClient({
    baseUrl: BASE,
    tokenSource: scenario.tokenSource?.() ?? staticTokenSource('faults'),
    scopes: GRAPH_SCOPES,
    backoffBaseMs: 5,
    maxWaitMs: 50,
    maxAttempts: 4,
    requestTimeoutMs: 300,
  });
  const store = new BoardStore({ client, notifyIntervalMs: 1 });
  await store.load();
  if (scenario.refreshHandlers) {
    server.resetHandlers();
    server.use(...scenario.refreshHandlers(emulator), ...createGraphHandlers(emulator, BASE));
    await store.refresh();
  }
  const state = store.getSnapshot();
  const expected = scenario.expected?.(emulator) ?? emulator.users.length;
  const distinct = new Set(state.users.map((u) => u.id.toLowerCase())).size;
  const duplicates = state.users.length - distinct;
  const shown = state.users.length - state.presenceUnavailable;
  const lost = expected - (shown + state.presenceUnavailable) + duplicates;
  if (lost !== 0) anyLost = true;
  rows.push([
    scenario.name,
    String(expected),
    String(shown),
    String(state.presenceUnavailable),
    String(lost),
    String(attempts),
    outcome(store),
  ]);
  store.dispose();
}
server.close();
clearInterval(keepAlive);

const header = ['scenario', 'expected', 'shown', 'unavailable', 'lost', 'attempts', 'outcome'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(line(header));
for (const row of rows) console.log(line(row));
if (foreignHosts.length > 0) console.log(`FAIL: requests left the Graph host: ${foreignHosts.join(', ')}`);
console.log(anyLost ? 'FAIL: people were lost' : `${rows.length} scenarios, 0 people lost`);
process.exit(anyLost || foreignHosts.length > 0 ? 1 : 0);
