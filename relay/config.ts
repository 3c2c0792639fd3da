import { cloudById, graphBaseUrlFor, graphCloudProblem, parseCloudId, type Cloud } from '../src/host/clouds';
import { relayCloudProblem } from './cloudChecks';
import { normaliseGraphBaseUrl } from '../src/host/graphBaseUrl';

/** The emulated tenant's id in demo mode. */
export const DEMO_TENANT_ID = '8f0e4a52-6b1f-4c55-9d7e-2a4c1e0b7d31';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RelayConfig {
  port: number;
  host: string;
  redisUrl: string | null;
  /** null: run the emulated tenant in this process. */
  graphBaseUrl: string | null;
  tenants: string[];
  /** App credentials (client credentials grant); null in demo mode or with GRAPH_TOKEN. */
  credentials: { clientId: string; clientSecret: string } | null;
  /** A fixed Graph token (local runs against an emulator); never for production. */
  graphToken: string | null;
  /** CLOUD (src/host/clouds.ts): Entra's authority, the viewers' token issuers and keys, and Graph follow from it. */
  cloud: Cloud;
  /** Viewer tokens: accepted audiences, issuer template (null: the cloud's issuers), JWKS URL template, required scope; null = demo keys. */
  viewerAuth: { audiences: string[]; issuerTemplate: string | null; jwksTemplate: string; scope: string | null } | null;
  allowedOrigins: string[];
  budgetShare: number;
  minIntervalMs: number;
  leaseTtlMs: number;
  heartbeatMs: number;
  maxStreamsPerUser: number;
  maxTicketsPerUserPerMinute: number;
  maxGraphAnswerBytes: number;
  demoUsers: number;
  demoDriftMs: number;
  /** Watches and activity feed notifications (docs/relay.md "Watches"); null: off. */
  watches: WatchConfig | null;
}

export interface WatchConfig {
  /** The Teams app's id (its manifest `id`, TEAMS_APP_ID): the notification's link opens its tab. */
  teamsAppId: string;
  /**
   * The Entra app named in the Teams app manifest's webApplicationInfo (the tab's registration, with the
   * application permission TeamsActivity.Send): Graph takes activity notifications only from it. Null:
   * the relay's own token (GRAPH_TOKEN, or the emulator in demo mode).
   */
  credentials: { clientId: string; clientSecret: string } | null;
  maxPerUser: number;
  ratePerSecond: number;
  graceMs: number;
}

