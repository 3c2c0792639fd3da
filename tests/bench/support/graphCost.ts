/**
 * What a remote Microsoft Graph costs, for the benchmarks (and unit tests that count): the emulated
 * tenant's cost knobs set to resemble it, and the counts a bench prints ("Graph requests",
 * "preflights"). docs/speed.md, "What the emulator charges", explains each knob and its source.
 *
 * Microsoft publishes no latency figures for Graph; these are assumptions, chosen to match the model
 * issue 21 measures against: 100 ms a request and 100 ms a CORS preflight (a browser far from Graph),
 * and a page of 999 users costing the server about as much again (0.1 ms a user).
 */
import type { EmulatorOptions, GraphEmulator, LoggedRequest } from '@/emulator/graphEmulator';

export type GraphCost = Required<Pick<EmulatorOptions, 'latencyMs' | 'preflightLatencyMs' | 'serverBaseMs' | 'serverMsPerItem'>>;

/** A remote Graph as issue 21 models it (assumptions, see the header). */
export const REMOTE_GRAPH: GraphCost = { latencyMs: 100, preflightLatencyMs: 100, serverBaseMs: 0, serverMsPerItem: 0.1 };

/** The cost knobs from the environment, each defaulting to REMOTE_GRAPH's (BENCH_LATENCY_MS, BENCH_PREFLIGHT_MS, BENCH_SERVER_BASE_MS, BENCH_SERVER_MS_PER_ITEM). */
export function graphCostFromEnv(env: Record<string, string | undefined> = process.env, base: GraphCost = REMOTE_GRAPH): GraphCost {
  const read = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number of at least 0; got "${raw}".`);
    return value;
  };
  return {
    latencyMs: read('BENCH_LATENCY_MS', base.latencyMs),
    preflightLatencyMs: read('BENCH_PREFLIGHT_MS', base.preflightLatencyMs),
    serverBaseMs: read('BENCH_SERVER_BASE_MS', base.serverBaseMs),
    serverMsPerItem: read('BENCH_SERVER_MS_PER_ITEM', base.serverMsPerItem),
  };
}

/** What a load cost, counted from the server's own logs (not timed). */
export interface GraphCount {
  /** HTTP requests to Graph (a `$batch` is one). */
  httpRequests: number;
  /** Graph requests as Graph's throttling counts them: each request inside a `$batch` is one. */
  graphRequests: number;
  /** `$batch` calls among the HTTP requests. */
  batches: number;
  /** Users pages asked for, alone or inside a batch. */
  usersPages: number;
  /** CORS preflights the node server answered (0 in-process, where there is no browser). */
  preflights: number;
  /** Server time charged in all (besides the per-request latency), ms. */
  serverMs: number;
}

/** A users listing's path (the organisation's users, or a group's user members), without its query. */
const USERS_PATH = /(?:^|\/)users$|\/members\/microsoft\.graph\.user$/;

/** Counts a request log (and the preflights beside it). */
export function countGraphCalls(requests: readonly LoggedRequest[], preflights: readonly unknown[] = []): GraphCount {
  let graphRequests = 0;
  let batches = 0;
  let usersPages = 0;
  let serverMs = 0;
  for (const r of requests) {
    serverMs += r.serverMs ?? 0;
    if (r.batchUrls) {
      batches++;
      graphRequests += r.batchUrls.length;
      usersPages += r.batchUrls.filter((u) => USERS_PATH.test(u.split('?')[0]!)).length;
    } else {
      graphRequests++;
      if (USERS_PATH.test(new URL(r.url).pathname)) usersPages++;
    }
  }
  return { httpRequests: requests.length, graphRequests, batches, usersPages, preflights: preflights.length, serverMs };
}

/** The counts of an emulated tenant so far. */
export function countEmulator(emulator: GraphEmulator): GraphCount {
  return countGraphCalls(emulator.requests, emulator.preflights);
}

/**
 * The preflights a browser would send for these requests: every Graph call carries an
 * Authorization header, so each needs one, and a browser keeps a preflight per URL (and method)
 * for the server's Access-Control-Max-Age (Fetch standard's CORS-preflight cache; MDN,
 * "Access-Control-Max-Age": Chromium keeps at most 7,200 s). So each new URL costs one, and a URL
 * asked again within the max age costs none: each new `$skiptoken` page one, all presence calls
 * (one URL) one, all `$batch` calls (one URL) one. For unit tests without a browser.
 */
export function preflightsABrowserSends(requests: readonly LoggedRequest[], maxAgeSeconds = 600): number {
  const cachedUntil = new Map<string, number>();
  let preflights = 0;
  for (const r of requests) {
    const key = `${r.method} ${r.url}`;
    const at = r.receivedAt ?? r.at ?? 0;
    const until = cachedUntil.get(key);
    if (until === undefined || at >= until) {
      preflights++;
      cachedUntil.set(key, at + Math.min(maxAgeSeconds, 7200) * 1000);
    }
  }
  return preflights;
}

/** One line for a bench's table: "Graph requests 52 (52 HTTP, 0 batches), users pages 51, preflights 52". */
export function describeCount(count: GraphCount): string {
  return `Graph requests ${count.graphRequests} (${count.httpRequests} HTTP, ${count.batches} batches), users pages ${count.usersPages}, preflights ${count.preflights}`;
}
