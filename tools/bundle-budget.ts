/**
 * Part of `npm run build`: prints every JavaScript file of the production build with its size,
 * marks what the first paint loads (the entry script and its modulepreloads), and fails when
 * that exceeds the budget (BUNDLE_BUDGET_KB, default 200 KB gzip).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = process.argv[2] ?? 'dist';
const BUDGET_KB = Number(process.env.BUNDLE_BUDGET_KB ?? 200);

const html = await readFile(join(DIST, 'index.html'), 'utf8');
const firstPaint = new Set(
  [...html.matchAll(/<script[^>]+src="([^"]+\.js)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map((m) =>
    (m[1] ?? m[2]!).replace(/^\//, ''),
  ),
);
const files = (await readdir(join(DIST, 'assets'))).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);

const kb = (bytes: number) => (bytes / 1024).toFixed(1).padStart(8);
let firstPaintGzip = 0;
console.log(`${'file'.padEnd(40)} ${'raw KB'.padStart(8)} ${'gzip KB'.padStart(8)}  first paint`);
for (const file of files.sort()) {
  const code = await readFile(join(DIST, file));
  const gzip = gzipSync(code, { level: 9 }).length;
  const loadsFirst = firstPaint.has(file);
  if (loadsFirst) firstPaintGzip += gzip;
  console.log(`${file.padEnd(40)} ${kb(code.length)} ${kb(gzip)}  ${loadsFirst ? 'yes' : 'no (loaded on demand)'}`);
}
const verdict = firstPaintGzip / 1024 <= BUDGET_KB ? 'within' : 'OVER';
console.log(`JavaScript for the first paint: ${kb(firstPaintGzip).trim()} KB gzip, ${verdict} the budget of ${BUDGET_KB} KB`);
if (firstPaint.size === 0) {
  console.error(`No entry script found in ${DIST}/index.html`);
  process.exit(1);
}
if (verdict === 'OVER') process.exit(1);
