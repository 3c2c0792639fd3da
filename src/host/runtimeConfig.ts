import { DEFAULT_GRAPH_BASE_URL, normaliseGraphBaseUrl, normaliseRelayUrl } from './graphBaseUrl.ts';
import type { BuildSettings } from './buildSettings';
import { cloudById, cloudsWithGraphHost, graphBaseUrlFor, graphCloudProblem, parseCloudId, type CloudId } from './clouds.ts';
import { isGuid } from './guid.ts';

/** What the page needs to know at start that is not built into it. */
export interface RuntimeConfig {
  /** Graph base URL, normalised (no trailing slash): the cloud's Graph, or GRAPH_BASE_URL with a token. */
  graphBaseUrl: string;
  /** The Microsoft cloud the server was told (CLOUD); null: not said (a static host), the build's own. */
  cloud: CloudId | null;
  /** A bearer token given at start (`GRAPH_TOKEN`); null when none was. */
  graphToken: string | null;
  /** The Entra app (client) id for sign-in, and its tenant; null when not configured. */
  clientId: string | null;
  tenantId: string | null;
  /** The emulated tenant, when the page runs on it. */
  demo: DemoSettings;
  /** Presence refreshes on its own at most this often (seconds; large tenants wait longer, see README). */
  refreshSeconds: number;
  /** The presence relay (`RELAY_URL`), normalised; null: the tab polls Graph itself. */
  relayUrl: string | null;
  /** The scope of the token the tab trades for a relay ticket (`RELAY_SCOPE`); null: derived from the client id. */
  relayScope: string | null;
}

export interface DemoSettings {
  users: number;
  latencyMs: number;
  /** Presence of a few people changes this often; 0 keeps it still. */
  driftEveryMs: number;
}

/** Served by the dev and preview servers (see vite.config.ts); absent on a static host. */
export const RUNTIME_CONFIG_FILE = 'runtime-config.json';

export const DEFAULT_RUNTIME_CONFIG: RuntimeConfig = {
  graphBaseUrl: DEFAULT_GRAPH_BASE_URL,
  cloud: null,
  graphToken: null,
  clientId: null,
  tenantId: null,
  demo: { users: 250, latencyMs: 0, driftEveryMs: 15_000 },
  refreshSeconds: 60,
  relayUrl: null,
  relayScope: null,
};

/** The relay's delegated scope for an Entra app (docs/relay.md: "Expose an API"). */
export function defaultRelayScope(clientId: string): string {
  return `api://${clientId}/Presence.Stream`;
}

function relayUrlOrNull(name: string, raw: string | undefined): string | null {
  return raw?.trim() ? normaliseRelayUrl(raw, name) : null;
}

function relayScopeOrNull(name: string, raw: string | undefined): string | null {
  const value = raw?.trim();
  if (!value) return null;
  if (/\s/.test(value)) throw new Error(`${name} must be one scope (for example api://<client id>/Presence.Stream); got "${raw}".`);
  if (isGraphScope(value)) {
    throw new Error(
      `${name} ${value} is a Microsoft Graph scope, and the token for it would go to the relay: give the relay's own API scope (for example api://<client id>/Presence.Stream).`,
    );
  }
  return value;
}

/** Microsoft Graph's app id: its scopes may be written on it as on a Graph host. */
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/**
 * A scope whose token is a Graph token: a short name (Entra reads `User.Read` as Graph's, in every cloud:
 * https://learn.microsoft.com/graph/sdks/national-clouds), one on any cloud's Graph host, or on Graph's app id.
 */
function isGraphScope(scope: string): boolean {
  const slash = scope.lastIndexOf('/');
  if (slash <= 0) return true;
  const resource = scope.slice(0, slash);
  if (resource.toLowerCase() === GRAPH_APP_ID) return true;
  try {
    return cloudsWithGraphHost(new URL(resource).hostname).length > 0;
  } catch {
    return false;
  }
}

/** Below this a tab would spend the tenant's shared presence budget too fast; above, status goes stale. */
export const REFRESH_SECONDS_RANGE = { min: 30, max: 3600 } as const;

