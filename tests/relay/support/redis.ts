import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface RedisProcess {
  url: string;
  port: number;
  /** Kills it (SIGKILL: as a crash). */
  kill(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Whether this machine can run Redis's tests: `redis-server` is on the PATH. CI installs it
 * (.ci/run) and must run them; on a newcomer's machine without it they are skipped, with a word
 * saying how to run them, so `npm install && npm test` stays two commands.
 */
export const REDIS_AVAILABLE = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
if (!REDIS_AVAILABLE && process.env.CI) {
  throw new Error('redis-server is missing: CI must run the relay tests against a real Redis (apt-get install redis-server).');
}
if (!REDIS_AVAILABLE) {
  console.warn('Relay tests with a real Redis are skipped: redis-server is not installed (apt-get install redis-server).');
}

/**
 * Debian's redis-server on a free loopback port, with nothing saved to disk. Tests that need Redis
 * start their own; CI installs the package (.ci/run).
 */
export async function startRedis(port?: number, extraArgs: readonly string[] = []): Promise<RedisProcess> {
  const chosen = port ?? (await freePort());
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(chosen),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--protected-mode',
      'yes',
      '--maxclients',
      '20000',
      ...extraArgs,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`redis-server could not run (apt-get install redis-server): ${error.message}`));
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    url: `redis://127.0.0.1:${chosen}`,
    port: chosen,
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
