import { describe, expect, it } from 'vitest';
import { buildBoardView, DEFAULT_CHOICES, profileAvailability, type ViewChoices } from '@/board/boardView';
import { toRelayPresenceRecord } from '@/board/relayFeed';
import { choicesFromUrl } from '@/board/tabChoice';
import { getPresences, workLocationOf } from '@/graph/presence';
import { indexPresence, joinPeople } from '@/presence/people';
import type { DirectoryUser, PresenceRecord, WorkLocation } from '@/presence/types';
import { emulatedGraphPerFile, testClient } from '../support/emulatedGraph';

const graph = emulatedGraphPerFile();

const user = (n: number): DirectoryUser => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  displayName: `Person ${n}`,
  mail: null,
  userPrincipalName: null,
});
const record = (n: number, availability: string, workLocation?: WorkLocation | null): PresenceRecord => ({
  id: user(n).id,
  availability,
  activity: availability,
  statusMessage: null,
  isOutOfOffice: false,
  ...(workLocation === undefined ? {} : { workLocation }),
});

describe("where people work (presence workLocation, Graph v1.0's userWorkLocation)", () => {
  it('reads office, remote and time off; unspecified, later values and junk as not known; no property as absent', () => {
    expect(workLocationOf({ workLocationType: 'office', source: 'manual', placeId: null })).toBe('office');
    expect(workLocationOf({ workLocationType: 'remote' })).toBe('remote');
    expect(workLocationOf({ workLocationType: 'timeOff' })).toBe('timeOff');
    expect(workLocationOf({ workLocationType: 'unspecified' })).toBeNull();
    expect(workLocationOf({ workLocationType: 'unknownFutureValue' })).toBeNull();
    expect(workLocationOf({ workLocationType: '__proto__' })).toBeNull();
    expect(workLocationOf('office')).toBeNull();
    expect(workLocationOf(null)).toBeNull();
    expect(workLocationOf(undefined)).toBeUndefined();
  });

  it('comes from the emulated tenant as Graph sends it, and not at all from a tenant without it', async () => {
    const emulator = graph.start({ users: 200 });
    const ids = emulator.users.map((u) => u.id);
    const records = await getPresences(testClient(), ids);
    const places = new Set(records.map((r) => r.workLocation));
    expect(places).toEqual(new Set(['office', 'remote', 'timeOff', null]));
    for (const r of records) if (r.isOutOfOffice) expect(r.workLocation).toBe('timeOff');

    graph.start({ users: 20, workLocations: false });
    const older = await getPresences(testClient(), ids.slice(0, 20));
    expect(older.every((r) => !('workLocation' in r))).toBe(true);
  });

  it('filters the board to the office or remote, with counts that follow the status chips and the search', () => {
    const users = [1, 2, 3, 4, 5, 6].map(user);
    const presence = indexPresence([
      record(1, 'Available', 'office'),
      record(2, 'Busy', 'office'),
      record(3, 'Available', 'remote'),
      record(4, 'Available', null),
      record(5, 'Offline', 'office'),
      record(6, 'Available', 'timeOff'),
    ]);
    const people = joinPeople(users, presence);
    const view = (choices: Partial<ViewChoices>, query = '') =>
      buildBoardView({ people, query, choices: { ...DEFAULT_CHOICES, ...choices }, favourites: new Set() });
    const names = (v: ReturnType<typeof view>) => v.people.map((p) => p.user.displayName).sort();

    const all = view({});
    // Offline people are not counted where the board does not show them.
    expect(all.whereCounts).toEqual({ office: 2, remote: 1 });
    expect(names(view({ where: 'office' }))).toEqual(['Person 1', 'Person 2']);
    expect(names(view({ where: 'remote' }))).toEqual(['Person 3']);
    // Status chips narrow the counts; the where choice narrows the status counts.
    expect(view({ statuses: ['busy'] }).whereCounts).toEqual({ office: 1, remote: 0 });
    expect(view({ where: 'office' }).counts.available).toBe(1);
    expect(view({ where: 'office', showOffline: true }).people).toHaveLength(3);
    expect(view({}, 'Person 3').whereCounts).toEqual({ office: 0, remote: 1 });
  });

  it('is offered only where presence carries it', () => {
    const users = [user(1)];
    expect(profileAvailability(users, indexPresence([record(1, 'Available', 'office')])).workLocations).toBe(true);
    expect(profileAvailability(users, indexPresence([record(1, 'Available', null)])).workLocations).toBe(true);
    expect(profileAvailability(users, indexPresence([record(1, 'Available')])).workLocations).toBe(false);
  });

  it('comes through the presence relay, checked like Graph', () => {
    const base = { id: user(1).id, availability: 'Available', activity: 'Available', isOutOfOffice: false };
    expect(toRelayPresenceRecord({ ...base, workLocation: 'office' })!.workLocation).toBe('office');
    expect(toRelayPresenceRecord({ ...base, workLocation: 'moon' })!.workLocation).toBeNull();
    expect(toRelayPresenceRecord(base)!).not.toHaveProperty('workLocation');
  });

  it('can be fixed by the link (?where=office), nothing else taken from it', () => {
    expect(choicesFromUrl('?where=office')).toEqual({ where: 'office' });
    expect(choicesFromUrl('?where=remote&q=x')).toEqual({ where: 'remote' });
    expect(choicesFromUrl('?where=everywhere')).toEqual({});
    expect(choicesFromUrl('')).toEqual({});
  });
});
