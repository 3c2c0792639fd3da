// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { BoardStore } from '@/board/boardStore';
import { PreferenceStore } from '@/board/preferences';
import { RelevantPeopleStore } from '@/board/relevantPeopleStore';
import { BoardSession } from '@/board/remote/boardSession';
import { portPair } from '@/board/remote/protocol';
import { RemoteBoard } from '@/board/remote/remoteBoard';
import type { EmulatorOptions, GraphEmulator } from '@/emulator/graphEmulator';
import type { EmulatedUser } from '@/emulator/tenant';
import { DEFAULT_GRAPH_BASE_URL } from '@/host/graphBaseUrl';
import { Board } from '@/ui/Board/Board';
import type { BoardProps } from '@/ui/Board/Board.types';
import { emulatedGraphPerFile, testClient } from '../support/emulatedGraph';
import { memoryStorage, renderWithProviders } from '../support/render';

const graph = emulatedGraphPerFile();
const boards: RemoteBoard[] = [];
afterEach(() => {
  cleanup();
  for (const board of boards.splice(0)) board.dispose();
});

/** The board as the page draws it, its worker's session (with My people) in this thread; every relevant person online. */
async function showBoard(
  options: EmulatorOptions,
  props: Partial<BoardProps> = {},
  prepare: (emulator: GraphEmulator, relevant: EmulatedUser[]) => void = () => undefined,
) {
  const emulator = graph.start(options);
  const relevant = emulator.relevantPeople().flatMap((entry) => (entry.kind === 'user' ? [entry.user] : []));
  for (const user of emulator.users) emulator.setPresence(user.id, { availability: 'Offline', activity: 'Offline' });
  for (const user of relevant.slice(0, 8)) emulator.setPresence(user.id, { availability: 'Available', activity: 'Available' });
  prepare(emulator, relevant);
  const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
  const { page, worker } = portPair();
  new BoardSession({
    store,
    port: worker,
    relevant: new RelevantPeopleStore({ client: testClient(), peopleClient: testClient(), minRefreshMs: 0 }),
  });
  const board = new RemoteBoard(page);
  boards.push(board);
  renderWithProviders(<Board board={board} demo locale="en-US" {...props} />);
  await store.load();
  return { emulator, relevant };
}

/** The rows' names, as screen readers hear them. */
const names = () =>
  within(screen.getByRole('list', { name: 'People' }))
    .queryAllByRole('listitem')
    .map((item) => item.getAttribute('aria-label') ?? '');

