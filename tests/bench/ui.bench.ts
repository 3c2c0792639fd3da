/**
 * `npm run bench:ui`: the board in Chromium on the demo tenant. For each size (BENCH_UI_SIZES,
 * default 10000,50000) prints time to the first rows, search keystroke to updated list (median and
 * worst over a typed query), frame times while scrolling, rows in the page and the JS heap; then the
 * same for a plain (not virtualised) list of BENCH_UI_PLAIN people (default 10000, 0 to skip), in
 * the same run, so the two are compared side by side. Builds the demo first.
 */
import type { Page } from 'playwright-core';
import { launchChromium } from '../e2e/support/chromium';
import { startPreview, viteBuild } from '../e2e/support/viteServer';

const SIZES = (process.env.BENCH_UI_SIZES ?? '10000,50000').split(',').map(Number);
const PLAIN = Number(process.env.BENCH_UI_PLAIN ?? '10000');
const QUERY = 'maria';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
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

function scrollFrames(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const list = document.querySelector<HTMLElement>('[role="list"]')!;
    const frames: number[] = [];
    let last = performance.now();
    for (let i = 0; i < 40; i++) {
      list.scrollBy(0, 400);
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      frames.push(now - last);
      last = now;
    }
    return frames;
  });
}

/** Rows in the page, and the JS heap in MB (Chromium's performance.memory). */
function pageWeight(page: Page): Promise<{ rows: number; heapMb: number }> {
  return page.evaluate(() => ({
    rows: document.querySelectorAll('[role="listitem"]').length,
    heapMb: ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN) / 1e6,
  }));
}

await viteBuild('demo');
console.log(`Board in Chromium, demo tenant, demo build\n`);
console.log(
  [
    'list',
    'people',
    'first rows ms',
    'keystroke median ms',
    'keystroke worst ms',
    'scroll frame median ms',
    'scroll frame worst ms',
    'rows in page',
    'JS heap MB',
  ].join(' | '),
);
const runs = [...SIZES.map((size) => ({ size, plain: false })), ...(PLAIN > 0 ? [{ size: PLAIN, plain: true }] : [])];
for (const { size, plain } of runs) {
  const server = await startPreview('demo', { DEMO_USERS: String(size), DEMO_DRIFT_MS: '0' });
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    const started = Date.now();
    await page.goto(plain ? `${server.url}?plainList` : server.url);
    await page.getByRole('listitem').first().waitFor({ timeout: 300_000 });
    const firstRows = Date.now() - started;
    await page.getByText(/^Updated /).waitFor({ timeout: 300_000 });
    const weight = await pageWeight(page);
    const keystrokes: number[] = [];
    for (let i = 1; i <= QUERY.length; i++) keystrokes.push(await keystrokeToList(page, QUERY.slice(0, i)));
    for (let i = QUERY.length - 1; i >= 0; i--) keystrokes.push(await keystrokeToList(page, QUERY.slice(0, i)));
    const frames = await scrollFrames(page);
    console.log(
      [
        plain ? 'plain' : 'virtualised',
        size.toLocaleString('en'),
        firstRows,
        median(keystrokes).toFixed(0),
        Math.max(...keystrokes).toFixed(0),
        median(frames).toFixed(1),
        Math.max(...frames).toFixed(1),
        weight.rows.toLocaleString('en'),
        weight.heapMb.toFixed(0),
      ].join(' | '),
    );
  } finally {
    await browser.close();
    await server.stop();
  }
}
