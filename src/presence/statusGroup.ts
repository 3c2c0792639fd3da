import type { DirectoryUser, Person } from './types';

/** The status chips, in the order they are shown: reachable first. */
export const STATUS_GROUPS = ['available', 'busy', 'do-not-disturb', 'away', 'out-of-office', 'offline'] as const;
export type StatusGroup = (typeof STATUS_GROUPS)[number];

/** Where a person belongs among the chips: out of office wins over the badge while online. */
export function statusGroupOf(person: Person): StatusGroup {
  const { view } = person;
  if (!view.online) return 'offline';
  if (view.outOfOffice) return 'out-of-office';
  switch (view.badge) {
    case 'available':
      return 'available';
    case 'busy':
      return 'busy';
    case 'do-not-disturb':
      return 'do-not-disturb';
    default:
      return 'away';
  }
}

/** A guest: `userType` Guest when granted, else the `#EXT#` that Entra puts in a guest's UPN. */
export function isGuest(user: DirectoryUser): boolean {
  return user.userType === 'Guest' || (user.userPrincipalName?.includes('#EXT#') ?? false);
}
