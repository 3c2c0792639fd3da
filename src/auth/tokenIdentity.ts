/** Who a token belongs to, as far as the board needs to know: for keying the cache, never for trust. */
export interface TokenIdentity {
  tenantId: string;
  userId: string;
}

/**
 * Reads the `tid` and `oid` claims of a JWT access token without verifying it (Graph verifies;
 * this only keeps one person's cached board from another's). Null for anything else.
 */
export function identityFromToken(token: string): TokenIdentity | null {
  const claims = claimsOf(token);
  return typeof claims?.tid === 'string' && typeof claims.oid === 'string' ? { tenantId: claims.tid, userId: claims.oid } : null;
}

/**
 * The delegated scopes a JWT access token says were granted (its `scp` claim: every scope
 * consented for Graph, not only those asked for), or null for a token that does not say.
 * Unverified: only a hint of what to ask Graph for, never a check of what is allowed.
 */
export function grantedScopes(token: string): string[] | null {
  const scp = claimsOf(token)?.scp;
  return typeof scp === 'string' ? scp.split(' ').filter(Boolean) : null;
}

function claimsOf(token: string): Record<string, unknown> | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const claims: unknown = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
