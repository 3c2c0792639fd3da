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
  },
});
