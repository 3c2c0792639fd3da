/**
 * `npm run bench`: the loading strategies side by side against the emulated tenant served over
 * loopback HTTP by a separate process, with a fixed latency per request.
 *
 *   (a) this app's loader, cold: users pages in sequence, presence for each page at once
 *   (b) this app's loader, warm: the kept board drawn first, then presence only
 *   (c) the naive way: all users pages, then each 650-id presence chunk one after another
 *   (d) the lower bound: (⌈N / 999⌉ + 1) round trips
 *   (e) this app's loader, cold, reading the directory in parallel partitions through $batch
 *       (issue 21; requests: each one inside a batch counted, as Graph's limits count them)
 *
 * BENCH_SIZES (default 100,1000,10000,50000), BENCH_LATENCY_MS (default 100) and BENCH_REPEATS
 * (default 3: (a) and (c) are timed that often after one warm-up load, and the fastest is kept)
 * change the run.
 *
 * Targets, checked at every size (the run exits 1 when one is missed; with CI set only (b) is
 * judged, the times are printed: tests/bench/support/verdicts.ts):
 *   - (a) cold load ≤ 1.15 × (d), the lower bound;
 *   - (c)/(a) ≥ 0.85 × what the round-trip model gives, (P + ⌈N/650⌉) / (P + 1) with P = ⌈N/999⌉:
 *     where naive and cold need the same round trips (100 people: 1.0) the app need only not be
 *     slower; at 10,000 and 50,000 it must be ≥ 1.9× faster than naive;
 *   - (b) warm start draws the first online person before any request is answered;
 *   - a 400 KB status message full of unclosed tags is made plain text in ≤ 50 ms.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { staticTokenSource } from '@/auth/staticTokenSource';
import { GRAPH_SCOPES } from '@/auth/tokenSource';
import { memoryBoardCache } from '@/board/boardCache';
import { BoardStore } from '@/board/boardStore';
import { loadUsersAndPresence } from '@/board/loadPipeline';
import { createGraphClient, type GraphClient } from '@/graph/client';
import { getPresences, MAX_IDS_PER_PRESENCE_CALL } from '@/graph/presence';
import { listUserPages, MAX_USERS_PAGE_SIZE } from '@/graph/users';
import { classifyPresence } from '@/presence/classify';
import { htmlToPlainText } from '@/presence/text';
import type { DirectoryUser, PresenceRecord } from '@/presence/types';
import { Verdicts } from './support/verdicts';

const SIZES = (process.env.BENCH_SIZES ?? '100,1000,10000,50000').split(',').map(Number);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const REPEATS = Math.max(1, Number(process.env.BENCH_REPEATS ?? 3));

/** The targets this benchmark holds the app to (see the header). */
export const TARGETS = {
  coldOverLowerBound: 1.15,
  shareOfModelSpeedUp: 0.85,
  warmRequestsBeforeFirstDraw: 0,
  stripMs: 50,
} as const;

/** Round trips the naive way needs over those the lower bound needs, for N people. */
export function modelSpeedUp(people: number): number {
  const pages = Math.ceil(people / MAX_USERS_PAGE_SIZE);
  return (pages + Math.ceil(people / MAX_IDS_PER_PRESENCE_CALL)) / (pages + 1);
}

const verdicts = new Verdicts();

function fastest<T extends { completeMs: number }>(runs: T[]): T {
  return runs.reduce((best, run) => (run.completeMs < best.completeMs ? run : best));
}

interface Measure {
  requests: number;
  firstOnlineMs: number | null;
  completeMs: number;
}

