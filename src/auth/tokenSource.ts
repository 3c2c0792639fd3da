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

/**
 * Free/busy times for "Show calendars", asked for only when it is turned on: the least privileged
 * delegated permission for `POST /me/calendar/getSchedule` in Graph's API reference (calendar:
 * getSchedule, Permissions), which a user may consent to.
 */
export const CALENDAR_SCOPE = 'Calendars.ReadBasic';

/**
 * The people the signed-in user works with (`GET /me/people`): the least privileged delegated
 * permission in Graph's API reference (List people, Permissions), which a user may consent to.
 */
export const PEOPLE_SCOPE = 'People.Read';
