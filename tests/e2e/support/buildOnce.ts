import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT, viteBuild } from './viteServer';

/** CI keeps this folder as an artifact; the README names it. */
export const SCREENSHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');

/** Vitest global setup: both builds once for every browser test file. */
export default async function buildOnce(): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await viteBuild('demo');
  await viteBuild('production');
}
