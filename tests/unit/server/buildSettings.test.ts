import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const PROJECT_ROOT = new URL('../../../', import.meta.url).pathname;

// `npm run build` is `vite build`, which loads vite.config.ts itself (no launcher checks the settings first).
describe('npm run build with a bad setting', { timeout: 120_000 }, () => {
  it('a CLOUD that is no cloud prints its one sentence, no stack trace, and exits 1 before building', () => {
    const result = spawnSync(join(PROJECT_ROOT, 'node_modules/.bin/vite'), ['build', '--outDir', 'never-built'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CLOUD: 'usgov' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('CLOUD must be one of public, gcc, gcch, dod, china; got "usgov".');
    expect(result.stdout).not.toMatch(/building|transforming/i);
  });
});
