/**
 * `npm run relay`: the shared presence relay (see relay/README.md). With nothing configured it
 * sweeps an emulated tenant in this process and hands out demo viewer tokens at /demo/token.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, createLocalJWKSet } from 'jose';
import { staticTokenSource } from '../src/auth/staticTokenSource';
import { startEmulatorServer } from '../src/emulator/nodeServer';
import { createGraphClient } from '../src/graph/client';
import { createActivitySender } from './activityFeed';
import { clientCredentialsTokenSource } from './appToken';
import { cloudIssuers, remoteKeys, templatedIssuers, type ViewerAuthOptions } from './auth';
import { loadConfig } from './config';
import { limitBodies } from './limitBodies';
import { createLogger, errorText } from './log';
import { MemoryBackplane } from './memoryBackplane';
import { RedisBackplane } from './redisBackplane';
import { startRelay } from './server';
import type { Backplane } from './types';

const log = createLogger();
let config;
try {
  config = loadConfig();
} catch (error) {
  console.error(errorText(error));
  process.exit(2);
}

let graphBaseUrl = config.graphBaseUrl;
let closeEmulator: (() => Promise<void>) | null = null;
let demoEmulator: Awaited<ReturnType<typeof startEmulatorServer>> | null = null;
if (graphBaseUrl === null) {
  const emulator = await startEmulatorServer({ users: config.demoUsers, driftEveryMs: config.demoDriftMs });
  demoEmulator = emulator;
  graphBaseUrl = emulator.baseUrl;
  closeEmulator = emulator.close;
  log('info', 'demo mode: sweeping an emulated tenant', { people: config.demoUsers, graph: graphBaseUrl });
}

let backplane: Backplane;
if (config.redisUrl) {
  const redis = new RedisBackplane({ url: config.redisUrl, log });
  await redis.connect();
  backplane = redis;
} else {
  backplane = new MemoryBackplane();
}

let auth: ViewerAuthOptions;
let demoToken: ((query: URLSearchParams) => Promise<string>) | undefined;
if (config.viewerAuth) {
  auth = {
    tenants: config.tenants,
    audiences: config.viewerAuth.audiences,
    issuers: config.viewerAuth.issuerTemplate ? templatedIssuers(config.viewerAuth.issuerTemplate) : cloudIssuers(config.cloud),
    keys: remoteKeys(config.viewerAuth.jwksTemplate),
    requiredScope: config.viewerAuth.scope,
  };
} else {
  // Demo: a key made at start; /demo/token signs viewer tokens with it.
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'demo', alg: 'RS256' };
  const keys = createLocalJWKSet({ keys: [jwk] });
  const issuer = 'https://relay.demo.invalid/{tid}/v2.0';
  auth = {
    tenants: config.tenants,
    audiences: ['api://whos-online-relay-demo'],
    issuers: templatedIssuers(issuer),
    keys: () => keys,
    requiredScope: 'Presence.Stream',
  };
  const tenant = config.tenants[0]!;
  // Each demo token is its own viewer (streams are counted per user); `?as=me` is the emulated tenant's
  // signed-in user, the same one every time: watches are kept per user, and the emulated tenant accepts
  // activity notifications only for its own people.
  demoToken = async (query) =>
    new SignJWT({ tid: tenant, scp: 'Presence.Stream', oid: (query.get('as') === 'me' && demoEmulator?.emulator.me?.id) || randomUUID() })
      .setProtectedHeader({ alg: 'RS256', kid: 'demo' })
      .setIssuer(issuer.replace('{tid}', tenant))
      .setAudience('api://whos-online-relay-demo')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
}

const base = graphBaseUrl;
const graphScope = `${new URL(base).origin}/.default`;
const graphFetch = limitBodies((input, init) => fetch(input, init), config.maxGraphAnswerBytes);
const watches = config.watches;
const relay = await startRelay(
  {
    tenants: config.tenants,
    backplane,
    graphClientFor: (tenant) =>
      createGraphClient({
        baseUrl: base,
        scopes: [graphScope],
        maxAttempts: 5,
        fetch: graphFetch,
        tokenSource: config.credentials
          ? clientCredentialsTokenSource({
              tenantId: tenant,
              ...config.credentials,
              loginOrigin: config.cloud.loginOrigin,
              scope: graphScope,
            })
          : staticTokenSource(config.graphToken ?? 'demo-app-token'),
      }),
    auth,
    allowedOrigins: config.allowedOrigins,
    log,
    pacing: { budgetShare: config.budgetShare, minIntervalMs: config.minIntervalMs, leaseTtlMs: config.leaseTtlMs },
    heartbeatMs: config.heartbeatMs,
    maxStreamsPerUser: config.maxStreamsPerUser,
    maxTicketsPerUserPerMinute: config.maxTicketsPerUserPerMinute,
    allowGc: process.env.RELAY_BENCH_GC === '1',
    demoToken,
    watches: watches
      ? {
          teamsWebOrigin: config.cloud.teamsWebOrigin,
          teamsAppId: watches.teamsAppId,
          maxPerWatcher: watches.maxPerUser,
          ratePerSecond: watches.ratePerSecond,
          graceMs: watches.graceMs,
          senderFor: (tenant) =>
            createActivitySender({
              baseUrl: base,
              scopes: [graphScope],
              fetch: graphFetch,
              // Graph takes activity notifications only from the app in the Teams manifest's webApplicationInfo.
              tokenSource: watches.credentials
                ? clientCredentialsTokenSource({ tenantId: tenant, ...watches.credentials, loginOrigin: config.cloud.loginOrigin, scope: graphScope })
                : staticTokenSource(config.graphToken ?? 'demo-app-token'),
            }),
        }
      : undefined,
    demoNotifications: demoEmulator
      ? (_tenant, user) => demoEmulator!.emulator.activityNotifications.filter((n) => n.userId === user.toLowerCase()).slice(-50)
      : undefined,
  },
  { port: config.port, host: config.host },
);
if (demoToken) {
  console.log(`Demo relay at ${relay.url}. Try:`);
  console.log(`  TOKEN=$(curl -s ${relay.url}/demo/token | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')`);
  console.log(`  curl -N -H "Authorization: Bearer $TOKEN" ${relay.url}/v1/tenants/${config.tenants[0]}/presence/stream`);
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log('info', 'stopping', { signal });
  await relay.close();
  await backplane.close();
  await closeEmulator?.();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
