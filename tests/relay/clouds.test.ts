import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientCredentialsTokenSource } from '../../relay/appToken';
import { AuthError, cloudIssuers, verifyViewerToken, type ViewerAuthOptions } from '../../relay/auth';
import { loadConfig } from '../../relay/config';
import { CLOUD_IDS, CLOUDS, type CloudId } from '../../src/host/clouds';
import { AUDIENCE, SCOPE, TENANT } from './support/keys';

/** Issue 22: one CLOUD setting gives the relay its Entra (app-only token), its viewers' issuers and keys, and its Graph. */
const SERVED = { RELAY_CLIENT_ID: '2c6a7c8e-0000-4000-8000-000000000001', RELAY_CLIENT_SECRET: 's', RELAY_TENANT_IDS: TENANT };

/** The clouds a relay can serve: China's Graph has no presence to sweep (cloudTokens.test.ts). */
const SWEPT = CLOUD_IDS.filter((id) => CLOUDS[id].offers.presence === 'yes');

describe('the relay in each cloud: configuration', () => {
  it.each(SWEPT)('CLOUD=%s: Graph, keys and authority are that cloud\u2019s', (id) => {
    const cloud = CLOUDS[id];
    const config = loadConfig({ ...SERVED, CLOUD: id });
    expect(config.cloud.id).toBe(id);
    expect(config.graphBaseUrl).toBe(`${cloud.graphOrigin}/v1.0`);
    expect(config.viewerAuth?.jwksTemplate).toBe(cloud.jwks);
    expect(new URL(config.viewerAuth!.jwksTemplate.replace('{tid}', TENANT)).origin).toBe(cloud.loginOrigin);
    expect(config.viewerAuth?.issuerTemplate).toBeNull();
  });

  it('is the commercial cloud without CLOUD, and says in one sentence what is wrong', () => {
    expect(loadConfig(SERVED).cloud.id).toBe('public');
    expect(() => loadConfig({ ...SERVED, CLOUD: 'azure-us' })).toThrow(
      'CLOUD must be one of public, gcc, gcch, dod, china; got "azure-us".',
    );
    expect(() => loadConfig({ ...SERVED, CLOUD: 'gcch', GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0' })).toThrow(
      /^GRAPH_BASE_URL https:\/\/graph\.microsoft\.com\/v1\.0 is the Microsoft 365 \(commercial\) Graph, but the cloud is gcch/,
    );
    expect(() => loadConfig({ ...SERVED, RELAY_AUTHORITY_HOST: 'login.microsoftonline.us' })).toThrow(
      /^RELAY_AUTHORITY_HOST is no longer read: set CLOUD/,
    );
    // A local Graph-compatible server is any cloud's.
    expect(loadConfig({ ...SERVED, CLOUD: 'dod', GRAPH_BASE_URL: 'http://127.0.0.1:4000/v1.0' }).graphBaseUrl).toBe(
      'http://127.0.0.1:4000/v1.0',
    );
  });
});

describe("the relay's token check against its cloud's issuers", () => {
  let sign: (issuer: string) => Promise<string>;
  let options: (cloud: CloudId) => ViewerAuthOptions;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k', alg: 'RS256' }] });
    sign = (issuer) =>
      new SignJWT({ tid: TENANT, scp: SCOPE, oid: 'aaaaaaaa-0000-4000-8000-000000000001' })
        .setProtectedHeader({ alg: 'RS256', kid: 'k' })
        .setIssuer(issuer)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey);
    options = (cloud) => ({
      tenants: [TENANT],
      audiences: [AUDIENCE],
      issuers: cloudIssuers(CLOUDS[cloud]),
      keys: () => keys,
      requiredScope: SCOPE,
    });
  });

  it.each([
    ['gcch', `https://login.microsoftonline.us/${TENANT}/v2.0`],
    ['dod', `https://login.microsoftonline.us/${TENANT}/v2.0`],
    ['china', `https://login.chinacloudapi.cn/${TENANT}/v2.0`],
    ['china', `https://login.partner.microsoftonline.cn/${TENANT}/v2.0`],
    ['china', `https://sts.chinacloudapi.cn/${TENANT}/`],
    ['public', `https://login.microsoftonline.com/${TENANT}/v2.0`],
    ['gcc', `https://sts.windows.net/${TENANT}/`],
  ] as const)('%s accepts a token issued by %s', async (cloud, issuer) => {
    await expect(verifyViewerToken(await sign(issuer), options(cloud))).resolves.toMatchObject({ tenantId: TENANT });
  });

  it("refuses a token of another cloud's Entra, however good its signature", async () => {
    const refused = async (cloud: CloudId, issuer: string) => {
      const error = await verifyViewerToken(await sign(issuer), options(cloud)).catch((e: unknown) => e);
      expect(error, `${cloud} must refuse ${issuer}`).toBeInstanceOf(AuthError);
      expect((error as AuthError).status).toBe(401);
    };
    await refused('gcch', `https://login.microsoftonline.com/${TENANT}/v2.0`);
    await refused('china', `https://login.microsoftonline.us/${TENANT}/v2.0`);
    await refused('china', `https://sts.windows.net/${TENANT}/`);
    await refused('public', `https://login.chinacloudapi.cn/${TENANT}/v2.0`);
    await refused('dod', `https://sts.chinacloudapi.cn/${TENANT}/`);
  });
});

describe("the relay's app-only token from its cloud's authority", () => {
  it.each(SWEPT)('CLOUD=%s: client credentials at that cloud\u2019s Entra, for that cloud\u2019s Graph', async (id) => {
    const config = loadConfig({ ...SERVED, CLOUD: id });
    const asked: Array<{ url: string; scope: string | null }> = [];
    const source = clientCredentialsTokenSource({
      tenantId: TENANT,
      ...config.credentials!,
      loginOrigin: config.cloud.loginOrigin,
      scope: `${new URL(config.graphBaseUrl!).origin}/.default`,
      fetch: (input, init) => {
        asked.push({ url: String(input), scope: new URLSearchParams(String(init?.body)).get('scope') });
        return Promise.resolve(Response.json({ access_token: 'app', expires_in: 3600 }));
      },
    });
    expect(await source.getToken([], { interactive: false })).toBe('app');
    expect(asked).toEqual([{ url: `${CLOUDS[id].loginOrigin}/${TENANT}/oauth2/v2.0/token`, scope: `${CLOUDS[id].graphOrigin}/.default` }]);
  });
});
