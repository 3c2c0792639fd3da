// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { BoardStore } from '@/board/boardStore';
import { BoardSession } from '@/board/remote/boardSession';
import { portPair } from '@/board/remote/protocol';
import { RemoteBoard } from '@/board/remote/remoteBoard';
import { wallSettingsFromUrl } from '@/board/wallDisplay';
import { CLOUDS } from '@/host/clouds';
import { WallBoard } from '@/ui/WallBoard/WallBoard';
import { emulatedGraphPerFile, testClient } from '../support/emulatedGraph';
import { renderWithProviders } from '../support/render';

/** Issue 22: a wall display in a cloud whose Graph offers no presence (China). */
const graph = emulatedGraphPerFile();
const boards: RemoteBoard[] = [];
afterEach(() => {
  cleanup();
  for (const board of boards.splice(0)) board.dispose();
});

describe('a wall display in a cloud without presence', () => {
  it('a wall display (which shows who is online) says why it has no one, instead of "Nobody is online right now."', async () => {
    graph.start({ users: 30 });
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1, presence: false });
    const { page, worker } = portPair();
    new BoardSession({ store, port: worker });
    const board = new RemoteBoard(page);
    boards.push(board);
    renderWithProviders(
      <WallBoard
        board={board}
        settings={wallSettingsFromUrl('?view=wall')}
        demo={false}
        locale="en-US"
        presenceUnknownIn={CLOUDS.china.name}
      />,
    );
    await store.load();
    expect(
      await screen.findByText(
        /^Presence isn't available in China \(21Vianet\): Microsoft Graph offers none there, so a wall display cannot show who is online\.$/,
        {},
        { timeout: 15_000 },
      ),
    ).toBeTruthy();
    expect(screen.queryByText('Nobody is online right now.')).toBeNull();
  });
});
