import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

export const TENANT = '11111111-2222-4333-8444-555555555555';
export const OTHER_TENANT = '99999999-2222-4333-8444-555555555555';
export const AUDIENCE = 'api://relay.test/2c6a7c8e-0000-4000-8000-000000000001';
export const ISSUER_TEMPLATE = 'https://issuer.test/{tid}/v2.0';
export const SCOPE = 'Presence.Stream';

export interface TestIssuer {
  jwksTemplate: string;
  sign(claims?: JWTPayload & { expiresIn?: string | number }, options?: { foreignKey?: boolean; issuer?: string }): Promise<string>;
  /** While down, the key set answers 503 (Entra's keys unreachable). */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

/** A local signing key and a JWKS served over loopback HTTP, as Entra serves its keys. */
export async function startTestIssuer(options: { jwksDelayMs?: number } = {}): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const foreign: { privateKey: CryptoKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  let down = false;
  const server: Server = createServer((req, res) => {
    if (down) {
      res.writeHead(503).end();
      return;
    }
    setTimeout(() => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    }, options.jwksDelayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    jwksTemplate: `http://127.0.0.1:${port}/{tid}/discovery/v2.0/keys`,
    async sign(claims = {}, options = {}) {
      const { expiresIn, ...rest } = claims;
      const tid = typeof rest.tid === 'string' ? rest.tid : TENANT;
      const jwt = new SignJWT({ tid, scp: SCOPE, oid: 'aaaaaaaa-0000-4000-8000-000000000001', ...rest })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
        .setIssuer(options.issuer ?? ISSUER_TEMPLATE.replace('{tid}', tid))
        .setAudience(typeof rest.aud === 'string' ? rest.aud : AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(expiresIn ?? '1h');
      return jwt.sign(options.foreignKey ? foreign.privateKey : privateKey);
    },
    setDown: (value) => {
      down = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
