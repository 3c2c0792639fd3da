import { idKey, type joinPeople } from '../presence/people';
import { sortByName } from '../presence/search';
import type { DirectoryUser, PresenceRecord } from '../presence/types';
import { indexPeople, type PeopleIndex } from './boardView';
import type { ReadList } from './relevantPeopleStore';

export interface ListIndexInput {
  /** My people or My team, with their own presence. */
  list: ReadList;
  /** The directory as listed so far (may be empty while it loads): where favourites outside the list are found. */
  directory: PeopleIndex;
  /** Favourites' ids (lower-case). */
  favourites: readonly string[];
  /** The session's joiner for this list (the same Person objects while nothing changed). */
  join: typeof joinPeople;
  locale?: string;
}

/**
 * The people index of a list the board reads apart from the directory (a few dozen people), in
 * name order like the directory's, so search, chips, sorting and grouping work on it unchanged.
 * Favourites still pin: a favourite outside the list joins it once the directory has listed them,
 * with the directory's presence.
 */
export function listIndex({ list, directory, favourites, join, locale }: ListIndexInput): PeopleIndex {
  const inList = new Set(list.users.map((user) => idKey(user.id)));
  const wanted = new Set(favourites.filter((id) => !inList.has(id)));
  const users: DirectoryUser[] = [...list.users];
  let presence: ReadonlyMap<string, PresenceRecord> = list.presence;
  if (wanted.size > 0) {
    const merged = new Map(list.presence);
    const { idKeys, people } = directory;
    for (let i = 0; i < idKeys.length && wanted.size > 0; i++) {
      const key = idKeys[i]!;
      if (!wanted.has(key)) continue;
      wanted.delete(key);
      const person = people[i]!;
      users.push(person.user);
      if (person.presence) merged.set(key, person.presence);
    }
    presence = merged;
  }
  return indexPeople(join(sortByName(users, locale), presence));
}
