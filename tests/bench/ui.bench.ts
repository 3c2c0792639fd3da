/**
 * `npm run bench:ui`: what people get, measured in Chromium against the production build
 * (`npm run build` + `vite preview`), with Graph played by the emulated tenant over loopback HTTP
 * in this process. Two parts, each printing a table:
 *
 * 1. Cold load, side by side in one run (BENCH_SPAN_PEOPLE, default 10,000; BENCH_SPAN_LATENCY_MS,
 *    default 100 ms a request): the span from the first users request to the last presence answer,
 *    read from the server's own request log (from outside the page), for this app (a fresh browser
 *    profile, nothing kept) and for the naive way in the same browser (every users page, then each
 *    650-id presence call, one after another). The lower bound is (⌈N/999⌉ + 1) round trips, each
 *    taken at what one request really costs in this browser against this server: the naive span
 *    divided by its requests (the latency, plus the CORS preflight every new page URL needs, plus
 *    the transfer). The nominal bound (latency only) is printed beside it. Fastest of
 *    BENCH_SPAN_REPEATS (default 3) each.
 * 2. The board at BENCH_UI_SIZES people (default 10000,50000; BENCH_UI_LATENCY_MS, default 20 ms):
 *    main-thread long tasks (PerformanceObserver "longtask") while the board loads, from its first
 *    users request to its last presence answer (and, apart, while the page boots); time to the
 *    first rows; search keystroke to the updated, painted list; scroll frames; rows in the page;
 *    the JS heap of the page and of the board worker after a garbage collection (CDP).
 *
 * Targets (docs/speed.md: "Off the main thread"); the run exits 1 when one is missed (with CI set,
 * only rows in the page and the heap are judged, the times printed: tests/bench/support/verdicts.ts):
 *   - from 10,000 people (BENCH_SPAN_PEOPLE; below, printed only): cold load span ≤ 1.05 × the
 *     lower bound at the measured cost of a request, and the naive way takes ≥ 0.95 × the
 *     round-trip model's ratio as long, (P + ⌈N/650⌉) / (P + 1) with P = ⌈N/999⌉ (at 10,000:
 *     27 / 12 = 2.25);
 *   - while the board loads: no main-thread task over 50 ms, and ≤ 150 ms of long tasks in all;
 *   - keystroke median ≤ 30 ms, worst ≤ 60 ms; scroll frame median ≤ 16.7 ms, worst ≤ 25 ms (at
 *     BENCH_UI_SIZES ≥ 10,000: smaller boards take these for granted, and are only printed);
 *   - ≤ 60 rows in the page; page + worker heap ≤ 60 MB at 50,000 (30 MB + 0.6 KB a person).
 */
import type { Page } from 'playwright-core';
import { startEmulatorServer, type EmulatorServer } from '@/emulator/nodeServer';
import type { LoggedRequest } from '@/emulator/graphEmulator';
import { MAX_IDS_PER_PRESENCE_CALL } from '@/graph/presence';
import { MAX_USERS_PAGE_SIZE } from '@/graph/users';
import { launchChromium } from '../e2e/support/chromium';
import { startPreview, viteBuild, type RunningServer } from '../e2e/support/viteServer';
import { heapProbe } from './support/heap';
import { Verdicts } from './support/verdicts';

const SIZES = (process.env.BENCH_UI_SIZES ?? '10000,50000').split(',').filter(Boolean).map(Number);
const LATENCY_MS = Number(process.env.BENCH_UI_LATENCY_MS ?? 20);
const SPAN_PEOPLE = Number(process.env.BENCH_SPAN_PEOPLE ?? 10_000);
const SPAN_LATENCY_MS = Number(process.env.BENCH_SPAN_LATENCY_MS ?? 100);
const SPAN_REPEATS = Math.max(1, Number(process.env.BENCH_SPAN_REPEATS ?? 3));
const QUERY = 'maria';

/** The targets this benchmark holds the app to (see the header). */
export const TARGETS = {
  spanOverLowerBound: 1.05,
  shareOfModelSpeedUp: 0.95,
  longestTaskMs: 50,
  longTasksTotalMs: 150,
  keystrokeMedianMs: 30,
  keystrokeWorstMs: 60,
  scrollFrameMedianMs: 16.7,
  scrollFrameWorstMs: 25,
  /** Interaction targets hold from this many people up (below, they are printed only). */
  interactionFromPeople: 10_000,
  rowsInPage: 60,
  heapMb: (people: number) => 30 + (0.6 * people) / 1000,
} as const;

