import {
  Avatar,
  Badge,
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  mergeClasses,
  PresenceBadge,
  Text,
  Title2,
} from '@fluentui/react-components';
import type { StatusGroup } from '../../presence/statusGroup';
import type { BadgeStatus } from '../../presence/types';
import { describeError } from '../errorMessage';
import { formatCount, formatTime } from '../format';
import { statusText, StringsContext } from '../strings';
import { WorkLocationLabel } from '../WorkLocation';
import type { WallBoardState, WallTile } from './WallBoard.types';
import type { WallBoardClasses } from './useWallBoardStyles.styles';

const BADGE_OF_GROUP: Record<Exclude<StatusGroup, 'offline'>, BadgeStatus> = {
  available: 'available',
  busy: 'busy',
  'do-not-disturb': 'do-not-disturb',
  away: 'away',
  'out-of-office': 'out-of-office',
};

function renderTile(state: WallBoardState, classes: WallBoardClasses, tile: WallTile) {
  const { strings, photos } = state;
  if (!tile.row) return <li key={`blank:${tile.index}`} className={classes.tile} aria-hidden />;
  const { user, view, presence } = tile.row.person;
  const status = statusText(strings, view);
  const where = presence?.workLocation ?? null;
  const photo = photos.photoOf(user.id);
  // `calendar=1`: when they are next free ("free at 14:30"), after the status.
  const freeAt = state.calendarOf(user.id)?.freeAt ?? null;
  const statusLine = freeAt ? `${status} · ${strings.calendar.freeAt(freeAt)}` : status;
  const label = [user.displayName, statusLine, where ? strings.workLocation[where] : null].filter(Boolean).join(', ');
  return (
    <li key={tile.row.key} className={classes.tile} aria-label={label} data-person-id={user.id}>
      <Avatar
        name={user.displayName}
        image={photo ? { src: photo, alt: '' } : undefined}
        size={72}
        badge={{ status: view.badge, outOfOffice: view.outOfOffice, size: 'large' }}
        aria-hidden
      />
      <Text className={classes.name} dir="auto">
        {user.displayName}
      </Text>
      <Text className={classes.status}>{statusLine}</Text>
      {/* Where it is not known, its line is kept empty: every tile's name sits where its neighbours' do. */}
      {where ? (
        <WorkLocationLabel where={where} className={classes.where} iconClassName={classes.whereIcon} />
      ) : (
        <span className={classes.where} aria-hidden />
      )}
      {tile.group ? (
        <Text className={classes.group} dir="auto">
          {tile.group}
        </Text>
      ) : null}
    </li>
  );
}

/**
 * The wall display: a header with who is online per status and when the board was read, as many
 * large tiles as the screen holds, and which page is on screen (the page turns by itself).
 */
export function renderWallBoard(state: WallBoardState, classes: WallBoardClasses) {
  const { strings, locale, demo, summary, shape, tiles, page, pageCount, counts, error } = state;
  const empty = shape !== null && shape.shownCount === 0 && summary.phase !== 'loading';
  // A link that shows only some of those online (statuses, a search, a place) says so: its count is not everyone's.
  const shown = shape?.shownCount ?? 0;
  const online = shape?.onlineCount ?? 0;
  return (
    <StringsContext.Provider value={strings}>
      <main
        className={classes.wall}
        lang={strings.language}
        data-wall-page={page + 1}
        data-wall-pages={pageCount}
        data-wall-turns={state.turns}
      >
        <header className={classes.header}>
          <Title2 as="h1" className={classes.title}>
            {strings.appName}
          </Title2>
          <Text size={600} weight="semibold" className={classes.count} data-testid="online-count">
            {shown === online
              ? strings.online(formatCount(online, locale))
              : strings.wallShownOfOnline(formatCount(shown, locale), formatCount(online, locale))}
          </Text>
          <ul className={classes.counts} aria-label={strings.wallCountsLabel}>
            {counts.map(({ group, count }) =>
              group === 'offline' ? null : (
                <li key={group} className={classes.countItem}>
                  <PresenceBadge
                    status={BADGE_OF_GROUP[group]}
                    outOfOffice={group === 'out-of-office'}
                    size="medium"
                    className={classes.countBadge}
                    aria-hidden
                  />
                  {strings.chipLabel(strings.chip[group], formatCount(count, locale))}
                </li>
              ),
            )}
          </ul>
          {demo ? (
            <Badge appearance="tint" color="informative" title={strings.demoBadgeTitle}>
              {strings.demoBadge}
            </Badge>
          ) : null}
          {summary.updatedAt ? (
            <Text className={classes.updated} role="status">
              {summary.staleSince
                ? strings.relayStale(formatTime(summary.staleSince, locale))
                : strings.updated(formatTime(summary.updatedAt, locale))}
            </Text>
          ) : null}
        </header>
        {error ? (
          <MessageBar intent="error">
            <MessageBarBody>{describeError(error, strings).title}</MessageBarBody>
          </MessageBar>
        ) : null}
        {state.calendarAccess === 'needs-consent' || state.calendarAccess === 'refused' ? (
          <MessageBar intent={state.calendarAccess === 'refused' ? 'warning' : 'info'} data-calendar-consent="">
            <MessageBarBody>
              {state.calendarAccess === 'refused' ? strings.calendar.refused : strings.calendar.consentNeeded}
            </MessageBarBody>
            {state.calendarAccess === 'needs-consent' ? (
              <MessageBarActions>
                <Button onClick={state.grantCalendars}>{strings.calendar.grant}</Button>
              </MessageBarActions>
            ) : null}
          </MessageBar>
        ) : null}
        {state.calendarAccess === 'no-mailbox' ? (
          <MessageBar intent="info" data-calendar-consent="">
            <MessageBarBody>{strings.calendar.noMailbox}</MessageBarBody>
          </MessageBar>
        ) : null}
        {state.whereUnknown ? (
          <MessageBar intent="info">
            <MessageBarBody>{strings.wallWhereUnknown}</MessageBarBody>
          </MessageBar>
        ) : null}
        <ul
          ref={state.gridRef}
          className={classes.grid}
          // The rows share the grid's height: the page indicator sits right under the tiles, and on a
          // screen lower than a tile the one row is as high as the screen leaves (not cut off).
          style={{
            gridTemplateColumns: `repeat(${state.columns}, minmax(0, 1fr))`,
            gridTemplateRows: `repeat(${state.rows}, minmax(0, 1fr))`,
          }}
          aria-label={strings.wallListLabel}
        >
          {tiles.map((tile) => renderTile(state, classes, tile))}
        </ul>
        {empty ? (
          <Text className={classes.empty} role="status">
            {summary.phase === 'error' ? strings.noneYet : (state.presenceNotice ?? strings.nobodyOnline)}
          </Text>
        ) : null}
        {pageCount > 1 ? (
          <footer className={classes.footer}>
            <span role="status">{strings.wallPage(formatCount(page + 1, locale), formatCount(pageCount, locale))}</span>
            {pageCount <= 20
              ? Array.from({ length: pageCount }, (_, i) => (
                  <span key={i} className={mergeClasses(classes.dot, i === page && classes.dotOn)} aria-hidden />
                ))
              : null}
          </footer>
        ) : null}
      </main>
    </StringsContext.Provider>
  );
}
