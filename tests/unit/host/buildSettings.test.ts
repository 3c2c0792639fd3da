import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

describe('what the build puts into the public bundle', () => {
  it('never passes import.meta.env on whole (Vite would inline every VITE_* variable, a mistaken token included)', () => {
    const wholeEnv = /import\.meta\.env(?!\s*\.\s*[A-Z_a-z])/;
    const offenders = sourceFiles('src').filter((file) => wholeEnv.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