// Shaped like an Entra access token (tenant and user claims), scopes without User.Read.All.
const CLAIMS = Buffer.from(
  JSON.stringify({
    tid: 'tenant-bench',
    oid: 'user-bench',
    scp: 'Presence.Read.All User.ReadBasic.All',
    // An hour, as Entra gives: the board's worker keeps such a token until shortly before then.
    exp: Math.floor(Date.now() / 1000) + 3600,
  }),
).toString('base64url');
const TOKEN = `eyJhbGciOiJub25lIn0.${CLAIMS}.signature`;

const verdicts = new Verdicts();
/** The mark printed beside a figure: nothing when met. */
const marked = (mark: string) => (mark === 'met' ? '' : ` (${mark})`);
/** A time: judged in a full run, printed only in CI. */
const timed = (met: boolean, what: string) => marked(verdicts.figure(met, what));
/** A behaviour or a size: judged in every run. */
const counted = (met: boolean, what: string) => marked(verdicts.behaviour(met, what));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

const format = (n: number) => Math.round(n).toLocaleString('en');

/** Round trips the board cannot do without, and those the naive way takes, for N people. */
function roundTrips(people: number): { bound: number; naive: number } {
  const pages = Math.ceil(people / MAX_USERS_PAGE_SIZE);
  return { bound: pages + 1, naive: pages + Math.ceil(people / MAX_IDS_PER_PRESENCE_CALL) };
}

/** First users request taken up → last presence answer sent, from the server's log. */
function spanOf(requests: readonly LoggedRequest[]): { ms: number; from: number; to: number } {
  const users = requests.filter((r) => r.url.includes('/users'));
  const presence = requests.filter((r) => r.url.includes('getPresencesByUserId'));
  const from = Math.min(...users.map((r) => r.receivedAt ?? Infinity));
  const to = Math.max(...presence.map((r) => r.at ?? -Infinity));
  return { ms: to - from, from, to };
}

/**
 * From each users page's answer to the next users request taken up, from the server's log: what
 * the client adds between pages (reading the page, asking for a token, the worker's other work).
 */
function pageGaps(requests: readonly LoggedRequest[]): number[] {
  const users = requests.filter((r) => r.url.includes('/users') && r.receivedAt !== undefined && r.at !== undefined);
  const gaps: number[] = [];
  for (let i = 1; i < users.length; i++) gaps.push(users[i]!.receivedAt! - users[i - 1]!.at!);
  return gaps;
}

