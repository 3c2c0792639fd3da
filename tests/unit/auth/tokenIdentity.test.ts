import { describe, expect, it } from 'vitest';
import { grantedScopes, identityFromToken } from '@/auth/tokenIdentity';
import { userFieldsFor } from '@/graph/users';

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

describe('grantedScopes and the fields to ask for', () => {
  const token = (claims: object) => `${b64url({ alg: 'none' })}.${b64url(claims)}.sig`;

  it('reads the scp claim of a JWT; null when the token does not say', () => {
    expect(grantedScopes(token({ scp: 'Presence.Read.All User.ReadBasic.All' }))).toEqual(['Presence.Read.All', 'User.ReadBasic.All']);
    expect(grantedScopes(token({ tid: 't' }))).toBeNull();
    expect(grantedScopes('opaque-token')).toBeNull();
  });

  it('asks for profile fields only where a granted scope can read them, or where the token does not say', () => {
    expect(userFieldsFor(['User.ReadBasic.All', 'Presence.Read.All'])).toBe('basic');
    expect(userFieldsFor(['user.read.all', 'Presence.Read.All'])).toBe('profile');
    expect(userFieldsFor(['Directory.Read.All'])).toBe('profile');
    expect(userFieldsFor(null)).toBe('profile');
  });
});
