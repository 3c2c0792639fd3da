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
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='))) as Record<string, unknown>;
    return typeof claims.tid === 'string' && typeof claims.oid === 'string' ? { tenantId: claims.tid, userId: claims.oid } : null;
  } catch {
    return null;
  }
}
