import { describe, expect, it } from 'vitest';
import { buildBoardView, DEFAULT_CHOICES, type ViewChoices } from '@/board/boardView';
import { sortByName } from '@/presence/search';
import { createPeopleJoiner, foldForSearch, indexPresence, joinPeople } from '@/presence/people';
import type { DirectoryUser, Person, PresenceRecord } from '@/presence/types';

/** The people the board shows for these choices (default: the online, in the order given). */
const shown = (people: readonly Person[], query = '', choices: Partial<ViewChoices> = { sortBy: 'name' }) =>
  buildBoardView({ people, query, choices: { ...DEFAULT_CHOICES, ...choices }, favourites: new Set() }).people;

const user = (id: string, displayName: string, mail: string | null = null): DirectoryUser => ({
  id,
  displayName,
  mail,
  userPrincipalName: null,
});
const presence = (id: string, availability: string, activity = availability): PresenceRecord => ({
  id,
  availability,
  activity,
  statusMessage: null,
  isOutOfOffice: false,
});

describe('joinPeople', () => {
  it('joins presence to users by id, ignoring the case of the GUID', () => {
    const users = [user('AAAAAAAA-0000-4000-8000-000000000001', 'Ana')];
    const people = joinPeople(users, indexPresence([presence('aaaaaaaa-0000-4000-8000-000000000001', 'Busy', 'InAMeeting')]));
    expect(people).toHaveLength(1);
    expect(people[0]!.view).toMatchObject({ badge: 'busy', label: 'In a meeting', online: true });
  });

  it('classifies a user without presence as unknown and keeps them', () => {
    const people = joinPeople([user('1', 'Ana'), user('2', 'Ben')], indexPresence([presence('1', 'Available')]));
    expect(people.map((p) => [p.user.displayName, p.view.badge])).toEqual([
      ['Ana', 'available'],
      ['Ben', 'unknown'],
    ]);
    expect(people[1]!.presence).toBeNull();
  });

  it('lists a user the directory repeats only once', () => {
    const people = joinPeople([user('ab', 'Ana'), user('AB', 'Ana again'), user('cd', 'Ben')], new Map());
    expect(people.map((p) => p.user.displayName)).toEqual(['Ana', 'Ben']);
  });

  it('ignores presence for ids the directory did not name', () => {
    const people = joinPeople([user('1', 'Ana')], indexPresence([presence('1', 'Available'), presence('9', 'Available')]));
    expect(people).toHaveLength(1);
  });
});

describe('who counts as online', () => {
  it('keeps every availability except Offline and PresenceUnknown, whatever the case, and drops unknown values', () => {
    const values = [
      'Available',
      'availableidle',
      'AWAY',
      'BeRightBack',
      'Busy',
      'BusyIdle',
      'DoNotDisturb',
      'Offline',
      'offline',
      'PresenceUnknown',
      'Bogus',
    ];
    const users = values.map((v, i) => user(String(i), v));
    const online = shown(joinPeople(users, indexPresence(values.map((v, i) => presence(String(i), v)))));
    expect(online.map((p) => p.user.displayName)).toEqual([
      'Available',
      'availableidle',
      'AWAY',
      'BeRightBack',
      'Busy',
      'BusyIdle',
      'DoNotDisturb',
    ]);
  });
});

describe('sorting by status', () => {
  it('puts available people first, then busy, do not disturb and away, each by name in the locale', () => {
    const users = [user('1', 'Zoë'), user('2', 'Émile'), user('3', 'adele'), user('4', 'Bo'), user('5', 'Ömer'), user('6', 'Carl')];
    const records = [
      presence('1', 'Available'),
      presence('2', 'Available'),
      presence('3', 'Away'),
      presence('4', 'Busy'),
      presence('5', 'Available'),
      presence('6', 'DoNotDisturb'),
    ];
    const sorted = shown(joinPeople(sortByName(users, 'en'), indexPresence(records)), '', { sortBy: 'status' });
    expect(sorted.map((p) => p.user.displayName)).toEqual(['Émile', 'Ömer', 'Zoë', 'Bo', 'Carl', 'adele']);
  });

  it('uses the locale: Swedish sorts Ö after Z', () => {
    const users = [user('1', 'Ömer'), user('2', 'Zoë')];
    const records = [presence('1', 'Available'), presence('2', 'Available')];
    expect(shown(joinPeople(sortByName(users, 'sv'), indexPresence(records))).map((p) => p.user.displayName)).toEqual(['Zoë', 'Ömer']);
  });
});

describe('search', () => {
  const searchPeople = (people: readonly Person[], query: string) => shown(people, query, { showOffline: true });
  const people = joinPeople(
    [user('1', 'José García', 'jose.garcia@contoso.com'), user('2', 'Ana Sousa', 'ana@fabrikam.com'), user('3', 'Ben Lee', null)],
    new Map(),
  );

  it('finds by name without accents or case', () => {
    expect(searchPeople(people, 'jose').map((p) => p.user.id)).toEqual(['1']);
    expect(searchPeople(people, 'GARCÍA').map((p) => p.user.id)).toEqual(['1']);
  });

  it('finds by mail and needs every word', () => {
    expect(searchPeople(people, 'fabrikam').map((p) => p.user.id)).toEqual(['2']);
    expect(searchPeople(people, 'ana contoso')).toEqual([]);
  });

  it('finds by the office location the row shows, ignoring accents and case, and still needs every word', () => {
    const office = joinPeople(
      [
        { ...user('4', 'Kenji Sato', 'kenji@contoso.com'), jobTitle: 'Engineer', officeLocation: 'Tokyo' },
        { ...user('5', 'Lena Roth', 'lena@contoso.com'), jobTitle: 'Engineer', officeLocation: 'Zürich' },
        user('6', 'Tokyo Nakamura', null),
      ],
      new Map(),
    );
    expect(searchPeople(office, 'tokyo').map((p) => p.user.id)).toEqual(['4', '6']);
    expect(searchPeople(office, 'ZURICH').map((p) => p.user.id)).toEqual(['5']);
    expect(searchPeople(office, 'engineer tokyo').map((p) => p.user.id)).toEqual(['4']);
    expect(searchPeople(office, 'lena tokyo')).toEqual([]);
  });

  it('returns everyone for an empty or blank query', () => {
    expect(searchPeople(people, '   ')).toHaveLength(3);
  });

  it('folds accents for matching', () => {
    expect(foldForSearch('Søren Åström')).toBe('søren astrom');
  });
});

describe('createPeopleJoiner', () => {
  it('gives back the same Person while user and presence records are unchanged, a new one when presence changes', () => {
    const join = createPeopleJoiner();
    const users = [user('1', 'Ana'), user('2', 'Ben')];
    const first = join(users, indexPresence([presence('1', 'Available'), presence('2', 'Busy')]));
    const changed = presence('2', 'Away');
    const second = join(
      users,
      new Map([
        ['1', first[0]!.presence!],
        ['2', changed],
      ]),
    );
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]!.view.badge).toBe('away');
  });
});
