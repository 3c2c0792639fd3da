import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, serverSettingsFromEnv, serverSettingsProblem } from '../../../tools/server/serverSettings';

const PROJECT_ROOT = new URL('../../../', import.meta.url).pathname;

describe('serverSettingsFromEnv', () => {
  it('listens on 5173 and may move elsewhere when PORT is not given; keeps to PORT when it is', () => {
    expect(serverSettingsFromEnv({})).toMatchObject({ port: DEFAULT_PORT, portChosen: false, tabDomain: undefined });
    expect(serverSettingsFromEnv({ PORT: '8080' })).toMatchObject({ port: 8080, portChosen: true, tabDomain: undefined });
  });

  it('builds and serves for the commercial cloud unless CLOUD names another, and refuses an unknown one in one sentence', () => {
    expect(serverSettingsFromEnv({})).toMatchObject({ cloud: { id: 'public' }, cloudChosen: false });
    for (const id of ['public', 'gcc', 'gcch', 'dod', 'china']) {
      expect(serverSettingsFromEnv({ CLOUD: id })).toMatchObject({ cloud: { id }, cloudChosen: true });
    }
    expect(serverSettingsFromEnv({ CLOUD: ' GCCH ' }).cloud.id).toBe('gcch');
    expect(() => serverSettingsFromEnv({ CLOUD: 'usgov' })).toThrow('CLOUD must be one of public, gcc, gcch, dod, china; got "usgov".');
  });

  it.each(['abc', '0', '65536', '80.5', '-1', '1e3'])('refuses PORT=%s with a sentence naming it', (port) => {
    expect(() => serverSettingsFromEnv({ PORT: port })).toThrow(`PORT must be a whole number from 1 to 65535; got "${port}".`);
  });

  it('takes a dev tunnel host name, and refuses one with a port or a leading dot', () => {
    expect(serverSettingsFromEnv({ TAB_DOMAIN: 'abc123-5173.euw.devtunnels.ms' }).tabDomain).toBe('abc123-5173.euw.devtunnels.ms');
    expect(() => serverSettingsFromEnv({ TAB_DOMAIN: 'abc.example:443' })).toThrow(/^TAB_DOMAIN must be a host name/);
    expect(() => serverSettingsFromEnv({ TAB_DOMAIN: '.example.net' })).toThrow(/^TAB_DOMAIN must be a host name/);
  });
});

describe('serverSettingsProblem', () => {
  it('is null when every setting is good, and names the first bad one, the page settings too', () => {
    expect(serverSettingsProblem({ PORT: '5173', DEMO_USERS: '1000' })).toBeNull();
    expect(serverSettingsProblem({ DEMO_USERS: 'lots' })).toMatch(/^DEMO_USERS must be a whole number/);
    expect(serverSettingsProblem({ GRAPH_BASE_URL: 'https://graph.microsoft.us/v1.0' })).toMatch(
      /^GRAPH_BASE_URL is set but GRAPH_TOKEN is not/,
    );
    expect(serverSettingsProblem({ CLOUD: 'moon' })).toMatch(/^CLOUD must be one of/);
    // A token of one cloud never goes to another's Graph.
    expect(serverSettingsProblem({ GRAPH_TOKEN: 't', GRAPH_BASE_URL: 'https://graph.microsoft.us/v1.0' })).toBe(
      'GRAPH_BASE_URL https://graph.microsoft.us/v1.0 is the GCC High Graph, but the cloud is public: set CLOUD=gcch, or GRAPH_BASE_URL to https://graph.microsoft.com/v1.0.',
    );
    expect(serverSettingsProblem({ CLOUD: 'dod', GRAPH_TOKEN: 't', GRAPH_BASE_URL: 'https://dod-graph.microsoft.us/v1.0' })).toBeNull();
  });
});

/** The launcher behind npm start, npm run dev and the previews, run as npm runs it, in `cwd`. */
function serve(command: string, env: Record<string, string>, cwd = PROJECT_ROOT) {
  const result = spawnSync(join(PROJECT_ROOT, 'node_modules/.bin/tsx'), [join(PROJECT_ROOT, 'tools/serve.ts'), command], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr.trim(), stdout: result.stdout.trim() };
}

// Each case starts Node with tsx: seconds on a busy machine.
describe('tools/serve.ts (npm start, npm run dev, npm run preview)', { timeout: 120_000 }, () => {
  it.each(['start', 'dev', 'preview', 'preview:demo'])(
    '%s: a bad setting prints its one sentence, no stack trace, and exits 1 before building or serving',
    (command) => {
      const result = serve(command, { PORT: 'abc' });
      expect(result.status).toBe(1);
      expect(result.stderr).toBe('PORT must be a whole number from 1 to 65535; got "abc".');
      expect(result.stdout).not.toMatch(/Building/);
    },
  );

  it('a CLOUD that is no cloud is refused in one sentence before anything is built or served', () => {
    const result = serve('preview', { CLOUD: 'usgov' });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('CLOUD must be one of public, gcc, gcch, dod, china; got "usgov".');
  });

  it('a PORT that is taken is refused before anything is built', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const result = serve('start', { PORT: String(port) });
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(`Port ${port} is already in use: stop what is using it, or choose another PORT.`);
      expect(result.stdout).not.toMatch(/Building/);
    } finally {
      taken.close();
    }
  });

  it('a preview with no build says which command makes one, and exits 1', () => {
    const empty = mkdtempSync(join(tmpdir(), 'whos-online-no-build-'));
    try {
      const production = serve('preview', {}, empty);
      expect(production.status).toBe(1);
      expect(production.stderr).toBe(
        'There is no build in dist/ to preview: run `npm run build` first (or `npm start`, which builds the demo and serves it).',
      );
      const demo = serve('preview:demo', {}, empty);
      expect(demo.status).toBe(1);
      expect(demo.stderr).toMatch(/^There is no build in dist-demo\/ to preview: run `npm run build:demo` first/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
