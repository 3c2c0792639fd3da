import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export const PROJECT_ROOT = new URL('../../../', import.meta.url).pathname;

/** A free port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningServer {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Runs a Vite command (build, preview) with the project's own binary, never through npx. */
export function runVite(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn('./node_modules/.bin/vite', args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `vite build`; `outDir` (with `env`, e.g. CLOUD) builds elsewhere than dist/ or dist-demo/. */
export async function viteBuild(mode: 'production' | 'demo', env: Record<string, string> = {}, outDir?: string): Promise<void> {
  const child = runVite(['build', '--mode', mode, '--logLevel', 'warn', ...(outDir ? ['--outDir', outDir, '--emptyOutDir'] : [])], env);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`vite build --mode ${mode} failed (${code}):\n${output}`);
}

/** `vite preview` of a build on a free port, ready when it answers. */
export async function startPreview(
  mode: 'production' | 'demo',
  env: Record<string, string> = {},
  outDir = mode === 'demo' ? 'dist-demo' : 'dist',
): Promise<RunningServer> {
  const port = await freePort();
  return serveUntilReady(
    runVite(['preview', '--mode', mode, '--outDir', outDir, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], env),
    port,
    'vite preview',
  );
}

/** The dev server (`npm start`) on a free port, ready when it answers. */
export async function startDevServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  return serveUntilReady(runVite(['--port', String(port), '--strictPort', '--host', '127.0.0.1'], env), port, 'vite (dev)');
}

async function serveUntilReady(child: ChildProcess, port: number, name: string): Promise<RunningServer> {
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`${name} did not answer within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
