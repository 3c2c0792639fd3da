import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Issue 22: the table of clouds (src/host/clouds.ts) drives every place a Microsoft host name is
 * used, so a build for one cloud cannot name another's Graph, sign-in or Teams. This reads every
 * text file in src/, relay/, public/ and manifest/ and fails on a Graph, sign-in, Teams, Outlook or
 * Microsoft 365 host name written anywhere but the files below.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const FOLDERS = ['src', 'relay', 'public', 'manifest', 'tools', 'infra', 'env'];
/** Files at the top that also carry settings or headers: the pages, the dev/preview servers' config, the toolkit's projects. */
const ROOT_FILES = ['index.html', 'auth.html', 'vite.config.ts', 'teamsapp.yml', 'teamsapp.local.yml'];

/** Files that may name such hosts, each with the reason. */
const ALLOWED: Record<string, string> = {
  'src/host/clouds.ts': 'the table itself',
  'public/staticwebapp.config.json':
    "the commercial cloud's static host configuration, generated from the table: tests/unit/server/securityHeaders.test.ts checks it is contentSecurityPolicy(CLOUDS.public) word for word",
};

const HOST_PATTERNS: Array<[string, RegExp]> = [
  ['Graph', /\b(?:dod-graph\.microsoft\.us|graph\.microsoft\.(?:com|us)|microsoftgraph\.chinacloudapi\.cn)\b/gi],
  [
    'sign-in',
    /\b(?:login\.(?:microsoftonline\.(?:com|us|de)|windows\.net|microsoft\.com|partner\.microsoftonline\.cn|chinacloudapi\.cn|usgovcloudapi\.net)|sts\.(?:windows\.net|chinacloudapi\.cn))\b/gi,
  ],
  ['Teams', /\b(?:teams\.microsoft\.(?:com|us)|teams\.microsoftonline\.cn|teams\.live\.com)\b/gi],
  [
    'Outlook or Microsoft 365',
    /\b(?:outlook[\w-]*\.(?:office|office365|live)\.(?:com|us)|office365\.us|apps\.mil|(?:usgov)?cloud\.microsoft|microsoft365\.com)\b/gi,
  ],
];

const BINARY = /\.(png|jpe?g|gif|ico|zip|woff2?)$/i;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'build' ? [] : files(path);
    return BINARY.test(name) ? [] : [path];
  });
}

function hostsIn(text: string): string[] {
  return HOST_PATTERNS.flatMap(([kind, pattern]) => [...text.matchAll(pattern)].map((m) => `${kind} host ${m[0]}`));
}

const scanned = [
  ...FOLDERS.filter((folder) => existsSync(join(ROOT, folder))).flatMap((folder) => files(join(ROOT, folder))),
  ...ROOT_FILES.map((file) => join(ROOT, file)),
].map((path) => ({
  file: relative(ROOT, path),
  hosts: hostsIn(readFileSync(path, 'utf8')),
}));

describe('Microsoft host names come only from the table of clouds', () => {
  it('reads a real tree (the scan is not looking at nothing)', () => {
    expect(scanned.length).toBeGreaterThan(50);
    for (const file of [...ROOT_FILES, 'tools/serve.ts', 'infra/relay.bicep']) expect(scanned.map((s) => s.file)).toContain(file);
    expect(scanned.find((s) => s.file === 'src/host/clouds.ts')?.hosts.length).toBeGreaterThan(10);
  });

  it('finds none written outside src/host/clouds.ts and the allowed files', () => {
    const stray = scanned
      .filter((s) => s.hosts.length > 0 && !(s.file in ALLOWED))
      .map((s) => `${s.file}: ${[...new Set(s.hosts)].join(', ')}`);
    expect(stray, 'take these from src/host/clouds.ts (or allow the file here, saying why)').toEqual([]);
  });

  it('keeps the allowed list honest: every allowed file exists and still names a host', () => {
    for (const file of Object.keys(ALLOWED)) {
      expect(scanned.find((s) => s.file === file)?.hosts.length ?? 0, `${file} no longer needs to be allowed`).toBeGreaterThan(0);
    }
  });

  it('catches each kind of host, wherever it is written', () => {
    expect(hostsIn('fetch("https://graph.microsoft.us/v1.0/users")')).toEqual(['Graph host graph.microsoft.us']);
    expect(hostsIn('// see https://login.partner.microsoftonline.cn/x')).toEqual(['sign-in host login.partner.microsoftonline.cn']);
    expect(hostsIn("const iss = 'https://sts.chinacloudapi.cn/{tid}/';")).toEqual(['sign-in host sts.chinacloudapi.cn']);
    expect(hostsIn('https://login.usgovcloudapi.net/{tid}/discovery/v2.0/keys')).toEqual(['sign-in host login.usgovcloudapi.net']);
    expect(hostsIn('"frame-ancestors https://dod.teams.microsoft.us"')).toEqual(['Teams host teams.microsoft.us']);
    expect(hostsIn('https://outlook-dod.office365.us https://webmail.apps.mil')).toEqual([
      'Outlook or Microsoft 365 host outlook-dod.office365.us',
      'Outlook or Microsoft 365 host apps.mil',
    ]);
    expect(hostsIn('https://cr.dod.m365copilotapp.svc.usgovcloud.microsoft')).toEqual([
      'Outlook or Microsoft 365 host usgovcloud.microsoft',
    ]);
    expect(hostsIn('https://tab.contoso.example and res.cdn.office.net')).toEqual([]);
  });
});
