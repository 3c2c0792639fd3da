export interface TokenRequestOptions {
  /** May the source show UI (a popup or redirect)? Only after a person's click. */
  interactive: boolean;
  /** Graph refused the last token (401): get a new one rather than the cached one. */
  forceRefresh?: boolean;
}

/** Where the Graph client gets its bearer token; the data path does not care which kind. */
export interface TokenSource {
  getToken(scopes: readonly string[], options: TokenRequestOptions): Promise<string>;
}

/** Delegated scopes the board needs, and no more. */
export const GRAPH_SCOPES = ['User.ReadBasic.All', 'Presence.Read.All'] as const;

/** Listing a team's members needs this delegated permission (an admin grants it), asked for only then. */
export const TEAM_MEMBERS_SCOPE = 'GroupMember.Read.All';
