import type { DirectoryUser } from '../presence/types';
import type { GraphClient } from './client';
import { GraphError } from './errors';
import { isObjectId } from './presence';
import { toDirectoryUser, USER_SELECT } from './users';

/**
 * The people the signed-in user works with, without listing the directory: the people API ranked by
 * relevance, and the org chart around them.
 *
 * - `GET /me/people` (Graph reference "List people"; guide "Use the people API to get information about
 *   the people most relevant to you", people-insights-overview.md): delegated People.Read, least
 *   privileged, which a user may consent to (People.Read.All, admin consent, is only needed for another
 *   user's people). 10 people by default; `$top` sets how many (the guide's own example asks for 1,000);
 *   `$skip` pages. Entries are `person` objects: organisation users (`personType` class "Person",
 *   subclass "OrganizationUser", `id` the directory object id) mixed with personal and implicit contacts
 *   and groups, which have no presence and are skipped.
 * - `GET /me/manager` (reference "List manager"): least privileged delegated permission User.Read.All
 *   (admin consent); 404 Request_ResourceNotFound when the user has no manager.
 * - `GET /me/directReports`, `GET /users/{id}/directReports` (reference "List directReports"): delegated
 *   User.Read and User.ReadBasic.All, least privileged.
 * - `GET /me` (reference "Get user"): User.Read.
 */

/** The most people `getRelevantPeople` asks for: the largest `$top` the people guide shows. */
export const MAX_RELEVANT_PEOPLE = 1000;

/** What is read of each person: enough for a board row (jobTitle, department and officeLocation come with People.Read). */
const PERSON_SELECT = [
  'id',
  'displayName',
  'userPrincipalName',
  'scoredEmailAddresses',
  'personType',
  'jobTitle',
  'department',
  'officeLocation',
];
/** The people guide's filter for people who are users of the organisation. */
const ORGANISATION_USERS = "personType/class eq 'Person' and personType/subclass eq 'OrganizationUser'";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** A `person` of the people API as a DirectoryUser, or null for anyone who is not a user of the organisation. */
function personToUser(raw: unknown): DirectoryUser | null {
  if (!isRecord(raw) || !isRecord(raw.personType)) return null;
  const { class: personClass, subclass } = raw.personType;
  if (typeof personClass !== 'string' || personClass.toLowerCase() !== 'person') return null;
  if (typeof subclass !== 'string' || subclass.toLowerCase() !== 'organizationuser') return null;
  // The people guide's examples write ids in upper case, the directory in lower case: one key for both.
  if (typeof raw.id !== 'string' || !isObjectId(raw.id)) return null;
  const scored = Array.isArray(raw.scoredEmailAddresses) ? raw.scoredEmailAddresses[0] : undefined;
  const mail = text(raw.mail) ?? (isRecord(scored) ? text(scored.address) : null);
  const user = toDirectoryUser({ id: raw.id.toLowerCase(), displayName: raw.displayName, userPrincipalName: raw.userPrincipalName, mail });
  if (!user) return null;
  if ('jobTitle' in raw) user.jobTitle = text(raw.jobTitle);
  if ('department' in raw) user.department = text(raw.department);
  if ('officeLocation' in raw) user.officeLocation = text(raw.officeLocation);
  return user;
}

function listOf(answer: unknown, what: string): unknown[] {
  if (!isRecord(answer) || !Array.isArray(answer.value)) {
    // No 'no-list' facts: the page's error texts name only users, batch and presences lists.
    throw new GraphError('bad-response', `Microsoft Graph sent ${what} without a list.`);
  }
  return answer.value;
}

/**
 * The `top` people most relevant to the signed-in user who are users of the organisation, most
 * relevant first, in one request (`GET /me/people`, People.Read): contacts and groups are skipped,
 * and so is anyone without a directory object id; `mail` is the person's first scored address.
 * Failures are the client's GraphError (403 `forbidden`: People.Read not granted).
 * Throws RangeError unless 1 ≤ top ≤ 1,000.
 */