describe('Everyone · My people · My team', () => {
  it('switches the list to the people I work with, says what the count counts, and keeps the choice', async () => {
    const storage = memoryStorage();
    let stranger: EmulatedUser | undefined;
    const { relevant } = await showBoard({ users: 60 }, { preferences: new PreferenceStore('t/u', storage) }, (emulator, mine) => {
      // Somebody online who is not among my people: shown for Everyone only.
      stranger = emulator.users.find((u) => u.userType === 'Member' && !mine.includes(u))!;
      emulator.setPresence(stranger.id, { availability: 'Busy', activity: 'Busy' });
    });
    expect(await screen.findByText('9 online')).toBeTruthy();
    const tabs = screen.getByRole('tablist', { name: 'Whose people' });
    expect(within(tabs).getByRole('tab', { name: 'Everyone' }).getAttribute('aria-selected')).toBe('true');

    await userEvent.click(within(tabs).getByRole('tab', { name: 'My people' }));
    expect(await screen.findByText('8 of your people online')).toBeTruthy();
    await waitFor(() => expect(names()).toHaveLength(8));
    expect(names().some((name) => name.startsWith(stranger!.displayName))).toBe(false);
    expect(within(tabs).getByRole('tab', { name: 'My people' }).getAttribute('aria-selected')).toBe('true');
    expect(JSON.parse([...storage.data.values()][0]!).choices.people).toBe('mine');

    // Search works within My people.
    const someone = relevant[0]!;
    await userEvent.type(screen.getByRole('searchbox'), someone.displayName);
    await waitFor(() => expect(names()).toEqual([expect.stringContaining(someone.displayName)]));
  });

  it('is chosen with the keyboard: each tab is a button, Space or Enter chooses it', async () => {
    await showBoard({ users: 60 });
    expect(await screen.findByText('8 online')).toBeTruthy();
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((tab) => tab.tagName)).toEqual(['BUTTON', 'BUTTON', 'BUTTON']);
    screen.getByRole('tab', { name: 'My people' }).focus();
    await userEvent.keyboard(' ');
    expect(await screen.findByText('8 of your people online')).toBeTruthy();
    screen.getByRole('tab', { name: 'My team' }).focus();
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByText(/of your team online$/)).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'My team' }).getAttribute('aria-selected')).toBe('true');
  });

  it('without consent shows everyone with a bar to grant it; the click asks for it once and shows My people', async () => {
    const granted: string[] = [];
    const { emulator } = await showBoard(
      { users: 60, peopleConsent: false },
      {
        onGrantPeople: async () => {
          granted.push('People.Read');
          emulator.peopleConsent = true;
        },
      },
    );
    await userEvent.click(await screen.findByRole('tab', { name: 'My people' }));
    expect(await screen.findByText(/needs your permission to read them \(People\.Read\)/)).toBeTruthy();
    // Nothing lost meanwhile: everyone online is on the list.
    expect(screen.getByText('8 online')).toBeTruthy();
    await waitFor(() => expect(names()).toHaveLength(8));
    await userEvent.click(screen.getByRole('button', { name: 'Grant access' }));
    expect(await screen.findByText('8 of your people online')).toBeTruthy();
    expect(granted).toEqual(['People.Read']);
    expect(screen.queryByRole('button', { name: 'Grant access' })).toBeNull();
  });

  it('"Show everyone" on the consent bar keeps Everyone and the bar goes', async () => {
    await showBoard({ users: 60, peopleConsent: false }, { initialChoices: { people: 'mine' } });
    await userEvent.click(await screen.findByRole('button', { name: 'Show everyone' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Grant access' })).toBeNull());
    expect(screen.getByRole('tab', { name: 'Everyone' }).getAttribute('aria-selected')).toBe('true');
  });

  it('where Graph refuses the team (403 on the direct reports), says so without promising a retry, and offers Everyone', async () => {
    const { emulator } = await showBoard({ users: 60 }, { initialChoices: { people: 'team' } }, () =>
      graph.server.use(
        http.get(`${DEFAULT_GRAPH_BASE_URL}/me/directReports`, () =>
          HttpResponse.json({ error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' } }, { status: 403 }),
        ),
      ),
    );
    expect(await screen.findByText(/does not let Who's Online read your team/)).toBeTruthy();
    // Nothing lost meanwhile: everyone online is on the list; and no bar says a refresh will ask again.
    expect(await screen.findByText('8 online', {}, { timeout: 15_000 })).toBeTruthy();
    expect(screen.queryByText(/The next refresh asks again/)).toBeNull();
    // A People.Read grant does nothing for it: no Grant access button, and the org chart is not asked again.
    expect(screen.queryByRole('button', { name: 'Grant access' })).toBeNull();
    const asked = emulator.requests.filter((r) => r.url.includes('/me/directReports')).length;
    await userEvent.click(screen.getByRole('button', { name: 'Show everyone' }));
    await waitFor(() => expect(screen.getByRole('tab', { name: 'Everyone' }).getAttribute('aria-selected')).toBe('true'));
    expect(emulator.requests.filter((r) => r.url.includes('/me/directReports')).length).toBe(asked);
  });

  it('speaks German', async () => {
    await showBoard({ users: 60 }, { locale: 'de-DE' });
    const tabs = await screen.findByRole('tablist', { name: 'Wessen Personen' });
    for (const name of ['Alle', 'Meine Kontakte', 'Mein Team']) expect(within(tabs).getByRole('tab', { name })).toBeTruthy();
    await userEvent.click(within(tabs).getByRole('tab', { name: 'Meine Kontakte' }));
    expect(await screen.findByText('8 Ihrer Kontakte online')).toBeTruthy();
  });

  it('is one tab stop: arrow keys, Home and End move to a tab and choose it', async () => {
    await showBoard({ users: 60 });
    expect(await screen.findByText('8 online')).toBeTruthy();
    const tab = (name: string) => screen.getByRole('tab', { name });
    expect(screen.getAllByRole('tab').map((t) => t.tabIndex)).toEqual([0, -1, -1]);
    tab('Everyone').focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(await screen.findByText('8 of your people online')).toBeTruthy();
    expect(document.activeElement).toBe(tab('My people'));
    expect(screen.getAllByRole('tab').map((t) => t.tabIndex)).toEqual([-1, 0, -1]);
    await userEvent.keyboard('{End}');
    expect(await screen.findByText(/of your team online$/)).toBeTruthy();
    expect(document.activeElement).toBe(tab('My team'));
    await userEvent.keyboard('{ArrowRight}');
    await waitFor(() => expect(tab('Everyone').getAttribute('aria-selected')).toBe('true'));
    expect(document.activeElement).toBe(tab('Everyone'));
  });
});
