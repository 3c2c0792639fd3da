/**
 * `npm run test:faults`: the board against the emulated tenant with faults injected, one row per
 * scenario. Every person the board ends with is checked against the emulator's truth:
 *
 * - listed: who the directory should give (the whole tenant unless the scenario says otherwise),
 *   and `lost` counts anyone missing, extra or listed twice;
 * - each person shown with a status must show Graph's status for them (`wrong` counts those that
 *   do not), and a person without presence must be one the scenario allows (`missing` counts the
 *   others: a client that drops presence shows up here);
 * - the outcome (phase, and the error kind if any) must be the one the scenario expects;
 * - the requests Graph received (every attempt) must stay within the scenario's bound.
 *
 * Each scenario runs twice: with the directory read in parallel partitions inside `$batch` requests
 * (the listing the board's worker ships, src/app/serveBoard.ts) and read in sequence (the store's
 * default, and what the partitioned listing falls back to). In the partitioned run the scenario's
 * handlers answer the requests inside a batch as well as direct ones, and `attempts` counts Graph
 * requests (each request inside a `$batch` is one, as Graph's throttling counts them; the `$batch`
 * itself is not), so both runs are held to the same bounds unless a scenario says otherwise.
 *
 * Exits 1 if any check fails in any scenario, or if any request left the Graph host.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import { setupServer } from 'msw/node';
import { staticTokenSource } from '@/auth/staticTokenSource';
import { GRAPH_SCOPES, type TokenSource } from '@/auth/tokenSource';
import { BoardStore, type BoardState } from '@/board/boardStore';
import { GraphEmulator, type EmulatorOptions } from '@/emulator/graphEmulator';
import type { EmulatedUser } from '@/emulator/tenant';
import { createGraphHandlers } from '@/emulator/handlers';
import { createGraphClient } from '@/graph/client';
import { DEFAULT_GRAPH_BASE_URL } from '@/host/graphBaseUrl';
import { GraphError } from '@/graph/errors';

const BASE = DEFAULT_GRAPH_BASE_URL;
const USERS_URL = `${BASE}/users`;
const PRESENCE_URL = `${BASE}/communications/getPresencesByUserId`;
const BATCH_URL = `${BASE}/$batch`;
const TENANT = 3000;
/**
 * Requests a fault-free load of 3,000 people makes: 4 users pages (999 a page) and 5 presence
 * calls (ids packed into calls of 650). With faults every one of them may take up to 4 attempts.
 */
const LOAD_CALLS = 9;
const REFRESH_CALLS = 5;
/**
 * A directory large enough for the partitioned listing to read in partitions (3,000 is read in one
 * chain): 11 users pages and 16 presence calls in sequence; in partitions at most REQUEST_ALLOWANCE
 * (1.1) times as many Graph requests (src/graph/partitionPlan.ts).
 */
const LARGE = 10_000;
const LARGE_CALLS = 11 + 16;
const LARGE_PARTITIONED_CALLS = Math.floor(1.1 * LARGE_CALLS);
const ATTEMPTS = 4;
/**
 * Each attempt's deadline. Long enough that a busy machine (an event-loop stall) never adds a retry
 * to an exact count; only the scenario whose request never answers uses a short one, to finish quickly.
 */
const REQUEST_TIMEOUT_MS = 5_000;

/** A person's status as Graph gives it: availability and activity. */
type Status = string;
const statusOf = (availability: string, activity: string): Status => `${availability}/${activity}`;

interface Setup {
  /** Handlers in front of the emulator's. */
  handlers?: HttpHandler[];
  /** Handlers in front of the emulator's for a refresh after the load (the scenario then refreshes). */
  refreshHandlers?: HttpHandler[];
  tokenSource?: TokenSource;
  /** Who the board should list, in any order (default: the whole tenant). */
  listed?: readonly EmulatedUser[];
  /** Only the first ones of the directory are expected, however many (a load stopped part way). */
  listedPrefix?: boolean;
  /** The status Graph answered for a person (default: the emulator's). */
  truth?: (id: string) => Status | undefined;
  /** People allowed to end without presence (default: none), or all of them. */
  mayLackPresence?: ReadonlySet<string> | 'anyone';
}

