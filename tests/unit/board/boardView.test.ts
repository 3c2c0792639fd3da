import { describe, expect, it } from 'vitest';
import { buildBoardView, DEFAULT_CHOICES, type ViewChoices } from '@/board/boardView';
import { matchRanges, queryWords, sortByName } from '@/presence/search';
import { joinPeople, indexPresence } from '@/presence/people';
import type { DirectoryUser, PresenceRecord } from '@/presence/types';

const u = (id: string, displayName: string, extra: Partial<DirectoryUser> = {}): DirectoryUser => ({
  id,
  displayName,
  mail: `${id}@contoso.com`,
  userPrincipalName: `${id}@contoso.com`,
  ...extra,
});
const p = (id: string, availability: string, activity = availability, isOutOfOffice = false): PresenceRecord => ({
  id,
  availability,
  activity,
  statusMessage: null,
  isOutOfOffice,
});

const users = [
  u('zoe', 'Zoë Adams', { department: 'Finance', jobTitle: 'Analyst' }),
  u('ana', 'Ana Silva', { department: 'Sales' }),
  u('ben', 'Ben Ong', { department: 'Finance' }),
  u('cat', 'Cat Núñez', { userPrincipalName: 'cat_fabrikam.com#EXT#@contoso.onmicrosoft.com' }),
  u('dan', 'Dan Wu', { accountEnabled: false, department: 'Sales' }),
  u('eve', 'Eve Ray', { department: 'Legal' }),
];
const presence = indexPresence([
  p('zoe', 'Available'),
  p('ana', 'Busy', 'InAMeeting'),
  p('ben', 'Offline'),
  p('cat', 'DoNotDisturb', 'Presenting'),
  p('dan', 'Away'),
  p('eve', 'Available', 'Available', true),
]);
const everyone = joinPeople(sortByName(users, 'en'), presence);
const view = (choices: Partial<ViewChoices> = {}, query = '', favourites: string[] = []) =>
  buildBoardView({ people: everyone, query, choices: { ...DEFAULT_CHOICES, ...choices }, favourites: new Set(favourites) });
const names = (v: ReturnType<typeof view>) => v.people.map((x) => x.user.displayName);

