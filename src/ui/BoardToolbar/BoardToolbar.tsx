import type { BoardToolbarProps } from './BoardToolbar.types';
import { renderBoardToolbar } from './renderBoardToolbar';
import { useBoardToolbar } from './useBoardToolbar';
import { useBoardToolbarStyles } from './useBoardToolbarStyles.styles';

/** Search, status chips with counts, offline and guest switches, grouping and sorting, group chat. */
export function BoardToolbar(props: BoardToolbarProps) {
  const state = useBoardToolbar(props);
  const classes = useBoardToolbarStyles();
  return renderBoardToolbar(state, classes);
}
