import { GRAPH_SCOPES, TEAM_MEMBERS_SCOPE } from './tokenSource';

/** Every scope the tab ever asks for; the auth page asks Entra for nothing else. */
export const AUTH_PAGE_SCOPES: readonly string[] = [...GRAPH_SCOPES, TEAM_MEMBERS_SCOPE];

/**
 * The scopes the auth page asks for: those of its `scopes` parameter that the tab uses (a link
 * that asks for Mail.Read, say, gets only the board's), and at least the board's own two.
 */
export function authPageScopes(requested: string | null): string[] {
  const wanted = new Set((requested ?? '').split(' ').map((s) => s.trim().toLowerCase()));
  const chosen = AUTH_PAGE_SCOPES.filter((scope) => wanted.has(scope.toLowerCase()));
  return chosen.length > 0 ? [...new Set([...GRAPH_SCOPES, ...chosen])] : [...GRAPH_SCOPES];
}