/** Until the directory is read whole and every presence answer is in ("Updated …" without "Loading"). */
async function waitForLoaded(page: Page, graph: EmulatorServer, people: number): Promise<void> {
  await page.getByText(/^Updated /).waitFor({ timeout: 600_000 });
  const presenceIds = () =>
    graph.emulator.requests.filter((r) => r.url.includes('getPresencesByUserId')).reduce((sum, r) => sum + (r.idCount ?? 0), 0);
  const deadline = Date.now() + 600_000;
  while (presenceIds() < people && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

/** The naive loader, run in a blank page of the same browser: pages one by one, then 650-id calls one by one. */
function naiveLoad(page: Page, baseUrl: string): Promise<number> {
  return page.evaluate(
    async ({ baseUrl, token, pageSize, chunk }) => {
      const headers = { Authorization: `Bearer ${token}` };
      const ids: string[] = [];
      let next: string | undefined = `${baseUrl}/users?$select=id,displayName,mail,userPrincipalName&$top=${pageSize}`;
      while (next) {
        const body = (await (await fetch(next, { headers })).json()) as { value: Array<{ id: string }>; '@odata.nextLink'?: string };
        for (const user of body.value) ids.push(user.id);
        next = body['@odata.nextLink'];
      }
      let answered = 0;
      for (let i = 0; i < ids.length; i += chunk) {
        const response = await fetch(`${baseUrl}/communications/getPresencesByUserId`, {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: JSON.stringify({ ids: ids.slice(i, i + chunk) }),
        });
        answered += ((await response.json()) as { value: unknown[] }).value.length;
      }
      return answered;
    },
    { baseUrl, token: TOKEN, pageSize: MAX_USERS_PAGE_SIZE, chunk: MAX_IDS_PER_PRESENCE_CALL },
  );
}

/** Types one character the way a person does and waits until the list answers it and paints. */
function keystrokeToList(page: Page, value: string): Promise<number> {
  return page.evaluate(async (text) => {
    const input = document.querySelector<HTMLInputElement>('input[type="search"]')!;
    const board = document.querySelector<HTMLElement>('main[data-shown-query]')!;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    const started = performance.now();
    // No named functions in here: tsx would wrap them in a helper the page does not have.
    const answered = new Promise<void>((resolve) => {
      const observer = new MutationObserver(() => {
        if (board.dataset.shownQuery === text) {
          observer.disconnect();
          requestAnimationFrame(() => resolve());
        }
      });
      observer.observe(board, { attributes: true, attributeFilter: ['data-shown-query'] });
    });
    setValue.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await answered;
    return performance.now() - started;
  }, value);
}

/** Frame times while scrolling 400 px a frame: the gaps between frames' own start times (requestAnimationFrame's timestamp). */
function scrollFrames(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const list = document.querySelector<HTMLElement>('[role="list"]')!;
    const frames: number[] = [];
    // Settle first: the frame after a long idle is not a scroll frame.
    let last = await new Promise<number>((r) => requestAnimationFrame(r));
    for (let i = 0; i < 60; i++) {
      list.scrollBy(0, 400);
      const now = await new Promise<number>((r) => requestAnimationFrame(r));
      frames.push(now - last);
      last = now;
    }
    return frames;
  });
}

/** Long tasks on the page's main thread, as [start, duration] in epoch ms. */
function longTasks(page: Page): Promise<Array<[number, number]>> {
  return page.evaluate(() =>
    ((window as unknown as { longTasks?: Array<[number, number]> }).longTasks ?? []).map(
      ([start, duration]) => [performance.timeOrigin + start, duration] as [number, number],
    ),
  );
}

const RECORD_LONG_TASKS = `
  window.longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.longTasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
`;

async function withServers<T>(
  people: number,
  latencyMs: number,
  run: (graph: EmulatorServer, app: RunningServer) => Promise<T>,
): Promise<T> {
  const graph = await startEmulatorServer({ users: people, latencyMs, driftEveryMs: 0 });
  const app = await startPreview('production', { GRAPH_BASE_URL: graph.baseUrl, GRAPH_TOKEN: TOKEN, REFRESH_SECONDS: '3600' });
  try {
    return await run(graph, app);
  } finally {
    await app.stop();
    await graph.close();
  }
}

await viteBuild('production');

