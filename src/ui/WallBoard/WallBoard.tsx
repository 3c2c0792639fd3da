import { renderWallBoard } from './renderWallBoard';
import { useWallBoard } from './useWallBoard';
import { useWallBoardStyles } from './useWallBoardStyles.styles';
import type { WallBoardProps } from './WallBoard.types';

/** The board for a screen nobody touches: large tiles, as many as fit, turning page by itself. */
export function WallBoard(props: WallBoardProps) {
  const state = useWallBoard(props);
  const classes = useWallBoardStyles();
  return renderWallBoard(state, classes);
}
