import type { DirectoryScope } from '../graph/users';
import type { ViewChoices } from './boardView';
import { isGuid } from '../host/guid';
import { peopleChoiceOf } from './peopleChoice';

/** What a channel tab shows, chosen on its configuration page and carried in its content URL. */
export type TabChoice = 'organisation' | 'team';

/** The content URL Teams saves for the tab: the page itself, told whose people to list and what to search for first. */
export function contentUrlFor(choice: TabChoice, pageUrl: string, groupId: string | undefined, defaultSearch = '', wall = false): string {
  const url = new URL(pageUrl);
  url.search = '';
  url.hash = '';
  url.searchParams.set('show', choice);
  if (wall) url.searchParams.set('view', 'wall');
  if (choice === 'team' && groupId) url.searchParams.set('group', groupId);
  if (defaultSearch.trim()) url.searchParams.set('q', defaultSearch.trim().slice(0, 200));
  return url.href;
}

/** The channel's default search, as plain text (it only ever fills the search box). */
export function defaultSearchFromUrl(search: string): string {
  return (new URLSearchParams(search).get('q') ?? '').slice(0, 200);
}

/**
 * View choices a link fixes (a screen by the office entrance: `?where=office`; the people I work
 * with: `?people=mine`, or `team`, `everyone`), over those the person saved; values the board does
 * not know are ignored.
 */
export function choicesFromUrl(search: string): Partial<ViewChoices> {
  const params = new URLSearchParams(search);
  const where = params.get('where');
  const people = peopleChoiceOf(params.get('people'));
  return {
    ...(where === 'office' || where === 'remote' ? { where } : {}),
    ...(people !== undefined && people !== 'auto' ? { people } : {}),
  };
}

/**
 * Reads the choice back from the content URL (`show=team&group=<id>`, or a wall display's
 * `team=<id>`); anything unclear shows the whole organisation.
 */
export function directoryFromUrl(search: string): DirectoryScope {
  const params = new URLSearchParams(search);
  const team = params.get('team');
  if (team !== null && isGuid(team)) return { kind: 'group', groupId: team };
  const group = params.get('group');
  return params.get('show') === 'team' && group !== null && isGuid(group) ? { kind: 'group', groupId: group } : { kind: 'organisation' };
}

/**
 * What a channel tab was set to before, read from its saved content URL: null when it was never
 * configured, or when the saved URL is not this page (another origin or path is not ours to read).
 */
export function savedTabChoice(
  contentUrl: string | null,
  pageUrl: string,
): { choice: TabChoice; defaultSearch: string; wall: boolean } | null {
  if (!contentUrl) return null;
  let url: URL;
  try {
    url = new URL(contentUrl);
  } catch {
    return null;
  }
  const page = new URL(pageUrl);
  if (url.origin !== page.origin || url.pathname !== page.pathname) return null;
  return {
    choice: directoryFromUrl(url.search).kind === 'group' ? 'team' : 'organisation',
    defaultSearch: defaultSearchFromUrl(url.search),
    wall: new URLSearchParams(url.search).get('view') === 'wall',
  };
}
