import type { ActionsMenuProps } from './ActionsMenu.types';
import { renderActionsMenu } from './renderActionsMenu';
import { useActionsMenu } from './useActionsMenu';

/**
 * A person's actions: chat, call, mail, copy the address. Loaded the first time a menu opens
 * (its code is not needed to draw the board), and drawn only for the row whose menu is open.
 */
export default function ActionsMenu(props: ActionsMenuProps) {
  return renderActionsMenu(useActionsMenu(props));
}