describe('the board view', () => {
  it('shows the online by status then name, with a count per chip, and the online count whatever the filters', () => {
    const v = view();
    expect(names(v)).toEqual(['Zoë Adams', 'Ana Silva', 'Cat Núñez', 'Dan Wu', 'Eve Ray']);
    expect(v.counts).toEqual({ available: 1, busy: 1, 'do-not-disturb': 1, away: 1, 'out-of-office': 1, offline: 1 });
    expect(v.onlineCount).toBe(5);
    expect(view({ statuses: ['busy'] }, 'zzz').onlineCount).toBe(5);
  });

  it('sorts by name when asked, and shows offline people only when asked', () => {
    expect(names(view({ sortBy: 'name' }))).toEqual(['Ana Silva', 'Cat Núñez', 'Dan Wu', 'Eve Ray', 'Zoë Adams']);
    expect(names(view({ sortBy: 'name', showOffline: true }))).toContain('Ben Ong');
  });

  it('keeps only the chips turned on; counts still show every status', () => {
    const v = view({ statuses: ['available', 'out-of-office'] });
    expect(names(v)).toEqual(['Zoë Adams', 'Eve Ray']);
    expect(v.counts.busy).toBe(1);
    expect(names(view({ statuses: ['offline'] }))).toEqual(['Ben Ong']);
  });

  it('searches name, mail, job title and department, ignoring accents and case; counts follow the search', () => {
    expect(names(view({}, 'zoe'))).toEqual(['Zoë Adams']);
    expect(names(view({}, 'NUNEZ'))).toEqual(['Cat Núñez']);
    expect(names(view({}, 'analyst'))).toEqual(['Zoë Adams']);
    expect(names(view({ showOffline: true }, 'finance'))).toEqual(['Zoë Adams', 'Ben Ong']);
    expect(view({}, 'finance').counts).toMatchObject({ available: 1, offline: 1, busy: 0 });
    expect(names(view({}, 'ana sales'))).toEqual(['Ana Silva']);
  });

  it('hides guests (from #EXT# without userType) and disabled accounts when asked', () => {
    expect(names(view({ hideGuests: true }))).not.toContain('Cat Núñez');
    expect(names(view({ hideDisabled: true }))).not.toContain('Dan Wu');
    expect(view({ hideGuests: true }).counts['do-not-disturb']).toBe(0);
  });

  it('pins favourites on top, in their own group when grouping', () => {
    expect(names(view({}, '', ['dan']))[0]).toBe('Dan Wu');
    // An offline favourite stays pinned, unless status chips choose otherwise; it counts as offline.
    expect(names(view({}, '', ['ben']))[0]).toBe('Ben Ong');
    expect(view({}, '', ['ben']).onlineCount).toBe(5);
    expect(names(view({ statuses: ['available'] }, '', ['ben']))).not.toContain('Ben Ong');
    const grouped = view({ groupBy: 'status' }, '', ['dan']);
    expect(grouped.rows.map((r) => (r.kind === 'heading' ? `# ${r.group} ${r.count}` : r.person.user.displayName))).toEqual([
      '# favourites 1',
      'Dan Wu',
      '# available 1',
      'Zoë Adams',
      '# busy 1',
      'Ana Silva',
      '# do-not-disturb 1',
      'Cat Núñez',
      '# out-of-office 1',
      'Eve Ray',
    ]);
  });

  it('groups by department, alphabetically, with people without one last', () => {
    const v = view({ groupBy: 'department', sortBy: 'name' }, '', []);
    expect(v.rows.map((r) => (r.kind === 'heading' ? `# ${r.label}` : r.person.user.displayName))).toEqual([
      '# Finance',
      'Zoë Adams',
      '# Legal',
      'Eve Ray',
      '# Sales',
      'Ana Silva',
      'Dan Wu',
      '# No department',
      'Cat Núñez',
    ]);
  });
});

describe('matchRanges', () => {
  it('finds folded words in the original text, merged and in order', () => {
    expect(matchRanges('José Núñez', queryWords('nun jose'))).toEqual([
      [0, 4],
      [5, 8],
    ]);
    expect(matchRanges('Anna', queryWords('an nn'))).toEqual([[0, 3]]);
    expect(matchRanges('Ana', [])).toEqual([]);
  });

  it('maps back over characters that fold to more or fewer characters', () => {
    // "e" + combining acute is two code units that fold to one "e".
    const text = 'Rene\u0301 Straße';
    const [start, end] = matchRanges(text, queryWords('rene'))[0]!;
    expect(text.slice(start, end)).toBe('Rene\u0301'.slice(0, 4));
    const ranges = matchRanges('𝒜lice', queryWords('lice'));
    expect('𝒜lice'.slice(...ranges[0]!)).toBe('lice');
  });
});

describe('row keys', () => {
  it('are unique whatever ids the directory gives: a person is never keyed as a heading or another favourite', () => {
    // Graph's ids are GUIDs; a hostile or broken directory may send anything (README: "bad ids").
    const odd = [u('h:offline', 'Mallory Offline'), u('h:d:Sales', 'Mallory Sales', { department: 'Sales' }), u('fav:zoe', 'Mallory Zoe')];
    const people = joinPeople(sortByName([...users, ...odd], 'en'), presence);
    for (const groupBy of ['status', 'department', 'none'] as const) {
      const v = buildBoardView({
        people,
        query: '',
        choices: { ...DEFAULT_CHOICES, showOffline: true, groupBy },
        favourites: new Set(['zoe']),
      });
      const keys = v.rows.map((row) => row.key);
      expect(new Set(keys).size, groupBy).toBe(keys.length);
    }
  });
});
