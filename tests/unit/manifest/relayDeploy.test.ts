/**
 * The relay's deployment (infra/relay.bicep, infra/relay.parameters.json, relay/Dockerfile and the
 * optional stage in teamsapp.yml), checked offline: there is no bicep CLI or Docker daemon here, so
 * these read the files as the toolkit, ARM and Docker would and hold them to what they rely on.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Action {
  uses: string;
  with?: { templates?: Array<{ path: string; parameters: string; deploymentName: string }> } & Record<string, unknown>;
}

const yml = parse(readFileSync('teamsapp.yml', 'utf8')) as { provision: Action[]; deploy: Action[] };
const bicep = readFileSync('infra/relay.bicep', 'utf8');
const parameters = JSON.parse(readFileSync('infra/relay.parameters.json', 'utf8')) as { parameters: Record<string, { value: string }> };
const dockerfile = readFileSync('relay/Dockerfile', 'utf8');
const envKeys = [...readFileSync('env/.env.dev', 'utf8').matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]!);

/** Bicep without its comments (whole-line comments only: a `//` inside a string such as 'https://…' stays). */
const code = bicep.replace(/^\s*\/\/.*$/gm, '');

/** `param name type [= default]`, with the decorators on the lines just above. */
function params(): Array<{ name: string; hasDefault: boolean; secure: boolean }> {
  const lines = code.split('\n');
  const found: Array<{ name: string; hasDefault: boolean; secure: boolean }> = [];
  lines.forEach((line, i) => {
    const match = /^param\s+(\w+)\s+\w+(\s*=.*)?$/.exec(line.trim());
    if (!match) return;
    let secure = false;
    for (let j = i - 1; j >= 0 && lines[j]!.trim().startsWith('@'); j--) if (lines[j]!.trim().startsWith('@secure()')) secure = true;
    found.push({ name: match[1]!, hasDefault: match[2] !== undefined, secure });
  });
  return found;
}

const relayStage = yml.provision.find((a) => a.uses === 'arm/deploy' && a.with?.templates?.some((t) => t.path === './infra/relay.bicep'));

