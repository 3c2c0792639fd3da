import { Button, MessageBar, MessageBarActions, MessageBarBody } from '@fluentui/react-components';
import { Suspense } from 'react';
import { describeError } from '../errorMessage';
import { LazyBoardError as BoardError, LazyWatchAlerts as WatchAlerts, LoadFailureBoundary } from '../lazyParts';
import { BoardHeader } from '../BoardHeader/BoardHeader';
import { BoardToolbar } from '../BoardToolbar/BoardToolbar';
import { formatCount } from '../format';
import { LoadingProgress } from '../LoadingProgress';
import { PeopleBar } from '../PeopleBar';
import { PeopleList } from '../PeopleList/PeopleList';
import { StringsContext } from '../strings';
import { WatchingButton } from '../Watches/WatchingButton';
import type { BoardViewState } from './Board.types';
import type { BoardClasses } from './useBoardStyles.styles';

/** The board's markup: header with count, errors, progress, toolbar, the list of people, and the notice. */
export function renderBoard(s: BoardViewState, classes: BoardClasses) {
  const { board, demo, locale, onGrantAccess, adminConsent, account, actions, strings, summary, error, query, setQuery, shownQuery } = s;
  const { choices, setChoices, shape, rowAt, onWindowChange, counts, whereCounts, onlineCount, shownCount, words, handlers, menuOpenFor } =
    s;
  const { headingText, emptyText, loading, notice, onChatWithShown, photoSource } = s;
  return (
    <StringsContext.Provider value={strings}>
      {/* data-shown-query: the search the list on screen answers (the benchmark waits for it). */}
      <main className={classes.board} data-shown-query={shownQuery} lang={strings.language}>
        <BoardHeader
          onlineCount={onlineCount}
          demo={demo}
          updatedAt={summary.updatedAt}
          refreshing={summary.refreshing}
          staleSince={summary.staleSince}
          busy={loading || summary.refreshing}
          onRefresh={() => board.refresh()}
          locale={locale}
          account={account}
          counted={shape?.source}
          countText={s.presenceNotOffered?.count}
          extra={
            s.watches ? (
              <WatchingButton
                center={s.watches.center}
                locale={locale}
                photos={photoSource}
                {...(s.watches.sentNotifications ? { sentNotifications: s.watches.sentNotifications } : {})}
              />
            ) : null
          }
        />
        <div className={classes.bar}>
          {error ? (
            <LoadFailureBoundary
              fallback={
                <MessageBar intent="error">
                  <MessageBarBody>{describeError(error, strings).title}</MessageBarBody>
                </MessageBar>
              }
            >
              <Suspense fallback={null}>
                <BoardError
                  error={error}
                  staleSince={summary.phase === 'ready' ? summary.updatedAt : null}
                  onRetry={() => board.refresh()}
                  onGrantAccess={onGrantAccess}
                  adminConsent={adminConsent}
                  copy={actions?.copy}
                  locale={locale}
                />
              </Suspense>
            </LoadFailureBoundary>
          ) : null}
          {s.presenceNotOffered ? (
            <MessageBar intent="info" layout="multiline" data-testid="presence-not-offered">
              <MessageBarBody>{s.presenceNotOffered.notice}</MessageBarBody>
            </MessageBar>
          ) : null}
          {summary.presenceUnavailable > 0 ? (
            <MessageBar intent="warning">
              <MessageBarBody>
                {strings.presenceUnavailable(formatCount(summary.presenceUnavailable, locale), summary.presenceUnavailable === 1)}
              </MessageBarBody>
            </MessageBar>
          ) : null}
          {choices.calendars && (s.calendarAccess === 'needs-consent' || s.calendarAccess === 'refused') ? (
            <MessageBar intent={s.calendarAccess === 'refused' ? 'warning' : 'info'} data-calendar-consent="">
              <MessageBarBody>{s.calendarAccess === 'refused' ? strings.calendar.refused : strings.calendar.consentNeeded}</MessageBarBody>
              <MessageBarActions>
                {s.calendarAccess === 'needs-consent' ? <Button onClick={s.grantCalendars}>{strings.calendar.grant}</Button> : null}
                <Button onClick={() => setChoices({ ...choices, calendars: false })}>{strings.calendar.hide}</Button>
              </MessageBarActions>
            </MessageBar>
          ) : null}
          {choices.calendars && s.calendarAccess === 'no-mailbox' ? (
            <MessageBar intent="info" data-calendar-consent="">
              <MessageBarBody>{strings.calendar.noMailbox}</MessageBarBody>
              <MessageBarActions>
                <Button onClick={() => setChoices({ ...choices, calendars: false })}>{strings.calendar.hide}</Button>
              </MessageBarActions>
            </MessageBar>
          ) : null}
          <PeopleBar
            chosen={s.peopleTab}
            access={s.peopleAccess}
            onGrant={s.grantPeople}
            onShowEveryone={() => s.setPeopleTab('everyone')}
          />
          {loading ? <LoadingProgress usersLoaded={summary.userCount} usersExpected={summary.usersExpected} locale={locale} /> : null}
          <BoardToolbar
            query={query}
            onQueryChange={setQuery}
            choices={choices}
            onChoicesChange={setChoices}
            counts={counts}
            whereCounts={whereCounts}
            profile={summary.profile}
            shownCount={shownCount}
            onChatWithShown={onChatWithShown}
            locale={locale}
            peopleTab={s.peopleTab}
            onPeopleChange={s.setPeopleTab}
            presenceOffered={s.presenceNotOffered === null}
          />
        </div>
        <PeopleList
          shape={shape}
          rowAt={rowAt}
          onWindowChange={onWindowChange}
          emptyText={emptyText}
          listLabel={strings.listLabel}
          words={words}
          photos={photoSource}
          handlers={handlers}
          watched={s.watchedIds}
          menuOpenFor={menuOpenFor}
          headingText={headingText}
          density={choices.density}
          schedules={s.scheduleSource}
          locale={locale}
        />
        {s.watches && s.alertsWanted ? (
          <LoadFailureBoundary fallback={null}>
            <Suspense fallback={null}>
              <WatchAlerts
                center={s.watches.center}
                notifications={s.watches.notifications}
                onChat={handlers.onChat}
                onCall={handlers.onCall}
                chatOpensTeams={handlers.chatOpensTeams}
                photos={photoSource}
              />
            </Suspense>
          </LoadFailureBoundary>
        ) : null}
        {/* What an action did ("Copied …", or why it failed), read out by screen readers. */}
        <div role="status" aria-live="polite">
          {notice ? (
            <MessageBar intent={notice.intent} className={classes.notice} layout={notice.text.length > 60 ? 'multiline' : 'auto'}>
              <MessageBarBody>{notice.text}</MessageBarBody>
            </MessageBar>
          ) : null}
        </div>
      </main>
    </StringsContext.Provider>
  );
}