async function startEmulator(users: number): Promise<{ baseUrl: string; child: ChildProcess }> {
  const child = spawn('./node_modules/.bin/tsx', ['src/emulator/cli.ts'], {
    env: { ...process.env, EMULATOR_PORT: '0', DEMO_USERS: String(users), DEMO_LATENCY_MS: String(LATENCY_MS), DEMO_DRIFT_MS: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /at (http:\/\/\S+\/v1\.0)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited (${code}): ${out}`)));
  });
  return { baseUrl, child };
}

function countingClient(baseUrl: string): { client: GraphClient; requests: () => number } {
  let requests = 0;
  const client = createGraphClient({
    baseUrl,
    tokenSource: staticTokenSource('bench'),
    scopes: GRAPH_SCOPES,
    fetch: (input, init) => {
      requests++;
      return fetch(input, init);
    },
  });
  return { client, requests: () => requests };
}

const isOnline = (r: PresenceRecord) => classifyPresence(r.availability, r.activity).online;

async function coldLoad(baseUrl: string): Promise<Measure & { users: DirectoryUser[]; presence: PresenceRecord[] }> {
  const { client, requests } = countingClient(baseUrl);
  const users: DirectoryUser[] = [];
  const presence: PresenceRecord[] = [];
  let firstOnlineMs: number | null = null;
  const start = performance.now();
  await loadUsersAndPresence(client, {
    onUsersPage: (page) => users.push(...page.users),
    onPresence: (records) => {
      presence.push(...records);
      if (firstOnlineMs === null && records.some(isOnline)) firstOnlineMs = performance.now() - start;
    },
  });
  return { requests: requests(), firstOnlineMs, completeMs: performance.now() - start, users, presence };
}

/** (e) this app's loader, cold, with partitions in $batch requests (issue 21): Graph requests counted inside the batches. */
async function partitionedLoad(baseUrl: string): Promise<Measure> {
  const { client, requests } = countingClient(baseUrl);
  let firstOnlineMs: number | null = null;
  batchingSent = null;
  const start = performance.now();
  await loadUsersAndPresence(client, {
    listing: 'partitioned',
    onBatchingClient: (batching) => (batchingSent = batching.sent),
    onPresence: (records) => {
      if (firstOnlineMs === null && records.some(isOnline)) firstOnlineMs = performance.now() - start;
    },
  });
  const sent = batchingSent as { batches: number; carried: number } | null;
  return { requests: requests() - (sent?.batches ?? 0) + (sent?.carried ?? 0), firstOnlineMs, completeMs: performance.now() - start };
}
let batchingSent: { batches: number; carried: number } | null = null;

async function warmLoad(baseUrl: string, users: DirectoryUser[], presence: PresenceRecord[]): Promise<Measure> {
  const cache = memoryBoardCache();
  const now = Date.now();
  await cache.write({ key: 'bench', directorySavedAt: now, presenceSavedAt: now, users, presence });
  const { client, requests } = countingClient(baseUrl);
  const store = new BoardStore({ client, cache, cacheKey: 'bench' });
  let firstOnlineMs: number | null = null;
  const start = performance.now();
  store.subscribe(() => {
    if (firstOnlineMs !== null) return;
    const { presence: shown } = store.getSnapshot();
    for (const record of shown.values()) {
      if (isOnline(record)) {
        firstOnlineMs = performance.now() - start;
        // Requests answered by then: zero means drawn before any network answer.
        warmRequestsAtFirstDraw = requests();
        break;
      }
    }
  });
  await store.start();
  store.dispose();
  return { requests: requests(), firstOnlineMs, completeMs: performance.now() - start };
}
let warmRequestsAtFirstDraw = 0;

async function naiveLoad(baseUrl: string): Promise<Measure> {
  const { client, requests } = countingClient(baseUrl);
  let firstOnlineMs: number | null = null;
  const start = performance.now();
  const ids: string[] = [];
  for await (const page of listUserPages(client)) ids.push(...page.users.map((u) => u.id));
  for (let i = 0; i < ids.length; i += MAX_IDS_PER_PRESENCE_CALL) {
    const records = await getPresences(client, ids.slice(i, i + MAX_IDS_PER_PRESENCE_CALL));
    if (firstOnlineMs === null && records.some(isOnline)) firstOnlineMs = performance.now() - start;
  }
  return { requests: requests(), firstOnlineMs, completeMs: performance.now() - start };
}

/**
 * Times `run` REPEATS times after one warm-up run (connections, JIT) and keeps the fastest: on a
 * shared machine noise only ever adds time, and the targets are about what the code can do.
 */
async function timed<T extends Measure>(run: () => Promise<T>): Promise<T> {
  await run();
  const runs: T[] = [];
  for (let i = 0; i < REPEATS; i++) runs.push(await run());
  return fastest(runs);
}

const ms = (v: number | null) => (v === null ? '—' : `${Math.round(v)}`);
const pad = (s: string, n: number) => s.padStart(n);

console.log(`Loading strategies against the emulated tenant over loopback HTTP, ${LATENCY_MS} ms per request\n`);
console.log(
  [
    pad('people', 7),
    pad('way', 16),
    pad('requests', 9),
    pad('first online ms', 16),
    pad('complete ms', 12),
    pad('(a)/(d)', 8),
    pad('(c)/(a)', 8),
  ].join(' '),
);
for (const size of SIZES) {
  const { baseUrl, child } = await startEmulator(size);
  try {
    // Open the connection and warm both processes once, so no strategy pays for that alone.
    const auth = { Authorization: 'Bearer bench', 'Content-Type': 'application/json' };
    await fetch(`${baseUrl}/users?$top=1`, { headers: auth }).then((r) => r.arrayBuffer());
    const body = JSON.stringify({ ids: ['00000000-0000-4000-8000-000000000000'] });
    await fetch(`${baseUrl}/communications/getPresencesByUserId`, { method: 'POST', headers: auth, body }).then((r) => r.arrayBuffer());
    const cold = await timed(() => coldLoad(baseUrl));
    const warm = await warmLoad(baseUrl, cold.users, cold.presence);
    const naive = await timed(() => naiveLoad(baseUrl));
    const partitioned = await timed(() => partitionedLoad(baseUrl));
    const lowerMs = (Math.ceil(size / MAX_USERS_PAGE_SIZE) + 1) * LATENCY_MS;
    const rows: Array<[string, Measure | null, string, string]> = [
      ['(a) app, cold', cold, (cold.completeMs / lowerMs).toFixed(2), (naive.completeMs / cold.completeMs).toFixed(2)],
      [`(b) app, warm`, warm, '', ''],
      ['(c) naive', naive, '', ''],
      ['(e) partitioned', partitioned, (partitioned.completeMs / lowerMs).toFixed(2), ''],
      ['(d) lower bound', null, '', ''],
    ];
    for (const [way, m, ad, ca] of rows) {
      const requests = m ? String(m.requests) : String(Math.ceil(size / MAX_USERS_PAGE_SIZE) + Math.ceil(size / MAX_IDS_PER_PRESENCE_CALL));
      const first = m ? ms(m.firstOnlineMs) : String(2 * LATENCY_MS);
      const complete = m ? ms(m.completeMs) : String(lowerMs);
      console.log(
        [pad(size.toLocaleString('en'), 7), pad(way, 16), pad(requests, 9), pad(first, 16), pad(complete, 12), pad(ad, 8), pad(ca, 8)].join(
          ' ',
        ),
      );
    }
    console.log(`${pad('', 7)} warm start: ${warmRequestsAtFirstDraw} requests answered before the first online person was drawn`);
    const n = size.toLocaleString('en');
    const overBound = cold.completeMs / lowerMs;
    const speedUp = naive.completeMs / cold.completeMs;
    const wanted = TARGETS.shareOfModelSpeedUp * modelSpeedUp(size);
    const checks = [
      verdicts.figure(
        overBound <= TARGETS.coldOverLowerBound,
        `${n}: cold load ${overBound.toFixed(2)} × the lower bound (target ≤ ${TARGETS.coldOverLowerBound})`,
      ),
      verdicts.figure(speedUp >= wanted, `${n}: naive/cold ${speedUp.toFixed(2)} (target ≥ ${wanted.toFixed(2)})`),
      verdicts.behaviour(
        warmRequestsAtFirstDraw <= TARGETS.warmRequestsBeforeFirstDraw,
        `${n}: warm start drew after ${warmRequestsAtFirstDraw} answers (target ${TARGETS.warmRequestsBeforeFirstDraw})`,
      ),
    ];
    console.log(
      `${pad('', 7)} targets: (a)/(d) ≤ ${TARGETS.coldOverLowerBound} ${checks[0]}; (c)/(a) ≥ ${wanted.toFixed(2)} ${checks[1]}; warm start before any answer ${checks[2]}`,
    );
  } finally {
    child.kill('SIGTERM');
  }
}

// Status and out-of-office messages are stripped of HTML on every presence answer, for everyone.
const messages: Array<[string, string]> = [
  ['400 KB of "<"', '<'.repeat(400_000)],
  ['400 KB of unclosed <script>', '<script>'.repeat(50_000)],
  ['400 KB of <p>text</p>', '<p>Away until <b>Monday</b></p>'.repeat(13_000)],
];
console.log('\nA status message made plain text (the regexes before took 62 s for the first in Node, 2.9 s for the second)');
for (const [what, message] of messages) {
  htmlToPlainText(message);
  const started = performance.now();
  for (let i = 0; i < 10; i++) htmlToPlainText(message);
  const each = (performance.now() - started) / 10;
  const check = verdicts.figure(each <= TARGETS.stripMs, `${what}: ${each.toFixed(2)} ms to plain text (target ≤ ${TARGETS.stripMs} ms)`);
  console.log(`${pad(what, 30)} ${pad(each.toFixed(2), 7)} ms  (target ≤ ${TARGETS.stripMs} ms: ${check})`);
}

verdicts.finish();
