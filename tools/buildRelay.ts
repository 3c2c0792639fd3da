/**
 * `npm run build:relay`: the relay (relay/main.ts and what it imports from src/) as one ES module,
 * `dist-relay/relay.mjs`, that plain `node` runs with no node_modules beside it. The container image
 * (relay/Dockerfile) is this file on node:20-slim. CommonJS packages (ioredis) call require() for
 * Node's own modules, so the bundle gets a require made by createRequire.
 */
import { build } from 'esbuild';

const outfile = process.argv[2] ?? 'dist-relay/relay.mjs';
const result = await build({
  entryPoints: ['relay/main.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outfile,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  banner: { js: "import { createRequire as __relayRequire } from 'node:module'; const require = __relayRequire(import.meta.url);" },
});
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`${outfile}: ${(bytes / 1024).toFixed(0)} KB`);
