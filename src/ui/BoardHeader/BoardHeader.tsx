import type { BoardHeaderProps } from './BoardHeader.types';
import { renderBoardHeader } from './renderBoardHeader';
import { useBoardHeader } from './useBoardHeader';
import { useBoardHeaderStyles } from './useBoardHeaderStyles.styles';

/** The board's title, how many are online, when it was last read, Refresh, and who is signed in. */
export function BoardHeader(props: BoardHeaderProps) {
  const state = useBoardHeader(props);
  const classes = useBoardHeaderStyles();
  return renderBoardHeader(state, classes);
}
