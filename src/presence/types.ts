/** A user as the directory (`GET /users`) returns it, reduced to what the board uses. */
export interface DirectoryUser {
  id: string;
  displayName: string;
  mail: string | null;
  userPrincipalName: string | null;
  /**
   * Profile fields Graph gives only with User.Read.All (or more). Absent when not granted or
   * not asked for; null when the directory has no value.
   */
  jobTitle?: string | null;
  department?: string | null;
  officeLocation?: string | null;
  accountEnabled?: boolean | null;
  userType?: 'Member' | 'Guest' | null;
}

/** A presence as `getPresencesByUserId` returns it, reduced to what the board uses. */
export interface PresenceRecord {
  id: string;
  availability: string;
  activity: string;
  /** Plain text; HTML already stripped. */
  statusMessage: string | null;
  isOutOfOffice: boolean;
  /** The automatic reply, as plain text; absent in boards kept by older versions. */
  outOfOfficeMessage?: string | null;
  /**
   * Where the person works today (presence `workLocation.workLocationType`): null when Graph says
   * nothing or "unspecified"; absent from tenants and kept boards that do not have it.
   */
  workLocation?: WorkLocation | null;
}

/** Graph's `workLocationType`, less "unspecified" (shown as nothing). */
export type WorkLocation = 'office' | 'remote' | 'timeOff';

/** Every status label the board can show, in English (the UI translates them). */
export type StatusLabelKey =
  | 'Available'
  | 'Available, idle'
  | 'Away'
  | 'Be right back'
  | 'Busy'
  | 'Busy, idle'
  | 'Do not disturb'
  | 'Offline'
  | 'Status unknown'
  | 'In a call'
  | 'In a conference call'
  | 'In a meeting'
  | 'Presenting'
  | 'Focusing'
  | 'Urgent interruptions only'
  | 'Off work'
  | 'Out of office';

/** Fluent `PresenceBadge` statuses. */
export type BadgeStatus = 'available' | 'away' | 'busy' | 'do-not-disturb' | 'offline' | 'out-of-office' | 'unknown' | 'blocked';

export interface PresenceView {
  badge: BadgeStatus;
  outOfOffice: boolean;
  /** Human text for the status; never empty, so colour is never the only signal. */
  label: string;
  /** The label before ", out of office" is added: the key the UI translates. */
  labelKey: StatusLabelKey;
  /** True for every availability except Offline and PresenceUnknown (and unknown values). */
  online: boolean;
}

/** A directory user joined with their presence (if any came back). */
export interface Person {
  user: DirectoryUser;
  presence: PresenceRecord | null;
  view: PresenceView;
}
