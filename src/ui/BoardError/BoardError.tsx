import type { BoardErrorProps } from './BoardError.types';
import { renderBoardError } from './renderBoardError';
import { useBoardError } from './useBoardError';

/** What went wrong, what the board on screen is from, and the way on: try again, grant access, or ask an admin. */
export function BoardError(props: BoardErrorProps) {
  return renderBoardError(useBoardError(props));
}

/** For React.lazy: what only a failure needs is not in the board's first paint. */
export default BoardError;
