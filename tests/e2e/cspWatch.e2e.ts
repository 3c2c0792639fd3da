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
        // A moment after it starts, as the board worker's first Graph call waits for the page's token.
        response.end("setTimeout(() => fetch('http://127.0.0.2:9/graph').catch(() => postMessage('refused')), 300);");
      } else if (request.url === '/page.js') {
        response.setHeader('Content-Type', 'text/javascript');
        response.end("new Worker('/worker.js').onmessage = (e) => { document.title = e.data; };");
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
    await page.goto(`${origin}/`);
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe('refused');
    await expect
      .poll(() => browser.takeCspViolations().join('\n'), { timeout: 5_000 })
      .toContain('connect-src blocked http://127.0.0.2:9/graph');
    await page.close();
  });
});
