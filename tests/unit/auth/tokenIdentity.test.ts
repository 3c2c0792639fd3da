import { describe, expect, it } from 'vitest';
import { identityFromToken } from '../../../src/auth/tokenIdentity';

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('identityFromToken', () => {
  it('reads tenant and user object ids from a JWT', () => {
    const token = `${b64url({ alg: 'none' })}.${b64url({ tid: 'tenant-1', oid: 'user-1', name: 'Zoë' })}.sig`;
    expect(identityFromToken(token)).toEqual({ tenantId: 'tenant-1', userId: 'user-1' });
  });

  it('returns null for tokens that are not JWTs or lack the claims', () => {
    expect(identityFromToken('opaque-token')).toBeNull();
    expect(identityFromToken(`a.${b64url({ tid: 't' })}.c`)).toBeNull();
    expect(identityFromToken('a.%%%.c')).toBeNull();
  });
});
