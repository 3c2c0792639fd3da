/**
 * The commands that start a server, with their settings checked first so a bad one prints its one
 * sentence and nothing else (Vite would add a stack trace through its temporary config file):
 *
 *   tsx tools/serve.ts start         `npm start`: builds the demo (a few seconds) and serves that build
 *   tsx tools/serve.ts dev           `npm run dev`: Vite's dev server, reloading as the code changes
 *   tsx tools/serve.ts preview       `npm run preview`: serves the production build in dist/
 *   tsx tools/serve.ts preview:demo  `npm run preview:demo`: serves the demo build in dist-demo/
 *
 * `npm start` serves a build rather than the dev server: the dev server sends the page as some 160
 * modules, each compiled on request, so on a quiet 2-core machine a first visit after a fresh
 * install showed people after 7.5 s (30 s before its dependencies were declared) and later visits
 * after 5 s; the build takes about 4 s at each start, then a visit shows people in 1.3-1.7 s
 * (docs/development.md, "The first run"; `npm run bench:first-run`).
 */
import { existsSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import type { PreviewServer, ViteDevServer } from 'vite';
import { runtimeConfigFromEnv } from '../src/host/runtimeConfig.ts';
import { serverSettingsFromEnv, serverSettingsProblem } from './server/serverSettings.ts';

type Command = 'start' | 'dev' | 'preview' | 'preview:demo';
const COMMANDS: readonly Command[] = ['start', 'dev', 'preview', 'preview:demo'];

const BUILDS = {
  production: { outDir: 'dist', builtBy: 'npm run build' },
  demo: { outDir: 'dist-demo', builtBy: 'npm run build:demo' },
} as const;

/** What the page will show, in one line: the emulated tenant, or the Graph endpoint the token is for. */
function whatThePageShows(): string {
  const config = runtimeConfigFromEnv(process.env);
  if (config.graphToken !== null) return `your tenant, through ${config.graphBaseUrl} with the GRAPH_TOKEN given`;
  if (config.clientId !== null) return `your tenant after sign-in (client id ${config.clientId})`;
  return `the emulated tenant: ${config.demo.users.toLocaleString('en')} generated people, no real directory`;
}

/** A PORT that is given must be free before anything is built (without PORT, Vite moves on to a free one). */
async function requireFreePort(): Promise<void> {
  const { port, portChosen } = serverSettingsFromEnv(process.env);
  if (!portChosen) return;
  const free = await new Promise<boolean>((resolve) => {
    const probe = createNetServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
  if (!free) throw new Error(`Port ${port} is already in use: stop what is using it, or choose another PORT.`);
}

function requireBuild(mode: keyof typeof BUILDS): void {
  const { outDir, builtBy } = BUILDS[mode];
  if (!existsSync(join(outDir, 'index.html'))) {
    throw new Error(
      `There is no build in ${outDir}/ to preview: run \`${builtBy}\` first (or \`npm start\`, which builds the demo and serves it).`,
    );
  }
}

function announce(server: ViteDevServer | PreviewServer, shows: string): void {
  const url = server.resolvedUrls?.local[0] ?? '(no address)';
  console.log(`\n  Who's Online is at ${url}\n  It shows ${shows}.\n  Ctrl+C stops it.\n`);
}

async function run(command: Command): Promise<void> {
  const problem = serverSettingsProblem(process.env);
  if (problem !== null) throw new Error(problem);
  const shows = whatThePageShows();
  await requireFreePort();
  // Vite is loaded once the settings are known to be good: a refusal comes at once.
  const { build, createServer, preview } = await import('vite');
  switch (command) {
    case 'start': {
      const began = performance.now();
      console.log('Building the board (a few seconds; `npm run dev` serves the code as you change it instead)…');
      await build({ mode: 'demo', logLevel: 'warn' });
      console.log(`Built in ${((performance.now() - began) / 1000).toFixed(1)} s.`);
      announce(await preview({ mode: 'demo' }), shows);
      return;
    }
    case 'dev': {
      const server = await createServer({ mode: 'development' });
      await server.listen();
      announce(server, shows);
      return;
    }
    case 'preview':
    case 'preview:demo': {
      const mode = command === 'preview' ? 'production' : 'demo';
      requireBuild(mode);
      announce(await preview({ mode }), shows);
      return;
    }
  }
}

const command = process.argv[2] as Command;
if (!COMMANDS.includes(command)) {
  console.error(`Usage: tsx tools/serve.ts ${COMMANDS.join('|')}`);
  process.exit(2);
}
try {
  await run(command);
} catch (error) {
  // The sentence alone (a setting, a missing build, Vite's own: a port in use, a build error); DEBUG=1 adds the stack.
  console.error(`\n${error instanceof Error ? error.message : String(error)}`);
  if (process.env.DEBUG && error instanceof Error) console.error(error.stack);
  process.exit(1);
}
