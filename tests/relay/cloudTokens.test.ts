import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTVerifyGetKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthError, cloudIssuers, verifyViewerToken, type ViewerAuthOptions } from '../../relay/auth';
import { relayCloudProblem } from '../../relay/cloudChecks';
import { loadConfig } from '../../relay/config';
import { CLOUDS } from '../../src/host/clouds';
import { SCOPE, TENANT } from './support/keys';

/**
 * Issue 22, the review: can a commercial-cloud token open a GCC High relay? Entra's v1.0 issuer
 * (https://sts.windows.net/{tid}/) is the same in both clouds, so the issuer alone does not keep it out;
 * the tenant list, the audience and above all the keys (GCC High's own Entra) must.
 */
const GOV_CLIENT = '2c6a7c8e-0000-4000-8000-0000000000aa';
const COMMERCIAL_CLIENT = '2c6a7c8e-0000-4000-8000-0000000000cc';
const COMMERCIAL_TENANT = '77777777-2222-4333-8444-555555555555';
const GCCH = { RELAY_CLIENT_ID: GOV_CLIENT, RELAY_CLIENT_SECRET: 's', RELAY_TENANT_IDS: TENANT, CLOUD: 'gcch' };

interface Entra {
  keys: JWTVerifyGetKey;
  sign(claims: { iss: string; tid: string; aud: string }): Promise<string>;
}

async function entra(): Promise<Entra> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  return {
    keys: createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k', alg: 'RS256' }] }),
    sign: ({ iss, tid, aud }) =>
      new SignJWT({ tid, scp: SCOPE, oid: 'aaaaaaaa-0000-4000-8000-000000000001' })
        .setProtectedHeader({ alg: 'RS256', kid: 'k' })
        .setIssuer(iss)
        .setAudience(aud)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey),
  };
}

describe('a GCC High relay and a commercial-cloud token', () => {
  let gov: Entra;
  let commercial: Entra;
  let options: ViewerAuthOptions;

  beforeAll(async () => {
    [gov, commercial] = await Promise.all([entra(), entra()]);
    const config = loadConfig(GCCH);
    const byOrigin = new Map([
      [CLOUDS.gcch.loginOrigin, gov.keys],
      [CLOUDS.public.loginOrigin, commercial.keys],
    ]);
    // As relay/main.ts builds it: the cloud's issuers, and keys fetched from the configured JWKS address (here, by its origin).
    options = {
      tenants: config.tenants,
      audiences: config.viewerAuth!.audiences,
      issuers: cloudIssuers(config.cloud),
      keys: (tenant) => byOrigin.get(new URL(config.viewerAuth!.jwksTemplate.replace('{tid}', tenant)).origin)!,
      requiredScope: config.viewerAuth!.scope,
    };
  });

  const refusal = async (token: Promise<string>) => {
    const error = await verifyViewerToken(await token, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    return (error as AuthError).message;
  };

  it("accepts GCC High's own v1.0 token (issuer sts.windows.net), signed by GCC High's Entra", async () => {
    const token = await gov.sign({ iss: `https://sts.windows.net/${TENANT}/`, tid: TENANT, aud: `api://${GOV_CLIENT}` });
    await expect(verifyViewerToken(token, options)).resolves.toMatchObject({ tenantId: TENANT });
  });

  it('refuses a commercial v1.0 token with the same issuer, tenant and audience: its keys are not GCC High\u2019s', async () => {
    expect(await refusal(commercial.sign({ iss: `https://sts.windows.net/${TENANT}/`, tid: TENANT, aud: `api://${GOV_CLIENT}` }))).toBe(
      'The token was refused (ERR_JWS_SIGNATURE_VERIFICATION_FAILED).',
    );
  });

  it("refuses a commercial tenant's token before fetching any keys, and the commercial app's audience and v2.0 issuer", async () => {
    expect(
      await refusal(
        commercial.sign({
          iss: `https://sts.windows.net/${COMMERCIAL_TENANT}/`,
          tid: COMMERCIAL_TENANT,
          aud: `api://${COMMERCIAL_CLIENT}`,
        }),
      ),
    ).toBe('The token is not from a tenant this relay serves.');
    expect(await refusal(gov.sign({ iss: `https://sts.windows.net/${TENANT}/`, tid: TENANT, aud: `api://${COMMERCIAL_CLIENT}` }))).toMatch(
      /ERR_JWT_CLAIM_VALIDATION_FAILED/,
    );
    expect(
      await refusal(gov.sign({ iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT, aud: `api://${GOV_CLIENT}` })),
    ).toMatch(/ERR_JWT_CLAIM_VALIDATION_FAILED/);
  });
});

describe("the relay's own settings cannot point it at another cloud's Entra", () => {
  it.each([
    ['RELAY_JWKS_URL', 'https://login.microsoftonline.com/{tid}/discovery/v2.0/keys'],
    ['RELAY_ISSUER', 'https://login.microsoftonline.com/{tid}/v2.0'],
    ['RELAY_ISSUER', 'https://sts.chinacloudapi.cn/{tid}/'],
  ])('a GCC High relay refuses %s=%s in one sentence', (name, value) => {
    expect(() => loadConfig({ ...GCCH, [name]: value })).toThrow(
      new RegExp(`^${name} names the .+ Entra ID \\((?:login\\.microsoftonline\\.com|sts\\.chinacloudapi\\.cn)\\), but CLOUD is gcch`),
    );
  });

  it('takes its own cloud\u2019s Entra, and a local issuer (tests, a demo)', () => {
    expect(() => loadConfig({ ...GCCH, RELAY_JWKS_URL: 'https://login.microsoftonline.us/{tid}/discovery/v2.0/keys' })).not.toThrow();
    expect(() => loadConfig({ ...GCCH, RELAY_ISSUER: 'https://sts.windows.net/{tid}/' })).not.toThrow();
    expect(() =>
      loadConfig({ ...GCCH, RELAY_JWKS_URL: 'http://127.0.0.1:4999/keys', RELAY_ISSUER: 'https://issuer.test/{tid}/v2.0' }),
    ).not.toThrow();
  });
});

describe('a relay in a cloud without presence', () => {
  it("refuses to start against the China cloud's Graph, which offers no presence to sweep", () => {
    expect(() => loadConfig({ ...GCCH, CLOUD: 'china' })).toThrow(
      'The relay sweeps presence, and Microsoft Graph offers none in China (21Vianet): run the tab there without a relay (no RELAY_URL).',
    );
    expect(relayCloudProblem({ cloud: CLOUDS.china, graphBaseUrl: 'http://127.0.0.1:4000/v1.0', jwksUrl: null, issuer: null })).toBeNull();
  });
});
