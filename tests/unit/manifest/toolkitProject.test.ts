/**
 * The Agents Toolkit project files (teamsapp.yml, teamsapp.local.yml, .vscode/) as the toolkit
 * reads them. Each yml file goes through the toolkit's own parser with schema validation
 * (@microsoft/teamsfx-core's YamlParser, which checks a file against the bundled schema of the
 * `version` it declares, exactly as `provision` does before it runs anything).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const requireFromToolkit = createRequire(createRequire(import.meta.url).resolve('@microsoft/teamsfx-core/package.json'));

interface Action {
  uses: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}
interface Project {
  version: string;
  environmentFolderPath?: string;
  provision: Action[];
  deploy: Action[];
}
interface ToolkitResult {
  isOk(): boolean;
  error?: { message?: string };
}

const readProject = (path: string) => parse(readFileSync(path, 'utf8')) as Project;
const remote = readProject('teamsapp.yml');
const local = readProject('teamsapp.local.yml');

/** The toolkit's own parse, with the schema check `provision` and `deploy` run first. */
async function toolkitParse(path: string): Promise<ToolkitResult> {
  const { yamlParser } = requireFromToolkit('./build/component/configManager/parser') as {
    yamlParser: { parse(path: string, validateSchema: boolean): Promise<ToolkitResult> };
  };
  return yamlParser.parse(path, true);
}

const indexOf = (project: Project, uses: string) => project.provision.findIndex((action) => action.uses === uses);
const step = (project: Project, uses: string) => project.provision.find((action) => action.uses === uses);

/** Every key anywhere in a parsed document. */
function keysDeep(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysDeep);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => [key, ...keysDeep(inner)]);
  return [];
}

const placeholders = (text: string) => [...text.matchAll(/\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((match) => match[1]!);

/** VS Code's JSON with comments, read by the TypeScript compiler's own parser. */
function readJsonc<T>(path: string): T {
  const { config, error } = ts.parseConfigFileTextToJson(path, readFileSync(path, 'utf8'));
  if (error) throw new Error(`${path}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  return config as T;
}

describe.each([
  ['teamsapp.yml', remote],
  ['teamsapp.local.yml', local],
])('%s', (path, project) => {
  it("passes the toolkit's own parser and the schema of the version it declares", async () => {
    const result = await toolkitParse(path);
    expect(result.isOk(), result.error?.message).toBe(true);
    // The yaml-language-server schema line names the same version.
    expect(readFileSync(path, 'utf8').split('\n')[0]).toBe(
      `# yaml-language-server: $schema=https://aka.ms/m365-agents-toolkits/${project.version}/yaml.schema.json`,
    );
  });

  it('zips the app package into a folder (outputFolder), with no outputJsonPath anywhere', () => {
    expect(keysDeep(project)).not.toContain('outputJsonPath');
    expect(step(project, 'teamsApp/zipAppPackage')?.with).toEqual({
      manifestPath: './manifest/manifest.template.json',
      outputZipPath: './appPackage/build/appPackage.${{TEAMSFX_ENV}}.zip',
      outputFolder: './appPackage/build',
    });
  });

  it('extends the app to Outlook and the Microsoft 365 app after the package is zipped, validated and updated', () => {
    const extend = indexOf(project, 'teamsApp/extendToM365');
    expect(extend).toBeGreaterThan(indexOf(project, 'teamsApp/zipAppPackage'));
    expect(extend).toBeGreaterThan(indexOf(project, 'teamsApp/validateAppPackage'));
    expect(extend).toBeGreaterThan(indexOf(project, 'teamsApp/update'));
    expect(project.provision[extend]).toEqual({
      uses: 'teamsApp/extendToM365',
      with: { appPackagePath: step(project, 'teamsApp/zipAppPackage')?.with?.outputZipPath },
      writeToEnvironmentFile: { titleId: 'M365_TITLE_ID', appId: 'M365_APP_ID' },
    });
  });

  it('applies manifest/aad.manifest.json to the Entra app it created, before the app package is built', () => {
    const update = step(project, 'aadApp/update');
    expect(update?.with?.manifestPath).toBe('./manifest/aad.manifest.json');
    expect(indexOf(project, 'aadApp/update')).toBeGreaterThan(indexOf(project, 'aadApp/create'));
    expect(indexOf(project, 'aadApp/update')).toBeLessThan(indexOf(project, 'teamsApp/zipAppPackage'));
    expect(step(project, 'aadApp/create')?.writeToEnvironmentFile).toMatchObject({
      clientId: 'AAD_APP_CLIENT_ID',
      objectId: 'AAD_APP_OBJECT_ID',
    });
  });

  it('refers only to files that exist, and its environment file lists every value the project and manifests use', () => {
    for (const action of project.provision) {
      const manifestPath = action.with?.manifestPath;
      if (typeof manifestPath === 'string') expect(existsSync(manifestPath), manifestPath).toBe(true);
    }
    const envName = path === 'teamsapp.local.yml' ? 'local' : 'dev';
    const envFile = join(project.environmentFolderPath ?? './env', `.env.${envName}`);
    const keys = [...readFileSync(envFile, 'utf8').matchAll(/^([A-Z0-9_]+)=/gm)].map((match) => match[1]!);
    expect(keys).toContain('TEAMSFX_ENV');
    const used = new Set(
      [path, 'manifest/aad.manifest.json', 'manifest/manifest.template.json'].flatMap((file) => placeholders(readFileSync(file, 'utf8'))),
    );
    // Secrets live in the git-ignored .user file, not in the committed one.
    const missing = [...used].filter((name) => !name.startsWith('SECRET_') && !keys.includes(name));
    expect(missing, `not in ${envFile}`).toEqual([]);
  });
});

