import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdBatcher } from '@/board/idBatcher';
import { chunkEvenly } from '@/graph/presence';
import { AVAILABILITIES, classifyPresence } from '@/presence/classify';
import { buildBoardView, DEFAULT_CHOICES, indexPeople, type ViewChoices } from '@/board/boardView';
import { indexPresence, joinPeople } from '@/presence/people';
import { mergeByName, sortByName } from '@/presence/search';
import { htmlToPlainText } from '@/presence/text';
import type { DirectoryUser, PresenceRecord } from '@/presence/types';
import { seeded } from './seed';

const availability = fc.oneof(
  fc.constantFrom(...AVAILABILITIES),
  fc.constantFrom(...AVAILABILITIES).map((a) => a.toUpperCase()),
  fc.string(),
);
const id = fc.constantFrom('a', 'A', 'b', 'B', 'c', 'd', 'e', 'f');
const user = fc.record<DirectoryUser>({
  id,
  displayName: fc.string(),
  mail: fc.option(fc.string(), { nil: null }),
  userPrincipalName: fc.constant(null),
});
const presence = fc.record<PresenceRecord>(
  {
    id,
    availability,
    activity: fc.string(),
    statusMessage: fc.constant(null),
    isOutOfOffice: fc.boolean(),
    workLocation: fc.constantFrom('office', 'remote', 'timeOff', null),
  },
  { requiredKeys: ['id', 'availability', 'activity', 'statusMessage', 'isOutOfOffice'] },
);

describe('domain invariants for any input', () => {
  it('classify never throws, always labels, and calls online exactly the known non-offline availabilities', () => {
    fc.assert(
      fc.property(availability, fc.oneof(fc.string(), fc.constant(null)), fc.boolean(), (a, act, ooo) => {
        const view = classifyPresence(a, act, ooo);
        expect(view.label.length).toBeGreaterThan(0);
        const known = AVAILABILITIES.find((k) => k.toLowerCase() === a.trim().toLowerCase());
        expect(view.online).toBe(known !== undefined && known !== 'Offline' && known !== 'PresenceUnknown');
        expect(view.outOfOffice).toBe(ooo || act?.trim().toLowerCase() === 'outofoffice');
      }),
      seeded(),
    );
  });

  it('join lists each user once, in order, whatever the presence', () => {
    fc.assert(
      fc.property(fc.array(user), fc.array(presence), (users, records) => {
        const people = joinPeople(users, indexPresence(records));
        const keys = people.map((p) => p.user.id.toLowerCase());
        expect(new Set(keys).size).toBe(keys.length);
        expect(new Set(keys)).toEqual(new Set(users.map((u) => u.id.toLowerCase())));
        for (const p of people) expect(users).toContain(p.user);
      }),
      seeded(),
    );
  });

  it('filters, sorting, grouping and search only narrow or reorder, never add or repeat', () => {
    const choices = fc.record<ViewChoices>({
      statuses: fc.subarray(['available', 'busy', 'do-not-disturb', 'away', 'out-of-office', 'offline'] as const),
      showOffline: fc.boolean(),
      groupBy: fc.constantFrom('none', 'status', 'department'),
      sortBy: fc.constantFrom('status', 'name'),
      hideGuests: fc.boolean(),
      hideDisabled: fc.boolean(),
      where: fc.constantFrom('anywhere', 'office', 'remote'),
      density: fc.constantFrom('comfortable', 'compact'),
      calendars: fc.boolean(),
      people: fc.constantFrom('auto', 'everyone', 'mine', 'team'),
    });
    fc.assert(
      fc.property(fc.array(user), fc.array(presence), fc.string(), choices, fc.array(id), (users, records, query, chosen, favs) => {
        const people = joinPeople(users, indexPresence(records));
        const view = buildBoardView({ people, query, choices: chosen, favourites: new Set(favs.map((f) => f.toLowerCase())) });
        expect(new Set(view.people).size).toBe(view.people.length);
        for (const p of view.people) expect(people).toContain(p);
        const all = buildBoardView({ people, query: '', choices: { ...DEFAULT_CHOICES, showOffline: true }, favourites: new Set() });
        expect(all.people).toHaveLength(people.length);
        expect(view.rows.filter((r) => r.kind === 'person')).toHaveLength(view.people.length);
      }),
      seeded(),
    );
  });

  it('a search narrowed from kept answers (typing on, backspacing) finds exactly what a fresh search finds', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'n', 'á', ' ', 'A'), maxLength: 6 });
    const named = fc.record<DirectoryUser>({
      id: fc.uuid(),
      displayName: text,
      mail: fc.option(text, { nil: null }),
      userPrincipalName: fc.constant(null),
    });
    fc.assert(
      fc.property(fc.array(named, { maxLength: 40 }), fc.array(text, { maxLength: 10 }), (users, queries) => {
        const people = joinPeople(users, new Map());
        const shared = indexPeople(people);
        const choices = { ...DEFAULT_CHOICES, showOffline: true };
        for (const query of queries) {
          const narrowed = buildBoardView({ people: shared, query, choices, favourites: new Set() }).people;
          const fresh = buildBoardView({ people: indexPeople(people), query, choices, favourites: new Set() }).people;
          expect(narrowed).toEqual(fresh);
        }
      }),
      seeded(),
    );
  });

  it('chunkEvenly and the id batcher keep every id once, in calls of at most 650', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1500 }), { maxLength: 12 }), (pageSizes) => {
        let next = 0;
        const pages = pageSizes.map((n) => Array.from({ length: n }, () => String(next++)));
        const all = pages.flat();
        const even = chunkEvenly(all, 650);
        expect(even.flat()).toEqual(all);
        expect(even.length).toBe(Math.ceil(all.length / 650));
        const batcher = new IdBatcher();
        const calls = [...pages.flatMap((p) => batcher.add(p)), ...batcher.flush()];
        expect(calls.flat()).toEqual(all);
        expect(calls.every((c) => c.length > 0 && c.length <= 650)).toBe(true);
      }),
      seeded(),
    );
  });

  it('plain text from HTML never keeps a tag that was in the input', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('script', 'img', 'b', 'a', 'iframe'), fc.string(), (before, tag, after) => {
        const text = htmlToPlainText(`${before.replace(/[<&]/g, '')}<${tag} x="1">${after.replace(/[<&]/g, '')}</${tag}>`);
        expect(text).not.toMatch(new RegExp(`<${tag}[\\s>]`, 'i'));
      }),
      seeded(),
    );
  });

  it('a directory merged into name order page by page is in the order a sort of the whole gives', () => {
    const named = fc.record<DirectoryUser>({
      id: fc.uuid(),
      displayName: fc.constantFrom('Ana', 'ana', 'Álvaro', 'Zoë', 'Ömer', 'Bea', 'item 2', 'item 10', ''),
      mail: fc.option(fc.constantFrom('a@x', 'b@x', 'c@x'), { nil: null }),
      userPrincipalName: fc.constant(null),
    });
    fc.assert(
      fc.property(fc.array(fc.array(named, { maxLength: 12 }), { maxLength: 6 }), fc.constantFrom('en', 'sv', 'de'), (pages, locale) => {
        let sorted: DirectoryUser[] = [];
        for (const page of pages) sorted = mergeByName(sorted, page, locale);
        expect(sorted).toEqual(sortByName(pages.flat(), locale));
      }),
      seeded(),
    );
  });
});
