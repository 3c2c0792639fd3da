/**
 * What Entra receives when the Agents Toolkit applies manifest/aad.manifest.json.
 *
 * Nothing here re-implements the toolkit: the test runs its own `aadApp/update` driver
 * (@microsoft/teamsfx-core, the library that @microsoft/m365agentstoolkit-cli bundles), which
 * substitutes the ${{...}} placeholders from the environment, decides the manifest format
 * (`AadManifestHelper.isNewAADManifestSchema`: "displayName" present), converts it
 * (`AadManifestHelper.manifestToApplication`) and PATCHes Microsoft Graph. The toolkit's HTTP
 * client is given an adapter that records that request instead of sending it, so the body
 * asserted below is byte for byte what the registration would get.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CALENDAR_SCOPE, GRAPH_SCOPES, PEOPLE_SCOPE, TEAM_MEMBERS_SCOPE } from '@/auth/tokenSource';

const requireFromToolkit = createRequire(createRequire(import.meta.url).resolve('@microsoft/teamsfx-core/package.json'));

const MICROSOFT_GRAPH = '00000003-0000-0000-c000-000000000000';
const SAMPLE = {
  AAD_APP_OBJECT_ID: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  AAD_APP_CLIENT_ID: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
  TAB_DOMAIN: 'whos-online.example.net',
  APP_NAME_SUFFIX: '-test',
};

/**
 * manifest/aad.manifest.json as it was before issue 10: the old `name` field (so the toolkit
 * takes the old format) mixed with the new format's `spa.redirectUris` (which the old path never
 * reads). Kept to prove the test tells the two apart.
 */
const OLD_MIXED_MANIFEST = {
  id: '${{AAD_APP_OBJECT_ID}}',
  appId: '${{AAD_APP_CLIENT_ID}}',
  name: 'whos-online${{APP_NAME_SUFFIX}}',
  accessTokenAcceptedVersion: 2,
  signInAudience: 'AzureADMyOrg',
  oauth2AllowIdTokenImplicitFlow: false,
  oauth2AllowImplicitFlow: false,
  requiredResourceAccess: [
    {
      resourceAppId: MICROSOFT_GRAPH,
      resourceAccess: [
        { id: 'b340eb25-3456-403f-be2f-af7a0d370277', type: 'Scope' },
        { id: '9c7a330d-35b3-4aa1-963d-cb2b9f927841', type: 'Scope' },
      ],
    },
  ],
  spa: { redirectUris: ['brk-multihub://${{TAB_DOMAIN}}', 'https://${{TAB_DOMAIN}}/index.html', 'https://${{TAB_DOMAIN}}/auth.html'] },
  web: { redirectUris: [] },
  tags: [],
};

interface GraphRequest {
  method: string;
  url: string;
  baseURL: string;
  body: Record<string, unknown>;
}
interface ApplicationBody {
  displayName?: string;
  signInAudience?: string;
  api?: { requestedAccessTokenVersion?: number };
  spa?: { redirectUris?: string[] };
  web?: { redirectUris?: string[]; implicitGrantSettings?: { enableIdTokenIssuance?: boolean; enableAccessTokenIssuance?: boolean } };
  publicClient?: { redirectUris?: string[] };
  requiredResourceAccess?: Array<{ resourceAppId: string; resourceAccess: Array<{ id: string; type: string }> }>;
}
interface DriverResult {
  result: { isOk(): boolean; error?: { message?: string; name?: string } };
}
interface ToolkitAxios {
  defaults: { adapter: unknown };
}

const sent: GraphRequest[] = [];
const toasts: string[] = [];
let axios: ToolkitAxios;
let originalAdapter: unknown;
let workDir: string;

beforeAll(() => {
  // The toolkit's own axios (the instance its Graph client is created from): record, never send.
  axios = requireFromToolkit('axios') as ToolkitAxios;
  originalAdapter = axios.defaults.adapter;
  axios.defaults.adapter = async (config: { method?: string; url?: string; baseURL?: string; data?: string }) => {
    sent.push({ method: config.method ?? '', url: config.url ?? '', baseURL: config.baseURL ?? '', body: JSON.parse(config.data ?? '{}') });
    return { status: 204, statusText: 'No Content', headers: {}, config, data: '' };
  };
  // After an old-format update the toolkit shows "this manifest is outdated" through its UI.
  const globals = requireFromToolkit('./build/common/globalVars') as { setTools(tools: unknown): void };
  globals.setTools({
    ui: {
      showMessage: async (_level: string, message: string) => {
        toasts.push(message);
        return { isOk: () => true, isErr: () => false, value: undefined };
      },
    },
  });
  workDir = mkdtempSync(join(tmpdir(), 'aad-manifest-'));
});