describe('teamsapp.yml (the cloud environments)', () => {
  it('provisions the Teams app, the Entra app, hosting, both manifests, and the Microsoft 365 extension', () => {
    expect(remote.provision.map((action) => action.uses)).toEqual([
      'teamsApp/create',
      'aadApp/create',
      'arm/deploy',
      'arm/deploy',
      'aadApp/update',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
      'teamsApp/extendToM365',
      'azureStaticWebApps/getDeploymentToken',
    ]);
    expect(remote.deploy.map((action) => action.uses)).toEqual(['cli/runNpmCommand', 'cli/runNpmCommand', 'cli/runNpxCommand']);
    const templates = remote.provision
      .filter((action) => action.uses === 'arm/deploy')
      .flatMap((action) => (action.with?.templates as Array<{ path: string; parameters: string }>) ?? []);
    expect(templates.map((t) => t.path)).toEqual(['./infra/azure.bicep', './infra/relay.bicep']);
    for (const template of templates) {
      expect(existsSync(template.path), template.path).toBe(true);
      expect(existsSync(template.parameters), template.parameters).toBe(true);
    }
  });
});

// Issue 22: one CLOUD per environment (env/.env.<environment>) chooses the cloud the tab is built for and the relay runs in.
describe('teamsapp.yml and the cloud', () => {
  it("builds the tab for the environment's CLOUD, and the relay runs in the same cloud", () => {
    const build = remote.deploy.find((action) => action.uses === 'cli/runNpmCommand' && action.with?.args === 'run build') as Action & {
      env?: Record<string, string>;
    };
    expect(build.env).toMatchObject({ CLOUD: '${{CLOUD}}' });
    expect(readFileSync('env/.env.dev', 'utf8')).toMatch(/^CLOUD=public$/m);
    const parameters = JSON.parse(readFileSync('infra/relay.parameters.json', 'utf8')) as { parameters: Record<string, { value: string }> };
    expect(parameters.parameters.cloud?.value).toBe('${{CLOUD}}');
    const bicep = readFileSync('infra/relay.bicep', 'utf8');
    expect(bicep).toMatch(/^param cloud string = 'public'$/m);
    expect(bicep).toMatch(/name: 'CLOUD'\s+value: cloud/);
  });
});

