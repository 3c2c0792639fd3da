import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { srcAlias } from './vite.alias.ts';

export default defineConfig({
  plugins: [react()],
  resolve: { alias: srcAlias },
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}', 'tests/relay/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['tests/unit/support/jsdomLayout.ts'],
    // Generous: a test fails on what it asserts, not on a machine busy with other work.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
