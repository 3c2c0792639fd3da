import { describe, expect, it } from 'vitest';
import { ROW_HEADING, ROW_PERSON } from '@/board/remote/protocol';
import { directoryFromUrl } from '@/board/tabChoice';
import { isWallDisplay, tilesThatFit, wallPages, wallSettingsFromUrl, WALL_SECONDS } from '@/board/wallDisplay';

describe('the wall display', () => {
  it('is asked for with ?view=wall', () => {
    expect(isWallDisplay('?view=wall')).toBe(true);
    expect(isWallDisplay('?view=list')).toBe(false);
    expect(isWallDisplay('')).toBe(false);
  });

  it('takes its settings from the link, never shows offline people, and ignores what it does not know', () => {
    const s = wallSettingsFromUrl('?view=wall&seconds=30&status=Busy,offline,available,nonsense&group=department&q=Sales&where=office');
    expect(s.seconds).toBe(30);
    expect(s.query).toBe('Sales');
    expect(s.choices).toMatchObject({
      statuses: ['busy', 'available'],
      showOffline: false,
      groupBy: 'department',
      where: 'office',
      sortBy: 'name',
    });
    const plain = wallSettingsFromUrl('?view=wall&seconds=1&group=mood&where=moon');
    expect(plain.seconds).toBe(WALL_SECONDS.default);
    expect(plain.choices).toMatchObject({ statuses: [], showOffline: false, groupBy: 'none', where: 'anywhere' });
    expect(wallSettingsFromUrl('?seconds=99999').seconds).toBe(WALL_SECONDS.default);
    expect(directoryFromUrl('?view=wall&team=02bd9fd6-8f93-4758-87c3-1fb73740a315')).toEqual({
      kind: 'group',
      groupId: '02bd9fd6-8f93-4758-87c3-1fb73740a315',
    });
    expect(directoryFromUrl('?view=wall&team=not-a-guid')).toEqual({ kind: 'organisation' });
  });

  it('fits whole tiles only: a 1920 × 1080 screen (less its header) holds 6 × 4', () => {
    expect(tilesThatFit({ width: 1872, height: 880 }, { width: 280, height: 196 }, 16)).toEqual({ columns: 6, rows: 4, perPage: 24 });
    expect(tilesThatFit({ width: 100, height: 100 }, { width: 280, height: 196 }, 16)).toEqual({ columns: 1, rows: 1, perPage: 1 });
  });

  it('cuts the people into pages, each starting from the heading its first person is under', () => {
    // heading, 3 people, heading, 2 people
    const kinds = Uint8Array.from([ROW_HEADING, ROW_PERSON, ROW_PERSON, ROW_PERSON, ROW_HEADING, ROW_PERSON, ROW_PERSON]);
    const pages = wallPages(kinds, 2);
    expect(pages.count).toBe(3);
    expect(pages.page(0)).toEqual({ people: [1, 2], firstRow: 0, lastRow: 2 });
    expect(pages.page(1)).toEqual({ people: [3, 5], firstRow: 3, lastRow: 5 });
    expect(pages.page(2)).toEqual({ people: [6], firstRow: 6, lastRow: 6 });
    expect(wallPages(new Uint8Array(0), 24).count).toBe(1);
    expect(wallPages(new Uint8Array(0), 24).page(0).people).toEqual([]);
  });
});
