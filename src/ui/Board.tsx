import { makeStyles, MessageBar, MessageBarBody, SearchBox, tokens } from '@fluentui/react-components';
import { useDeferredValue, useState, useSyncExternalStore } from 'react';
import type { BoardStore } from '../board/boardStore';
import { BoardError } from './BoardError';
import { BoardHeader } from './BoardHeader';
import { formatCount } from './format';
import { LoadingProgress } from './LoadingProgress';
import { PeopleList } from './PeopleList';
import { useOnlinePeople } from './useOnlinePeople';

const useStyles = makeStyles({
  board: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '960px', margin: '0 auto' },
  bar: { padding: `0 ${tokens.spacingHorizontalM}`, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  search: { maxWidth: '480px', width: '100%' },
});

/** Who is signed in (plain browser), shown in the header with a way out. */
export interface SignedInAccount {
  name: string;
  signOut: () => Promise<void>;
}

export interface BoardProps {
  store: BoardStore;
  demo: boolean;
  locale?: string;
  /** Opens the sign-in popup for consent (from a click), then reloads. */
  onGrantAccess?: () => Promise<void>;
  account?: SignedInAccount;
  /** The search the board starts with (a channel tab's default). */
  initialQuery?: string;
}

/** The board: header with count, search, progress, errors, and the list of online people. */
export function Board({ store, demo, locale, onGrantAccess, account, initialQuery = '' }: BoardProps) {
  const styles = useStyles();
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const [query, setQuery] = useState(initialQuery);
  const deferredQuery = useDeferredValue(query);
  const { online, shown } = useOnlinePeople(state, deferredQuery, locale);
  const loading = state.phase === 'loading';
  const trimmed = deferredQuery.trim();

  const emptyText = loading
    ? 'Looking for people online…'
    : trimmed
      ? `No one online matches “${trimmed}”.`
      : state.phase === 'error'
        ? 'No one to show yet.'
        : 'Nobody is online right now.';

  return (
    // data-shown-query: the search the list on screen answers (the benchmark waits for it).
    <main className={styles.board} data-shown-query={deferredQuery}>
      <BoardHeader
        onlineCount={online.length}
        demo={demo}
        updatedAt={state.updatedAt}
        refreshing={state.refreshing}
        busy={loading || state.refreshing}
        onRefresh={() => void store.refresh()}
        locale={locale}
        account={account}
      />
      <div className={styles.bar}>
        {state.error ? (
          <BoardError
            error={state.error}
            staleSince={state.phase === 'ready' ? state.updatedAt : null}
            onRetry={() => void store.refresh()}
            onGrantAccess={onGrantAccess}
            locale={locale}
          />
        ) : null}
        {state.presenceUnavailable > 0 ? (
          <MessageBar intent="warning">
            <MessageBarBody>
              Presence unavailable for {formatCount(state.presenceUnavailable, locale)}{' '}
              {state.presenceUnavailable === 1 ? 'person' : 'people'}: they are not on the board. The next refresh asks again.
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {loading ? <LoadingProgress usersLoaded={state.users.length} usersExpected={state.usersExpected} locale={locale} /> : null}
        <SearchBox
          className={styles.search}
          placeholder="Search by name or mail"
          aria-label="Search people online"
          value={query}
          onChange={(_, data) => setQuery(data.value)}
        />
      </div>
      <PeopleList people={shown} emptyText={emptyText} locale={locale} onVisibleChange={store.setPriorityIds} />
    </main>
  );
}
