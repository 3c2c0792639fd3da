// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { BoardStore } from '@/board/boardStore';
import { BoardSession } from '@/board/remote/boardSession';
import { portPair } from '@/board/remote/protocol';
import { RemoteBoard } from '@/board/remote/remoteBoard';
import { CLOUDS } from '@/host/clouds';
import { Board } from '@/ui/Board/Board';
import { emulatedGraphPerFile, testClient } from '../support/emulatedGraph';
import { renderWithProviders } from '../support/render';

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

async function showBoard(locale: string) {
  const emulator = graph.start({ users: 30 });
  const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1, presence: false });
  const { page, worker } = portPair();
  new BoardSession({ store, port: worker });
  const board = new RemoteBoard(page);
  boards.push(board);
  renderWithProviders(<Board board={board} demo={false} locale={locale} presenceUnknownIn={CLOUDS.china.name} />);
  await store.load();
  return emulator;
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
  });

  it('says it in German too', async () => {
    const emulator = await showBoard('de-DE');
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    expect(screen.getByTestId('presence-not-offered').textContent).toMatch(/^Präsenz ist in China \(21Vianet\) nicht verfügbar/);
    expect(screen.getByTestId('online-count').textContent).toBe(`${emulator.users.length} Personen · Status unbekannt`);
  });
});
