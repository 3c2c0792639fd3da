import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Connect, type Plugin } from 'vite';
import { RUNTIME_CONFIG_FILE, runtimeConfigFromEnv, withBuildSettings } from './src/host/runtimeConfig.ts';
import { answerRuntimeConfigRequest } from './tools/server/runtimeConfigAccess.ts';
import { srcAlias } from './vite.alias.ts';
import { allowInDirective, cloudOfStaticHostConfig, headersForPath, staticHostConfigFor } from './tools/server/securityHeaders.ts';
import { serverSettingsFromEnv } from './tools/server/serverSettings.ts';

/**
 * Serves the page's runtime configuration (GRAPH_BASE_URL, GRAPH_TOKEN, DEMO_*) from the dev
 * and preview servers, so a token given at start is never written into a build. It may hold a
 * token: only the page's own origin on this machine may read it (no CORS; see server.cors below).
 */
function runtimeConfigPlugin(): Plugin {
  // Read when a server starts (a build needs none); a bad variable stops the server with its message.
  const serveConfig = (server: { config: { base: string }; middlewares: Connect.Server }) => {
    const config = runtimeConfigFromEnv(process.env);
    server.middlewares.use(`${server.config.base}${RUNTIME_CONFIG_FILE}`, (req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Vary', 'Sec-Fetch-Site, Host');
      const answer = answerRuntimeConfigRequest(req, config, { servedThroughTunnel: tabDomain !== undefined });
      res.statusCode = answer.status;
      if (answer.status === 403) {
        res.setHeader('Content-Type', 'text/plain');
        res.end(answer.reason);
        return;
      }
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(answer.config));
    });
  };
  return { name: 'whos-online-runtime-config', configureServer: serveConfig, configurePreviewServer: serveConfig };
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as unknown;
/** The static host's configuration for the chosen CLOUD (its CSP from src/host/clouds.ts). */
const staticHostConfig = () => staticHostConfigFor(readJson('public/staticwebapp.config.json'), cloud);

/**
 * The build carries its cloud: `npm run build` writes the chosen cloud's staticwebapp.config.json
 * into the build (a static host deploys that file), and `vite preview` sends the headers of the build
 * it serves, refusing one made for another CLOUD than it was given, so a build, its preview and its
 * deployed headers cannot disagree.
 */
function cloudPlugin(): Plugin {
  let outDir = 'dist';
  return {
    name: 'whos-online-cloud',
    configResolved: (config) => void (outDir = resolve(config.root, config.build.outDir)),
    closeBundle: {
      order: 'post',
      handler() {
        writeFileSync(join(outDir, 'staticwebapp.config.json'), `${JSON.stringify(staticHostConfig(), null, 2)}\n`);
      },
    },
  };
}

/** The configuration a `vite preview` serves: the one in the build, which must be the chosen cloud's. */
function builtStaticHostConfig(outDir: string): unknown {
  const built = readJson(join(outDir, 'staticwebapp.config.json'));
  const builtFor = cloudOfStaticHostConfig(built);
  if (cloudChosen && builtFor?.id !== cloud.id) {
    throw new Error(
      `CLOUD is ${cloud.id} but ${outDir} was built for ${builtFor?.id ?? 'no known cloud'}: run npm run build with CLOUD=${cloud.id} first.`,
    );
  }
  return built;
}

/**
 * The static host's CSP, with a Graph endpoint given at start and the presence relay
 * (RELAY_URL, or VITE_RELAY_URL built in) allowed to connect.
 */
function withGraphEndpoint(headers: Record<string, string>): Record<string, string> {
  const { graphBaseUrl, graphToken, relayUrl } = withBuildSettings(runtimeConfigFromEnv(process.env), {
    VITE_RELAY_URL: process.env.VITE_RELAY_URL,
    VITE_CLOUD: cloud.id,
  });
  let csp = headers['Content-Security-Policy'];
  if (!csp) return headers;
  if (graphToken) csp = allowInDirective(csp, 'connect-src', new URL(graphBaseUrl).origin);
  if (relayUrl) csp = allowInDirective(csp, 'connect-src', new URL(relayUrl).origin);
  return { ...headers, 'Content-Security-Policy': csp };
}

