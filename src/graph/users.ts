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

export function firstUsersUrl(): string {
  return `/users?$select=${USER_SELECT.join(',')}&$top=${MAX_USERS_PAGE_SIZE}&$count=true`;
}

/**
 * Every page of the directory, in order, following `@odata.nextLink` exactly as given until it
 * is absent, whatever page size the server chooses. A link that repeats ends the listing.
 */
export async function* listUserPages(client: GraphClient, signal?: AbortSignal): AsyncGenerator<UsersPage> {
  const visited = new Set<string>();
  let next: string | null = firstUsersUrl();
  while (next !== null) {
    visited.add(next);
    const page: RawUsersPage = await client.request<RawUsersPage>({
      url: next,
      // $count on directory objects needs the advanced-query header.
      headers: { ConsistencyLevel: 'eventual' },
      signal,
    });
    if (typeof page !== 'object' || page === null || !Array.isArray(page.value)) {
      throw new GraphError('bad-response', 'Microsoft Graph sent a users page without a list of users.');
    }
    const users = page.value.map(toDirectoryUser).filter((u): u is DirectoryUser => u !== null);
    const count = page['@odata.count'];
    yield { users, totalCount: typeof count === 'number' && Number.isFinite(count) ? count : null };
    const link = page['@odata.nextLink'];
    next = typeof link === 'string' && link !== '' && !visited.has(link) ? link : null;
  }
}
