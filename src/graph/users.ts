import type { DirectoryUser } from '../presence/types';
import type { GraphClient } from './client';
import { GraphError } from './errors';

/** Only the fields the board uses; all of them are readable with User.ReadBasic.All. */
export const USER_SELECT = ['id', 'displayName', 'mail', 'userPrincipalName'] as const;
/**
 * What the board shows and filters on when User.Read.All is granted. With User.ReadBasic.All
 * only, Graph refuses a `$select` of these with 403, and the listing falls back to USER_SELECT.
 */
export const PROFILE_SELECT = [...USER_SELECT, 'jobTitle', 'department', 'officeLocation', 'accountEnabled', 'userType'] as const;
/** Which fields to ask for: 'profile' tries PROFILE_SELECT first; 'basic' never asks for more than it may. */
export type UserFields = 'profile' | 'basic';

/** Delegated permissions that can read the profile fields (any one is enough). */
const PROFILE_SCOPES = [
  'user.read.all',
  'user.readwrite.all',
  'directory.read.all',
  'directory.readwrite.all',
  'directory.accessasuser.all',
];

/**
 * What to ask for, from the scopes a token says were granted: 'basic' when it names none that
 * can read the profile fields (saving the 403 round trip); 'profile' to try when it does, or
 * when the token does not say (then a 403 still falls back).
 */
export function userFieldsFor(scopes: readonly string[] | null): UserFields {
  if (scopes === null) return 'profile';
  return scopes.some((s) => PROFILE_SCOPES.includes(s.toLowerCase())) ? 'profile' : 'basic';
}
/** The largest page Graph serves for users. */
export const MAX_USERS_PAGE_SIZE = 999;

export interface UsersPage {
  users: DirectoryUser[];
  /** Which fields the listing could read: 'basic' after Graph refused the profile fields. */
  fields: UserFields;
  /** `@odata.count`: how many users the directory holds (eventually consistent), when given. */
  totalCount: number | null;
}

interface RawUsersPage {
  value?: unknown;
  '@odata.nextLink'?: unknown;
  '@odata.count'?: unknown;
}

function toDirectoryUser(raw: unknown): DirectoryUser | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.id !== 'string' || r.id.trim() === '') return null;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : null);
  const user: DirectoryUser = {
    id: r.id,
    displayName: text(r.displayName) ?? text(r.userPrincipalName) ?? text(r.mail) ?? r.id,
    mail: text(r.mail),
    userPrincipalName: text(r.userPrincipalName),
  };
  // Profile fields only when Graph sent them (User.Read.All), so "not granted" stays apart from "empty".
  if ('jobTitle' in r) user.jobTitle = text(r.jobTitle);
  if ('department' in r) user.department = text(r.department);
  if ('officeLocation' in r) user.officeLocation = text(r.officeLocation);
  if ('accountEnabled' in r) user.accountEnabled = typeof r.accountEnabled === 'boolean' ? r.accountEnabled : null;
  if ('userType' in r) user.userType = r.userType === 'Guest' || r.userType === 'Member' ? r.userType : null;
  return user;
}

/** Whose people the board lists: the whole organisation, or one team's (Microsoft 365 group's) members. */
export type DirectoryScope = { kind: 'organisation' } | { kind: 'group'; groupId: string };
export const ORGANISATION: DirectoryScope = { kind: 'organisation' };

/** The collection to page through: users, or the user members of a group (cast to users). */
export function directoryPath(directory: DirectoryScope): string {
  return directory.kind === 'organisation' ? '/users' : `/groups/${encodeURIComponent(directory.groupId)}/members/microsoft.graph.user`;
}

/** The first users page; `$count` (with its advanced-query header) gives the directory size for progress. */
export function firstUsersRequest(
  withCount: boolean,
  directory: DirectoryScope = ORGANISATION,
  fields: UserFields = 'basic',
): { url: string; headers: Record<string, string> } {
  const select = fields === 'profile' ? PROFILE_SELECT : USER_SELECT;
  const url = `${directoryPath(directory)}?$select=${select.join(',')}&$top=${MAX_USERS_PAGE_SIZE}`;
  return withCount ? { url: `${url}&$count=true`, headers: { ConsistencyLevel: 'eventual' } } : { url, headers: {} };
}

/**
 * Every page of the directory, in order, following `@odata.nextLink` exactly as given until it
 * is absent, whatever page size the server chooses. A link that repeats ends the listing.
 * The next page is asked for as soon as its link shows in the first bytes of the current one,
 * before the rest of that page has arrived. With `fields` 'profile', a 403 on the first page
 * (User.Read.All not granted) asks again for the basic fields: richer profiles are used where
 * granted and never required.
 */
export async function* listUserPages(
  client: GraphClient,
  signal?: AbortSignal,
  directory: DirectoryScope = ORGANISATION,
  fields: UserFields = 'profile',
): AsyncGenerator<UsersPage> {
  const started = new Map<string, Promise<RawUsersPage>>();
  let headers: Record<string, string> = {};
  const read = (url: string): Promise<RawUsersPage> => client.request<RawUsersPage>({ url, headers, signal, onNextLink: start });
  function start(link: string): void {
    if (link === '' || started.has(link)) return;
    const page = read(link);
    // Awaited below when its turn comes; if the listing stops first, its failure has no one to tell.
    page.catch(() => undefined);
    started.set(link, page);
  }

  // $count (with its advanced-query header) gives the directory size for progress; a
  // Graph-compatible server that refuses it (400) is asked again without it, then without the
  // profile fields. A 403 on the profile fields (User.Read.All not granted) drops them only.
  let withCount = true;
  let asked = fields;
  let first: { url: string; headers: Record<string, string> };
  let page: RawUsersPage;
  for (;;) {
    first = firstUsersRequest(withCount, directory, asked);
    headers = first.headers;
    started.clear();
    try {
      page = await read(first.url);
      break;
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      if (error.kind === 'forbidden' && asked === 'profile') asked = 'basic';
      else if (error.kind === 'bad-request' && withCount) withCount = false;
      else if (error.kind === 'bad-request' && asked === 'profile') [withCount, asked] = [true, 'basic'];
      else throw error;
    }
  }

  const consumed = new Set<string>([first.url]);
  for (;;) {
    if (typeof page !== 'object' || page === null || !Array.isArray(page.value)) {
      throw new GraphError('bad-response', 'Microsoft Graph sent a users page without a list of users.');
    }
    const link: unknown = page['@odata.nextLink'];
    const next = typeof link === 'string' && link !== '' && !consumed.has(link) ? link : null;
    if (next !== null) {
      consumed.add(next);
      start(next);
    }
    const users = page.value.map(toDirectoryUser).filter((u): u is DirectoryUser => u !== null);
    const count = page['@odata.count'];
    yield { users, fields: asked, totalCount: typeof count === 'number' && Number.isFinite(count) ? count : null };
    if (next === null) return;
    page = await started.get(next)!;
  }
}