afterAll(() => {
  axios.defaults.adapter = originalAdapter;
  rmSync(workDir, { recursive: true, force: true });
});

afterEach(() => {
  vi.unstubAllEnvs();
  sent.length = 0;
  toasts.length = 0;
});

/** Runs the toolkit's aadApp/update on a manifest file; returns what it sent and logged. */
async function applyWithToolkit(manifestPath: string, env: Record<string, string | undefined> = SAMPLE) {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const { UpdateAadAppDriver } = requireFromToolkit('./build/component/driver/aad/update') as {
    UpdateAadAppDriver: new () => { execute(args: object, context: object): Promise<DriverResult> };
  };
  const { AadManifestHelper } = requireFromToolkit('./build/component/driver/aad/utility/aadManifestHelper') as {
    AadManifestHelper: {
      isNewAADManifestSchema(manifest: object): boolean;
      showWarningIfManifestIsOutdated(manifestPath: string, projectPath: string): Promise<void>;
    };
  };
  const warnings: string[] = [];
  const log = {
    info: () => undefined,
    debug: () => undefined,
    verbose: () => undefined,
    error: () => undefined,
    warning: (message: string) => warnings.push(message),
  };
  const outputFilePath = join(workDir, 'aad.manifest.built.json');
  const { result } = await new UpdateAadAppDriver().execute(
    { manifestPath, outputFilePath },
    {
      projectPath: process.cwd(),
      logProvider: log,
      m365TokenProvider: { getAccessToken: async () => ({ isErr: () => false, isOk: () => true, value: 'not-a-real-token' }) },
    },
  );
  const built = result.isOk() ? (JSON.parse(readFileSync(outputFilePath, 'utf8')) as object) : undefined;
  return {
    result,
    warnings,
    sent: [...sent],
    newFormat: built ? AadManifestHelper.isNewAADManifestSchema(built) : undefined,
    body: (sent.at(-1)?.body ?? {}) as ApplicationBody,
    /** The driver starts this check without waiting for it; awaiting it here settles it for the test. */
    outdatedCheck: () => AadManifestHelper.showWarningIfManifestIsOutdated(manifestPath, process.cwd()),
  };
}

/**
 * Delegated permissions the toolkit's copy of Graph's permission list lacks (it predates them), with
 * their ids from Microsoft Graph's permissions reference.
 */
const NEWER_GRAPH_SCOPES: Readonly<Record<string, string>> = {
  // Calendars.ReadBasic, delegated ("Read basic details of user calendars"; no admin consent required).
  'Calendars.ReadBasic': '662d75ba-a364-42ad-adee-f5f880ea4878',
};

/** Delegated-permission ids by name, from the toolkit's copy of Microsoft Graph's permission list (or NEWER_GRAPH_SCOPES). */
function graphScopeId(name: string): string {
  const { getPermissionMap } = requireFromToolkit('./build/component/driver/aad/permissions') as {
    getPermissionMap(): Record<string, { scopes: Record<string, string> }>;
  };
  const id = getPermissionMap()[MICROSOFT_GRAPH]?.scopes[name] ?? NEWER_GRAPH_SCOPES[name];
  if (!id) throw new Error(`Microsoft Graph has no delegated permission ${name}`);
  return id;
}