export async function getRelevantPeople(client: GraphClient, top: number, signal?: AbortSignal): Promise<DirectoryUser[]> {
  if (!Number.isInteger(top) || top < 1 || top > MAX_RELEVANT_PEOPLE) {
    throw new RangeError(`Ask for 1 to ${MAX_RELEVANT_PEOPLE} relevant people; got ${top}.`);
  }
  const url = `/me/people?$top=${top}&$select=${PERSON_SELECT.join(',')}&$filter=${encodeURIComponent(ORGANISATION_USERS)}`;
  const answer = await client.request<unknown>({ url, signal });
  const people: DirectoryUser[] = [];
  const seen = new Set<string>();
  for (const raw of listOf(answer, 'a people answer')) {
    const user = personToUser(raw);
    if (!user || seen.has(user.id)) continue;
    seen.add(user.id);
    people.push(user);
  }
  return people;
}

/** The org chart around the signed-in user. */
export interface MyTeam {
  /** Null when the user has no manager (Graph's 404). */
  manager: DirectoryUser | null;
  /** The manager's other direct reports. */
  peers: DirectoryUser[];
  directReports: DirectoryUser[];
  /** Set when Graph refused the manager (403: List manager needs User.Read.All) and the reports were read without it. */
  managerRefused?: true;
}

export interface MyTeamOptions {
  /**
   * Where Graph refuses `/me/manager` (403), answer with the direct reports alone (`managerRefused`)
   * instead of failing (default false: the failure is thrown).
   */
  withoutManagerIfRefused?: boolean;
}

/** A directoryObject of a relationship as a DirectoryUser; null for anything but a user (an organisational contact has no presence). */
function directoryObjectToUser(raw: unknown): DirectoryUser | null {
  if (!isRecord(raw)) return null;
  const type = raw['@odata.type'];
  if (type !== undefined && (typeof type !== 'string' || type.toLowerCase() !== '#microsoft.graph.user')) return null;
  return toDirectoryUser(raw);
}

function isNotFound(error: unknown): boolean {
  return error instanceof GraphError && error.status === 404;
}

/**
 * The signed-in user's manager, peers (the manager's direct reports, less the user) and direct
 * reports: `GET /me`, `/me/manager` and `/me/directReports` at once, then the manager's
 * `/users/{id}/directReports`. No manager (404) is an answer, not an error. Any other failure is the
 * client's GraphError: note that "List manager" needs User.Read.All, so a token with only
 * User.ReadBasic.All gets `forbidden` (403) here even though the reports could be read.
 */
export async function getMyTeam(client: GraphClient, signal?: AbortSignal, options: MyTeamOptions = {}): Promise<MyTeam> {
  const select = `$select=${USER_SELECT.join(',')}`;
  let managerRefused = false;
  const [me, managerRaw, reportsAnswer] = await Promise.all([
    client.request<unknown>({ url: '/me?$select=id', signal }),
    client.request<unknown>({ url: `/me/manager?${select}`, signal }).catch((error: unknown) => {
      if (isNotFound(error)) return null;
      if (options.withoutManagerIfRefused && error instanceof GraphError && error.kind === 'forbidden') {
        managerRefused = true;
        return null;
      }
      throw error;
    }),
    client.request<unknown>({ url: `/me/directReports?${select}`, signal }),
  ]);
  const myId = isRecord(me) && typeof me.id === 'string' ? me.id.toLowerCase() : null;
  const users = (list: unknown[]) => list.map(directoryObjectToUser).filter((u): u is DirectoryUser => u !== null);
  const directReports = users(listOf(reportsAnswer, 'direct reports'));
  const manager = managerRaw === null ? null : directoryObjectToUser(managerRaw);
  let peers: DirectoryUser[] = [];
  if (manager) {
    const answer = await client.request<unknown>({ url: `/users/${encodeURIComponent(manager.id)}/directReports?${select}`, signal });
    peers = users(listOf(answer, "the manager's direct reports")).filter((u) => u.id.toLowerCase() !== myId);
  }
  return managerRefused ? { manager, peers, directReports, managerRefused: true } : { manager, peers, directReports };
}
