import { describe, expect, it } from 'vitest';
import { demoToken } from '@/auth/demoTokenSource';
import { builtCloud } from '@/host/buildSettings';

const claims = (token: string) => JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;

describe("the demo's token", () => {
  it("names the built cloud's Graph as its audience, as Entra's token for that Graph would (src/host/clouds.ts, not a host of its own)", () => {
    expect(claims(demoToken(['User.ReadBasic.All', 'Presence.Read.All']))).toEqual({
      scp: 'User.ReadBasic.All Presence.Read.All',
      aud: builtCloud().graphOrigin,
    });
  });
});
