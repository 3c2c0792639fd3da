import { Menu, MenuItem, MenuItemLink, MenuList, MenuPopover } from '@fluentui/react-components';
import { CallRegular, ChatRegular, CopyRegular, MailRegular } from '@fluentui/react-icons';
import { useEffect, useRef } from 'react';
import { mailtoLink, teamsAddressOf } from '../board/personActions';
import type { Person } from '../presence/types';
import type { RowHandlers } from './PersonRow/PersonRow.types';
import { useStrings } from './strings';

export interface ActionsMenuProps {
  person: Person;
  /** The ⋯ button the menu opens from: it is placed there, and focus returns there on close. */
  target: HTMLElement;
  handlers: RowHandlers;
}

/**
 * A person's actions: chat, call, mail, copy the address. Loaded the first time a menu opens
 * (its code is not needed to draw the board), and drawn only for the row whose menu is open.
 */
export default function ActionsMenu({ person, target, handlers }: ActionsMenuProps) {
  const strings = useStrings();
  const { user } = person;
  const mailto = mailtoLink(user);
  const reachable = teamsAddressOf(user) !== null;
  const list = useRef<HTMLDivElement>(null);
  // Opened from a click or Enter: the first item takes focus, as a menu button's menu does.
  useEffect(() => {
    list.current?.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')?.focus();
  }, []);
  const close = () => {
    handlers.onMenuChange(user.id, false);
    target.focus();
  };
  return (
    <Menu open positioning={{ target }} onOpenChange={(_, data) => (data.open ? undefined : close())}>
      <MenuPopover>
        <MenuList ref={list} aria-label={strings.actionsFor(user.displayName)}>
          <MenuItem icon={<ChatRegular />} disabled={!reachable} onClick={() => handlers.onChat(person)}>
            {handlers.chatOpensTeams ? strings.chatInTeams : strings.chat}
          </MenuItem>
          <MenuItem icon={<CallRegular />} disabled={!reachable} onClick={() => handlers.onCall(person)}>
            {handlers.chatOpensTeams ? strings.callInTeams : strings.call}
          </MenuItem>
          {mailto ? (
            <MenuItemLink icon={<MailRegular />} href={mailto}>
              {strings.mail}
            </MenuItemLink>
          ) : null}
          {user.mail ? (
            <MenuItem icon={<CopyRegular />} onClick={() => handlers.onCopy(user.mail!)}>
              {strings.copyMail}
            </MenuItem>
          ) : null}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
