import { useEffect, useRef } from 'react';
import { mailtoLink, teamsAddressOf } from '../../board/personActions';
import { useStrings } from '../strings';
import type { ActionsMenuProps, ActionsMenuState } from './ActionsMenu.types';

/** The menu's state: what the person can be reached by, focus on open, and closing. */
export function useActionsMenu(props: ActionsMenuProps): ActionsMenuState {
  const { person, target, handlers } = props;
  const strings = useStrings();
  const { user } = person;
  const list = useRef<HTMLDivElement>(null);
  // Opened from a click or Enter: the first item takes focus, as a menu button's menu does.
  useEffect(() => {
    list.current?.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')?.focus();
  }, []);
  return {
    ...props,
    strings,
    mailto: mailtoLink(user),
    reachable: teamsAddressOf(user) !== null,
    list,
    close: () => {
      handlers.onMenuChange(user.id, false);
      target.focus();
    },
  };
}