/** How the board reads the directory (BoardStoreOptions.listing). */
type Listing = 'partitioned' | 'sequential';
const LISTINGS: readonly Listing[] = ['partitioned', 'sequential'];

interface Scenario {
  name: string;
  emulator?: EmulatorOptions;
  setup?: (emulator: GraphEmulator) => Setup;
  /** The phase the board ends in, and the kind of error it shows, if any. */
  outcome: string;
  /** Requests Graph may receive, every attempt counted. */
  attempts: { exactly: number } | { atMost: number };
  /** Each attempt's deadline (default REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  /** What differs when the directory is read in partitions inside `$batch` requests (a comment says why). */
  partitioned?: Partial<Pick<Scenario, 'setup' | 'outcome' | 'attempts'>>;
}

const server = setupServer();
/** A directory entry as the users endpoint returns it, for scenarios that serve their own pages. */
const asListed = ({ id, displayName, mail, userPrincipalName }: EmulatedUser) => ({ id, displayName, mail, userPrincipalName });
const every = (n: number) => {
  let counter = 0;
  return () => ++counter % n === 0;
};
const graphError = (status: number, code: string) => HttpResponse.json({ error: { code, message: code } }, { status });
const idsOf = async (request: Request) => ((await request.clone().json()) as { ids: string[] }).ids;

