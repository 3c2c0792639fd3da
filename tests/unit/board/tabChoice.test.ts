import { describe, expect, it } from 'vitest';
import { contentUrlFor, defaultSearchFromUrl, directoryFromUrl, savedTabChoice } from '@/board/tabChoice';

const GROUP = '02bd9fd6-8f93-4758-87c3-1fb73740a315';

describe('channel tab choice', () => {
  it('carries the choice in the content URL and reads it back', () => {
    const team = contentUrlFor('team', 'https://tab.example.net/index.html?x=1#y', GROUP);
    expect(team).toBe(`https://tab.example.net/index.html?show=team&group=${GROUP}`);
    expect(directoryFromUrl(new URL(team).search)).toEqual({ kind: 'group', groupId: GROUP });
    const org = contentUrlFor('organisation', 'https://tab.example.net/index.html', GROUP);
    expect(directoryFromUrl(new URL(org).search)).toEqual({ kind: 'organisation' });
  });

  it('shows the whole organisation for anything unclear', () => {
    expect(directoryFromUrl('')).toEqual({ kind: 'organisation' });
    expect(directoryFromUrl('?show=team')).toEqual({ kind: 'organisation' });
    expect(directoryFromUrl('?show=team&group=../../users')).toEqual({ kind: 'organisation' });
  });

  it('carries a default search, trimmed and bounded', () => {
    const url = new URL(contentUrlFor('organisation', 'https://tab.example.net/index.html', undefined, '  fabrikam.com '));
    expect(url.searchParams.get('q')).toBe('fabrikam.com');
    expect(defaultSearchFromUrl(url.search)).toBe('fabrikam.com');
    expect(defaultSearchFromUrl(`?q=${'x'.repeat(500)}`)).toHaveLength(200);
    expect(new URL(contentUrlFor('organisation', 'https://tab.example.net/', undefined, '   ')).searchParams.has('q')).toBe(false);
  });

  it('reads a saved tab back, so reconfiguring starts from what was chosen', () => {
    const page = 'https://tab.example.net/index.html?x=1';
    const saved = contentUrlFor('team', page, GROUP, 'sales');
    expect(savedTabChoice(saved, page)).toEqual({ choice: 'team', defaultSearch: 'sales', wall: false });
    expect(savedTabChoice(contentUrlFor('organisation', page, GROUP), page)).toEqual({
      choice: 'organisation',
      defaultSearch: '',
      wall: false,
    });
    // A channel's wall display (the office board in its channel) opens as one again.
    const wall = contentUrlFor('team', page, GROUP, '', true);
    expect(new URL(wall).searchParams.get('view')).toBe('wall');
    expect(savedTabChoice(wall, page)).toEqual({ choice: 'team', defaultSearch: '', wall: true });
    expect(savedTabChoice(null, page)).toBeNull();
    expect(savedTabChoice('not a url', page)).toBeNull();
    // Not ours: another site, or another page of this one.
    expect(savedTabChoice(`https://evil.example/index.html?show=team&group=${GROUP}&q=Call IT`, page)).toBeNull();
    expect(savedTabChoice(`https://tab.example.net/other.html?show=team&group=${GROUP}`, page)).toBeNull();
  });
});
