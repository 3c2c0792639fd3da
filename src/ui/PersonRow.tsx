import {
  Avatar,
  Badge,
  Button,
  makeStyles,
  Menu,
  MenuItem,
  MenuItemLink,
  MenuList,
  MenuPopover,
  MenuTrigger,
  mergeClasses,
  Text,
  tokens,
} from '@fluentui/react-components';
import { CallRegular, ChatRegular, CopyRegular, MailRegular, MoreHorizontalRegular, StarFilled, StarRegular } from '@fluentui/react-icons';
import { memo, useState, type KeyboardEvent } from 'react';
import { mailtoLink, teamsAddressOf } from '../host/personActions';
import { isGuest } from '../presence/boardView';
import type { Person } from '../presence/types';
import { Highlighted } from './Highlighted';
import { statusText, useStrings } from './strings';

/** Status and out-of-office messages longer than this are clamped, with "Show more". */
const CLAMP_CHARS = 120;

const useStyles = makeStyles({
  row: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    ':focus-visible': {
      outlineWidth: tokens.strokeWidthThick,
      outlineStyle: 'solid',
      outlineColor: tokens.colorStrokeFocus2,
      outlineOffset: `calc(${tokens.strokeWidthThick} * -1)`,
    },
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  text: { display: 'flex', flexDirection: 'column', minWidth: 0, flex: 1 },
  nameLine: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  line: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  secondary: { color: tokens.colorNeutralForeground3 },
  status: { color: tokens.colorNeutralForeground2 },
  message: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere', whiteSpace: 'pre-line' },
  clamped: { display: '-webkit-box', WebkitLineClamp: '2', WebkitBoxOrient: 'vertical', overflow: 'hidden' },
  more: { alignSelf: 'flex-start', minWidth: 0, padding: 0, height: 'auto' },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalXS, alignItems: 'center' },
});

/** What a row can ask the board to do. */
export interface RowHandlers {
  onToggleFavourite(id: string): void;
  onChat(person: Person): void;
  onCall(person: Person): void;
  onCopy(text: string): void;
  /** The row's actions menu opened or closed (Enter on the row opens it). */
  onMenuChange(id: string, open: boolean): void;
}

export interface PersonRowProps {
  person: Person;
  favourite: boolean;
  /** The search's folded words, to mark in name, mail, title and department. */
  words: readonly string[];
  /** A data URL, null for "no photo" (initials), undefined while unknown (initials). */
  photo: string | null | undefined;
  /** This row is the list's keyboard stop (tabindex 0); the others are reached with the arrow keys. */
  active: boolean;
  menuOpen: boolean;
  position: number;
  setSize: number;
  handlers: RowHandlers;
}

function ClampedMessage({ text, label, tabIndex }: { text: string; label?: string; tabIndex: number }) {
  const styles = useStyles();
  const strings = useStrings();
  const [expanded, setExpanded] = useState(false);
  const long = text.length > CLAMP_CHARS;
  return (
    <>
      <Text size={200} className={mergeClasses(styles.message, long && !expanded && styles.clamped)}>
        {label ? `${label} ` : ''}
        {text}
      </Text>
      {long ? (
        <Button
          appearance="transparent"
          size="small"
          className={styles.more}
          aria-expanded={expanded}
          tabIndex={tabIndex}
          onClick={() => setExpanded((e) => !e)}
        >
          {expanded ? strings.showLess : strings.showMore}
        </Button>
      ) : null}
    </>
  );
}

/**
 * One person: photo or initials with the presence badge, name, status as text, job title,
 * department and office (when granted), status message and automatic reply (clamped, expandable), mail; a
 * favourite toggle and an actions menu (chat, call, mail, copy).
 */
export const PersonRow = memo(function PersonRow({
  person,
  favourite,
  words,
  photo,
  active,
  menuOpen,
  position,
  setSize,
  handlers,
}: PersonRowProps) {
  const styles = useStyles();
  const strings = useStrings();
  const { user, view, presence } = person;
  const status = statusText(strings, view);
  const mailto = mailtoLink(user);
  const reachable = teamsAddressOf(user) !== null;
  const role = [user.jobTitle, user.department, user.officeLocation].filter((v): v is string => typeof v === 'string' && v !== '');
  const tab = active ? 0 : -1;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      handlers.onMenuChange(user.id, true);
    }
  };

  return (
    <div
      role="listitem"
      className={styles.row}
      aria-label={`${user.displayName}, ${status}`}
      aria-posinset={position}
      aria-setsize={setSize}
      tabIndex={tab}
      data-person-id={user.id}
      onKeyDown={onKeyDown}
    >
      <Avatar
        name={user.displayName}
        image={photo ? { src: photo, alt: '' } : undefined}
        size={40}
        badge={{ status: view.badge, outOfOffice: view.outOfOffice }}
        aria-hidden
      />
      <div className={styles.text}>
        <div className={styles.nameLine}>
          <Text weight="semibold" className={styles.line} dir="auto">
            <Highlighted text={user.displayName} words={words} />
          </Text>
          {isGuest(user) ? (
            <Badge appearance="outline" color="informative" size="small">
              {strings.guest}
            </Badge>
          ) : null}
          {user.accountEnabled === false ? (
            <Badge appearance="outline" color="subtle" size="small">
              {strings.disabled}
            </Badge>
          ) : null}
        </div>
        <Text size={200} className={mergeClasses(styles.line, styles.status)}>
          {status}
        </Text>
        {role.length > 0 ? (
          <Text size={200} className={mergeClasses(styles.line, styles.secondary)} dir="auto">
            <Highlighted text={role.join(' · ')} words={words} />
          </Text>
        ) : null}
        {presence?.statusMessage ? <ClampedMessage text={presence.statusMessage} tabIndex={tab} /> : null}
        {presence?.isOutOfOffice && presence.outOfOfficeMessage ? (
          <ClampedMessage text={presence.outOfOfficeMessage} label={strings.outOfOfficeMessage} tabIndex={tab} />
        ) : null}
        {user.mail ? (
          <Text size={200} className={mergeClasses(styles.line, styles.secondary)}>
            <Highlighted text={user.mail} words={words} />
          </Text>
        ) : null}
      </div>
      <div className={styles.buttons}>
        <Button
          appearance="subtle"
          icon={favourite ? <StarFilled /> : <StarRegular />}
          aria-pressed={favourite}
          aria-label={favourite ? strings.removeFavourite(user.displayName) : strings.addFavourite(user.displayName)}
          title={favourite ? strings.removeFavourite(user.displayName) : strings.addFavourite(user.displayName)}
          tabIndex={tab}
          onClick={() => handlers.onToggleFavourite(user.id)}
        />
        <Menu open={menuOpen} onOpenChange={(_, data) => handlers.onMenuChange(user.id, data.open)}>
          <MenuTrigger disableButtonEnhancement>
            <Button appearance="subtle" icon={<MoreHorizontalRegular />} aria-label={strings.actionsFor(user.displayName)} tabIndex={tab} />
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              <MenuItem icon={<ChatRegular />} disabled={!reachable} onClick={() => handlers.onChat(person)}>
                {strings.chat}
              </MenuItem>
              <MenuItem icon={<CallRegular />} disabled={!reachable} onClick={() => handlers.onCall(person)}>
                {strings.call}
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
      </div>
    </div>
  );
});
