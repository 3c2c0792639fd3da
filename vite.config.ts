import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Connect, type Plugin } from 'vite';
import { RUNTIME_CONFIG_FILE, runtimeConfigFromEnv } from './src/host/runtimeConfig';
import { allowInDirective, headersFromStaticWebAppConfig } from './src/host/securityHeaders';

/**
 * Serves the page's runtime configuration (GRAPH_BASE_URL, GRAPH_TOKEN, DEMO_*) from the dev
 * and preview servers, so a token given at start is never written into a build.
 */
function runtimeConfigPlugin(): Plugin {
  // Read when a server starts (a build needs none); a bad variable stops the server with its message.
  const serveConfig = (server: { config: { base: string }; middlewares: Connect.Server }) => {
    const body = JSON.stringify(runtimeConfigFromEnv(process.env));
    server.middlewares.use(`${server.config.base}${RUNTIME_CONFIG_FILE}`, (_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Cache-Control', 'no-store');
      res.end(body);
    });
  };
  return { name: 'whos-online-runtime-config', configureServer: serveConfig, configurePreviewServer: serveConfig };
}

/**
 * `vite preview` sends the static host's security headers (public/staticwebapp.config.json), so
 * what is tested is what is deployed. A Graph endpoint given at start is allowed to connect.
 */
function securityHeadersPlugin(): Plugin {
  return {
    name: 'whos-online-security-headers',
    configurePreviewServer(server) {
      const headers = headersFromStaticWebAppConfig(JSON.parse(readFileSync('public/staticwebapp.config.json', 'utf8')));
      const { graphBaseUrl, graphToken } = runtimeConfigFromEnv(process.env);
      if (graphToken) {
        headers['Content-Security-Policy'] = allowInDirective(
          headers['Content-Security-Policy'] ?? '',
          'connect-src',
          new URL(graphBaseUrl).origin,
        );
      }
      server.middlewares.use((_req, res, next) => {
        for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
        next();
      });
    },
  };
}

/** The production build carries no emulator: drop its service worker from the output too. */
function dropDemoWorkerPlugin(mode: string): Plugin {
  let outDir = 'dist';
  return {
    name: 'whos-online-drop-demo-worker',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async closeBundle() {
      if (mode === 'production') await rm(join(outDir, 'mockServiceWorker.js'), { force: true });
    },
  };
}

const port = process.env.PORT ? Number(process.env.PORT) : 5173;
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  throw new Error(`PORT must be a whole number from 1 to 65535; got "${process.env.PORT}".`);
}

export default defineConfig(({ mode }) => ({
  plugins: [react(), runtimeConfigPlugin(), securityHeadersPlugin(), dropDemoWorkerPlugin(mode)],
  server: { port, strictPort: Boolean(process.env.PORT), host: '127.0.0.1' },
  preview: { port, strictPort: Boolean(process.env.PORT), host: '127.0.0.1' },
  build: {
    outDir: mode === 'demo' ? 'dist-demo' : 'dist',
    // auth.html: the sign-in page Teams opens where it has no nested app authentication.
    rolldownOptions: { input: { main: 'index.html', auth: 'auth.html' } },
    sourcemap: true,
    // The first-paint budget is checked separately; this only quiets Vite's generic warning.
    chunkSizeWarningLimit: 700,
  },
}));
