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
  /**
   * Set on the last page when the listing stopped there though Graph named a next page (more
   * pages than `@odata.count` allows, or than the hard cap): a 'cut-short' error that says so.
   */
  cut: GraphError | null;
}

/** The most users pages one listing reads: 200 pages of 999, about 200,000 people. */
export const MAX_USERS_PAGES = 200;

/**
 * How many pages a listing reads at most: what `@odata.count` implies at the page size the server
 * chose (its first page), with 10 % and two pages of slack (the count is eventually consistent,
 * and people join while the listing runs); without a count, the hard cap.
 */
export function usersPageLimit(totalCount: number | null, firstPageSize: number): number {
  if (totalCount === null) return MAX_USERS_PAGES;
  return Math.min(MAX_USERS_PAGES, Math.ceil((totalCount * 1.1) / Math.max(1, firstPageSize)) + 2);
}

function cutShort(pages: number, people: number, totalCount: number | null): GraphError {
  const said = totalCount === null ? '' : `; it said it holds ${totalCount}`;
  return new GraphError(
    'cut-short',
    `Microsoft Graph kept naming more pages of the directory: the listing stopped after ${pages} pages (${people} people)${said}.`,
    { facts: { about: 'cut-short', pages, people, totalCount } },
  );
}

interface RawUsersPage {
  value?: unknown;
  '@odata.nextLink'?: unknown;
  '@odata.count'?: unknown;
}

/** A user object of Graph as a DirectoryUser (null without an id); profile fields only when Graph sent them. */
export function toDirectoryUser(raw: unknown): DirectoryUser | null {
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
 * is absent, whatever page size the server chooses. A link that repeats ends the listing; so does
 * the page limit (`usersPageLimit`), and the last page then says the listing was cut.
 * The next page is asked for as soon as its link shows in the first bytes of the current one,
 * before the rest of that page has arrived, but never more than one page ahead of the reader:
 * while the reader holds (or waits for) page i, at most page i + 1 is being fetched. Pages are let
 * go as they are read, and whatever is in flight is aborted when the listing ends, for any reason
 * (the last page, an error, the reader stopping). With `fields` 'profile', a 403 on the first page
 * (User.Read.All not granted) asks again for the basic fields: richer profiles are used where
 * granted and never required.
 */
export async function* listUserPages(
  client: GraphClient,
  signal?: AbortSignal,
  directory: DirectoryScope = ORGANISATION,
  fields: UserFields = 'profile',
): AsyncGenerator<UsersPage> {
  const ended = new AbortController();
  const readSignal = signal ? AbortSignal.any([signal, ended.signal]) : ended.signal;
  /** Pages asked for and not yet read, by link: let go once read. */
  const inFlight = new Map<string, Promise<RawUsersPage>>();
  /** Every link asked for: a link that comes again ends the listing instead of looping. */
  const asked = new Set<string>();
  let headers: Record<string, string> = {};
  let limit = MAX_USERS_PAGES;
  /** The page the reader holds or waits for; a page may start only if it is at most one further. */
  let current = 0;
  /** A next page whose link came early, from the page one ahead: started when the reader catches up. */
  let deferred: { index: number; link: string } | null = null;

  const read = (url: string, index: number): Promise<RawUsersPage> =>
    client.request<RawUsersPage>({ url, headers, signal: readSignal, onNextLink: (link) => offer(index + 1, link) });
  function offer(index: number, link: string): void {
    if (ended.signal.aborted || link === '' || asked.has(link) || index >= limit) return;
    if (index > current + 1) {
      deferred = { index, link };
      return;
    }
    asked.add(link);
    const page = read(link, index);
    // Awaited when its turn comes; if the listing ends first, its failure has no one to tell.
    page.catch(() => undefined);
    inFlight.set(link, page);
  }

  /** The reader moved on: a deferred page may start now. */
  function catchUp(): void {
    const waiting = deferred;
    if (waiting === null || waiting.index > current + 1) return;
    deferred = null;
    offer(waiting.index, waiting.link);
  }

  try {
    // $count (with its advanced-query header) gives the directory size for progress; a
    // Graph-compatible server that refuses it (400) is asked again without it, then without the
    // profile fields. A 403 on the profile fields (User.Read.All not granted) drops them only.
    let withCount = true;
    let fieldsAsked = fields;
    let first: { url: string; headers: Record<string, string> };
    let page: RawUsersPage;
    for (;;) {
      first = firstUsersRequest(withCount, directory, fieldsAsked);
      headers = first.headers;
      asked.clear();
      asked.add(first.url);
      try {
        page = await read(first.url, 0);
        break;
      } catch (error) {
        if (!(error instanceof GraphError)) throw error;
        if (error.kind === 'forbidden' && fieldsAsked === 'profile') fieldsAsked = 'basic';
        else if (error.kind === 'bad-request' && withCount) withCount = false;
        else if (error.kind === 'bad-request' && fieldsAsked === 'profile') [withCount, fieldsAsked] = [true, 'basic'];
        else throw error;
      }
    }

    const readLinks = new Set<string>([first.url]);
    let people = 0;
    for (let index = 0; ; index++) {
      if (typeof page !== 'object' || page === null || !Array.isArray(page.value)) {
        throw new GraphError('bad-response', 'Microsoft Graph sent a users page without a list of users.', {
          facts: { about: 'no-list', of: 'users' },
        });
      }
      const count = page['@odata.count'];
      const totalCount = typeof count === 'number' && Number.isFinite(count) && count >= 0 ? count : null;
      if (index === 0) limit = usersPageLimit(totalCount, page.value.length);
      const users = page.value.map(toDirectoryUser).filter((u): u is DirectoryUser => u !== null);
      people += users.length;
      const link: unknown = page['@odata.nextLink'];
      const more = typeof link === 'string' && link !== '' && !readLinks.has(link);
      const next = more && index + 1 < limit ? link : null;
      if (next !== null) offer(index + 1, next);
      yield { users, fields: fieldsAsked, totalCount, cut: more && next === null ? cutShort(index + 1, people, totalCount) : null };
      if (next === null) return;
      current = index + 1;
      readLinks.add(next);
      catchUp();
      const pending = inFlight.get(next)!;
      inFlight.delete(next);
      page = await pending;
    }
  } finally {
    // The listing is over: nothing more is asked for, and what is in flight is given up.
    ended.abort(new DOMException('The users listing ended.', 'AbortError'));
    inFlight.clear();
  }
}
