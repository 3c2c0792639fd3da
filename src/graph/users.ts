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
export function firstUsersRequest(withCount: boolean): { url: string; headers: Record<string, string> } {
  const url = `/users?$select=${USER_SELECT.join(',')}&$top=${MAX_USERS_PAGE_SIZE}`;
  return withCount ? { url: `${url}&$count=true`, headers: { ConsistencyLevel: 'eventual' } } : { url, headers: {} };
}

function readPage(client: GraphClient, url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<RawUsersPage> {
  return client.request<RawUsersPage>({ url, headers, signal });
}

/**
 * The first page, counted where the server can count: a Graph-compatible server that refuses
 * `$count` (400) is asked again without it, and progress shows no total.
 */
async function readFirstPage(client: GraphClient, signal?: AbortSignal): Promise<{ page: RawUsersPage; headers: Record<string, string> }> {
  const counted = firstUsersRequest(true);
  try {
    return { page: await readPage(client, counted.url, counted.headers, signal), headers: counted.headers };
  } catch (error) {
    if (!(error instanceof GraphError) || error.kind !== 'bad-request') throw error;
    const plain = firstUsersRequest(false);
    return { page: await readPage(client, plain.url, plain.headers, signal), headers: plain.headers };
  }
}

/**
 * Every page of the directory, in order, following `@odata.nextLink` exactly as given until it
 * is absent, whatever page size the server chooses. A link that repeats ends the listing.
 * The next page is asked for as soon as a page arrives, before the caller's own calls for it.
 */
export async function* listUserPages(client: GraphClient, signal?: AbortSignal): AsyncGenerator<UsersPage> {
  const visited = new Set<string>();
  const first = await readFirstPage(client, signal);
  const headers = first.headers;
  let page = first.page;
  for (;;) {
    if (typeof page !== 'object' || page === null || !Array.isArray(page.value)) {
      throw new GraphError('bad-response', 'Microsoft Graph sent a users page without a list of users.');
    }
    const link = page['@odata.nextLink'];
    let next: Promise<RawUsersPage> | null = null;
    if (typeof link === 'string' && link !== '' && !visited.has(link)) {
      visited.add(link);
      // The same query options (and so the same headers) carry on in the link.
      next = readPage(client, link, headers, signal);
      // Handled below; if the caller stops early, its failure has no one to tell.
      next.catch(() => undefined);
    }
    const users = page.value.map(toDirectoryUser).filter((u): u is DirectoryUser => u !== null);
    const count = page['@odata.count'];
    yield { users, totalCount: typeof count === 'number' && Number.isFinite(count) ? count : null };
    if (next === null) return;
    page = await next;
  }
}
