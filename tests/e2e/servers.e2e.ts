import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, startDevServer, startPreview, type RunningServer } from './support/viteServer';

/**
 * What `npm start` and `npm run preview` really answer, over HTTP with the headers a browser (or
 * another page, or a tunnel) would send. These servers can hold GRAPH_TOKEN.
 */
interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const TOKEN = 'secret-token-for-the-server-test';
const TUNNEL = 'abc123-5173.euw.devtunnels.ms';

for (const kind of ['dev', 'preview'] as const) {
  describe(`${kind === 'dev' ? 'npm start' : 'npm run preview'} with GRAPH_TOKEN`, () => {
    let server: RunningServer;
    beforeAll(async () => {
      const env = { GRAPH_TOKEN: TOKEN, GRAPH_BASE_URL: 'http://127.0.0.1:9/v1.0' };
      server = kind === 'dev' ? await startDevServer(env) : await startPreview('production', env);
    });
    afterAll(async () => server?.stop());

    it('hands the token to the page itself, and to no other origin (no CORS, refused cross-site)', async () => {
      const config = `${server.url}runtime-config.json`;
      const own = await get(config, { 'Sec-Fetch-Site': 'same-origin' });
      expect(own.status).toBe(200);
      expect(JSON.parse(own.body)).toMatchObject({ graphToken: TOKEN });

      const other = await get(config, { 'Sec-Fetch-Site': 'same-site', Origin: 'http://localhost:8080' });
      expect(other.status).toBe(403);
      expect(other.body).not.toContain(TOKEN);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await get(config, { Origin: 'http://localhost:8080', 'Access-Control-Request-Method': 'GET' }, 'OPTIONS');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('sends the security headers, framing only by the Microsoft 365 hosts, and auth.html keeps its opener', async () => {
      const page = await get(server.url);
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain('frame-ancestors');
      expect(csp).toContain('https://teams.microsoft.com');
      expect(csp).not.toMatch(/frame-ancestors[^;]*\*(\s|;|$)/);
      expect(page.headers['cross-origin-opener-policy']).toBe('same-origin-allow-popups');
      const auth = await get(`${server.url}auth.html`);
      expect(auth.headers['cross-origin-opener-policy']).toBe('unsafe-none');
    });
  });
}

describe('npm start published through a dev tunnel (TAB_DOMAIN)', () => {
  let server: RunningServer;
  const localConfigs = join(PROJECT_ROOT, '.localConfigs');
  let madeLocalConfigs = false;
  beforeAll(async () => {
    if (!existsSync(localConfigs)) {
      await writeFile(localConfigs, 'GRAPH_TOKEN=a-secret-a-developer-put-here\n');
      madeLocalConfigs = true;
    }
    server = await startDevServer({ GRAPH_TOKEN: TOKEN, GRAPH_BASE_URL: 'http://127.0.0.1:9/v1.0', TAB_DOMAIN: TUNNEL });
  });
  afterAll(async () => {
    await server?.stop();
    if (madeLocalConfigs) await rm(localConfigs, { force: true });
  });

  it('answers the tunnel host, but never with the token, and never serves the toolkit settings file', async () => {
    const page = await get(server.url, { Host: TUNNEL });
    expect(page.status).toBe(200);
    expect(String(page.headers['content-security-policy'])).toContain(`wss://${TUNNEL}`);
    const config = await get(`${server.url}runtime-config.json`, { Host: TUNNEL, 'Sec-Fetch-Site': 'same-origin' });
    expect(config.status).toBe(200);
    expect(config.body).not.toContain(TOKEN);
    // Even a request that claims a loopback Host: the server is published, so the token stays.
    const local = await get(`${server.url}runtime-config.json`, { 'Sec-Fetch-Site': 'same-origin' });
    expect(local.body).not.toContain(TOKEN);
    for (const path of ['.localConfigs', '.localConfigs?raw', `@fs${localConfigs}`]) {
      const leaked = await get(`${server.url}${path}`, { Host: TUNNEL });
      expect(leaked.body, path).not.toContain('a-secret');
      expect(leaked.body, path).not.toContain('GRAPH_TOKEN=');
    }
  });

  it('refuses any other host name (a wildcard never slips in)', async () => {
    expect((await get(server.url, { Host: 'someone-else.euw.devtunnels.ms' })).status).toBe(403);
  });
});
