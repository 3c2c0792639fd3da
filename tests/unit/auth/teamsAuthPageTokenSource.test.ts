import { describe, expect, it } from 'vitest';
import { InteractionRequiredError } from '@/auth/errors';
import { authPageUrl, parseAuthPageResult, teamsAuthPageTokenSource } from '@/auth/teamsAuthPageTokenSource';

describe('teamsAuthPageTokenSource', () => {
  it('asks for a click before opening the sign-in window, then keeps the token until it nearly expires', async () => {
    let now = 1_000_000;
    const opened: string[] = [];
    const source = teamsAuthPageTokenSource(
      (url) => (opened.push(url), Promise.resolve(JSON.stringify({ accessToken: `token-${opened.length}`, expiresOn: now + 3_600_000 }))),
      (scopes) => `https://tab.example.net/auth.html?scopes=${scopes.join('+')}`,
      () => now,
    );
    await expect(source.getToken(['User.ReadBasic.All'], { interactive: false })).rejects.toBeInstanceOf(InteractionRequiredError);
    await expect(source.getToken(['User.ReadBasic.All'], { interactive: true })).resolves.toBe('token-1');
    await expect(source.getToken(['User.ReadBasic.All'], { interactive: false })).resolves.toBe('token-1');
    now += 3_600_000 - 30_000;
    await expect(source.getToken(['User.ReadBasic.All'], { interactive: false })).rejects.toBeInstanceOf(InteractionRequiredError);
    expect(opened).toEqual(['https://tab.example.net/auth.html?scopes=User.ReadBasic.All']);
  });

  it('refuses an answer without a token', () => {
    expect(() => parseAuthPageResult('{"accessToken":""}')).toThrow('did not return a token');
  });

  it('points at the auth page with the scopes and login hint', () => {
    const url = new URL(authPageUrl('https://tab.example.net/', ['User.ReadBasic.All', 'Presence.Read.All'], 'adele@contoso.com'));
    expect(url.pathname).toBe('/auth.html');
    expect(url.searchParams.get('scopes')).toBe('User.ReadBasic.All Presence.Read.All');
    expect(url.searchParams.get('loginHint')).toBe('adele@contoso.com');
  });
});

describe('authPageScopes', () => {
  it('asks Entra only for scopes the tab uses, whatever the link says', async () => {
    const { authPageScopes } = await import('@/auth/authPageScopes');
    expect(authPageScopes('User.ReadBasic.All Presence.Read.All')).toEqual(['User.ReadBasic.All', 'Presence.Read.All']);
    expect(authPageScopes('User.ReadBasic.All Presence.Read.All GroupMember.Read.All')).toEqual([
      'User.ReadBasic.All',
      'Presence.Read.All',
      'GroupMember.Read.All',
    ]);
    expect(authPageScopes('Mail.ReadWrite Files.ReadWrite.All')).toEqual(['User.ReadBasic.All', 'Presence.Read.All']);
    expect(authPageScopes(null)).toEqual(['User.ReadBasic.All', 'Presence.Read.All']);
  });
});

describe('authPageScopes, hostile links', () => {
  it('never passes .default, full resource URIs, or other scopes through', async () => {
    const { authPageScopes } = await import('@/auth/authPageScopes');
    for (const asked of [
      '.default',
      'https://graph.microsoft.com/.default',
      'https://graph.microsoft.com/Mail.Read',
      'offline_access openid',
    ]) {
      expect(authPageScopes(asked), asked).toEqual(['User.ReadBasic.All', 'Presence.Read.All']);
    }
    expect(authPageScopes('presence.read.all PRESENCE.READ.ALL user.readbasic.all')).toEqual(['User.ReadBasic.All', 'Presence.Read.All']);
  });
});
