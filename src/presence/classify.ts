import type { BadgeStatus, PresenceView, StatusLabelKey } from './types';

/** Availability values Graph documents; anything else is treated as PresenceUnknown. */
export const AVAILABILITIES = [
  'Available',
  'AvailableIdle',
  'Away',
  'BeRightBack',
  'Busy',
  'BusyIdle',
  'DoNotDisturb',
  'Offline',
  'PresenceUnknown',
] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export const ACTIVITIES = [
  'Available',
  'Away',
  'BeRightBack',
  'Busy',
  'DoNotDisturb',
  'InACall',
  'InAConferenceCall',
  'Inactive',
  'InAMeeting',
  'Offline',
  'OffWork',
  'OutOfOffice',
  'PresenceUnknown',
  'Presenting',
  'UrgentInterruptionsOnly',
  'Focusing',
] as const;
export type Activity = (typeof ACTIVITIES)[number];

function canonical<T extends string>(known: readonly T[], value: string | null | undefined): T | null {
  if (!value) return null;
  const lower = value.trim().toLowerCase();
  return known.find((k) => k.toLowerCase() === lower) ?? null;
}

/** Case-insensitive match to a documented availability; unknown values give null. */
export function canonicalAvailability(value: string | null | undefined): Availability | null {
  return canonical(AVAILABILITIES, value);
}

export function canonicalActivity(value: string | null | undefined): Activity | null {
  return canonical(ACTIVITIES, value);
}

const BADGE_BY_AVAILABILITY: Record<Availability, BadgeStatus> = {
  Available: 'available',
  // Teams draws idle as away (the retired Graph Toolkit drew it green: a reported bug).
  AvailableIdle: 'away',
  Away: 'away',
  BeRightBack: 'away',
  Busy: 'busy',
  BusyIdle: 'busy',
  DoNotDisturb: 'do-not-disturb',
  Offline: 'offline',
  PresenceUnknown: 'unknown',
};

const AVAILABILITY_LABEL: Record<Availability, StatusLabelKey> = {
  Available: 'Available',
  AvailableIdle: 'Available, idle',
  Away: 'Away',
  BeRightBack: 'Be right back',
  Busy: 'Busy',
  BusyIdle: 'Busy, idle',
  DoNotDisturb: 'Do not disturb',
  Offline: 'Offline',
  PresenceUnknown: 'Status unknown',
};

/** Activities that say more than the availability alone. */
const ACTIVITY_LABEL: Partial<Record<Activity, StatusLabelKey>> = {
  InACall: 'In a call',
  InAConferenceCall: 'In a conference call',
  InAMeeting: 'In a meeting',
  Presenting: 'Presenting',
  Focusing: 'Focusing',
  UrgentInterruptionsOnly: 'Urgent interruptions only',
  OffWork: 'Off work',
  OutOfOffice: 'Out of office',
};

/**
 * Turns Graph's availability and activity into what the board draws: a Fluent badge status,
 * the out-of-office flag, a text label and whether the person counts as online.
 */
export function classifyPresence(
  availability: string | null | undefined,
  activity: string | null | undefined,
  isOutOfOffice = false,
): PresenceView {
  const avail = canonicalAvailability(availability) ?? 'PresenceUnknown';
  const act = canonicalActivity(activity);
  const online = avail !== 'Offline' && avail !== 'PresenceUnknown';
  const outOfOffice = isOutOfOffice || act === 'OutOfOffice';

  let labelKey = AVAILABILITY_LABEL[avail];
  const activityLabel = act ? ACTIVITY_LABEL[act] : undefined;
  // An activity label only refines a known availability: "Unknown" stays unknown.
  if (activityLabel && avail !== 'PresenceUnknown') labelKey = activityLabel;
  const label = outOfOffice && labelKey !== 'Out of office' ? `${labelKey}, out of office` : labelKey;

  return { badge: BADGE_BY_AVAILABILITY[avail], outOfOffice, label, labelKey, online };
}
