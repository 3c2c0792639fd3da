import type { DirectoryUser } from '../presence/types';
import type { GraphClient } from './client';
import { GraphError } from './errors';

/** Only the fields the board uses; all of them are readable with User.ReadBasic.All. */
export const USER_SELECT = ['id', 'displayName', 'mail', 'userPrincipalName'] as const;
/** The largest page Graph serves for users. */
export const MAX_USERS_PAGE_SIZE = 999;

export interface UsersPage {
  users: DirectoryUser[];
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
  return {
    id: r.id,
    displayName: text(r.displayName) ?? text(r.userPrincipalName) ?? text(r.mail) ?? r.id,
    mail: text(r.mail),
    userPrincipalName: text(r.userPrincipalName),
  };
}

/** The first users page; `$count` (with its advanced-query header) gives the directory size for progress. */
/** Whose people the board lists: the whole organisation, or one team's (Microsoft 365 group's) members. */
export type DirectoryScope = { kind: 'organisation' } | { kind: 'group'; groupId: string };
export const ORGANISATION: DirectoryScope = { kind: 'organisation' };

/** The collection to page through: users, or the user members of a group (cast to users). */
export function directoryPath(directory: DirectoryScope): string {
  return directory.kind === 'organisation' ? '/users' : `/groups/${encodeURIComponent(directory.groupId)}/members/microsoft.graph.user`;
}

export function firstUsersRequest(
  withCount: boolean,
  directory: DirectoryScope = ORGANISATION,
): { url: string; headers: Record<string, string> } {
  const url = `${directoryPath(directory)}?$select=${USER_SELECT.join(',')}&$top=${MAX_USERS_PAGE_SIZE}`;
  return withCount ? { url: `${url}&$count=true`, headers: { ConsistencyLevel: 'eventual' } } : { url, headers: {} };
}

/**
 * Every page of the directory, in order, following `@odata.nextLink` exactly as given until it
 * is absent, whatever page size the server chooses. A link that repeats ends the listing.
 * The next page is asked for as soon as its link shows in the first bytes of the current one,
 * before the rest of that page has arrived.
 */
export async function* listUserPages(
  client: GraphClient,
  signal?: AbortSignal,
  directory: DirectoryScope = ORGANISATION,
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
  // Graph-compatible server that refuses it (400) is asked again without it.
  let first = firstUsersRequest(true, directory);
  headers = first.headers;
  let page: RawUsersPage;
  try {
    page = await read(first.url);
  } catch (error) {
    if (!(error instanceof GraphError) || error.kind !== 'bad-request') throw error;
    first = firstUsersRequest(false, directory);
    headers = first.headers;
    started.clear();
    page = await read(first.url);
  }

  const consumed = new Set<string>([first.url]);
  for (;;) {
    if (typeof page !== 'object' || page === null || !Array.isArray(page.value)) {
      throw new GraphError('bad-response', 'Microsoft Graph sent a users page without a list of users.');
    }
    const link = page['@odata.nextLink'];
    const next = typeof link === 'string' && link !== '' && !consumed.has(link) ? link : null;
    if (next !== null) {
      consumed.add(next);
      start(next);
    }
    const users = page.value.map(toDirectoryUser).filter((u): u is DirectoryUser => u !== null);
    const count = page['@odata.count'];
    yield { users, totalCount: typeof count === 'number' && Number.isFinite(count) ? count : null };
    if (next === null) return;
    page = await started.get(next)!;
  }
}
