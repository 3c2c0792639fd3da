import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type LaunchedBrowser } from './support/chromium';

/**
 * The browser tests' watch for Content-Security-Policy violations covers the board worker too:
 * Graph, photos and the demo tenant run there, and a violation in a worker reaches neither the
 * document's `securitypolicyviolation` event nor, by itself, the page's console.
 */
describe('the CSP watch of the browser tests', () => {
  let server: Server;
  let origin: string;
  let browser: LaunchedBrowser;
  beforeAll(async () => {
    server = createServer((request, response) => {
      response.setHeader('Content-Security-Policy', "default-src 'self'; script-src 'self'; connect-src 'self'; worker-src 'self'");
      if (request.url === '/worker.js') {
        response.setHeader('Content-Type', 'text/javascript');
        // Only when the page hands it a token, as the board worker's first Graph call waits for the page's.
        response.end("onmessage = () => fetch('http://127.0.0.2:9/graph').catch(() => postMessage('refused'));");
      } else if (request.url === '/page.js') {
        response.setHeader('Content-Type', 'text/javascript');
        response.end(
          "const worker = new Worker('/worker.js'); worker.onmessage = (e) => { document.title = e.data; }; window.token = () => worker.postMessage('token');",
        );
      } else {
        response.setHeader('Content-Type', 'text/html');
        response.end('<!doctype html><title>waiting</title><script src="/page.js"></script>');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('reports a violation inside a worker', async () => {
    const page = await browser.context.newPage();
    const started = page.waitForEvent('worker');
    await page.goto(`${origin}/`);
    // The watch installs its reporter in the worker as it appears; an evaluation after it runs after it.
    await (await started).evaluate(() => 0);
    await page.evaluate(() => (window as unknown as { token(): void }).token());
    await expect.poll(() => page.title()).toBe('refused');
    await expect.poll(() => browser.takeCspViolations().join('\n')).toContain('connect-src blocked http://127.0.0.2:9/graph');
    await page.close();
  });
});
