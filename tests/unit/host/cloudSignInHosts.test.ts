import { Authority, Logger, ProtocolMode, StubPerformanceClient, type INetworkModule } from '@azure/msal-common';
import { describe, expect, it } from 'vitest';
import { CLOUD_IDS, CLOUDS, contentSecurityPolicy, type Cloud } from '../../../src/host/clouds';

/**
 * Review of issue 22: the sign-in hosts msal-browser really talks to in each cloud must be allowed by
 * that cloud's Content-Security-Policy. msal-browser (through msal-common, the version the tab ships)
 * rewrites the configured authority to its "preferred_network" alias from its built-in instance
 * metadata before it resolves endpoints: the token endpoint is fetched (connect-src) and the authorize
 * endpoint is framed for silent sign-in (frame-src). This runs msal-common's own Authority resolution
 * for the authority src/auth/msalClients.ts builds, with a network that records what is fetched.
 */
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

function directive(policy: string, name: string): string[] {
  const found = policy.split(';').map((d) => d.trim().split(/\s+/)).find(([n]) => n === name);
  return found ? found.slice(1) : [];
}

function memoryCache() {
  const entries = new Map<string, unknown>();
  return {
    getAuthorityMetadataByAlias: () => null,
    generateAuthorityMetadataCacheKey: (key: string) => `authority-metadata-${key}`,
    setAuthorityMetadata: (key: string, value: unknown) => void entries.set(key, value),
  };
}

/** The origins msal-common resolves for `cloud`'s authority: fetched, and of its token and authorize endpoints. */
async function signInOrigins(cloud: Cloud): Promise<{ fetched: string[]; token: string; authorize: string; logout: string }> {
  const fetched: string[] = [];
  const network: INetworkModule = {
    async sendGetRequestAsync<T>(url: string) {
      fetched.push(url);
      const host = new URL(url).origin;
      const body = {
        token_endpoint: `${host}/${TENANT}/oauth2/v2.0/token`,
        authorization_endpoint: `${host}/${TENANT}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${host}/${TENANT}/oauth2/v2.0/logout`,
        issuer: `${host}/${TENANT}/v2.0`,
        jwks_uri: `${host}/${TENANT}/discovery/v2.0/keys`,
      };
      return { headers: {}, body: body as T, status: 200 };
    },
    sendPostRequestAsync() {
      throw new Error('no POST while resolving an authority');
    },
  };
  const authority = new Authority(
    `${cloud.loginOrigin}/${TENANT}/`,
    network,
    memoryCache() as never,
    { protocolMode: ProtocolMode.AAD, knownAuthorities: [], cloudDiscoveryMetadata: '', authorityMetadata: '' },
    new Logger({}),
    'correlation',
    new StubPerformanceClient(),
  );
  await authority.resolveEndpointsAsync();
  return {
    fetched: fetched.map((url) => new URL(url).origin),
    token: new URL(authority.tokenEndpoint).origin,
    authorize: new URL(authority.authorizationEndpoint).origin,
    logout: new URL(authority.endSessionEndpoint).origin,
  };
}

describe("the sign-in hosts msal-browser uses are in each cloud's Content-Security-Policy", () => {
  it.each(CLOUD_IDS)('%s', async (id) => {
    const cloud = CLOUDS[id];
    const policy = contentSecurityPolicy(cloud);
    const { fetched, token, authorize } = await signInOrigins(cloud);
    const connect = directive(policy, 'connect-src');
    const frame = directive(policy, 'frame-src');
    for (const origin of [...fetched, token]) expect(connect, `connect-src for ${origin}`).toContain(origin);
    expect(frame, `frame-src for ${authorize}`).toContain(authorize);
  });

  it('stays in the cloud: no sign-in host of another cloud is fetched or framed', async () => {
    for (const id of CLOUD_IDS) {
      const { fetched, token, authorize, logout } = await signInOrigins(CLOUDS[id]);
      const others = CLOUD_IDS.filter((other) => CLOUDS[other].loginOrigin !== CLOUDS[id].loginOrigin).map((o) => CLOUDS[o].loginOrigin);
      for (const origin of [...fetched, token, authorize, logout]) expect(others, `${id}: ${origin}`).not.toContain(origin);
    }
  });
});
