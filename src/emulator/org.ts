import type { EmulatedUser } from './tenant';
import { randomGuid, seededRandom } from './random';

/**
 * The emulated tenant's org chart and the signed-in user's relevant people (`/me/people`).
 *
 * The org chart is a tree over the tenant's members (guests have no place in it), in tenant order:
 * the first member heads it and member j (j ≥ 1) reports to member ⌊(j − 1) / ORG_BRANCHING⌋, so
 * everyone's manager and reports are found by arithmetic, at any size. "Me" (the signed-in user of
 * every token) is the first enabled member with mail below the head: so "me" has a manager, peers
 * and, in a tenant of a dozen people or more, direct reports.
 */

/** How many people report to each manager. */
export const ORG_BRANCHING = 5;

export interface OrgChart {
  /** Members in tenant order: the tree's nodes. */
  readonly members: readonly EmulatedUser[];
  /** Lower-case id → index in `members`. */
  readonly index: ReadonlyMap<string, number>;
  /** The signed-in user. */
  readonly me: EmulatedUser | undefined;
}

export function buildOrgChart(users: readonly EmulatedUser[]): OrgChart {
  const members = users.filter((u) => u.userType === 'Member');
  const index = new Map(members.map((u, i) => [u.id.toLowerCase(), i]));
  const me = members.find((u, i) => i >= 1 && u.mail !== null && u.accountEnabled) ?? members[0];
  return { members, index, me };
}

/** The person's manager; null for the head of the org; undefined for someone not in it (a guest, an unknown id). */
export function managerOf(chart: OrgChart, id: string): EmulatedUser | null | undefined {
  const i = chart.index.get(id.toLowerCase());
  if (i === undefined) return undefined;
  return i === 0 ? null : chart.members[Math.floor((i - 1) / ORG_BRANCHING)]!;
}

/** The people who report to this person (none for someone not in the org). */
export function directReportsOf(chart: OrgChart, id: string): EmulatedUser[] {
  const i = chart.index.get(id.toLowerCase());
  if (i === undefined) return [];
  return chart.members.slice(i * ORG_BRANCHING + 1, i * ORG_BRANCHING + 1 + ORG_BRANCHING);
}

/** One entry of `/me/people`: a directory user, or someone (or some group) that is not one. */
export type PersonEntry =
  | { kind: 'user'; user: EmulatedUser; score: number }
  | {
      kind: 'other';
      id: string;
      displayName: string;
      address: string;
      score: number;
      personClass: 'Person' | 'Group';
      subclass: 'PersonalContact' | 'ImplicitContact' | 'UnifiedGroup';
    };

/** How many people `/me/people` knows for the signed-in user at most. */
export const RELEVANT_PEOPLE = 150;

/**
 * The signed-in user's people by relevance: manager, direct reports and peers first (the org-chart
 * relationships the people guide names), then the members of their team (`team`, a small public
 * group), then people picked by the seed, as if from mail and meetings. A personal contact outside
 * the organisation, an implicit contact and a Microsoft 365 group are among the first ten, as live
 * Graph mixes them in: only `personType` { class: "Person", subclass: "OrganizationUser" } is a user.
 */
export function relevantPeople(chart: OrgChart, seed: number, team: readonly EmulatedUser[]): PersonEntry[] {
  const me = chart.me;
  if (!me) return [];
  const chosen: EmulatedUser[] = [];
  const seen = new Set<string>([me.id]);
  const add = (user: EmulatedUser | null | undefined) => {
    if (!user || seen.has(user.id) || user.userType !== 'Member' || chosen.length >= RELEVANT_PEOPLE) return;
    seen.add(user.id);
    chosen.push(user);
  };
  const manager = managerOf(chart, me.id);
  add(manager);
  for (const report of directReportsOf(chart, me.id)) add(report);
  if (manager) for (const peer of directReportsOf(chart, manager.id)) add(peer);
  for (const member of team) add(member);
  const random = seededRandom(seed + 505);
  for (let tries = 0; tries < RELEVANT_PEOPLE * 3 && chosen.length < RELEVANT_PEOPLE && chart.members.length > 0; tries++) {
    add(chart.members[Math.floor(random() * chart.members.length)]);
  }
  const entries: PersonEntry[] = chosen.map((user) => ({ kind: 'user', user, score: 0 }));
  const others: Array<[number, PersonEntry]> = [
    [
      2,
      {
        kind: 'other',
        id: randomGuid(random),
        displayName: 'Jacob Cazares (TAILSPIN)',
        address: 'jacob.cazares@tailspintoys.com',
        score: 0,
        personClass: 'Person',
        subclass: 'PersonalContact',
      },
    ],
    [
      4,
      {
        kind: 'other',
        id: randomGuid(random),
        displayName: 'Marketing',
        address: 'marketing@contoso.com',
        score: 0,
        personClass: 'Group',
        subclass: 'UnifiedGroup',
      },
    ],
    [
      7,
      {
        kind: 'other',
        id: randomGuid(random),
        displayName: 'orders@fabrikam.example',
        address: 'orders@fabrikam.example',
        score: 0,
        personClass: 'Person',
        subclass: 'ImplicitContact',
      },
    ],
  ];
  for (const [at, entry] of others) entries.splice(Math.min(at, entries.length), 0, entry);
  // Scores fall with rank, as the people API orders by relevance.
  return entries.map((entry, rank) => ({ ...entry, score: Math.round(Math.max(0.5, 30 - rank * 0.2) * 10) / 10 }));
}

/** The `person` properties the emulator knows; `$select` of anything else is a 400. */
export const PERSON_PROPERTIES = new Set([
  'id',
  'displayName',
  'givenName',
  'surname',
  'birthday',
  'personNotes',
  'isFavorite',
  'jobTitle',
  'companyName',
  'yomiCompany',
  'department',
  'officeLocation',
  'profession',
  'userPrincipalName',
  'imAddress',
  'scoredEmailAddresses',
  'phones',
  'postalAddresses',
  'websites',
  'personType',
]);

/** A `person` as the people API writes it (people-insights-overview.md, user-list-people.md). */
export function personJson(entry: PersonEntry): Record<string, unknown> {
  if (entry.kind === 'user') {
    const u = entry.user;
    return {
      id: u.id,
      displayName: u.displayName,
      givenName: u.givenName,
      surname: u.surname,
      birthday: '',
      personNotes: '',
      isFavorite: false,
      jobTitle: u.jobTitle,
      companyName: null,
      yomiCompany: '',
      department: u.department,
      officeLocation: u.officeLocation,
      profession: '',
      userPrincipalName: u.userPrincipalName,
      imAddress: u.mail === null ? null : `sip:${u.mail}`,
      scoredEmailAddresses: u.mail === null ? [] : [{ address: u.mail, relevanceScore: entry.score }],
      phones: [],
      postalAddresses: [],
      websites: [],
      personType: { class: 'Person', subclass: 'OrganizationUser' },
    };
  }
  return {
    id: entry.id,
    displayName: entry.displayName,
    givenName: null,
    surname: null,
    birthday: '',
    personNotes: '',
    isFavorite: false,
    jobTitle: null,
    companyName: null,
    yomiCompany: '',
    department: null,
    officeLocation: null,
    profession: '',
    userPrincipalName: '',
    imAddress: null,
    scoredEmailAddresses: [{ address: entry.address, relevanceScore: entry.score }],
    phones: [],
    postalAddresses: [],
    websites: [],
    personType: { class: entry.personClass, subclass: entry.subclass },
  };
}