describe('the relay stage in teamsapp.yml', () => {
  it('is one arm/deploy of infra/relay.bicep with its parameters file, after the tab hosting it takes TAB_ENDPOINT from', () => {
    expect(relayStage).toBeDefined();
    const template = relayStage!.with!.templates!;
    expect(template).toEqual([
      { path: './infra/relay.bicep', parameters: './infra/relay.parameters.json', deploymentName: 'Create-resources-for-relay' },
    ]);
    for (const file of [template[0]!.path, template[0]!.parameters]) expect(existsSync(file), file).toBe(true);
    expect(relayStage!.with).toMatchObject({
      subscriptionId: '${{AZURE_SUBSCRIPTION_ID}}',
      resourceGroupName: '${{AZURE_RESOURCE_GROUP_NAME}}',
      bicepCliVersion: 'v0.9.1',
    });
    const tabHosting = yml.provision.findIndex((a) => a.uses === 'arm/deploy' && a.with?.templates?.[0]?.path === './infra/azure.bicep');
    expect(yml.provision.indexOf(relayStage!)).toBeGreaterThan(tabHosting);
    expect(readFileSync('infra/azure.bicep', 'utf8')).toMatch(/^output TAB_ENDPOINT string/m);
  });

  it('deploys only when asked: every resource is conditional on deployRelay == "true", which defaults to false', () => {
    expect(code).toMatch(/^param deployRelay string = 'false'$/m);
    expect(code).toMatch(/^var deploy = deployRelay == 'true'$/m);
    const resources = [...code.matchAll(/^resource\s+(\w+)\s+'[^']+'\s*=\s*(.*)\{$/gm)];
    expect(resources.length).toBeGreaterThanOrEqual(4);
    for (const [, name, condition] of resources) expect(condition!.trim(), name).toBe('if (deploy)');
    expect(parameters.parameters.deployRelay?.value).toBe('${{RELAY_DEPLOY}}');
    expect(envKeys).toContain('RELAY_DEPLOY');
    expect(readFileSync('env/.env.dev', 'utf8')).toMatch(/^RELAY_DEPLOY=false$/m);
  });

  it('reads list*() and properties of its conditional resources only behind `deploy ?` (ARM evaluates them even for a resource it skips)', () => {
    const conditional = [...code.matchAll(/^resource\s+(\w+)\s/gm)].map((m) => m[1]!);
    for (const line of code.split('\n')) {
      for (const name of conditional) {
        if (new RegExp(`\\b${name}\\.(listKeys\\(|properties\\.)`).test(line)) expect(line, line.trim()).toMatch(/\bdeploy \?/);
      }
    }
  });
});

describe('infra/relay.parameters.json against infra/relay.bicep', () => {
  const declared = params();

  it('names only declared parameters, and every parameter without a default', () => {
    const given = Object.keys(parameters.parameters);
    for (const name of given)
      expect(
        declared.map((p) => p.name),
        name,
      ).toContain(name);
    for (const p of declared.filter((d) => !d.hasDefault)) expect(given, p.name).toContain(p.name);
  });

  it('feeds secrets (client secret, registry password) only from SECRET_ variables into @secure() parameters, and the rest from env/.env.dev', () => {
    for (const [name, { value }] of Object.entries(parameters.parameters)) {
      const placeholders = [...value.matchAll(/\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g)].map((m) => m[1]!);
      const secure = declared.find((p) => p.name === name)!.secure;
      for (const variable of placeholders) {
        if (secure) expect(variable, name).toMatch(/^SECRET_/);
        else expect(envKeys, `${variable} (for ${name}) in env/.env.dev`).toContain(variable);
      }
    }
    expect(
      declared
        .filter((p) => p.secure)
        .map((p) => p.name)
        .sort(),
    ).toEqual(['notifyClientSecret', 'registryPassword', 'relayClientSecret']);
  });
});

describe('infra/relay.bicep', () => {
  it('Azure Cache for Redis takes TLS only, and the relay reaches it by rediss:// with the key escaped for a URL', () => {
    expect(code).toMatch(/enableNonSslPort: false/);
    expect(code).toMatch(/minimumTlsVersion: '1\.2'/);
    expect(code).toMatch(
      /'rediss:\/\/:\$\{uriComponent\(redis\.listKeys\(\)\.primaryKey\)\}@\$\{redis\.properties\.hostName\}:\$\{redis\.properties\.sslPort\}'/,
    );
  });

  it('keeps the client secret and the Redis URL as Container Apps secrets: the container gets them by secretRef, never as a value', () => {
    const secretNames = [...code.matchAll(/name: '([a-z-]+)'\n\s*value: /g)].map((m) => m[1]!);
    for (const ref of [...code.matchAll(/secretRef: '([a-z-]+)'/g)].map((m) => m[1]!)) expect(secretNames, ref).toContain(ref);
    const env = (name: string) => new RegExp(`name: '${name}'\\n\\s*(\\w+): '?([^'\\n]*)`).exec(code);
    expect(env('REDIS_URL')?.slice(1)).toEqual(['secretRef', 'redis-url']);
    expect(env('RELAY_CLIENT_SECRET')?.slice(1)).toEqual(['secretRef', 'relay-client-secret']);
    expect(env('RELAY_NOTIFY_CLIENT_SECRET')?.slice(1)).toEqual(['secretRef', 'notify-client-secret']);
    // Each secret parameter appears once as a value: in the secrets list.
    expect(code.match(/value: relayClientSecret/g)).toHaveLength(1);
    expect(code.match(/value: notifyClientSecret/g)).toHaveLength(1);
  });

  it('runs two or more replicas on the port the image listens on, probed at /healthz, open to the tab origin only', () => {
    expect(code).toMatch(/^param minReplicas int = 2$/m);
    expect(code).toMatch(/^var port = 4100$/m);
    expect(code).toMatch(/targetPort: port/);
    expect(code.match(/path: '\/healthz'/g)).toHaveLength(2);
    expect(dockerfile).toMatch(/RELAY_PORT=4100/);
    expect(dockerfile).toMatch(/^EXPOSE 4100$/m);
    expect(/name: 'RELAY_ALLOWED_ORIGINS'\n\s*value: tabOrigin/.test(code)).toBe(true);
    expect(parameters.parameters.tabOrigin?.value).toBe('${{TAB_ENDPOINT}}');
  });

  it('gives the tab its relay through outputs the tab build reads, empty when not deployed', () => {
    expect(code).toMatch(
      /^output VITE_RELAY_URL string = deploy \? 'https:\/\/\$\{relay\.properties\.configuration\.ingress\.fqdn\}' : ''$/m,
    );
    expect(code).toMatch(/^output VITE_RELAY_SCOPE string = deploy \? 'api:\/\/\$\{relayClientId\}\/Presence\.Stream' : ''$/m);
    for (const name of ['VITE_RELAY_URL', 'VITE_RELAY_SCOPE']) expect(envKeys).toContain(name);
  });

  it("is balanced (braces, brackets, parentheses) and uses only API versions checked against Microsoft's docs", () => {
    const strip = code.replace(/'(?:[^'\\]|\\.)*'/g, "''");
    for (const [open, close] of [
      ['{', '}'],
      ['[', ']'],
      ['(', ')'],
    ] as const) {
      expect(strip.split(open).length, open).toBe(strip.split(close).length);
    }
    expect([...code.matchAll(/^resource\s+\w+\s+'([^']+)'/gm)].map((m) => m[1]).sort()).toEqual([
      'Microsoft.App/containerApps@2023-05-01',
      'Microsoft.App/managedEnvironments@2023-05-01',
      'Microsoft.Cache/redis@2023-08-01',
      'Microsoft.OperationalInsights/workspaces@2022-10-01',
    ]);
  });
});

describe('relay/Dockerfile', () => {
  it('copies only what exists and builds with the npm script the relay bundle test runs', () => {
    for (const [, sources] of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const source of sources!.split(/\s+/)) expect(existsSync(source), source).toBe(true);
    }
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['build:relay']).toBe('tsx tools/buildRelay.ts');
    expect(dockerfile).toMatch(/^RUN npm run build:relay -- \/out\/relay\.mjs$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "relay\.mjs"\]$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
  });
});