describe('teamsapp.local.yml and .vscode (debug in Teams from this machine)', () => {
  interface Task {
    label: string;
    type?: string;
    command?: string;
    dependsOn?: string[];
    args?: {
      env?: string;
      type?: string;
      ports?: Array<{ portNumber: number; protocol: string; access?: string; writeToEnvironmentFile?: Record<string, string> }>;
    };
  }
  const tasks = readJsonc<{ tasks: Task[] }>('.vscode/tasks.json').tasks;
  const launch = readJsonc<{
    configurations: Array<{ name: string; url?: string; preLaunchTask?: string }>;
    compounds: Array<{ name: string; configurations: string[]; preLaunchTask?: string }>;
  }>('.vscode/launch.json');
  const task = (label: string) => tasks.find((t) => t.label === label);
  const devServerEnv = local.deploy.find((action) => action.uses === 'file/createOrUpdateEnvironmentFile')?.with as {
    target: string;
    envs: Record<string, string | number>;
  };

  it('takes TAB_DOMAIN and TAB_ENDPOINT from the dev tunnel to the port the dev server listens on, never from the yml itself', () => {
    const tunnel = task('Start local tunnel');
    expect(tunnel).toMatchObject({ type: 'teamsfx', command: 'debug-start-local-tunnel', args: { type: 'dev-tunnel', env: 'local' } });
    expect(tunnel?.args?.ports).toEqual([
      {
        portNumber: Number(devServerEnv.envs.PORT),
        protocol: 'http',
        access: 'public',
        writeToEnvironmentFile: { endpoint: 'TAB_ENDPOINT', domain: 'TAB_DOMAIN' },
      },
    ]);
    // No step of the local project writes the tab's domain: no script, no output.
    const localText = readFileSync('teamsapp.local.yml', 'utf8');
    expect(localText).not.toMatch(/set-teamsfx-env\s+TAB_(DOMAIN|ENDPOINT)/);
    expect(local.provision.flatMap((action) => Object.values(action.writeToEnvironmentFile ?? {}))).not.toContain('TAB_DOMAIN');
    expect(local.provision.map((action) => action.uses)).not.toContain('script');
  });

  it('"Start Teams App Locally" opens the tunnel before provision, then deploys and starts the dev server', () => {
    expect(task('Start Teams App Locally')?.dependsOn).toEqual([
      'Validate prerequisites',
      'Start local tunnel',
      'Provision',
      'Deploy',
      'Start application',
    ]);
    expect(task('Provision')).toMatchObject({ type: 'teamsfx', command: 'provision', args: { env: 'local' } });
    expect(task('Deploy')).toMatchObject({ type: 'teamsfx', command: 'deploy', args: { env: 'local' } });
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(task('Start application')).toMatchObject({ type: 'shell', command: 'npm run dev:teamsfx' });
    expect(pkg.scripts['dev:teamsfx']).toContain(`--env-file=${devServerEnv.target.replace(/^\.\//, '')}`);
    for (const t of tasks) for (const label of t.dependsOn ?? []) expect(task(label), `${t.label} → ${label}`).toBeDefined();
  });

  it('starts the dev server with the Entra app of this machine and lets it answer on the tunnel host', () => {
    expect(devServerEnv.target).toBe('./.localConfigs');
    expect(devServerEnv.envs).toMatchObject({
      VITE_CLIENT_ID: '${{AAD_APP_CLIENT_ID}}',
      VITE_TENANT_ID: '${{AAD_APP_TENANT_ID}}',
      TAB_DOMAIN: '${{TAB_DOMAIN}}',
    });
  });

  it('launches Teams, Outlook and the Microsoft 365 app in Edge and Chrome with the ids local provision wrote', () => {
    const urls = Object.fromEntries(launch.configurations.map((c) => [c.name, c.url]));
    expect(urls['Launch App in Teams (Edge)']).toBe(
      'https://teams.microsoft.com/l/app/${{local:TEAMS_APP_ID}}?installAppPackage=true&webjoin=true&${account-hint}',
    );
    expect(urls['Launch App in Outlook (Chrome)']).toBe('https://outlook.office.com/host/${{local:M365_APP_ID}}?${account-hint}');
    expect(urls['Launch App in the Microsoft 365 app (Edge)']).toBe(
      'https://www.office.com/m365apps/${{local:M365_APP_ID}}?auth=2&${account-hint}',
    );
    const names = new Set(launch.configurations.map((c) => c.name));
    for (const compound of launch.compounds) {
      expect(compound.preLaunchTask).toBe('Start Teams App Locally');
      for (const name of compound.configurations) expect(names.has(name), name).toBe(true);
    }
    for (const c of launch.configurations) if (c.preLaunchTask) expect(task(c.preLaunchTask), c.preLaunchTask).toBeDefined();
  });

  it('keeps secrets and the generated dev server settings out of git, but not the env files themselves', () => {
    const ignored = (path: string) => {
      try {
        execFileSync('git', ['check-ignore', '-q', '--no-index', path]);
        return true;
      } catch {
        return false;
      }
    };
    expect(ignored('env/.env.local.user')).toBe(true);
    expect(ignored('env/.env.dev.user')).toBe(true);
    expect(ignored('.localConfigs')).toBe(true);
    expect(ignored('env/.env.local')).toBe(false);
    expect(ignored('env/.env.dev')).toBe(false);
  });
});

describe("regression: the toolkit's schema check is live", () => {
  it('refuses zipAppPackage with outputJsonPath (as teamsapp.yml had it) on schema v1.11', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'toolkit-yml-'));
    try {
      const old = structuredClone(remote);
      const zip = old.provision.find((action) => action.uses === 'teamsApp/zipAppPackage')!;
      zip.with = { ...zip.with, outputJsonPath: './appPackage/build/manifest.${{TEAMSFX_ENV}}.json' };
      delete zip.with.outputFolder;
      const path = join(dir, 'teamsapp.yml');
      writeFileSync(path, JSON.stringify(old));
      const result = await toolkitParse(path);
      expect(result.isOk()).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