const scenarios: Scenario[] = [
  { name: 'no faults', outcome: 'ready', attempts: { exactly: LOAD_CALLS } },
  {
    name: '429 on a third of requests, Retry-After 0 s',
    emulator: { throttleRate: 0.33, retryAfterSeconds: 0 },
    outcome: 'ready',
    attempts: { atMost: ATTEMPTS * LOAD_CALLS },
  },
  {
    name: '429 on a third of requests, no readable Retry-After',
    emulator: { throttleRate: 0.33, retryAfterSeconds: null },
    outcome: 'ready',
    attempts: { atMost: ATTEMPTS * LOAD_CALLS },
  },
  {
    name: '503 on a fifth of requests',
    emulator: { unavailableRate: 0.2 },
    outcome: 'ready',
    attempts: { atMost: ATTEMPTS * LOAD_CALLS },
  },
  {
    name: '504 on every third request',
    setup: () => {
      const hit = every(3);
      return { handlers: [http.all(`${BASE}/*`, () => (hit() ? new HttpResponse(null, { status: 504 }) : undefined))] };
    },
    outcome: 'ready',
    attempts: { atMost: ATTEMPTS * LOAD_CALLS },
  },
  {
    name: 'connection dropped on every fourth request',
    setup: () => {
      const hit = every(4);
      return { handlers: [http.all(`${BASE}/*`, () => (hit() ? HttpResponse.error() : undefined))] };
    },
    outcome: 'ready',
    attempts: { atMost: ATTEMPTS * LOAD_CALLS },
  },
  {
    name: 'one presence request never answers',
    setup: () => ({ handlers: [http.post(PRESENCE_URL, () => new Promise<Response>(() => undefined), { once: true })] }),
    outcome: 'ready',
    // The one that never answers is given up at its deadline and sent again.
    attempts: { exactly: LOAD_CALLS + 1 },
    requestTimeoutMs: 300,
  },
  {
    name: 'HTML error page for one presence request',
    setup: () => ({
      handlers: [http.post(PRESENCE_URL, () => HttpResponse.html('<h1>502 Bad Gateway</h1>', { status: 502 }), { once: true })],
    }),
    outcome: 'ready',
    attempts: { exactly: LOAD_CALLS + 1 },
  },
  {
    name: 'truncated JSON for one presence answer',
    setup: () => ({
      handlers: [
        http.post(PRESENCE_URL, () => new HttpResponse('{"value":[{"id":', { headers: { 'Content-Type': 'application/json' } }), {
          once: true,
        }),
      ],
    }),
    outcome: 'ready',
    attempts: { exactly: LOAD_CALLS + 1 },
    // Graph writes a batch's answers itself; what a proxy can cut short is the $batch answer. Then
    // every request goes directly from then on, and the ones that batch carried are asked again.
    partitioned: {
      setup: () => ({
        handlers: [
          http.post(BATCH_URL, () => new HttpResponse('{"responses":[{"id":', { headers: { 'Content-Type': 'application/json' } }), {
            once: true,
          }),
        ],
      }),
      attempts: { exactly: LOAD_CALLS },
    },
  },
  {
    name: 'nextLink repeats (would loop)',
    setup: (emulator) => ({
      handlers: [
        http.get(USERS_URL, () =>
          HttpResponse.json({ '@odata.nextLink': `${USERS_URL}?$skiptoken=same`, value: emulator.users.slice(0, 500).map(asListed) }),
        ),
      ],
      listed: emulator.users.slice(0, 500),
    }),
    outcome: 'ready',
    // Two users pages (the second names itself again), a presence call for each.
    attempts: { exactly: 4 },
    // The partitioned listing says it stopped at a link it had asked already (cut short), and the
    // second page, all people listed already, needs no presence call.
    partitioned: { outcome: 'ready, cut-short', attempts: { exactly: 3 } },
  },
  {
    name: 'nextLink to another host (refused, token kept)',
    setup: (emulator) => ({
      handlers: [
        http.get(USERS_URL, () =>
          HttpResponse.json({
            '@odata.nextLink': 'https://graph.example.net/v1.0/users?$skiptoken=x',
            value: emulator.users.slice(0, 700).map(asListed),
          }),
        ),
      ],
      listed: emulator.users.slice(0, 700),
    }),
    outcome: 'error, untrusted-url',
    attempts: { exactly: 3 },
  },
  {
    name: '307 on users page 2 (refused, not followed)',
    setup: () => ({
      handlers: [
        http.get(USERS_URL, ({ request }) =>
          new URL(request.url).searchParams.has('$skiptoken')
            ? new HttpResponse(null, { status: 307, headers: { Location: 'https://graph.example.net/v1.0/users' } })
            : undefined,
        ),
      ],
      listedPrefix: true,
      // The redirect stops everything, the presence calls in flight too.
      mayLackPresence: 'anyone',
    }),
    outcome: 'error, redirect',
    attempts: { atMost: LOAD_CALLS },
    // Inside a $batch the 307 is one answer among others, not followed either; batch.ts reports a
    // request answered 3xx as 'bad-response' (client.ts's errorForStatus), not 'redirect'.
    partitioned: { outcome: 'error, bad-response' },
  },
  {
    name: '307 on presence calls (refused, ids not posted)',
    setup: () => ({
      handlers: [
        http.post(PRESENCE_URL, () => new HttpResponse(null, { status: 307, headers: { Location: 'https://collector.example/x' } })),
      ],
      listedPrefix: true,
      mayLackPresence: 'anyone',
    }),
    outcome: 'error, redirect',
    attempts: { atMost: LOAD_CALLS },
    // Inside a $batch a 307 is 'bad-response' (see above), which does not fail every call: the ids go
    // only to Graph's $batch, everyone is listed, and no one gets presence.
    partitioned: { outcome: 'ready, bad-response' },
  },
  {
    name: 'pages repeat users',
    setup: (emulator) => {
      let page = 0;
      return {
        handlers: [
          http.get(USERS_URL, () => {
            page++;
            const slice = page === 1 ? emulator.users.slice(0, 1200) : emulator.users.slice(800, TENANT);
            return HttpResponse.json({
              ...(page === 1 ? { '@odata.nextLink': `${USERS_URL}?$skiptoken=two` } : {}),
              value: slice.map(asListed),
            });
          }),
        ],
      };
    },
    outcome: 'ready',
    // Two users pages; 1,200 + 2,200 ids (400 of them again) in 6 presence calls.
    attempts: { exactly: 8 },
    // The partitioned listing hands on each person once: 1,200 + 1,800 ids in 5 presence calls.
    partitioned: { attempts: { exactly: 7 } },
  },
  {
    name: 'users pages never end (a fresh nextLink every time)',
    setup: (emulator) => {
      const pageSize = 100;
      return {
        handlers: [
          http.get(USERS_URL, ({ request }) => {
            const page = Number(new URL(request.url).searchParams.get('$skiptoken') ?? 0);
            return HttpResponse.json({
              '@odata.count': 1000,
              '@odata.nextLink': `${USERS_URL}?$skiptoken=${page + 1}`,
              value: emulator.users.slice(page * pageSize, (page + 1) * pageSize).map(asListed),
            });
          }),
        ],
        // @odata.count 1,000 at 100 a page: 11 pages, and 2 of slack.
        listed: emulator.users.slice(0, 13 * pageSize),
      };
    },
    outcome: 'ready, cut-short',
    // 13 users pages, no page after the last; ids of a page wait at most one more page, so 7 presence calls.
    attempts: { exactly: 13 + 7 },
  },
  {
    name: 'presence answers miss ids and add unasked ones',
    setup: () => {
      const left = new Set<string>();
      return {
        handlers: [
          http.post(PRESENCE_URL, async ({ request }) => {
            const ids = await idsOf(request);
            ids.slice(0, 5).forEach((id) => left.add(id));
            const value = ids.slice(5).map((id) => ({ id, availability: 'Available', activity: 'Available' }));
            value.push({ id: crypto.randomUUID(), availability: 'Available', activity: 'Available' });
            return HttpResponse.json({ value });
          }),
        ],
        truth: () => statusOf('Available', 'Available'),
        mayLackPresence: left,
      };
    },
    outcome: 'ready',
    attempts: { exactly: LOAD_CALLS },
  },
  {
    name: 'one id makes its presence call a 400',
    setup: (emulator) => {
      const poison = emulator.users[1234]!.id;
      return {
        handlers: [
          http.post(PRESENCE_URL, async ({ request }) =>
            (await idsOf(request)).includes(poison) ? graphError(400, 'BadRequest') : undefined,
          ),
        ],
        mayLackPresence: new Set([poison]),
      };
    },
    outcome: 'ready, bad-request',
    // Halving a call of 650 down to the one id: two calls a step, 10 steps.
    attempts: { atMost: LOAD_CALLS + 20 },
  },
  {
    name: 'every presence call answers 400',
    setup: () => ({ handlers: [http.post(PRESENCE_URL, () => graphError(400, 'BadRequest'))], mayLackPresence: 'anyone' }),
    outcome: 'ready, bad-request',
    // The halving search spends at most max(20, plain calls) extra calls.
    attempts: { atMost: LOAD_CALLS + 20 },
  },
  {
    name: `${LARGE.toLocaleString('en')} people (read in partitions), no faults`,
    emulator: { users: LARGE },
    outcome: 'ready',
    attempts: { exactly: LARGE_CALLS },
    partitioned: { attempts: { atMost: LARGE_PARTITIONED_CALLS } },
  },
  {
    name: `${LARGE.toLocaleString('en')} people, 429 on a fifth of requests`,
    // A fifth, not a third: at a third some request of so many is refused four times in a row, by the
    // seed's chance, in either listing (seed 1 fails the partitioned one, seed 4 the sequential one).
    emulator: { users: LARGE, throttleRate: 0.2, retryAfterSeconds: 0 },
    outcome: 'ready',
    attempts: { atMost: ATTEMPTS * LARGE_CALLS },
    partitioned: { attempts: { atMost: ATTEMPTS * LARGE_PARTITIONED_CALLS } },
  },
  {
    name: `${LARGE.toLocaleString('en')} people, every partition's filter refused (400)`,
    emulator: { users: LARGE },
    setup: () => ({
      handlers: [
        http.get(USERS_URL, ({ request }) =>
          new URL(request.url).searchParams.has('$filter') ? graphError(400, 'Request_UnsupportedQuery') : undefined,
        ),
      ],
    }),
    outcome: 'ready',
    // The sequential listing asks no filter.
    attempts: { exactly: LARGE_CALLS },
    // The partitions' first requests are refused, then the directory is read in sequence (people not listed yet only).
    partitioned: { attempts: { atMost: 2 * LARGE_CALLS } },
  },
  {
    name: `${LARGE.toLocaleString('en')} people, a count that lies (3 more)`,
    emulator: { users: LARGE, countOffset: 3 },
    outcome: 'ready',
    attempts: { exactly: LARGE_CALLS },
    // The union differs from the count: the directory is read again in sequence, people not listed yet only.
    partitioned: { attempts: { atMost: 2 * LARGE_CALLS } },
  },
  {
    name: 'token expires mid-load',
    setup: () => {
      let calls = 0;
      return {
        tokenSource: {
          getToken: (_scopes, { forceRefresh }) => Promise.resolve(forceRefresh ? 'renewed' : ++calls > 3 ? 'expired' : 'fresh'),
        },
        handlers: [
          http.all(`${BASE}/*`, ({ request }) =>
            request.headers.get('Authorization') === 'Bearer expired' ? graphError(401, 'InvalidAuthenticationToken') : undefined,
          ),
        ],
      };
    },
    outcome: 'ready',
    // The first 3 calls have a good token; each of the other 6 meets one 401 and is renewed once.
    attempts: { exactly: 3 + 6 * 2 },
    // The 401s meet $batch requests, whose Graph requests run only once the token is renewed.
    partitioned: { attempts: { exactly: LOAD_CALLS } },
  },
  {
    name: 'consent revoked before a refresh (403)',
    setup: () => ({ refreshHandlers: [http.post(PRESENCE_URL, () => graphError(403, 'Forbidden'))], listed: [] }),
    // The board the person may no longer read is cleared.
    outcome: 'error, forbidden',
    attempts: { atMost: LOAD_CALLS + REFRESH_CALLS },
  },
  {
    name: 'every refresh call fails (503)',
    setup: () => ({ refreshHandlers: [http.post(PRESENCE_URL, () => new HttpResponse(null, { status: 503 }))] }),
    // The load's statuses stay (the emulator's presence does not change), marked stale.
    outcome: 'ready, unavailable',
    attempts: { exactly: LOAD_CALLS + ATTEMPTS * REFRESH_CALLS },
  },
];

