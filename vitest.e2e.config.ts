import { defineConfig } from 'vitest/config';
import { srcAlias } from './vite.alias.ts';

/** Browser tests: Debian's Chromium driven by playwright-core against built pages. */
export default defineConfig({
  resolve: { alias: srcAlias },
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['tests/e2e/support/buildOnce.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    // expect.poll waits for what a page does: on a busy machine that can take far longer than
    // vitest's default second, and a red run must mean broken code, not a slow one.
    expect: { poll: { timeout: 15_000 } },
  },
});
