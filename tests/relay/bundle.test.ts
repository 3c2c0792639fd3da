import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANT_ID } from '../../relay/config';
import { freePort } from './support/redis';
import { TestViewer } from './support/sse';

/**
 * What the container image runs (relay/Dockerfile: `npm run build:relay`, then `node relay.mjs`
 * with no node_modules): built here the same way, started alone in a folder of its own, in demo
 * mode, and asked for a token, a stream and its health.
 */
describe('the relay bundle the container runs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relay-bundle-'));
  const bundle = join(dir, 'relay.mjs');
  let child: ChildProcess;
  let url: string;

  beforeAll(async () => {
    const built = spawnSync(process.execPath, ['--import', 'tsx', 'tools/buildRelay.ts', bundle], { encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // From its own folder: it must not reach for this checkout's node_modules.
    child = spawn(process.execPath, [bundle], { cwd: dir, env: { PATH: process.env.PATH, RELAY_PORT: String(port), DEMO_USERS: '40' } });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the bundle did not start: ${out}`)), 15_000);
      const read = (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('relay listening')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.once('exit', () => reject(new Error(`the bundle exited: ${out}`)));
    });
  }, 60_000);
  afterAll(() => {
    child?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('is one file that streams the demo tenant to a demo token', async () => {
    expect(statSync(bundle).size).toBeLessThan(5 * 1024 * 1024);
    const { token } = (await (await fetch(`${url}/demo/token`)).json()) as { token: string };
    const viewer = await TestViewer.open(`${url}/v1/tenants/${DEMO_TENANT_ID}/presence/stream`, { Authorization: `Bearer ${token}` });
    try {
      expect(viewer.statusCode).toBe(200);
      await viewer.until(() => viewer.board.size === 40, 10_000, 'the demo board');
    } finally {
      viewer.close();
    }
    expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ ok: true, store: { kind: 'memory', up: true } });
  });
});