function outcome({ phase, error }: BoardState): string {
  if (!error) return phase;
  return `${phase}, ${error instanceof GraphError ? error.kind : 'error'}`;
}

interface Row {
  scenario: string;
  listing: Listing;
  listed: number;
  shown: number;
  wrong: number;
  missing: number;
  lost: number;
  attempts: number;
  outcome: string;
  failures: string[];
}

/** Compares the board with what Graph holds and what the scenario expects. */
function check(listing: Listing, scenario: Scenario, emulator: GraphEmulator, setup: Setup, state: BoardState, attempts: number): Row {
  const failures: string[] = [];
  const keys = state.users.map((u) => u.id.toLowerCase());
  const onBoard = new Set(keys);
  const duplicates = keys.length - onBoard.size;
  const directoryOrder = emulator.users.map((u) => u.id.toLowerCase());
  const expected = setup.listedPrefix
    ? new Set(directoryOrder.slice(0, onBoard.size))
    : new Set((setup.listed ?? emulator.users).map((u) => u.id.toLowerCase()));
  const lost = [...expected].filter((k) => !onBoard.has(k)).length + [...onBoard].filter((k) => !expected.has(k)).length + duplicates;

  const truth =
    setup.truth ??
    ((id: string) => {
      const p = emulator.presenceOf(id);
      return p && statusOf(p.availability, p.activity);
    });
  const mayLack = setup.mayLackPresence ?? new Set<string>();
  let shown = 0;
  let wrong = 0;
  let missing = 0;
  for (const user of state.users) {
    const record = state.presence.get(user.id.toLowerCase());
    if (record) {
      shown++;
      if (statusOf(record.availability, record.activity) !== truth(user.id)) wrong++;
    } else if (mayLack !== 'anyone' && !mayLack.has(user.id)) {
      missing++;
    }
  }

  if (lost > 0) failures.push(`${lost} people lost, extra or listed twice`);
  if (wrong > 0) failures.push(`${wrong} people shown with a status Graph did not give them`);
  if (missing > 0) failures.push(`${missing} people without presence`);
  const got = outcome(state);
  if (got !== scenario.outcome) failures.push(`outcome "${got}", expected "${scenario.outcome}"`);
  if ('exactly' in scenario.attempts && attempts !== scenario.attempts.exactly)
    failures.push(`${attempts} requests, expected ${scenario.attempts.exactly}`);
  if ('atMost' in scenario.attempts && attempts > scenario.attempts.atMost)
    failures.push(`${attempts} requests, expected at most ${scenario.attempts.atMost}`);
  return { scenario: scenario.name, listing, listed: expected.size, shown, wrong, missing, lost, attempts, outcome: got, failures };
}