// 1. Cold load, side by side.
{
  const { bound, naive } = roundTrips(SPAN_PEOPLE);
  const nominalMs = bound * SPAN_LATENCY_MS;
  const model = naive / bound;
  const spans = await withServers(SPAN_PEOPLE, SPAN_LATENCY_MS, async (graph, app) => {
    const appRuns: number[] = [];
    const naiveRuns: number[] = [];
    const gaps: number[][] = [];
    for (let i = 0; i < SPAN_REPEATS; i++) {
      // A fresh profile each time: nothing kept from the last load.
      const browser = await launchChromium();
      try {
        const page = await browser.context.newPage();
        graph.emulator.requests.length = 0;
        // The whole directory, as the naive way reads it (from 5,000 people a viewer who never chose sees My people first).
        await page.goto(`${app.url}?people=everyone`);
        await waitForLoaded(page, graph, SPAN_PEOPLE);
        appRuns.push(spanOf(graph.emulator.requests).ms);
        gaps.push(pageGaps(graph.emulator.requests));

        const blank = await browser.context.newPage();
        graph.emulator.requests.length = 0;
        const answered = await naiveLoad(blank, graph.baseUrl);
        if (answered !== SPAN_PEOPLE) throw new Error(`The naive load got ${answered} presences of ${SPAN_PEOPLE}.`);
        naiveRuns.push(spanOf(graph.emulator.requests).ms);
      } finally {
        await browser.close();
      }
    }
    return { app: Math.min(...appRuns), naive: Math.min(...naiveRuns), appRuns, naiveRuns, gaps };
  });
  const requestMs = spans.naive / naive;
  // At a few round trips, one hiccup of a loaded machine is several per cent: the span is held to
  // its targets from 10,000 people (the issue's size), and printed below that.
  const held = SPAN_PEOPLE >= TARGETS.interactionFromPeople;
  const spanCheck = (met: boolean, what: string) => (held ? timed(met, what) : '');
  const boundMs = bound * requestMs;
  const overBound = spans.app / boundMs;
  const speedUp = spans.naive / spans.app;
  console.log(
    `Cold load in Chromium, production build, ${format(SPAN_PEOPLE)} people, ${SPAN_LATENCY_MS} ms a request (fastest of ${SPAN_REPEATS})\n`,
  );
  console.log(
    'people | one request, measured | lower bound | nominal bound (latency only) | this app | × lower bound | × nominal | naive | naive ÷ this app | round-trip model',
  );
  console.log(
    [
      format(SPAN_PEOPLE),
      `${requestMs.toFixed(1)} ms`,
      `${format(boundMs)} ms (${bound} round trips)`,
      `${format(nominalMs)} ms`,
      `${format(spans.app)} ms`,
      `${overBound.toFixed(2)}${spanCheck(overBound <= TARGETS.spanOverLowerBound, `cold load ${overBound.toFixed(2)} × the lower bound (target ≤ ${TARGETS.spanOverLowerBound})`)}`,
      (spans.app / nominalMs).toFixed(2),
      `${format(spans.naive)} ms`,
      `${speedUp.toFixed(2)}${spanCheck(speedUp >= TARGETS.shareOfModelSpeedUp * model, `naive ÷ this app ${speedUp.toFixed(2)} (target ≥ ${(TARGETS.shareOfModelSpeedUp * model).toFixed(2)}, 0.95 × the model)`)}`,
      `${model.toFixed(2)} (${naive} ÷ ${bound})`,
    ].join(' | '),
  );
  console.log(`runs: this app ${spans.appRuns.map(format).join(', ')} ms; naive ${spans.naiveRuns.map(format).join(', ')} ms`);
  console.log(
    `a users page's answer to the next users request, per run (median / worst): ${spans.gaps.map((g) => `${median(g).toFixed(0)} / ${Math.max(...g).toFixed(0)} ms`).join('; ')}\n`,
  );
}

