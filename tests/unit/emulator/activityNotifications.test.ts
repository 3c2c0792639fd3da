import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type EmulatorServer } from '@/emulator/nodeServer';

/** A token as Entra shapes one (the emulator reads its claims, unverified, as it trusts any token). */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.signature`;
}

const GOOD = {
  topic: { source: 'text', value: "Who's Online", webUrl: 'https://teams.microsoft.com/l/entity/app/whos-online?context=%7B%7D' },
  activityType: 'personAvailable',
  previewText: { content: 'Anna is available now' },
  templateParameters: [{ name: 'person', value: 'Anna' }],
};

describe('POST /users/{id}/teamwork/sendActivityNotification in the emulated tenant (userteamwork-sendactivitynotification)', () => {
  let server: EmulatorServer;
  beforeAll(async () => {
    server = await startEmulatorServer({ users: 20 });
  });
  afterAll(async () => {
    await server.close();
  });

  const send = (user: string, body: unknown, token = 'opaque-app-token') =>
    fetch(`${server.baseUrl}/users/${user}/teamwork/sendActivityNotification`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('accepts a documented body with 204 No Content and records it for the recipient', async () => {
    const user = server.emulator.users[3]!;
    const answer = await send(user.id.toUpperCase(), GOOD);
    expect(answer.status).toBe(204);
    expect(await answer.text()).toBe('');
    expect(server.emulator.activityNotifications.at(-1)).toMatchObject({ userId: user.id, ...GOOD });
    // By user principal name too, as Graph takes either.
    expect((await send(encodeURIComponent(user.userPrincipalName), { ...GOOD, templateParameters: undefined })).status).toBe(204);
  });

  it('refuses with 400 what Graph documents as required: topic (webUrl with a text source), a declared activityType, previewText', async () => {
    const user = server.emulator.users[4]!.id;
    const before = server.emulator.activityNotifications.length;
    const bad: unknown[] = [
      'not json',
      [],
      { ...GOOD, topic: undefined },
      { ...GOOD, topic: { source: 'text', value: 'x' } },
      { ...GOOD, topic: { source: 'somewhere', value: 'x', webUrl: GOOD.topic.webUrl } },
      { ...GOOD, activityType: undefined },
      { ...GOOD, activityType: 'somethingUndeclared' },
      { ...GOOD, previewText: undefined },
      { ...GOOD, previewText: { content: '' } },
      { ...GOOD, templateParameters: { person: 'Anna' } },
      { ...GOOD, templateParameters: [{ name: 'person' }] },
    ];
    for (const body of bad) {
      const answer = await send(user, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('BadRequest');
    }
    expect(server.emulator.activityNotifications.length).toBe(before);
  });

  it('answers 403 without TeamsActivity.Send (a token with other roles, a delegated token without the scope), 404 for no such user', async () => {
    const user = server.emulator.users[5]!.id;
    expect((await send(user, GOOD, jwt({ roles: ['Presence.Read.All', 'User.Read.All'] }))).status).toBe(403);
    expect((await send(user, GOOD, jwt({ scp: 'User.Read Presence.Read.All' }))).status).toBe(403);
    expect((await send(user, GOOD, jwt({ roles: ['TeamsActivity.Send'] }))).status).toBe(204);
    expect((await send(user, GOOD, jwt({ roles: ['TeamsActivity.Send.User'] }))).status).toBe(204);
    server.emulator.activitySendConsent = false;
    try {
      expect((await send(user, GOOD)).status).toBe(403);
    } finally {
      server.emulator.activitySendConsent = true;
    }
    const missing = await send('00000000-0000-4000-8000-000000000999', GOOD);
    expect(missing.status).toBe(404);
  });

  it('GET /users/{id}?$select=displayName reads one person; 404 Request_ResourceNotFound for no one', async () => {
    const user = server.emulator.users[6]!;
    const answer = await fetch(`${server.baseUrl}/users/${user.id}?$select=displayName`, { headers: { Authorization: 'Bearer t' } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ id: user.id, displayName: user.displayName });
    const none = await fetch(`${server.baseUrl}/users/00000000-0000-4000-8000-000000000999?$select=displayName`, {
      headers: { Authorization: 'Bearer t' },
    });
    expect(none.status).toBe(404);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('Request_ResourceNotFound');
  });
});
