import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import { BoardError } from '../BoardError/BoardError';
import { BoardHeader } from '../BoardHeader/BoardHeader';
import { BoardToolbar } from '../BoardToolbar/BoardToolbar';
import { formatCount } from '../format';
import { LoadingProgress } from '../LoadingProgress';
import { PeopleList } from '../PeopleList/PeopleList';
import { StringsContext } from '../strings';
import type { BoardViewState } from './Board.types';
import type { BoardClasses } from './useBoardStyles.styles';

/** The board's markup: header with count, errors, progress, toolbar, the list of people, and the notice. */
export function renderBoard(s: BoardViewState, classes: BoardClasses) {
  const { store, demo, locale, onGrantAccess, adminConsent, account, actions, strings, state, query, setQuery, deferredQuery } = s;
  const { choices, setChoices, view, profile, words, handlers, menuOpenFor, onVisibleChange, headingText, emptyText } = s;
  const { loading, notice, onChatWithShown, photoSource, virtual } = s;
  return (
    <StringsContext.Provider value={strings}>
      {/* data-shown-query: the search the list on screen answers (the benchmark waits for it). */}
      <main className={classes.board} data-shown-query={deferredQuery} lang={strings.language}>
        <BoardHeader
          onlineCount={view.onlineCount}
          demo={demo}
          updatedAt={state.updatedAt}
          refreshing={state.refreshing}
          staleSince={state.staleSince}
          busy={loading || state.refreshing}
          onRefresh={() => void store.refresh()}
          locale={locale}
          account={account}
        />
        <div className={classes.bar}>
          {state.error ? (
            <BoardError
              error={state.error}
              staleSince={state.phase === 'ready' ? state.updatedAt : null}
              onRetry={() => void store.refresh()}
              onGrantAccess={onGrantAccess}
              adminConsent={adminConsent}
              copy={actions?.copy}
              locale={locale}
            />
          ) : null}
          {state.presenceUnavailable > 0 ? (
            <MessageBar intent="warning">
              <MessageBarBody>
                {strings.presenceUnavailable(formatCount(state.presenceUnavailable, locale), state.presenceUnavailable === 1)}
              </MessageBarBody>
            </MessageBar>
          ) : null}
          {loading ? <LoadingProgress usersLoaded={state.users.length} usersExpected={state.usersExpected} locale={locale} /> : null}
          <BoardToolbar
            query={query}
            onQueryChange={setQuery}
            choices={choices}
            onChoicesChange={setChoices}
            counts={view.counts}
            profile={profile}
            shownCount={view.shownCount}
            onChatWithShown={onChatWithShown}
            locale={locale}
          />
        </div>
        <PeopleList
          rows={view.rows}
          emptyText={emptyText}
          listLabel={strings.listLabel}
          words={words}
          photos={photoSource}
          handlers={handlers}
          menuOpenFor={menuOpenFor}
          headingText={headingText}
          onVisibleChange={onVisibleChange}
          virtual={virtual}
          resetKey={`${deferredQuery}\n${JSON.stringify(choices)}`}
        />
        {/* What an action did ("Copied …", or why it failed), read out by screen readers. */}
        <div role="status" aria-live="polite">
          {notice ? (
            <MessageBar intent={notice.intent} className={classes.notice}>
              <MessageBarBody>{notice.text}</MessageBarBody>
            </MessageBar>
          ) : null}
        </div>
      </main>
    </StringsContext.Provider>
  );
}
