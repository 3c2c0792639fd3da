// @vitest-environment jsdom
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { BoardStore } from '@/board/boardStore';
import type { PersonActions } from '@/board/personActions';
import type { SentNotification } from '@/board/relayWatches';
import type { SystemNotifications } from '@/board/systemNotifications';
import { WatchCenter } from '@/board/watchCenter';
import { WatchStore } from '@/board/watchStore';
import type { DirectoryUser } from '@/presence/types';
import { Board } from '@/ui/Board/Board';
import { emulatedGraphPerFile, testClient } from '../support/emulatedGraph';
import { forgetBoards, remoteBoardFor, settle } from '../support/remoteBoard';
import { memoryStorage, renderWithProviders } from '../support/render';

const graph = emulatedGraphPerFile();
afterEach(() => {
  cleanup();
  forgetBoards();
});

/** System notifications as a plain browser tab has them, recording what was asked and shown. */
function recordingNotifications(answer: 'granted' | 'refused'): SystemNotifications & { asked: number; shown: string[] } {
  let state: 'ask' | 'granted' | 'refused' = 'ask';
  const notes = {
    asked: 0,
    shown: [] as string[],
    readiness: () => state,
    ask: async () => {
      notes.asked++;
      state = answer;
      return state;
    },
    show: (title: string) => (state === 'granted' ? (notes.shown.push(title), true) : false),
  };
  return notes;
}

async function boardWithWatches(answer: 'granted' | 'refused' = 'granted', sentNotifications?: () => Promise<SentNotification[]>) {
  document.title = "Who's Online";
  const emulator = graph.start({ users: 12, driftEveryMs: 0 });
  const anna = emulator.users[0]!;
  emulator.setPresence(anna.id, { availability: 'Busy', activity: 'InAMeeting', isOutOfOffice: false });
  const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
  void store.load();
  const board = remoteBoardFor(store);
  const center = new WatchCenter({ store: new WatchStore('t/viewer', memoryStorage()), board });
  const notifications = recordingNotifications(answer);
  const chats: string[] = [];
  const actions: PersonActions = {
    opensTeams: true,
    chat: async (users: readonly DirectoryUser[]) => void chats.push(users.map((u) => u.displayName).join()),
    call: async () => undefined,
    copy: async () => undefined,
  };
  renderWithProviders(
    <Board
      board={board}
      demo
      locale="en-US"
      actions={actions}
      watches={{ center, notifications, ...(sentNotifications ? { sentNotifications } : {}) }}
    />,
  );
  await screen.findByText(/^Updated /, {}, { timeout: 15_000 });
  await settle();
  return { emulator, store, center, notifications, chats, anna };
}

const bellFor = (name: string) => screen.getByRole('button', { name: `Notify me when \u2068${name}\u2069 is available` });

describe('watches on the board', () => {
  it('a bell watches a person (asking for notifications from that click), a busy person turning Available is told by toast, title, announcement and system notification', async () => {
    const { emulator, store, notifications, chats, anna } = await boardWithWatches();
    expect(notifications.asked).toBe(0);
    expect(screen.queryByRole('button', { name: /^Watching/ })).toBeNull();

    await userEvent.click(bellFor(anna.displayName));
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: `Stop notifying me about \u2068${anna.displayName}\u2069` }).getAttribute('aria-pressed'),
      ).toBe('true'),
    );
    expect(notifications.asked).toBe(1);
    expect(screen.getByRole('button', { name: 'Watching (1)' })).toBeTruthy();

    emulator.setPresence(anna.id, { availability: 'Available', activity: 'Available' });
    await act(() => store.refresh());
    const toastTitle = await screen.findByText(`\u2068${anna.displayName}\u2069 is available`, {}, { timeout: 10_000 });
    const toast = toastTitle.closest('[data-watch-toast]') as HTMLElement;
    expect(within(toast).getByText('Available')).toBeTruthy();
    expect(document.title).toBe("(1) Who's Online");
    expect(document.querySelector('[data-watch-announcement]')?.textContent).toBe(
      `\u2068${anna.displayName}\u2069 is available. Available.`,
    );
    expect(notifications.shown).toEqual([`\u2068${anna.displayName}\u2069 is available`]);
    // The watch has ended: the bell is off again and the header's button gone.
    await waitFor(() => expect(bellFor(anna.displayName).getAttribute('aria-pressed')).toBe('false'));
    expect(screen.queryByRole('button', { name: /^Watching/ })).toBeNull();

    await userEvent.click(within(toast).getByRole('button', { name: 'Chat in Teams' }));
    await waitFor(() => expect(chats).toEqual([anna.displayName]));
    // It stays until dismissed.
    await userEvent.click(within(toast).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(document.querySelector('[data-watch-toast]')).toBeNull());
  });

  it('the actions menu watches too, the list shows the watched with a remove button, and a refused permission is said once', async () => {
    const { anna, emulator } = await boardWithWatches('refused');
    const row = screen.getByRole('listitem', { name: new RegExp(`^${anna.displayName}`) });
    await userEvent.click(within(row).getByRole('button', { name: /^Actions for/ }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Notify me when available' }));
    await screen.findByText(/does not allow system notifications here/);
    const other = emulator.users[1]!;
    await userEvent.click(bellFor(other.displayName));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Watching (2)' })).toBeTruthy());
    // Said once, not again for the second bell.
    expect(screen.queryAllByText(/does not allow system notifications here/)).toHaveLength(1);

    await userEvent.click(screen.getByRole('button', { name: 'Watching (2)' }));
    const list = await screen.findByRole('dialog', { name: 'Notify me when available' });
    await waitFor(() => expect(within(list).getByText(anna.displayName)).toBeTruthy());
    expect(within(list).getByText(other.displayName)).toBeTruthy();
    await userEvent.click(within(list).getByRole('button', { name: `Stop notifying me about \u2068${anna.displayName}\u2069` }));
    await waitFor(() => expect(within(list).queryByText(anna.displayName)).toBeNull());
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // Focus goes back to the header's button, which counts one watch now.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Watching (1)' }));
    expect(bellFor(anna.displayName).getAttribute('aria-pressed')).toBe('false');
  });

  it("demo with a relay: the list shows what Teams' activity feed was sent, with no watch left", async () => {
    await boardWithWatches('granted', async () => [{ at: Date.UTC(2026, 11, 2, 9, 30), text: 'Anna Lee is available' }]);
    await userEvent.click(screen.getByRole('button', { name: 'Watching (0)' }));
    const list = await screen.findByRole('dialog', { name: 'Notify me when available' });
    expect(within(list).getByText('No one is watched.')).toBeTruthy();
    const sent = within(list).getByRole('region', { name: 'Notifications sent to Teams (demo)' });
    await waitFor(() => expect(within(sent).getByText(/Anna Lee is available$/)).toBeTruthy());
  });

  it('a link that opens the board on a person (a watch notification) shows them', async () => {
    const emulator = graph.start({ users: 12, driftEveryMs: 0 });
    const target = emulator.users[7]!;
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    void store.load();
    renderWithProviders(<Board board={remoteBoardFor(store)} demo locale="en-US" openOnPerson={target.id} />);
    await waitFor(() => expect((screen.getByRole('searchbox') as HTMLInputElement).value).toBe(target.displayName), { timeout: 15_000 });
    await settle();
    const rows = within(screen.getByRole('list', { name: 'People' })).getAllByRole('listitem');
    expect(rows.map((r) => r.getAttribute('aria-label')!.split(',')[0])).toContain(target.displayName);
  });
});