/**
 * `vite preview` sends the static host's security headers (public/staticwebapp.config.json),
 * path by path as the host does (auth.html has its own opener policy), so what is tested is what
 * is deployed. The dev server sends the same policy, loosened only for what Vite's development
 * client needs (its inline React refresh preamble and its hot-reload socket): it may hold a real
 * token too, and must not be framed by anyone but the Microsoft 365 hosts.
 */
function securityHeadersPlugin(): Plugin {
  const send = (
    server: { middlewares: Connect.Server },
    config: unknown,
    adjust: (headers: Record<string, string>) => Record<string, string>,
  ) => {
    server.middlewares.use((req, res, next) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      for (const [name, value] of Object.entries(adjust(withGraphEndpoint(headersForPath(config, path))))) res.setHeader(name, value);
      next();
    });
  };
  return {
    name: 'whos-online-security-headers',
    configurePreviewServer: (server) =>
      send(server, builtStaticHostConfig(resolve(server.config.root, server.config.build.outDir)), (headers) => headers),
    configureServer: (server) =>
      send(server, staticHostConfig(), (headers) => {
        const csp = headers['Content-Security-Policy'];
        if (!csp) return headers;
        let dev = allowInDirective(allowInDirective(csp, 'script-src', "'unsafe-inline'"), 'connect-src', 'ws://127.0.0.1:*');
        // Local debug in Teams: the page comes through the dev tunnel, and so does Vite's reload socket.
        if (tabDomain) dev = allowInDirective(dev, 'connect-src', `wss://${tabDomain}`);
        // No HSTS on plain http://127.0.0.1.
        const rest = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'Strict-Transport-Security'));
        return { ...rest, 'Content-Security-Policy': dev };
      }),
  };
}

/**
 * The settings, checked: by `npm start`, `npm run dev` and the previews before Vite starts (tools/serve.ts);
 * `npm run build` is plain `vite build`, so here too a bad value prints its one sentence and exits 1
 * (Vite would add "failed to load config" and a stack trace through its temporary config file).
 */
function settingsOrExit(): ReturnType<typeof serverSettingsFromEnv> {
  try {
    return serverSettingsFromEnv(process.env);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

const { port, portChosen, tabDomain, cloud, cloudChosen } = settingsOrExit();

export default defineConfig(({ mode }) => ({
  plugins: [react(), runtimeConfigPlugin(), securityHeadersPlugin(), cloudPlugin()],
  // The cloud is built in (src/host/buildSettings.ts): sign-in authority, Graph and teams-js's host origins follow it.
  define: { 'import.meta.env.VITE_CLOUD': JSON.stringify(cloud.id) },
  resolve: { alias: srcAlias },
  // No CORS: Vite's default lets any localhost origin read what these servers answer, the token included.
  server: {
    port,
    strictPort: portChosen,
    host: '127.0.0.1',
    cors: false,
    allowedHosts: tabDomain ? [tabDomain] : [],
    // Vite's own list, and the toolkit's local settings file, which a tunnel would otherwise publish.
    fs: { deny: ['.env', '.env.*', '*.{crt,pem}', '**/.git/**', '.localConfigs', '**/*.user'] },
  },
  preview: { port, strictPort: portChosen, host: '127.0.0.1', cors: false },
  // The dev server pre-bundles what the pages and the board worker import, found up front: Vite's
  // scan starts at the HTML pages and does not follow `new Worker(new URL(…))`, so the worker's own
  // imports (msw, for the emulated tenant) were found on the first visit, pre-bundled again and the
  // page reloaded: a newcomer's first visit to the dev server (`npm run dev`) waited for both.
  optimizeDeps: { entries: ['index.html', 'auth.html', 'src/app/boardWorker.ts'] },
  // The board worker is a module worker: the emulated tenant stays its own chunk, loaded only in demo builds.
  worker: { format: 'es' as const },
  build: {
    outDir: mode === 'demo' ? 'dist-demo' : 'dist',
    // auth.html: the sign-in page Teams opens where it has no nested app authentication.
    rolldownOptions: { input: { main: 'index.html', auth: 'auth.html' } },
    sourcemap: true,
    // The first-paint budget is checked separately; this only quiets Vite's generic warning.
    chunkSizeWarningLimit: 700,
  },
}));
