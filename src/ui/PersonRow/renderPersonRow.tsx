import { Avatar, Badge, Button, Link, mergeClasses, Text } from '@fluentui/react-components';
import { AlertFilled, AlertRegular } from '@fluentui/react-icons/svg/alert';
import { CalendarLtrRegular } from '@fluentui/react-icons/svg/calendar-ltr';
import { MoreHorizontalRegular } from '@fluentui/react-icons/svg/more-horizontal';
import { StarFilled, StarRegular } from '@fluentui/react-icons/svg/star';
import { lazy, Suspense } from 'react';
import { CLAMP_CHARS } from '../../board/rowLayout';
import { isGuest } from '../../presence/statusGroup';
import { Highlighted } from '../Highlighted';
import { WorkLocationLabel } from '../WorkLocation';
import type { PersonRowState } from './PersonRow.types';
import type { PersonRowClasses } from './usePersonRowStyles.styles';

/** The actions menu's code arrives the first time a menu opens. */
const ActionsMenu = lazy(() => import('../ActionsMenu/ActionsMenu'));

/** A message on one line, or two with Show more when long; whole when expanded. */
function renderClampedMessage(state: PersonRowState, classes: PersonRowClasses, text: string, label?: string) {
  const { expanded, strings, tabIndex, toggleExpanded } = state;
  const long = text.length > CLAMP_CHARS;
  const shape = expanded ? undefined : long ? classes.clamped : classes.line;
  return (
    <>
      <Text size={200} className={mergeClasses(classes.message, shape)} dir="auto">
        {label ? `${label} ` : ''}
        {text}
      </Text>
      {long ? (
        <Link as="button" className={classes.more} aria-expanded={expanded} tabIndex={tabIndex} onClick={toggleExpanded}>
          {expanded ? strings.showLess : strings.showMore}
        </Link>
      ) : null}
    </>
  );
}

/** Where the person works today. */
function renderPlace(state: PersonRowState, classes: PersonRowClasses) {
  return <WorkLocationLabel where={state.person.presence?.workLocation} className={classes.place} iconClassName={classes.placeIcon} />;
}

/** A Guest or Disabled badge where it applies (compact rows too: a guest is not taken for a colleague). */
function renderAccountBadges(state: PersonRowState) {
  const { user } = state.person;
  return (
    <>
      {isGuest(user) ? (
        <Badge appearance="outline" color="informative" size="small">
          {state.strings.guest}
        </Badge>
      ) : null}
      {user.accountEnabled === false ? (
        <Badge appearance="outline" color="subtle" size="small">
          {state.strings.disabled}
        </Badge>
      ) : null}
    </>
  );
}

/** When they can be reached and their local time, from their calendar: after the status (compact), or on a line of its own. */
function renderCalendar(state: PersonRowState, classes: PersonRowClasses, ownLine = false) {
  const text = [state.reach, state.localTime].filter(Boolean).join(' · ');
  if (!text) return ownLine ? <span className={classes.calendarLine} aria-hidden /> : null;
  return (
    <span className={mergeClasses(classes.calendar, ownLine && classes.calendarLine)}>
      <CalendarLtrRegular aria-hidden className={classes.calendarIcon} />
      <Text size={200} className={classes.line} data-calendar="">
        {text}
      </Text>
    </span>
  );
}

/** The compact row's one line: name, account badges, status, where, and the job title or status message where it fits. */
function renderCompactText(state: PersonRowState, classes: PersonRowClasses) {
  const { person, words, status, role } = state;
  const extra = person.presence?.statusMessage ?? (role.length > 0 ? role.join(' · ') : null);
  return (
    <div className={classes.compactText}>
      <Text weight="semibold" className={classes.compactName} dir="auto">
        <Highlighted text={person.user.displayName} words={words} />
      </Text>
      {renderAccountBadges(state)}
      <Text size={200} className={classes.status}>
        {status}
      </Text>
      {renderPlace(state, classes)}
      {renderCalendar(state, classes)}
      {extra ? (
        <Text size={200} className={mergeClasses(classes.line, classes.secondary)} dir="auto">
          <Highlighted text={extra} words={words} />
        </Text>
      ) : null}
    </div>
  );
}

/**
 * The bell: "Notify me when … is available" (pressed while watched). On a phone it shows only on a
 * watched row, where the row's width is short: the actions menu offers it on every row.
 */
