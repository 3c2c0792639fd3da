import { Avatar, Badge, Button, Link, makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { MoreHorizontalRegular, StarFilled, StarRegular } from '@fluentui/react-icons';
import { lazy, memo, Suspense, useState, type KeyboardEvent } from 'react';
import { isGuest } from '../presence/statusGroup';
import type { Person } from '../presence/types';
import { Highlighted } from './Highlighted';
import { statusText, useStrings } from './strings';

/** The actions menu's code arrives the first time a menu opens. */
const ActionsMenu = lazy(() => import('./ActionsMenu'));

/** Status and out-of-office messages longer than this are clamped to two lines, with "Show more". */
const CLAMP_CHARS = 50;

/**
 * Line heights of the row's text (Fluent's lineHeightBase300 and 200): a collapsed row's height
 * follows from which lines it has, so the list lays out 50,000 rows without measuring them.
 */
const NAME_LINE = 20;
const SMALL_LINE = 16;
const AVATAR = 40;
const PADDING = 8;
const BORDER = 1;

function roleOf(person: Person): string[] {
  const { user } = person;
  return [user.jobTitle, user.department, user.officeLocation].filter((v): v is string => typeof v === 'string' && v !== '');
}

/** The automatic reply a row shows (only while out of office). */
function outOfOfficeOf(person: Person): string | null {
  return person.presence?.isOutOfOffice && person.presence.outOfOfficeMessage ? person.presence.outOfOfficeMessage : null;
}

const messageLines = (text: string | null | undefined) => (!text ? 0 : text.length > CLAMP_CHARS ? 3 : 1);

const heights = new WeakMap<Person, number>();

/**
 * The height of a person's row while its messages are collapsed, in CSS pixels; kept per Person
 * (the list asks for every row's height whenever the rows change).
 */
export function personRowHeight(person: Person): number {
  let height = heights.get(person);
  if (height === undefined) {
    height = computeRowHeight(person);
    heights.set(person, height);
  }
  return height;
}

function computeRowHeight(person: Person): number {
  const lines =
    NAME_LINE +
    SMALL_LINE * (1 + (roleOf(person).length > 0 ? 1 : 0) + (person.user.mail ? 1 : 0)) +
    SMALL_LINE * (messageLines(person.presence?.statusMessage) + messageLines(outOfOfficeOf(person)));
  return Math.max(AVATAR, lines) + 2 * PADDING + BORDER;
}

const useStyles = makeStyles({
  row: {
    display: 'flex',
    alignItems: 'flex-start',
    boxSizing: 'border-box',
    gap: tokens.spacingHorizontalM,
    padding: `${PADDING}px ${tokens.spacingHorizontalM}`,
    borderBottom: `${BORDER}px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    ':focus-visible': {
      outlineWidth: tokens.strokeWidthThick,
      outlineStyle: 'solid',
      outlineColor: tokens.colorStrokeFocus2,
      outlineOffset: `calc(${tokens.strokeWidthThick} * -1)`,
    },
  },
  text: { display: 'flex', flexDirection: 'column', minWidth: 0, flex: 1 },
  nameLine: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  line: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  secondary: { color: tokens.colorNeutralForeground3 },
  status: { color: tokens.colorNeutralForeground2 },
  collapsed: { overflow: 'hidden' },
  message: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere', whiteSpace: 'pre-line', lineHeight: `${SMALL_LINE}px` },
  clamped: {
    display: '-webkit-box',
    WebkitLineClamp: '2',
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
    height: `${2 * SMALL_LINE}px`,
  },
  more: { display: 'block', height: `${SMALL_LINE}px`, lineHeight: `${SMALL_LINE}px`, fontSize: tokens.fontSizeBase200 },
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
  /** Chat and call leave this host for Teams (Outlook, the Microsoft 365 app, a browser): the menu says so. */
  chatOpensTeams: boolean;
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

interface ClampedMessageProps {
  text: string;
  label?: string;
  tabIndex: number;
  expanded: boolean;
  onToggle: () => void;
}

/** A message on one line, or two with Show more when long; whole when expanded. */
function ClampedMessage({ text, label, tabIndex, expanded, onToggle }: ClampedMessageProps) {
  const styles = useStyles();
  const strings = useStrings();
  const long = text.length > CLAMP_CHARS;
  const shape = expanded ? undefined : long ? styles.clamped : styles.line;
  return (
    <>
      <Text size={200} className={mergeClasses(styles.message, shape)} dir="auto">
        {label ? `${label} ` : ''}
        {text}
      </Text>
      {long ? (
        <Link as="button" className={styles.more} aria-expanded={expanded} tabIndex={tabIndex} onClick={onToggle}>
          {expanded ? strings.showLess : strings.showMore}
        </Link>
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
  const [menuButton, setMenuButton] = useState<HTMLElement | null>(null);
  const role = roleOf(person);
  const outOfOfficeMessage = outOfOfficeOf(person);
  const tab = active ? 0 : -1;
  // Expanded messages make the row as tall as they need; otherwise its height is known in advance.
  const [expanded, setExpanded] = useState(false);
  const toggle = () => setExpanded((e) => !e);

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
      style={expanded ? undefined : { height: personRowHeight(person) }}
    >
      <Avatar
        name={user.displayName}
        image={photo ? { src: photo, alt: '' } : undefined}
        size={40}
        badge={{ status: view.badge, outOfOffice: view.outOfOffice }}
        aria-hidden
      />
      <div className={mergeClasses(styles.text, !expanded && styles.collapsed)}>
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
        {presence?.statusMessage ? (
          <ClampedMessage text={presence.statusMessage} tabIndex={tab} expanded={expanded} onToggle={toggle} />
        ) : null}
        {outOfOfficeMessage ? (
          <ClampedMessage
            text={outOfOfficeMessage}
            label={strings.outOfOfficeMessage}
            tabIndex={tab}
            expanded={expanded}
            onToggle={toggle}
          />
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
        <Button
          ref={setMenuButton}
          appearance="subtle"
          icon={<MoreHorizontalRegular />}
          aria-label={strings.actionsFor(user.displayName)}
          aria-haspopup="menu"
          aria-expanded={menuOpen}
          tabIndex={tab}
          onClick={() => handlers.onMenuChange(user.id, !menuOpen)}
        />
        {menuOpen && menuButton ? (
          <Suspense fallback={null}>
            <ActionsMenu person={person} target={menuButton} handlers={handlers} />
          </Suspense>
        ) : null}
      </div>
    </div>
  );
});
