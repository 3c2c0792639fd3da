/**
 * `npm run bench:first-run`: what a newcomer waits for, measured from outside in Chromium.
 *
 * For each command (`npm start`, and `npm run dev` for those who change the code), as on a fresh
 * install: Vite's dependency cache (node_modules/.vite) and the demo build (dist-demo) are removed
 * first, then the command is started on a free port and timed until its server answers; then
 *   - first visit: a browser never used before (a fresh profile) opens the page, timed on the page's
 *     own clock from navigation to the first person drawn (a row with `data-person-id`);
 *   - later visits: the same browser opens it again in FIRST_RUN_VISITS (default 3) new tabs, as a
 *     person comes back to it, the slowest printed; and, printed only, as many fresh browsers;
 *   - at FIRST_RUN_PEOPLE (default 50,000) people: the longest main-thread task from navigation
 *     until the header says "Updated" (PerformanceObserver "longtask", start-up included), in a
 *     Chromium that loads the page with no debugger attached (see longestTaskUnwatched).
 *
 * Targets (issue "The first five minutes"); the run exits 1 when one is missed:
 *   - `npm start`: the first visit shows people within 3 s, every later visit within 1.5 s;
 *   - `npm run dev`: no main-thread task over 200 ms at 50,000 people.
 * With CI set, the figures are printed and no timing verdict is given (a busy machine is not a
 * slow app); a command that never shows anyone still fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium as playwrightChromium, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, launchChromium, type LaunchedBrowser } from '../e2e/support/chromium';
import { PROJECT_ROOT, freePort } from '../e2e/support/viteServer';
import { Verdicts } from './support/verdicts';

const VISITS = Math.max(1, Number(process.env.FIRST_RUN_VISITS ?? 3));
const PEOPLE = Number(process.env.FIRST_RUN_PEOPLE ?? 50_000);
const COMMANDS = (process.env.FIRST_RUN_COMMANDS ?? 'start,dev').split(',');
/** How long Chromium is left alone with the large board before the bench looks (FIRST_RUN_SETTLE_SECONDS). */
const UNWATCHED_SETTLE_MS = Number(process.env.FIRST_RUN_SETTLE_SECONDS ?? 25) * 1000;

export const TARGETS = { firstVisitMs: 3_000, laterVisitMs: 1_500, devLongestTaskMs: 200 };

interface Started {
  url: string;
  answeredAfterMs: number;
  output: () => string;
  stop(): Promise<void>;
}

/** `npm run <script>` on a free port, as a newcomer runs it, timed until it answers. */
async function startScript(script: string, env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const began = performance.now();
  const child: ChildProcess = spawn('npm', ['run', '--silent', script], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}/`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      process.kill(-child.pid!, 'SIGTERM');
    });
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm run ${script} exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`npm run ${script} did not answer within 180 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, answeredAfterMs: performance.now() - began, output: () => output, stop };
}

const LONG_TASK_PROBE = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
`;

interface Visit {
  firstPersonMs: number;
  loadedMs: number;
  longestTaskMs: number;
}

/** A new tab in `browser` opens the page: time to the first person, to "Updated", and the longest task. */
async function visitIn(browser: LaunchedBrowser, url: string): Promise<Visit> {
  const page: Page = await browser.context.newPage();
  try {
    await page.addInitScript(LONG_TASK_PROBE);
    // Times are the page's own clock, which starts at navigation: what a person waits after pressing Enter.
    const sinceNavigation = () => page.evaluate(() => performance.now());
    await page.goto(url, { waitUntil: 'commit' });
    await page.locator('[data-person-id]').first().waitFor({ timeout: 120_000 });
    const firstPersonMs = await sinceNavigation();
    await page.getByText(/^Updated /).waitFor({ timeout: 120_000 });
    const loadedMs = await sinceNavigation();
    const tasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    return { firstPersonMs, loadedMs, longestTaskMs: Math.round(Math.max(0, ...tasks)) };
  } finally {
    await page.close();
  }
}

/** A browser never used before (a fresh profile: nothing cached) opens the page. */
async function visitAfresh(url: string): Promise<Visit> {
  const browser = await launchChromium();
  try {
    return await visitIn(browser, url);
  } finally {
    await browser.close();
  }
}

/**
 * The longest main-thread task while a browser with no debugger attached loads the page, until
 * the header says "Updated". Playwright attaches before the first byte, and an attached DevTools
 * protocol session makes Chromium record a stack, with source positions, for every console
 * message: in the dev server, React's "Download the React DevTools" line alone re-parsed its
 * 1 MB development build inside a 500 ms task no one without DevTools open gets. So Chromium
 * opens the page by itself, and the tasks are read afterwards from the page's buffered
 * PerformanceObserver entries.
 */
async function longestTaskUnwatched(url: string): Promise<{ longestTaskMs: number; loadedMs: number }> {
  const profile = await mkdtemp(join(tmpdir(), 'whos-online-first-run-'));
  const port = await freePort();
  const chromium = spawn(CHROMIUM_PATH, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, `--remote-debugging-port=${port}`, url], {
    stdio: 'ignore',
  });
  try {
    // Left alone until it has surely loaded (a generous wait: nothing is timed by it).
    await new Promise((r) => setTimeout(r, UNWATCHED_SETTLE_MS));
    const browser = await playwrightChromium.connectOverCDP(`http://127.0.0.1:${port}`);
    try {
      const page = browser.contexts()[0]?.pages()[0];
      if (!page) throw new Error('Chromium opened no page');
      await page.getByText(/^Updated /).waitFor({ timeout: 120_000 });
      return await page.evaluate(
        () =>
          new Promise<{ longestTaskMs: number; loadedMs: number }>((resolve) => {
            const tasks: number[] = [];
            new PerformanceObserver((list) => {
              for (const entry of list.getEntries()) tasks.push(entry.duration);
            }).observe({ type: 'longtask', buffered: true });
            setTimeout(() => resolve({ longestTaskMs: Math.round(Math.max(0, ...tasks)), loadedMs: performance.now() }), 100);
          }),
      );
    } finally {
      await browser.close();
    }
  } finally {
    chromium.kill();
    await new Promise((r) => chromium.once('exit', r));
    await rm(profile, { recursive: true, force: true });
  }
}

