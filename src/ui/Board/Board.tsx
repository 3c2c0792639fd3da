import type { BoardProps } from './Board.types';
import { renderBoard } from './renderBoard';
import { useBoard } from './useBoard';
import { useBoardStyles } from './useBoardStyles.styles';

/** The board: header with count, toolbar, progress, errors, and the list of people. */
export function Board(props: BoardProps) {
  const state = useBoard(props);
  const classes = useBoardStyles();
  return renderBoard(state, classes);
}
