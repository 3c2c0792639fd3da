import { Menu, MenuDivider, MenuGroup, MenuGroupHeader, MenuItem, MenuItemLink, MenuList, MenuPopover } from '@fluentui/react-components';
import { AlertOffRegular } from '@fluentui/react-icons/svg/alert-off';
import { AlertRegular } from '@fluentui/react-icons/svg/alert';
import { CallRegular } from '@fluentui/react-icons/svg/call';
import { ChatRegular } from '@fluentui/react-icons/svg/chat';
import { CopyRegular } from '@fluentui/react-icons/svg/copy';
import { MailRegular } from '@fluentui/react-icons/svg/mail';
import type { ActionsMenuState } from './ActionsMenu.types';

export function renderActionsMenu(state: ActionsMenuState) {
  const { strings, person, target, handlers, mailto, reachable, list, close } = state;
  const { user } = person;
  return (
    <Menu open positioning={{ target }} onOpenChange={(_, data) => (data.open ? undefined : close())}>
      <MenuPopover>
        <MenuList ref={list} aria-label={strings.actionsFor(user.displayName)}>
          {state.calendarLine ? (
            <>
              <MenuGroup>
                <MenuGroupHeader data-calendar-line="">{state.calendarLine}</MenuGroupHeader>
              </MenuGroup>
              <MenuDivider />
            </>
          ) : null}
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
          {handlers.onToggleWatch ? (
            <>
              <MenuDivider />
              <MenuItem
                icon={state.watched ? <AlertOffRegular /> : <AlertRegular />}
                onClick={() => handlers.onToggleWatch?.(person)}
                data-watch-item=""
              >
                {state.watched ? strings.watch.menuStop : strings.watch.menuNotify}
              </MenuItem>
            </>
          ) : null}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
