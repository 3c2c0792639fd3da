import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { staticTokenSource } from '@/auth/staticTokenSource';
import { GraphError } from '@/graph/errors';
import { getMyTeam, getRelevantPeople, MAX_RELEVANT_PEOPLE } from '@/graph/relevantPeople';
import { emulatedGraphPerFile, testClient } from '../support/emulatedGraph';
import { unsignedJwt } from '../support/jwt';

const graph = emulatedGraphPerFile();
const BASE = 'https://graph.microsoft.com/v1.0';
const ORGANISATION_USERS = "personType/class eq 'Person' and personType/subclass eq 'OrganizationUser'";

describe('getRelevantPeople', () => {
  it('asks once for the top people who are organisation users, and keeps them in relevance order', async () => {
    const emulator = graph.start({ users: 400 });
    const people = await getRelevantPeople(testClient(), 25);
    expect(emulator.requests).toHaveLength(1);
    const url = new URL(emulator.requests[0]!.url);
    expect(url.pathname).toBe('/v1.0/me/people');
    expect(url.searchParams.get('$top')).toBe('25');
    expect(url.searchParams.get('$filter')).toBe(ORGANISATION_USERS);
    const expected = emulator
      .relevantPeople()
      .flatMap((p) => (p.kind === 'user' ? [p.user] : []))
      .slice(0, 25);
    expect(people.map((p) => p.id)).toEqual(expected.map((u) => u.id));
    const me = emulator.me!;
    expect(people[0]!.id).toBe(emulator.managerOf(me.id)!.id);
    const first = people[0]!;
    const source = emulator.findUser(first.id)!;
    expect(first).toEqual({
      id: source.id,
      displayName: source.displayName,
      mail: source.mail,
      userPrincipalName: source.userPrincipalName,
      jobTitle: source.jobTitle,
      department: source.department,
      officeLocation: source.officeLocation,
    });
  });

  it('skips contacts, groups and entries without an object id even when the server ignores the filter; mail from the first scored address', async () => {
    graph.start({ users: 10 });
    const id = '8CE6E1DE-CB84-4BF5-971D-D3ECF452E2B5';
    graph.server.use(
      http.get(`${BASE}/me/people`, () =>
        HttpResponse.json({
          value: [
            {
              id: '33b43a5b-87d6-41ec-91f8-a2610048105f',
              displayName: 'Marketing',
              personType: { class: 'Group', subclass: 'UnifiedGroup' },
            },
            {
              id: 'c43bf05e-5b6b-4dcf-b2fc-0837b09e0fa9',
              displayName: 'Jacob Cazares (TAILSPIN)',
              scoredEmailAddresses: [{ address: 'JacobC@tailspintoys.com', relevanceScore: 8 }],
              personType: { class: 'Person', subclass: 'PersonalContact' },
            },
            {
              id,
              displayName: 'Lorrie Frye',
              userPrincipalName: 'LorrieF@contoso.com',
              scoredEmailAddresses: [{ address: 'LorrieF@contoso.com', relevanceScore: 8 }],
              personType: { class: 'Person', subclass: 'OrganizationUser' },
            },
            { id: 'not-a-guid', displayName: 'Odd', personType: { class: 'Person', subclass: 'OrganizationUser' } },
            { id: id.toLowerCase(), displayName: 'Lorrie again', personType: { class: 'Person', subclass: 'OrganizationUser' } },
            {
              id: 'e3d0513b-449e-4198-ba6f-bd97ae7cae85',
              displayName: 'No mail',
              scoredEmailAddresses: [],
              personType: { class: 'person', subclass: 'organizationUser' },
            },
            'garbage',
          ],
        }),
      ),
    );
    const people = await getRelevantPeople(testClient(), 10);
    expect(people).toEqual([
      { id: id.toLowerCase(), displayName: 'Lorrie Frye', mail: 'LorrieF@contoso.com', userPrincipalName: 'LorrieF@contoso.com' },
      { id: 'e3d0513b-449e-4198-ba6f-bd97ae7cae85', displayName: 'No mail', mail: null, userPrincipalName: null },
    ]);
  });

  it('refuses a $top outside 1–1,000 before asking; without People.Read it is the client’s forbidden error', async () => {
    const emulator = graph.start({ users: 50, peopleConsent: false });
    for (const top of [0, MAX_RELEVANT_PEOPLE + 1, 2.5]) await expect(getRelevantPeople(testClient(), top)).rejects.toThrow(RangeError);
    expect(emulator.requests).toHaveLength(0);
    const error = await getRelevantPeople(testClient(), 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ kind: 'forbidden', status: 403 });
    const granted = testClient({ tokenSource: staticTokenSource(unsignedJwt({ scp: 'User.ReadBasic.All People.Read' })) });
    expect((await getRelevantPeople(granted, 10)).length).toBeGreaterThan(0);
  });

  it('calls an answer without a list a bad response', async () => {
    graph.start({ users: 10 });
    graph.server.use(http.get(`${BASE}/me/people`, () => HttpResponse.json({ people: [] })));
    await expect(getRelevantPeople(testClient(), 10)).rejects.toMatchObject({ kind: 'bad-response' });
  });
});

describe('getMyTeam', () => {
  it('gives my manager, my peers without me and my direct reports', async () => {
    const emulator = graph.start({ users: 250 });
    const me = emulator.me!;
    const manager = emulator.managerOf(me.id)!;
    const team = await getMyTeam(testClient());
    expect(team.manager).toEqual({
      id: manager.id,
      displayName: manager.displayName,
      mail: manager.mail,
      userPrincipalName: manager.userPrincipalName,
    });
    expect(team.peers.map((u) => u.id)).toEqual(
      emulator
        .directReportsOf(manager.id)
        .filter((u) => u.id !== me.id)
        .map((u) => u.id),
    );
    expect(team.peers.length).toBeGreaterThan(0);
    expect(team.directReports.map((u) => u.id)).toEqual(emulator.directReportsOf(me.id).map((u) => u.id));
    const paths = emulator.requests.map((r) => new URL(r.url).pathname).sort();
    expect(paths).toEqual(['/v1.0/me', '/v1.0/me/directReports', '/v1.0/me/manager', `/v1.0/users/${manager.id}/directReports`].sort());
  });

  it('takes no manager (404) as an answer, and skips reports that are not users', async () => {
    const emulator = graph.start({ users: 1 });
    expect(emulator.managerOf(emulator.me!.id)).toBeNull();
    graph.server.use(
      http.get(`${BASE}/me/directReports`, () =>
        HttpResponse.json({
          value: [
            { '@odata.type': '#microsoft.graph.orgContact', id: '1f28616d-bdfe-4080-8f06-03366a851688', displayName: 'Contractor' },
            { '@odata.type': '#microsoft.graph.user', id: '5767393d-42ba-4e5c-bee4-52bb25639cf4', displayName: 'Maynard Denman' },
          ],
        }),
      ),
    );
    const team = await getMyTeam(testClient());
    expect(team).toEqual({
      manager: null,
      peers: [],
      directReports: [{ id: '5767393d-42ba-4e5c-bee4-52bb25639cf4', displayName: 'Maynard Denman', mail: null, userPrincipalName: null }],
    });
  });

  it('is the client’s forbidden error when the manager cannot be read (List manager needs User.Read.All)', async () => {
    const emulator = graph.start({ users: 250 });
    emulator.userReadAll = false;
    await expect(getMyTeam(testClient())).rejects.toMatchObject({ kind: 'forbidden', status: 403 });
  });
});