function guidOrNull(name: string, raw: string | undefined): string | null {
  const value = raw?.trim();
  if (!value) return null;
  if (!isGuid(value)) throw new Error(`${name} must be a GUID (the Entra app's client id or the tenant id); got "${raw}".`);
  return value;
}

export const MAX_DEMO_USERS = 100_000;

function wholeNumber(name: string, raw: string | number | undefined, fallback: number, max: number, min = 0): number {
  if (raw === undefined || raw === '') return fallback;
  const value = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}; got "${raw}".`);
  }
  return value;
}

const refreshSeconds = (name: string, raw: string | undefined) =>
  wholeNumber(name, raw, DEFAULT_RUNTIME_CONFIG.refreshSeconds, REFRESH_SECONDS_RANGE.max, REFRESH_SECONDS_RANGE.min);

function checkGraphCloud(baseUrl: string, cloudId: CloudId, setting: string): void {
  const problem = graphCloudProblem(baseUrl, cloudId, setting);
  if (problem) throw new Error(problem);
}

/**
 * The configuration from environment variables (CLOUD, GRAPH_BASE_URL, GRAPH_TOKEN, VITE_CLIENT_ID,
 * VITE_TENANT_ID, DEMO_USERS, DEMO_LATENCY_MS, DEMO_DRIFT_MS, REFRESH_SECONDS, RELAY_URL, RELAY_SCOPE). Throws an Error that names the
 * variable to fix.
 */
export function runtimeConfigFromEnv(env: Readonly<Record<string, string | undefined>>): RuntimeConfig {
  const token = env.GRAPH_TOKEN?.trim().replace(/^Bearer\s+/i, '') || null;
  const cloud = env.CLOUD?.trim() ? parseCloudId(env.CLOUD) : null;
  const cloudGraph = graphBaseUrlFor(cloudById(cloud ?? 'public'));
  const baseUrl = env.GRAPH_BASE_URL?.trim() ? normaliseGraphBaseUrl(env.GRAPH_BASE_URL) : cloud ? cloudGraph : DEFAULT_GRAPH_BASE_URL;
  if (env.GRAPH_BASE_URL?.trim() && token === null) {
    throw new Error('GRAPH_BASE_URL is set but GRAPH_TOKEN is not: give the bearer token to send to that endpoint.');
  }
  checkGraphCloud(baseUrl, cloud ?? 'public', 'GRAPH_BASE_URL');
  const defaults = DEFAULT_RUNTIME_CONFIG.demo;
  return {
    graphBaseUrl: baseUrl,
    cloud,
    graphToken: token,
    clientId: guidOrNull('VITE_CLIENT_ID', env.VITE_CLIENT_ID),
    tenantId: guidOrNull('VITE_TENANT_ID', env.VITE_TENANT_ID),
    demo: {
      users: wholeNumber('DEMO_USERS', env.DEMO_USERS, defaults.users, MAX_DEMO_USERS),
      latencyMs: wholeNumber('DEMO_LATENCY_MS', env.DEMO_LATENCY_MS, defaults.latencyMs, 60_000),
      driftEveryMs: wholeNumber('DEMO_DRIFT_MS', env.DEMO_DRIFT_MS, defaults.driftEveryMs, 86_400_000),
    },
    refreshSeconds: refreshSeconds('REFRESH_SECONDS', env.REFRESH_SECONDS),
    relayUrl: relayUrlOrNull('RELAY_URL', env.RELAY_URL),
    relayScope: relayScopeOrNull('RELAY_SCOPE', env.RELAY_SCOPE),
  };
}

/** Checks configuration that reached the page as JSON; throws an Error saying what is wrong. */
export function parseRuntimeConfig(json: unknown): RuntimeConfig {
  if (typeof json !== 'object' || json === null) throw new Error('The runtime configuration is not a JSON object.');
  const j = json as Record<string, unknown>;
  const demo = (typeof j.demo === 'object' && j.demo !== null ? j.demo : {}) as Record<string, unknown>;
  const asEnv = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
  const token = asEnv(j.graphToken);
  return runtimeConfigFromEnv({
    CLOUD: asEnv(j.cloud),
    // The base URL matters only with a token (demo mode emulates the default host).
    GRAPH_BASE_URL: token ? asEnv(j.graphBaseUrl) : undefined,
    GRAPH_TOKEN: token,
    VITE_CLIENT_ID: asEnv(j.clientId),
    VITE_TENANT_ID: asEnv(j.tenantId),
    DEMO_USERS: asEnv(demo.users),
    DEMO_LATENCY_MS: asEnv(demo.latencyMs),
    DEMO_DRIFT_MS: asEnv(demo.driftEveryMs),
    REFRESH_SECONDS: asEnv(j.refreshSeconds),
    RELAY_URL: asEnv(j.relayUrl),
    RELAY_SCOPE: asEnv(j.relayScope),
  });
}

/** How long the page waits for its runtime configuration before going on with the defaults. */
export const RUNTIME_CONFIG_TIMEOUT_MS = 5_000;

/**
 * Reads the runtime configuration beside the page. Where there is none (a static host answers
 * 404 or its fallback page, or nothing answers within the time limit), the defaults apply; a
 * file that is there but wrong throws.
 */
export async function fetchRuntimeConfig(
  url: string,
  doFetch: typeof fetch = fetch,
  timeoutMs = RUNTIME_CONFIG_TIMEOUT_MS,
): Promise<RuntimeConfig> {
  const signal = AbortSignal.timeout(timeoutMs);
  let text: string;
  try {
    const response = await doFetch(url, { cache: 'no-store', signal });
    if (!response.ok || !response.headers.get('Content-Type')?.includes('json')) return DEFAULT_RUNTIME_CONFIG;
    text = await response.text();
  } catch {
    // Offline, refused, or no answer in time (the signal aborts the body too).
    return DEFAULT_RUNTIME_CONFIG;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('The runtime configuration (runtime-config.json) is not valid JSON.');
  }
  return parseRuntimeConfig(json);
}

/**
 * Sign-in settings built into the page (`VITE_CLIENT_ID`, `VITE_TENANT_ID` at `npm run build`)
 * fill in where the runtime configuration gives none: a static host serves no configuration file.
 */
export function withBuildSettings(config: RuntimeConfig, built: BuildSettings): RuntimeConfig {
  const builtRefresh = built.VITE_REFRESH_SECONDS?.trim();
  // The page's cloud is the one it was built for: a server told another cannot serve it.
  const cloud = parseCloudId(built.VITE_CLOUD, 'VITE_CLOUD');
  if (config.cloud !== null && config.cloud !== cloud) {
    throw new Error(
      `The server was started with CLOUD=${config.cloud}, but this page was built for ${cloud}: build and serve with the same CLOUD.`,
    );
  }
  // Without a token of its own the page talks to its cloud's Graph; with one, only to that cloud's or a local one.
  const graphBaseUrl = config.graphToken === null ? graphBaseUrlFor(cloudById(cloud)) : config.graphBaseUrl;
  checkGraphCloud(graphBaseUrl, cloud, 'GRAPH_BASE_URL');
  return {
    ...config,
    cloud,
    graphBaseUrl,
    // A value served at run time wins over the one built in; the default yields to both.
    refreshSeconds:
      config.refreshSeconds === DEFAULT_RUNTIME_CONFIG.refreshSeconds && builtRefresh
        ? refreshSeconds('VITE_REFRESH_SECONDS', builtRefresh)
        : config.refreshSeconds,
    clientId: config.clientId ?? guidOrNull('VITE_CLIENT_ID', built.VITE_CLIENT_ID),
    tenantId: config.tenantId ?? guidOrNull('VITE_TENANT_ID', built.VITE_TENANT_ID),
    relayUrl: config.relayUrl ?? relayUrlOrNull('VITE_RELAY_URL', built.VITE_RELAY_URL),
    relayScope: config.relayScope ?? relayScopeOrNull('VITE_RELAY_SCOPE', built.VITE_RELAY_SCOPE),
  };
}

/**
 * The scope of the token for the relay: `RELAY_SCOPE` when given, else the app's
 * `api://<client id>/Presence.Stream`; null when neither (a relay then works only in demo mode).
 */
export function relayScopeFor(config: Pick<RuntimeConfig, 'relayScope' | 'clientId'>): string | null {
  return config.relayScope ?? (config.clientId ? defaultRelayScope(config.clientId) : null);
}
