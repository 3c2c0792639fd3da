import { act, waitFor } from '@testing-library/react';
import type { BoardStore } from '@/board/boardStore';
import type { PhotoStore } from '@/board/photoStore';
import { BoardSession } from '@/board/remote/boardSession';
import { portPair } from '@/board/remote/protocol';
import { RemoteBoard } from '@/board/remote/remoteBoard';

const boards = new Set<RemoteBoard>();

/**
 * The page's view of a board whose store runs in this thread: the same session and messages as
 * the board worker (each message structured-cloned and delivered later), without a Worker.
 */
export function remoteBoardFor(store: BoardStore, { photos }: { photos?: PhotoStore } = {}): RemoteBoard {
  const { page, worker } = portPair();
  new BoardSession({ store, port: worker, ...(photos ? { photos } : {}) });
  const board = new RemoteBoard(page);
  boards.add(board);
  return board;
}

/**
 * Waits until every board made here has answered the page's latest search and sent the rows it
 * draws, and React has drawn them (the worker answers a keystroke or a click a moment later).
 */
export async function settle(): Promise<void> {
  for (let round = 0; round < 3; round++) {
    await waitFor(() => {
      for (const board of boards) if (!board.isSettled()) throw new Error('The board has not answered the page yet.');
    });
    await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
  }
}

/** Forgets the boards of a finished test. */
export function forgetBoards(): void {
  boards.clear();
}
