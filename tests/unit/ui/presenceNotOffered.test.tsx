// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { BoardStore } from '@/board/boardStore';
import { BoardSession } from '@/board/remote/boardSession';
import { portPair } from '@/board/remote/protocol';
import { RemoteBoard } from '@/board/remote/remoteBoard';
import { WatchCenter } from '@/board/watchCenter';
import { WatchStore } from '@/board/watchStore';
import { CLOUDS } from '@/host/clouds';
import { Board } from '@/ui/Board/Board';
import { emulatedGraphPerFile, testClient } from '../support/emulatedGraph';
import { memoryStorage, renderWithProviders } from '../support/render';

/**
 * Issue 22: in the China cloud Graph offers no presence. The board lists everyone with status unknown and
 * says why in one line: not an error, not "nobody is online", not "presence unavailable: not on the board".
 */
const graph = emulatedGraphPerFile();
const boards: RemoteBoard[] = [];
afterEach(() => {
  cleanup();
  for (const board of boards.splice(0)) board.dispose();
});

async function showBoard(locale: string, withWatches = false) {
  const emulator = graph.start({ users: 30 });
  const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1, presence: false });
  const { page, worker } = portPair();
  new BoardSession({ store, port: worker });
  const board = new RemoteBoard(page);
  boards.push(board);
  const watches = withWatches
    ? {
        center: new WatchCenter({ store: watchStoreWithOne(), board }),
        notifications: { readiness: () => 'granted' as const, ask: async () => 'granted' as const, show: () => true },
      }
    : undefined;
  renderWithProviders(
    <Board board={board} demo={false} locale={locale} presenceUnknownIn={CLOUDS.china.name} {...(watches ? { watches } : {})} />,
  );
  await store.load();
  return emulator;
}

/** A store that already holds a watch (made before the tenant's cloud was known, or by hand). */
function watchStoreWithOne(): WatchStore {
  const store = new WatchStore('t/viewer', memoryStorage());
  store.add('00000000-0000-0000-0000-000000000001', 'Busy');
  return store;
}

const rows = () => within(screen.getByRole('list', { name: /People|Personen/ })).queryAllByRole('listitem');

describe('a board in a cloud without presence', () => {
  it('lists everyone with status unknown, says why in one line, and counts people rather than "0 online"', async () => {
    const emulator = await showBoard('en-US');
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    expect(screen.getByTestId('presence-not-offered').textContent).toBe(
      "Presence isn't available in China (21Vianet): Microsoft Graph offers none there, so everyone is listed with status unknown.",
    );
    expect(screen.getByTestId('online-count').textContent).toBe(`${emulator.users.length} people · status unknown`);
    expect(screen.queryByText(/Presence unavailable for/)).toBeNull();
    expect(screen.queryByText('Nobody is online right now.')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(rows()[0]!.textContent).toContain('Status unknown');
    // Nothing to filter by status, and nobody offline to show.
    expect(document.querySelectorAll('[data-status-chip]')).toHaveLength(0);
    expect(screen.queryByRole('switch', { name: 'Show offline people too' })).toBeNull();
  });

  it('says it in German too', async () => {
    const emulator = await showBoard('de-DE');
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    expect(screen.getByTestId('presence-not-offered').textContent).toMatch(/^Präsenz ist in China \(21Vianet\) nicht verfügbar/);
    expect(screen.getByTestId('online-count').textContent).toBe(`${emulator.users.length} Personen · Status unbekannt`);
  });

  it('offers no bell and no watch list: a watch waits for presence Graph never gives there', async () => {
    await showBoard('en-US', true);
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    expect(screen.queryByRole('button', { name: /^Notify me when/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Watching/ })).toBeNull();
  });
});