describe('manifest/aad.manifest.json as the Agents Toolkit applies it', () => {
  it('is in the new (Microsoft Graph application) format, and the toolkit PATCHes exactly one application', async () => {
    const applied = await applyWithToolkit('./manifest/aad.manifest.json');
    expect(applied.result.isOk(), applied.result.error?.message).toBe(true);
    expect(applied.newFormat).toBe(true);
    expect(applied.sent.map(({ method, baseURL, url }) => `${method} ${baseURL}/${url}`)).toEqual([
      `patch https://graph.microsoft.com/v1.0/applications/${SAMPLE.AAD_APP_OBJECT_ID}`,
    ]);
    await applied.outdatedCheck();
    expect(toasts).toEqual([]); // no "your Entra manifest is outdated" prompt
  });

  it('gives Entra the three single-page-app redirects with the tab domain filled in, and nothing else', async () => {
    const { body } = await applyWithToolkit('./manifest/aad.manifest.json');
    expect(body.spa?.redirectUris).toEqual([
      `brk-multihub://${SAMPLE.TAB_DOMAIN}`, // nested app authentication
      `https://${SAMPLE.TAB_DOMAIN}/index.html`, // redirect sign-in in a plain browser
      `https://${SAMPLE.TAB_DOMAIN}/auth.html`, // the auth page of hosts without nested app auth
    ]);
    expect(body.web?.redirectUris).toEqual([]);
    expect(body.publicClient?.redirectUris).toEqual([]);
    expect(body.web?.implicitGrantSettings).toEqual({ enableIdTokenIssuance: false, enableAccessTokenIssuance: false });
    expect(JSON.stringify(body)).not.toContain('${{');
  });

  it('asks for the delegated Graph permissions the tab requests, GroupMember.Read.All, Calendars.ReadBasic and People.Read included, and no application permission', async () => {
    const { body } = await applyWithToolkit('./manifest/aad.manifest.json');
    const requested = [...GRAPH_SCOPES, TEAM_MEMBERS_SCOPE, CALENDAR_SCOPE, PEOPLE_SCOPE];
    expect(requested).toEqual(['User.ReadBasic.All', 'Presence.Read.All', 'GroupMember.Read.All', 'Calendars.ReadBasic', 'People.Read']);
    expect(body.requiredResourceAccess).toEqual([
      { resourceAppId: MICROSOFT_GRAPH, resourceAccess: requested.map((name) => ({ id: graphScopeId(name), type: 'Scope' })) },
    ]);
  });

  it('asks for v2 access tokens, for this organisation only, under the app name of the environment', async () => {
    const { body } = await applyWithToolkit('./manifest/aad.manifest.json');
    expect(body.api?.requestedAccessTokenVersion).toBe(2);
    expect(body.signInAudience).toBe('AzureADMyOrg');
    expect(body.displayName).toBe(`whos-online${SAMPLE.APP_NAME_SUFFIX}`);
  });

  it("draws only the toolkit's warnings for apps that expose an API of their own (the tab exposes none)", async () => {
    const { warnings } = await applyWithToolkit('./manifest/aad.manifest.json');
    // The first line is the heading; every other line names one issue.
    expect(warnings.slice(1).sort()).toEqual([
      'oauth2Permissions is missing',
      'optionalClaims is missing',
      'preAuthorizedApplications is missing',
    ]);
  });

  it('stops, naming it, when the tab domain is not known yet (the toolkit never sends a half-filled manifest)', async () => {
    const applied = await applyWithToolkit('./manifest/aad.manifest.json', { ...SAMPLE, TAB_DOMAIN: undefined });
    expect(applied.result.isOk()).toBe(false);
    expect(applied.result.error?.message).toContain('TAB_DOMAIN');
    expect(applied.sent).toEqual([]);
  });
});

describe('regression: the mixed-format manifest from before issue 10', () => {
  it('is read as the old format, so Entra would receive no single-page-app redirect at all', async () => {
    const path = join(workDir, 'old.aad.manifest.json');
    writeFileSync(path, JSON.stringify(OLD_MIXED_MANIFEST, null, 2));
    const applied = await applyWithToolkit(path);
    expect(applied.result.isOk(), applied.result.error?.message).toBe(true);
    expect(applied.newFormat).toBe(false);
    // The old path builds spa.redirectUris from replyUrlsWithType, which that manifest lacks.
    expect(applied.body.spa?.redirectUris ?? []).toEqual([]);
    expect(applied.body.requiredResourceAccess?.[0]?.resourceAccess.map((access) => access.id)).not.toContain(
      graphScopeId(TEAM_MEMBERS_SCOPE),
    );
    await vi.waitFor(() => expect(toasts.length).toBeGreaterThan(0), { timeout: 15_000 }); // the toolkit offers to upgrade it
  });
});