/** The Teams app id demo mode uses in its links (no Teams opens them). */
export const DEMO_TEAMS_APP_ID = '6f1b1c1e-5a6d-4c7e-9f20-000000000020';

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function number(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number of at least ${min}; got "${raw}".`);
  return value;
}

/** Reads the relay's settings from the environment; throws an Error that says what to fix. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): RelayConfig {
  const clientId = env.RELAY_CLIENT_ID?.trim() || null;
  const clientSecret = env.RELAY_CLIENT_SECRET?.trim() || null;
  const graphToken = env.GRAPH_TOKEN?.trim() || null;
  const cloud = cloudById(parseCloudId(env.CLOUD));
  if (env.RELAY_AUTHORITY_HOST?.trim()) {
    throw new Error(
      `RELAY_AUTHORITY_HOST is no longer read: set CLOUD (public, gcc, gcch, dod or china) and the relay signs in at that cloud's Entra.`,
    );
  }
  const graphBase = env.GRAPH_BASE_URL?.trim() ? normaliseGraphBaseUrl(env.GRAPH_BASE_URL) : clientId ? graphBaseUrlFor(cloud) : null;
  const graphProblem = graphBase ? graphCloudProblem(graphBase, cloud.id) : null;
  if (graphProblem) throw new Error(graphProblem);
  const demo = graphBase === null;
  const tenants = list(env.RELAY_TENANT_IDS ?? env.RELAY_TENANT_ID).map((t) => t.toLowerCase());
  for (const t of tenants) if (!GUID.test(t)) throw new Error(`RELAY_TENANT_IDS takes tenant ids (GUIDs); got "${t}".`);
  if (!demo && tenants.length === 0) throw new Error('RELAY_TENANT_IDS (or RELAY_TENANT_ID) must name the tenant(s) to serve.');
  if (!demo && !graphToken && !(clientId && clientSecret)) {
    throw new Error(
      'Set RELAY_CLIENT_ID and RELAY_CLIENT_SECRET (client credentials), or GRAPH_TOKEN for a local Graph-compatible server.',
    );
  }
  const audiences = list(env.RELAY_AUDIENCE);
  if (clientId && audiences.length === 0) audiences.push(`api://${clientId}`, clientId);
  const jwksTemplate = env.RELAY_JWKS_URL?.trim() || null;
  const viewerAuth =
    demo && !jwksTemplate
      ? null
      : {
          audiences,
          issuerTemplate: env.RELAY_ISSUER?.trim() || null,
          jwksTemplate: jwksTemplate ?? cloud.jwks,
          scope: env.RELAY_SCOPE === '' ? null : (env.RELAY_SCOPE?.trim() ?? 'Presence.Stream'),
        };
  if (viewerAuth && viewerAuth.audiences.length === 0)
    throw new Error('RELAY_AUDIENCE (or RELAY_CLIENT_ID) must name the relay API the tab asks tokens for.');
  const cloudProblem = relayCloudProblem({
    cloud,
    graphBaseUrl: graphBase,
    jwksUrl: jwksTemplate,
    issuer: viewerAuth?.issuerTemplate ?? null,
  });
  if (cloudProblem) throw new Error(cloudProblem);
  return {
    port: number(env, 'RELAY_PORT', 4100),
    host: env.RELAY_HOST?.trim() || '127.0.0.1',
    redisUrl: env.REDIS_URL?.trim() || null,
    graphBaseUrl: graphBase,
    tenants: demo && tenants.length === 0 ? [DEMO_TENANT_ID] : tenants,
    credentials: clientId && clientSecret && !graphToken ? { clientId, clientSecret } : null,
    graphToken: demo ? 'demo-app-token' : graphToken,
    cloud,
    viewerAuth,
    allowedOrigins: list(env.RELAY_ALLOWED_ORIGINS ?? (demo ? '*' : '')),
    budgetShare: number(env, 'RELAY_BUDGET_SHARE', 0.1, 0.001),
    minIntervalMs: number(env, 'RELAY_MIN_INTERVAL_MS', 10_000, 1),
    leaseTtlMs: number(env, 'RELAY_LEASE_TTL_MS', 15_000, 100),
    heartbeatMs: number(env, 'RELAY_HEARTBEAT_MS', 15_000, 100),
    maxStreamsPerUser: number(env, 'RELAY_MAX_STREAMS_PER_USER', 20, 1),
    maxTicketsPerUserPerMinute: number(env, 'RELAY_MAX_TICKETS_PER_USER_PER_MINUTE', 60, 1),
    maxGraphAnswerBytes: number(env, 'RELAY_MAX_GRAPH_ANSWER_BYTES', 32 * 1024 * 1024, 1024),
    demoUsers: number(env, 'DEMO_USERS', 250, 1),
    demoDriftMs: number(env, 'DEMO_DRIFT_MS', 15_000),
    watches: watchConfig(env, demo, graphToken !== null),
  };
}

/**
 * Watches are on in demo mode; with GRAPH_TOKEN (a local Graph-compatible server) when RELAY_TEAMS_APP_ID
 * is set; against Graph when RELAY_TEAMS_APP_ID, RELAY_NOTIFY_CLIENT_ID and RELAY_NOTIFY_CLIENT_SECRET are.
 * Some of them but not all is a mistake, said in one sentence.
 */
function watchConfig(env: NodeJS.ProcessEnv, demo: boolean, fixedToken: boolean): WatchConfig | null {
  const teamsAppId = env.RELAY_TEAMS_APP_ID?.trim() || (demo ? DEMO_TEAMS_APP_ID : null);
  const clientId = env.RELAY_NOTIFY_CLIENT_ID?.trim() || null;
  const clientSecret = env.RELAY_NOTIFY_CLIENT_SECRET?.trim() || null;
  if (teamsAppId !== null && !GUID.test(teamsAppId)) throw new Error(`RELAY_TEAMS_APP_ID takes the Teams app's id (a GUID); got "${teamsAppId}".`);
  if ((clientId === null) !== (clientSecret === null))
    throw new Error('Set both RELAY_NOTIFY_CLIENT_ID and RELAY_NOTIFY_CLIENT_SECRET (the app in the Teams manifest\'s webApplicationInfo), or neither.');
  const credentials = clientId && clientSecret ? { clientId, clientSecret } : null;
  if (credentials && teamsAppId === null) throw new Error('RELAY_NOTIFY_CLIENT_ID is set: set RELAY_TEAMS_APP_ID too (the Teams app id its notifications link to).');
  if (teamsAppId === null) return null;
  if (!demo && !fixedToken && !credentials)
    throw new Error(
      'RELAY_TEAMS_APP_ID is set: set RELAY_NOTIFY_CLIENT_ID and RELAY_NOTIFY_CLIENT_SECRET too (Graph takes activity notifications only from the app in the Teams manifest\'s webApplicationInfo).',
    );
  return {
    teamsAppId: teamsAppId.toLowerCase(),
    credentials,
    maxPerUser: number(env, 'RELAY_MAX_WATCHES_PER_USER', 50, 1),
    ratePerSecond: Math.min(5, number(env, 'RELAY_NOTIFY_RATE', 4, 0.01)),
    graceMs: number(env, 'RELAY_WATCH_GRACE_MS', 10_000),
  };
}