function renderBell(state: PersonRowState, classes: PersonRowClasses) {
  const { person, strings, tabIndex, handlers } = state;
  const watched = state.watched ?? false;
  const label = watched ? strings.watch.stopNotifying(person.user.displayName) : strings.watch.notifyMe(person.user.displayName);
  return (
    <Button
      appearance="subtle"
      className={mergeClasses(classes.rowButton, !watched && classes.bellIdle)}
      icon={watched ? <AlertFilled /> : <AlertRegular />}
      aria-pressed={watched}
      aria-label={label}
      title={label}
      tabIndex={tabIndex}
      data-watch-bell=""
      onClick={() => handlers.onToggleWatch?.(person)}
    />
  );
}

/**
 * One person: photo or initials with the presence badge, name, status as text, job title,
 * department and office (when granted), status message and automatic reply (clamped, expandable), mail; a
 * favourite toggle and an actions menu (chat, call, mail, copy).
 */
export function renderPersonRow(state: PersonRowState, classes: PersonRowClasses) {
  const { person, favourite, words, photo, menuOpen, position, setSize, handlers, strings, status, role, tabIndex, expanded } = state;
  const { user, view, presence } = person;
  const compact = state.density === 'compact';
  return (
    <div
      role="listitem"
      className={mergeClasses(classes.row, compact && classes.compactRow)}
      aria-label={[user.displayName, status, state.reach, state.localTime].filter(Boolean).join(', ')}
      aria-posinset={position}
      aria-setsize={setSize}
      tabIndex={tabIndex}
      data-person-id={user.id}
      onKeyDown={state.onKeyDown}
      style={state.height === undefined ? undefined : { height: state.height }}
    >
      <Avatar
        name={user.displayName}
        image={photo ? { src: photo, alt: '' } : undefined}
        size={compact ? 28 : 40}
        badge={{ status: view.badge, outOfOffice: view.outOfOffice }}
        aria-hidden
      />
      {compact ? (
        renderCompactText(state, classes)
      ) : (
        <div className={mergeClasses(classes.text, !expanded && classes.collapsed)}>
          <div className={classes.nameLine}>
            <Text weight="semibold" className={classes.line} dir="auto">
              <Highlighted text={user.displayName} words={words} />
            </Text>
            {renderAccountBadges(state)}
          </div>
          <div className={classes.statusLine}>
            <Text size={200} className={mergeClasses(classes.line, classes.status)}>
              {status}
            </Text>
            {renderPlace(state, classes)}
          </div>
          {state.calendarLine ? renderCalendar(state, classes, true) : null}
          {role.length > 0 ? (
            <Text size={200} className={mergeClasses(classes.line, classes.secondary)} dir="auto">
              <Highlighted text={role.join(' · ')} words={words} />
            </Text>
          ) : null}
          {presence?.statusMessage ? renderClampedMessage(state, classes, presence.statusMessage) : null}
          {state.outOfOfficeMessage ? renderClampedMessage(state, classes, state.outOfOfficeMessage, strings.outOfOfficeMessage) : null}
          {user.mail ? (
            <Text size={200} className={mergeClasses(classes.line, classes.secondary)}>
              <Highlighted text={user.mail} words={words} />
            </Text>
          ) : null}
        </div>
      )}
      <div className={classes.buttons}>
        {handlers.onToggleWatch ? renderBell(state, classes) : null}
        <Button
          appearance="subtle"
          className={classes.rowButton}
          icon={favourite ? <StarFilled /> : <StarRegular />}
          aria-pressed={favourite}
          aria-label={favourite ? strings.removeFavourite(user.displayName) : strings.addFavourite(user.displayName)}
          title={favourite ? strings.removeFavourite(user.displayName) : strings.addFavourite(user.displayName)}
          tabIndex={tabIndex}
          onClick={() => handlers.onToggleFavourite(user.id)}
        />
        <Button
          ref={state.menuButtonRef}
          appearance="subtle"
          className={classes.rowButton}
          icon={<MoreHorizontalRegular />}
          aria-label={strings.actionsFor(user.displayName)}
          aria-haspopup="menu"
          aria-expanded={menuOpen}
          tabIndex={tabIndex}
          onClick={() => handlers.onMenuChange(user.id, !menuOpen)}
        />
        {menuOpen && state.menuButton ? (
          <Suspense fallback={null}>
            <ActionsMenu
              person={person}
              target={state.menuButton}
              handlers={handlers}
              watched={state.watched ?? false}
              calendarLine={
                state.calendarUnavailable
                  ? strings.calendar.unavailable
                  : [state.reach, state.localTime].filter(Boolean).join(' · ') || null
              }
            />
          </Suspense>
        ) : null}
      </div>
    </div>
  );
}