// 2. The board at each size.
console.log(`The board in Chromium, production build, ${LATENCY_MS} ms a request\n`);
console.log(
  [
    'people',
    'load span ms',
    'longest task while loading ms',
    'long tasks while loading ms (count)',
    'long tasks while booting ms',
    'first rows ms',
    'keystroke median / worst ms',
    'scroll frame median / worst ms',
    'rows in page',
    'JS heap page + worker MB',
  ].join(' | '),
);
for (const size of SIZES) {
  await withServers(size, LATENCY_MS, async (graph, app) => {
    const browser = await launchChromium();
    try {
      await browser.context.addInitScript(RECORD_LONG_TASKS);
      const page = await browser.context.newPage();
      const probe = await heapProbe(browser.context, page);
      graph.emulator.requests.length = 0;
      const started = Date.now();
      // Everyone: the board at this size, not the 50 people My people would show first.
      await page.goto(`${app.url}?people=everyone`);
      await page.getByRole('listitem').first().waitFor({ timeout: 600_000 });
      const firstRows = Date.now() - started;
      await waitForLoaded(page, graph, size);
      await new Promise((r) => setTimeout(r, 500));
      const span = spanOf(graph.emulator.requests);
      const tasks = await longTasks(page);
      const loading = tasks.filter(([start, duration]) => start + duration > span.from && start < span.to + 500);
      const booting = tasks.filter(([start]) => start <= span.from);
      const longest = Math.max(0, ...loading.map(([, d]) => d));
      const total = loading.reduce((sum, [, d]) => sum + d, 0);
      const bootTotal = booting.reduce((sum, [, d]) => sum + d, 0);

      const keystrokes: number[] = [];
      for (let i = 1; i <= QUERY.length; i++) keystrokes.push(await keystrokeToList(page, QUERY.slice(0, i)));
      for (let i = QUERY.length - 1; i >= 0; i--) keystrokes.push(await keystrokeToList(page, QUERY.slice(0, i)));
      const frames = await scrollFrames(page);
      const rows = await page.evaluate(() => document.querySelectorAll('[role="listitem"]').length);
      // What the board holds, not garbage not yet collected.
      const heap = await probe.measure(true);

      const n = format(size);
      const interactive = size >= TARGETS.interactionFromPeople;
      const mark = (met: boolean, what: string) => timed(met, `${n}: ${what}`);
      const soft = (met: boolean, what: string) => (interactive ? mark(met, what) : '');
      const held = (met: boolean, what: string) => counted(met, `${n}: ${what}`);
      const keyMedian = median(keystrokes);
      const keyWorst = Math.max(...keystrokes);
      const frameMedian = median(frames);
      const frameWorst = Math.max(...frames);
      const heapTotal = heap.page + heap.workers;
      console.log(
        [
          n,
          format(span.ms),
          `${longest.toFixed(0)}${mark(longest <= TARGETS.longestTaskMs, `longest main-thread task ${longest.toFixed(0)} ms while loading (target ≤ ${TARGETS.longestTaskMs})`)}`,
          `${total.toFixed(0)} (${loading.length})${mark(total <= TARGETS.longTasksTotalMs, `long tasks ${total.toFixed(0)} ms in all while loading (target ≤ ${TARGETS.longTasksTotalMs})`)}`,
          `${bootTotal.toFixed(0)} (${booting.length})`,
          format(firstRows),
          `${keyMedian.toFixed(0)}${soft(keyMedian <= TARGETS.keystrokeMedianMs, `keystroke median ${keyMedian.toFixed(0)} ms (target ≤ ${TARGETS.keystrokeMedianMs})`)} / ${keyWorst.toFixed(0)}${soft(keyWorst <= TARGETS.keystrokeWorstMs, `worst keystroke ${keyWorst.toFixed(0)} ms (target ≤ ${TARGETS.keystrokeWorstMs})`)}`,
          `${frameMedian.toFixed(1)}${soft(frameMedian <= TARGETS.scrollFrameMedianMs, `scroll frame median ${frameMedian.toFixed(1)} ms (target ≤ ${TARGETS.scrollFrameMedianMs})`)} / ${frameWorst.toFixed(1)}${soft(frameWorst <= TARGETS.scrollFrameWorstMs, `worst scroll frame ${frameWorst.toFixed(1)} ms (target ≤ ${TARGETS.scrollFrameWorstMs})`)}`,
          `${rows}${held(rows <= TARGETS.rowsInPage, `${rows} rows in the page (target ≤ ${TARGETS.rowsInPage})`)}`,
          `${heap.page.toFixed(0)} + ${heap.workers.toFixed(0)} = ${heapTotal.toFixed(0)}${held(!(heapTotal > TARGETS.heapMb(size)), `JS heap ${heapTotal.toFixed(0)} MB (target ≤ ${TARGETS.heapMb(size).toFixed(0)})`)}`,
        ].join(' | '),
      );
    } finally {
      await browser.close();
    }
  });
}

console.log(
  `\nTargets: cold load ≤ ${TARGETS.spanOverLowerBound} × the lower bound (at the measured cost of one request); naive ÷ this app ≥ ${TARGETS.shareOfModelSpeedUp} × the round-trip model; while loading, no main-thread task over ${TARGETS.longestTaskMs} ms and ≤ ${TARGETS.longTasksTotalMs} ms of long tasks in all; from ${format(TARGETS.interactionFromPeople)} people, keystroke median ≤ ${TARGETS.keystrokeMedianMs} ms and worst ≤ ${TARGETS.keystrokeWorstMs} ms, scroll frame median ≤ ${TARGETS.scrollFrameMedianMs} ms and worst ≤ ${TARGETS.scrollFrameWorstMs} ms; ≤ ${TARGETS.rowsInPage} rows in the page; page + worker heap ≤ 30 MB + 0.6 KB a person.`,
);
verdicts.finish();
