import { describe, expect, it } from 'vitest';
import { GraphEmulator } from '@/emulator/graphEmulator';
import { ORG_BRANCHING } from '@/emulator/org';
import { emulatedGraphPerFile } from '../support/emulatedGraph';
import { unsignedJwt as jwt } from '../support/jwt';

const graph = emulatedGraphPerFile();
const BASE = 'https://graph.microsoft.com/v1.0';

interface PersonJson {
  id: string;
  displayName?: string;
  scoredEmailAddresses?: Array<{ address: string; relevanceScore: number }>;
  personType?: { class: string; subclass: string };
  [property: string]: unknown;
}
interface Answer {
  value: PersonJson[];
  '@odata.nextLink'?: string;
  error?: { code: string; message: string };
  id?: string;
  [property: string]: unknown;
}

async function get(path: string, token = 't') {
  const response = await fetch(path.startsWith('http') ? path : `${BASE}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Answer };
}

describe('the emulated org chart', () => {
  it('gives "me" a manager, peers and direct reports, the same for the same seed', () => {
    const emulator = new GraphEmulator({ users: 250 });
    const me = emulator.me!;
    expect(me.userType).toBe('Member');
    expect(me.mail).not.toBeNull();
    const manager = emulator.managerOf(me.id)!;
    expect(manager).toBeTruthy();
    expect(emulator.directReportsOf(manager.id).map((u) => u.id)).toContain(me.id);
    expect(emulator.directReportsOf(manager.id).length).toBeGreaterThan(1);
    expect(emulator.directReportsOf(me.id)).toHaveLength(ORG_BRANCHING);
    expect(new GraphEmulator({ users: 250 }).me!.id).toBe(me.id);
    expect(emulator.managerOf(emulator.users.find((u) => u.userType === 'Guest')!.id)).toBeUndefined();
  });
});

describe('GET /me, /me/manager, /me/directReports, /users/{id}/directReports', () => {
  it('answers me, my manager and reports as directory objects, with $select', async () => {
    const emulator = graph.start({ users: 250 });
    const me = emulator.me!;
    expect((await get('/me?$select=id,displayName')).body).toMatchObject({ id: me.id, displayName: me.displayName });
    const manager = await get('/me/manager?$select=id,displayName,mail,userPrincipalName');
    expect(manager.status).toBe(200);
    expect(manager.body).toMatchObject({ '@odata.type': '#microsoft.graph.user', id: emulator.managerOf(me.id)!.id });
    const reports = await get('/me/directReports?$select=id,displayName');
    expect(reports.body.value.map((u) => u.id)).toEqual(emulator.directReportsOf(me.id).map((u) => u.id));
    expect(Object.keys(reports.body.value[0]!).sort()).toEqual(['@odata.type', 'displayName', 'id']);
    const peers = await get(`/users/${emulator.managerOf(me.id)!.id}/directReports`);
    expect(peers.body.value.map((u) => u.id)).toContain(me.id);
    expect((await get('/users/00000000-0000-4000-8000-000000000000/directReports')).status).toBe(404);
  });

  it('answers 404 Request_ResourceNotFound for no manager, and 403 for a manager without User.Read.All', async () => {
    const emulator = graph.start({ users: 250 });
    emulator.userReadAll = false;
    const refused = await get('/me/manager');
    expect(refused.status).toBe(403);
    expect(refused.body.error!.code).toBe('Authorization_RequestDenied');
    const lonely = graph.start({ users: 1 });
    expect(lonely.managerOf(lonely.me!.id)).toBeNull();
    const none = await get('/me/manager');
    expect(none.status).toBe(404);
    expect(none.body.error!.code).toBe('Request_ResourceNotFound');
  });
});

describe('GET /me/people', () => {
  it('ranks my manager, reports and peers first, mixes in contacts and a group, 10 by default', async () => {
    const emulator = graph.start({ users: 250 });
    const me = emulator.me!;
    const { status, body } = await get('/me/people');
    expect(status).toBe(200);
    expect(body.value).toHaveLength(10);
    const org = body.value.filter((p) => p.personType!.subclass === 'OrganizationUser');
    expect(org[0]!.id).toBe(emulator.managerOf(me.id)!.id);
    expect(org.slice(1, 1 + ORG_BRANCHING).map((p) => p.id)).toEqual(emulator.directReportsOf(me.id).map((u) => u.id));
    expect(org.every((p) => emulator.findUser(p.id) !== undefined)).toBe(true);
    expect(body.value.map((p) => p.personType)).toEqual(
      expect.arrayContaining([
        { class: 'Person', subclass: 'PersonalContact' },
        { class: 'Group', subclass: 'UnifiedGroup' },
      ]),
    );
    expect(body.value.some((p) => p.id === me.id)).toBe(false);
    const scores = body.value.map((p) => p.scoredEmailAddresses![0]?.relevanceScore ?? 0);
    expect(scores.filter((s) => s > 0)).toEqual([...scores.filter((s) => s > 0)].sort((a, b) => b - a));
    expect(body['@odata.nextLink']).toContain('$skip=10');
  });

  it('filters to organisation users as the people guide does, pages with $top and $skip, and selects', async () => {
    graph.start({ users: 400 });
    const filter = "personType/class eq 'Person' and personType/subclass eq 'OrganizationUser'";
    const ids: string[] = [];
    let next: string | undefined = `/me/people?$top=40&$select=displayName,personType&$filter=${encodeURIComponent(filter)}`;
    while (next) {
      const page: { status: number; body: Answer } = await get(next);
      expect(page.status).toBe(200);
      for (const p of page.body.value) {
        expect(p.personType).toEqual({ class: 'Person', subclass: 'OrganizationUser' });
        expect(Object.keys(p).sort()).toEqual(['displayName', 'id', 'personType']);
        ids.push(p.id);
      }
      next = page.body['@odata.nextLink'];
    }
    expect(ids.length).toBeGreaterThan(100);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await get('/me/people?$select=shoeSize')).status).toBe(400);
    expect((await get("/me/people?$filter=startswith(displayName,'A')")).status).toBe(400);
    expect((await get('/me/people?$top=0')).status).toBe(400);
  });

  it('needs People.Read: a JWT without it is refused 403, an opaque token as the emulator is told', async () => {
    const emulator = graph.start({ users: 50 });
    expect((await get('/me/people', jwt({ scp: 'User.ReadBasic.All' }))).status).toBe(403);
    expect((await get('/me/people', jwt({ scp: 'User.ReadBasic.All People.Read' }))).status).toBe(200);
    expect((await get('/me/people', 'opaque')).status).toBe(200);
    emulator.peopleConsent = false;
    const refused = await get('/me/people', 'opaque');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'ErrorAccessDenied' });
  });
});
