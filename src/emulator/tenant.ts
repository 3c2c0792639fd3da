import type { Activity, Availability } from '../presence/classify';
import { GIVEN_NAMES, GUEST_DOMAINS, OUT_OF_OFFICE_MESSAGES, STATUS_MESSAGES, SURNAMES } from './names';
import { pick, pickWeighted, randomGuid, seededRandom, type Random } from './random';

/** A user as Graph stores it (the properties the emulator can return). */
export interface EmulatedUser {
  id: string;
  displayName: string;
  givenName: string;
  surname: string;
  mail: string | null;
  userPrincipalName: string;
  jobTitle: string | null;
  department: string | null;
  officeLocation: string | null;
  businessPhones: string[];
  mobilePhone: string | null;
  preferredLanguage: string | null;
  accountEnabled: boolean;
  userType: 'Member' | 'Guest';
}

export interface EmulatedPresence {
  availability: Availability;
  activity: Activity;
  /** May hold HTML, as Graph's may. */
  statusMessage: string | null;
  isOutOfOffice: boolean;
  outOfOfficeMessage: string | null;
  /** Graph's workLocationType; where not set, derived from the id (see workLocationFor). */
  workLocation?: 'office' | 'remote' | 'timeOff' | 'unspecified';
}

/**
 * Where someone works today, in the emulated tenant: time off while out of office; otherwise
 * about 40 % in the office, 40 % remote and 20 % unspecified, fixed per person (from the id, so
 * the seeded tenant's other draws are the same as before work locations existed).
 */
export function workLocationFor(
  id: string,
  presence: Pick<EmulatedPresence, 'isOutOfOffice' | 'workLocation'>,
): 'office' | 'remote' | 'timeOff' | 'unspecified' {
  if (presence.workLocation) return presence.workLocation;
  if (presence.isOutOfOffice) return 'timeOff';
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (Math.imul(hash, 31) + id.charCodeAt(i)) >>> 0;
  const share = hash % 10;
  return share < 4 ? 'office' : share < 8 ? 'remote' : 'unspecified';
}

export const TENANT_DOMAIN = 'contoso.com';

const AVAILABILITY_WEIGHTS: Record<Availability, number> = {
  Available: 30,
  AvailableIdle: 4,
  Away: 9,
  BeRightBack: 3,
  Busy: 15,
  BusyIdle: 2,
  DoNotDisturb: 5,
  Offline: 30,
  PresenceUnknown: 2,
};

const ACTIVITIES_BY_AVAILABILITY: Record<Availability, readonly Activity[]> = {
  Available: ['Available'],
  AvailableIdle: ['Available'],
  Away: ['Away', 'Away', 'Inactive'],
  BeRightBack: ['BeRightBack'],
  Busy: ['Busy', 'InACall', 'InAMeeting', 'InAMeeting', 'InAConferenceCall'],
  BusyIdle: ['Busy'],
  DoNotDisturb: ['DoNotDisturb', 'Presenting', 'Focusing', 'UrgentInterruptionsOnly'],
  Offline: ['Offline', 'Offline', 'OffWork', 'OutOfOffice'],
  PresenceUnknown: ['PresenceUnknown'],
};

const DEPARTMENTS = ['Finance', 'Sales', 'Engineering', 'Marketing', 'Legal', 'Operations', 'Human Resources', 'Support'] as const;
const JOB_TITLES = ['Analyst', 'Engineer', 'Manager', 'Designer', 'Consultant', 'Director', 'Specialist', 'Coordinator'] as const;
const OFFICES = ['Seattle', 'Lisbon', 'Berlin', 'Dublin', 'Tokyo', 'Remote'] as const;

const FOLD: Record<string, string> = { ł: 'l', Ł: 'l', ø: 'o', Ø: 'o', æ: 'ae', ß: 'ss', ı: 'i', đ: 'd' };

/** "José Ó Súilleabháin" → "jose.osuilleabhain": the ASCII local part of an address. */
export function mailLocalPart(given: string, surname: string): string {
  const fold = (s: string) =>
    s
      .replace(/[łŁøØæßıđ]/g, (c) => FOLD[c] ?? c)
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
  return `${fold(given)}.${fold(surname)}`;
}

export function randomPresence(random: Random): EmulatedPresence {
  const availability = pickWeighted(random, AVAILABILITY_WEIGHTS);
  const activity = pick(random, ACTIVITIES_BY_AVAILABILITY[availability]);
  const isOutOfOffice = activity === 'OutOfOffice' || random() < 0.02;
  return {
    availability,
    activity,
    statusMessage: random() < 0.15 ? pick(random, STATUS_MESSAGES) : null,
    isOutOfOffice,
    outOfOfficeMessage: isOutOfOffice ? pick(random, OUT_OF_OFFICE_MESSAGES) : null,
  };
}

export interface GeneratedTenant {
  users: EmulatedUser[];
  presence: Map<string, EmulatedPresence>;
}

/**
 * A deterministic tenant of `size` people: realistic and partly non-ASCII names, unique mail
 * and UPNs, about 3 % without mail, about 5 % guests with `#EXT#` UPNs, and a presence each.
 */
export function generateTenant(size: number, seed = 1): GeneratedTenant {
  const random = seededRandom(seed);
  const users: EmulatedUser[] = [];
  const presence = new Map<string, EmulatedPresence>();
  const localParts = new Map<string, number>();

  for (let i = 0; i < size; i++) {
    const givenName = pick(random, GIVEN_NAMES);
    const surname = pick(random, SURNAMES);
    const base = mailLocalPart(givenName, surname);
    const seen = (localParts.get(base) ?? 0) + 1;
    localParts.set(base, seen);
    const local = seen === 1 ? base : `${base}${seen}`;
    const isGuest = random() < 0.05;
    const hasMail = random() >= 0.03;
    const guestDomain = pick(random, GUEST_DOMAINS);
    const id = randomGuid(random);
    users.push({
      id,
      displayName: `${givenName} ${surname}`,
      givenName,
      surname,
      mail: !hasMail ? null : isGuest ? `${local}@${guestDomain}` : `${local}@${TENANT_DOMAIN}`,
      userPrincipalName: isGuest ? `${local}_${guestDomain}#EXT#@contoso.onmicrosoft.com` : `${local}@${TENANT_DOMAIN}`,
      jobTitle: isGuest ? null : pick(random, JOB_TITLES),
      department: isGuest ? null : pick(random, DEPARTMENTS),
      officeLocation: isGuest ? null : pick(random, OFFICES),
      businessPhones: [],
      mobilePhone: null,
      preferredLanguage: 'en-US',
      accountEnabled: random() >= 0.01,
      userType: isGuest ? 'Guest' : 'Member',
    });
    presence.set(id, randomPresence(random));
  }
  return { users, presence };
}
