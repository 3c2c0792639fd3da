import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { issuersFor, type Cloud } from '../src/host/clouds';
import type { Backplane } from './types';

/** Why a viewer was refused; the message never repeats the token. */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    message: string,
    /** 503: the token could not be checked now (the tenant's keys unreachable); it may well be good. */
    readonly status: 401 | 403 | 503 = 401,
  ) {
    super(message);
  }
}

export interface ViewerAuthOptions {
  /** Tenant ids (GUIDs, lower case) the relay serves: a token from any other is refused before its keys are fetched. */
  tenants: readonly string[];
  /** Accepted `aud` values: the relay API's application id URI and its client id. */
  audiences: readonly string[];
  /** Accepted `iss` values for a tenant (Entra v2.0 and v1.0 tokens by default). */
  issuers: (tenant: string) => string[];
  /** The signing keys for a tenant's tokens (Entra's JWKS, or a local key in tests and the demo). */
  keys: (tenant: string) => JWTVerifyGetKey;
  /** A delegated scope the token must carry in `scp` (the one the relay's app exposes), or null to not ask. */
  requiredScope: string | null;
  clockToleranceSeconds?: number;
}

export interface Viewer {
  tenantId: string;
  /** Who (the token's `oid`, else `sub`): streams are counted per person. */
  user: string;
  /** Epoch ms until which the token is accepted (its `exp` plus the clock tolerance): the stream ends then. */
  expiresAt: number;
}

/** jose's codes for a key set it could not fetch or read (not for a token it refused). */
const KEY_SET_UNAVAILABLE = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JOSE_GENERIC', 'ERR_JWKS_INVALID']);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Entra's v2.0 and v1.0 issuers in a cloud (src/host/clouds.ts): a token from another cloud's Entra is refused. */
export function cloudIssuers(cloud: Cloud): (tenant: string) => string[] {
  return (tenant) => issuersFor(cloud, tenant);
}

/** Issuers from a template such as "https://issuer.test/{tid}/v2.0" (several separated by commas). */
export function templatedIssuers(template: string): (tenant: string) => string[] {
  return (tenant) => template.split(',').map((t) => t.trim().replaceAll('{tid}', tenant));
}

/** One cached remote key set per tenant, from a template such as a cloud's `jwks` (src/host/clouds.ts). */
export function remoteKeys(template: string): (tenant: string) => JWTVerifyGetKey {
  const sets = new Map<string, JWTVerifyGetKey>();
  return (tenant) => {
    let set = sets.get(tenant);
    if (!set) {
      set = createRemoteJWKSet(new URL(template.replaceAll('{tid}', tenant)), { cooldownDuration: 30_000, timeoutDuration: 5_000 });
      sets.set(tenant, set);
    }
    return set;
  };
}

/** Checks a viewer's bearer token: signature (the tenant's keys), issuer, audience, expiry and not-before, tenant, scope. */
export async function verifyViewerToken(token: string, options: ViewerAuthOptions): Promise<Viewer> {
  let claimedTenant: unknown;
  try {
    claimedTenant = decodeJwt(token).tid;
  } catch {
    throw new AuthError('The token is not a JWT.');
  }
  const tenant = typeof claimedTenant === 'string' ? claimedTenant.toLowerCase() : '';
  if (!GUID.test(tenant) || !options.tenants.includes(tenant)) throw new AuthError('The token is not from a tenant this relay serves.');
  let payload;
  try {
    ({ payload } = await jwtVerify(token, options.keys(tenant), {
      issuer: options.issuers(tenant),
      audience: [...options.audiences],
      algorithms: ['RS256'],
      clockTolerance: options.clockToleranceSeconds ?? 60,
      requiredClaims: ['exp', 'tid'],
    }));
  } catch (error) {
    const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : null;
    // The key set could not be had (a timeout, an answer other than 200, not JSON, the network): that says
    // nothing about the token. A 401 would make the tab force a new token and give the relay up as refused.
    if (code === null || KEY_SET_UNAVAILABLE.has(code)) throw new AuthError("The tenant's signing keys cannot be fetched now.", 503);
    throw new AuthError(`The token was refused (${code}).`);
  }
  if (String(payload.tid).toLowerCase() !== tenant) throw new AuthError('The token names another tenant.');
  const user = typeof payload.oid === 'string' ? payload.oid : typeof payload.sub === 'string' ? payload.sub : null;
  if (user === null) throw new AuthError('The token names no user (oid or sub).');
  if (options.requiredScope !== null) {
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
    if (!scopes.includes(options.requiredScope)) throw new AuthError(`The token lacks the scope ${options.requiredScope}.`, 403);
  }
  const tolerance = options.clockToleranceSeconds ?? 60;
  return { tenantId: tenant, user, expiresAt: (payload.exp! + tolerance) * 1000 };
}

/** "Bearer xyz" → "xyz", or null. */
export function bearerFrom(header: string | undefined): string | null {
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header ?? '');
  return match ? match[1]! : null;
}

/**
 * One-time stream tickets. A browser's EventSource cannot send an Authorization header, and a
 * token in a URL ends up in proxy and server logs and in history; so the tab trades its token
 * (in a header, by POST) for a random ticket that opens one stream within a short time and is
 * then gone. Only the ticket's hash is stored.
 */
export class Tickets {
  constructor(
    private readonly backplane: Backplane,
    readonly ttlMs = 30_000,
  ) {}

  private static hash(ticket: string): string {
    return createHash('sha256').update(ticket).digest('base64url');
  }

  async issue(viewer: Viewer): Promise<string> {
    const ticket = randomBytes(32).toString('base64url');
    // The viewer, token expiry included: a stream opened by ticket ends when the token would have.
    const stored: Viewer = { tenantId: viewer.tenantId, user: viewer.user, expiresAt: viewer.expiresAt };
    await this.backplane.putTicket(Tickets.hash(ticket), JSON.stringify(stored), this.ttlMs);
    return ticket;
  }

  async redeem(ticket: string): Promise<Viewer | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(ticket)) return null;
    const stored = await this.backplane.takeTicket(Tickets.hash(ticket));
    if (stored === null) return null;
    try {
      const viewer = JSON.parse(stored) as Partial<Viewer>;
      if (typeof viewer.tenantId !== 'string' || typeof viewer.user !== 'string' || typeof viewer.expiresAt !== 'number') return null;
      return { tenantId: viewer.tenantId, user: viewer.user, expiresAt: viewer.expiresAt };
    } catch {
      return null; // a ticket written in another format (an older relay): refused, the tab asks for a new one
    }
  }
}
