import { classifyPresence } from './classify';
import type { DirectoryUser, Person, PresenceRecord } from './types';

/** Graph object ids are GUIDs: compare them case-insensitively. */
export function idKey(id: string): string {
  return id.trim().toLowerCase();
}

/** Indexes presence records by id key; a later record for the same id wins. */
export function indexPresence(records: Iterable<PresenceRecord>): Map<string, PresenceRecord> {
  const byId = new Map<string, PresenceRecord>();
  for (const record of records) byId.set(idKey(record.id), record);
  return byId;
}

function toPerson(user: DirectoryUser, presence: PresenceRecord | null): Person {
  const view = presence ? classifyPresence(presence.availability, presence.activity, presence.isOutOfOffice) : classifyPresence(null, null);
  return { user, presence, view };
}

/**
 * Joins directory users with presence by id. Each user appears once (the first time the
 * directory named them); a user without presence is classified as unknown.
 */
export function joinPeople(users: Iterable<DirectoryUser>, presenceById: ReadonlyMap<string, PresenceRecord>): Person[] {
  return createPeopleJoiner()(users, presenceById);
}

/**
 * `joinPeople` that remembers its answers: a person whose user and presence records are the
 * same objects as last time is the same Person object, so a list redraws only who changed.
 */
export function createPeopleJoiner(): typeof joinPeople {
  const previous = new WeakMap<DirectoryUser, Person>();
  return (users, presenceById) => {
    const seen = new Set<string>();
    const people: Person[] = [];
    for (const user of users) {
      const key = idKey(user.id);
      if (seen.has(key)) continue;
      seen.add(key);
      const presence = presenceById.get(key) ?? null;
      let person = previous.get(user);
      if (!person || person.presence !== presence) {
        person = toPerson(user, presence);
        previous.set(user, person);
      }
      people.push(person);
    }
    return people;
  };
}

const NON_ASCII = /[\u0080-\uffff]/;

/** Lower-case, without accents, so "jose" finds "José". */
export function foldForSearch(text: string): string {
  // Plain ASCII (most names and every mail address) has no accents to remove.
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