server.listen({ onUnhandledRequest: 'error' });
// Request deadlines use unref'd timers; with only a never-answering request left, Node would exit.
const keepAlive = setInterval(() => undefined, 1000);
// Every Graph request that reached "Graph", whichever handler answered it, inside a `$batch` or not
// (the `$batch` itself is not one); and any HTTP request to another host.
let attempts = 0;
const countAttempts = http.all(`${BASE}/*`, ({ request }) => {
  if (new URL(request.url).pathname !== new URL(`${BASE}/$batch`).pathname) attempts++;
  return undefined;
});
const foreignHosts: string[] = [];
server.events.on('request:start', ({ request }) => {
  if (!request.url.startsWith(`${BASE}/`)) foreignHosts.push(request.url);
});
/**
 * The emulator's handlers with the scenario's (and the counter) in front. The emulator answers each
 * request inside a `$batch` with the handlers of the list createGraphHandlers returned, so they go
 * in that very list: a scenario's fault reaches a request whether it travels alone or in a batch.
 */
function graphHandlers(emulator: GraphEmulator, front: readonly HttpHandler[] = []): HttpHandler[] {
  const handlers = createGraphHandlers(emulator, BASE);
  handlers.unshift(countAttempts, ...front);
  return handlers;
}
const rows: Row[] = [];
for (const listing of LISTINGS) {
  for (const base of scenarios) {
    const scenario = listing === 'partitioned' ? { ...base, ...base.partitioned } : base;
    server.resetHandlers();
    attempts = 0;
    const emulator = new GraphEmulator({ users: TENANT, ...scenario.emulator });
    const setup = scenario.setup?.(emulator) ?? {};
    server.use(...graphHandlers(emulator, setup.handlers));
    const client = createGraphClient({
      baseUrl: BASE,
      tokenSource: setup.tokenSource ?? staticTokenSource('faults'),
      scopes: GRAPH_SCOPES,
      backoffBaseMs: 5,
      maxWaitMs: 50,
      maxAttempts: ATTEMPTS,
      requestTimeoutMs: scenario.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
    });
    const store = new BoardStore({ client, notifyIntervalMs: 1, listing });
    await store.load();
    if (setup.refreshHandlers) {
      server.resetHandlers();
      server.use(...graphHandlers(emulator, setup.refreshHandlers));
      await store.refresh();
    }
    rows.push(check(listing, scenario, emulator, setup, store.getSnapshot(), attempts));
    store.dispose();
  }
}
server.close();
clearInterval(keepAlive);

const header = ['scenario', 'listing', 'listed', 'shown', 'wrong', 'missing', 'lost', 'attempts', 'outcome'];
const cells = rows.map((r) => [
  r.scenario,
  r.listing,
  ...[r.listed, r.shown, r.wrong, r.missing, r.lost, r.attempts].map(String),
  r.outcome,
]);
const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
const line = (c: string[]) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
console.log(line(header));
for (const c of cells) console.log(line(c));
const failed = rows.filter((r) => r.failures.length > 0);
for (const row of failed) console.log(`FAIL ${row.scenario} (${row.listing}): ${row.failures.join('; ')}`);
if (foreignHosts.length > 0) console.log(`FAIL: requests left the Graph host: ${foreignHosts.join(', ')}`);
const ok = failed.length === 0 && foreignHosts.length === 0;
console.log(
  ok
    ? `${scenarios.length} scenarios, each with both listings: everyone listed, every status as Graph gave it, outcomes and requests as expected`
    : 'FAIL',
);
process.exit(ok ? 0 : 1);