/** As on a fresh install: nothing pre-bundled, nothing built. */
async function forgetEverythingBuilt(): Promise<void> {
  await rm(join(PROJECT_ROOT, 'node_modules/.vite'), { recursive: true, force: true });
  await rm(join(PROJECT_ROOT, 'dist-demo'), { recursive: true, force: true });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const verdicts = new Verdicts();
const check = (met: boolean, what: string) => verdicts.figure(met, what);

async function measure(script: 'start' | 'dev'): Promise<void> {
  await forgetEverythingBuilt();
  console.log(`\nnpm run ${script} (fresh install: no node_modules/.vite, no dist-demo)`);
  let server = await startScript(script, {});
  try {
    console.log(`  server answers after            ${seconds(server.answeredAfterMs)}`);
    // The newcomer's browser: the first visit, then the same browser coming back (a reload, a new tab).
    const browser = await launchChromium();
    try {
      const first = await visitIn(browser, server.url);
      const firstVerdict =
        script === 'start'
          ? check(first.firstPersonMs <= TARGETS.firstVisitMs, `npm start: first visit ${seconds(first.firstPersonMs)}`)
          : '';
      console.log(
        `  first visit: first person after ${seconds(first.firstPersonMs)} (all loaded ${seconds(first.loadedMs)}) ${firstVerdict}`,
      );
      const later: Visit[] = [];
      for (let i = 0; i < VISITS; i++) later.push(await visitIn(browser, server.url));
      const slowest = Math.max(...later.map((v) => v.firstPersonMs));
      const laterVerdict = script === 'start' ? check(slowest <= TARGETS.laterVisitMs, `npm start: later visit ${seconds(slowest)}`) : '';
      console.log(`  later visits (${VISITS}, same browser): slowest first person after ${seconds(slowest)} ${laterVerdict}`);
    } finally {
      await browser.close();
    }
    // Printed only: every visit in a browser that has never seen the page.
    const afresh: Visit[] = [];
    for (let i = 0; i < VISITS; i++) afresh.push(await visitAfresh(server.url));
    console.log(
      `  visits in fresh browsers (${VISITS}): slowest first person after ${seconds(Math.max(...afresh.map((v) => v.firstPersonMs)))}`,
    );
  } finally {
    await server.stop();
  }
  server = await startScript(script, { DEMO_USERS: String(PEOPLE) });
  try {
    const big = await visitAfresh(server.url);
    const unwatched = await longestTaskUnwatched(server.url);
    const verdict =
      script === 'dev'
        ? check(
            unwatched.longestTaskMs <= TARGETS.devLongestTaskMs,
            `npm run dev: a ${unwatched.longestTaskMs} ms task at ${PEOPLE} people`,
          )
        : '';
    console.log(
      `  ${PEOPLE.toLocaleString('en')} people: first person after ${seconds(big.firstPersonMs)}, all loaded ${seconds(big.loadedMs)}`,
    );
    console.log(`    longest main-thread task, no debugger attached: ${unwatched.longestTaskMs} ms ${verdict}`);
    console.log(`    (with Playwright attached from the start: ${big.longestTaskMs} ms)`);
  } finally {
    await server.stop();
  }
}

for (const script of COMMANDS) await measure(script as 'start' | 'dev');
verdicts.finish('All first-run targets met.');
