import { makeStyles, MessageBar, MessageBarBody, tokens } from '@fluentui/react-components';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { SignedInAccount } from '../auth/chooseTokenSource';
import type { BoardStore } from '../board/boardStore';
import type { PhotoStore } from '../board/photoStore';
import { NoTeamsAddressError, type PersonActions } from '../board/personActions';
import type { PreferenceStore } from '../board/preferences';
import { DEFAULT_CHOICES, profileAvailability, type ListRow, type ViewChoices } from '../board/boardView';
import { queryWords } from '../presence/search';
import { idKey } from '../presence/people';
import type { Person } from '../presence/types';
import { BoardError } from './BoardError';
import { BoardHeader } from './BoardHeader';
import { BoardToolbar } from './BoardToolbar';
import { formatCount } from './format';
import { LoadingProgress } from './LoadingProgress';
import { PeopleList } from './PeopleList/PeopleList';
import type { PhotoSource } from './PeopleList/PeopleList.types';
import type { RowHandlers } from './PersonRow/PersonRow.types';
import { StringsContext, stringsFor } from './strings';
import { useBoardView } from '../board/useBoardView';

const useStyles = makeStyles({
  board: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '960px', margin: '0 auto', height: '100vh' },
  bar: { padding: `0 ${tokens.spacingHorizontalM}`, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  notice: {
    position: 'fixed',
    bottom: tokens.spacingVerticalXL,
    left: '50%',
    transform: 'translateX(-50%)',
    maxWidth: 'min(560px, calc(100vw - 32px))',
    boxShadow: tokens.shadow16,
  },
});

/** How long a notice after an action ("Copied …") stays. */
const NOTICE_MS = 4000;

export interface BoardProps {
  store: BoardStore;
  demo: boolean;
  locale?: string;
  /** Opens the sign-in popup for consent (from a click), then reloads. */
  onGrantAccess?: () => Promise<void>;
  /** The link an admin opens to grant the board's permissions for everyone, and what it asks for. */
  adminConsent?: { url: string; scopes: readonly string[] };
  account?: SignedInAccount;
  /** The search the board starts with (a channel tab's default). */
  initialQuery?: string;
  /** Where view choices and favourites are kept (per user and tenant); without it they last the visit. */
  preferences?: PreferenceStore;
  /** Photos for the people on screen; without it, initials. */
  photos?: PhotoStore;
  /** Chat, call and copy; without them the menu items do nothing. */
  actions?: PersonActions;
  /** false: draw every row (the benchmark's side-by-side figure only). */
  virtual?: boolean;
}

const noPhotos: PhotoSource = { photoOf: () => undefined, subscribe: () => () => undefined, getVersion: () => 0 };

/** The board: header with count, toolbar, progress, errors, and the list of people. */
export function Board(props: BoardProps) {
  const {
    store,
    demo,
    locale,
    onGrantAccess,
    adminConsent,
    account,
    initialQuery = '',
    preferences,
    photos,
    actions,
    virtual = true,
  } = props;
  const styles = useStyles();
  const strings = useMemo(() => stringsFor(locale), [locale]);
  const [notice, setNotice] = useState<{ text: string; intent: 'success' | 'error' } | null>(null);
  const noticeTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(noticeTimer.current), []);
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);

  const [query, setQuery] = useState(initialQuery);
  const deferredQuery = useDeferredValue(query);
  const kept = preferences?.get();
  const [choices, setChoices] = useState<ViewChoices>(kept?.choices ?? DEFAULT_CHOICES);
  const [favourites, setFavourites] = useState<ReadonlySet<string>>(() => new Set(kept?.favourites ?? []));
  const [menuOpenFor, setMenuOpenFor] = useState<string | null>(null);

  const view = useBoardView(state, deferredQuery, choices, favourites, locale, strings.noDepartment);
  const profile = useMemo(() => profileAvailability(state.users), [state.users]);
  const words = useMemo(() => queryWords(deferredQuery), [deferredQuery]);

  // Kept as they change, for this person in this tenant.
  useEffect(() => {
    preferences?.save({ choices, favourites: [...favourites] });
  }, [preferences, choices, favourites]);

  const say = useCallback((text: string, intent: 'success' | 'error') => {
    clearTimeout(noticeTimer.current);
    setNotice({ text, intent });
    noticeTimer.current = setTimeout(() => setNotice(null), NOTICE_MS);
  }, []);
  const attempt = useCallback(
    (run: () => Promise<void>, done?: string) =>
      void run().then(
        () => done && say(done, 'success'),
        (error: unknown) =>
          say(
            error instanceof NoTeamsAddressError
              ? strings.noTeamsAddress(error.who)
              : strings.actionFailed(error instanceof Error ? error.message : String(error)),
            'error',
          ),
      ),
    [say, strings],
  );

  const handlers = useMemo<RowHandlers>(
    () => ({
      onToggleFavourite: (id) =>
        setFavourites((current) => {
          const next = new Set(current);
          if (next.has(idKey(id))) next.delete(idKey(id));
          else next.add(idKey(id));
          return next;
        }),
      onChat: (person: Person) => attempt(async () => actions?.chat([person.user])),
      onCall: (person: Person) => attempt(async () => actions?.call(person.user)),
      onCopy: (text) => attempt(async () => actions?.copy(text), strings.copied(text)),
      onMenuChange: (id, open) => setMenuOpenFor((current) => (open ? id : current === id ? null : current)),
      chatOpensTeams: actions?.opensTeams ?? false,
    }),
    [actions, attempt, strings],
  );

  const onVisibleChange = useCallback(
    (ids: string[]) => {
      store.setPriorityIds(ids);
      photos?.want(ids);
    },
    [store, photos],
  );

  const headingText = (row: Extract<ListRow, { kind: 'heading' }>) => {
    const name = row.group === 'favourites' ? strings.favouritesHeading : row.group === 'department' ? row.label : strings.chip[row.group];
    return `${name} (${formatCount(row.count, locale)})`;
  };

  const loading = state.phase === 'loading';
  const trimmed = deferredQuery.trim();
  const filtered = choices.statuses.length > 0 || choices.hideGuests || choices.hideDisabled;
  const emptyText = loading
    ? strings.lookingForPeople
    : trimmed
      ? strings.noMatch(trimmed)
      : filtered
        ? strings.noMatchFilters
        : state.phase === 'error'
          ? strings.noneYet
          : strings.nobodyOnline;

  return (
    <StringsContext.Provider value={strings}>
      {/* data-shown-query: the search the list on screen answers (the benchmark waits for it). */}
      <main className={styles.board} data-shown-query={deferredQuery} lang={strings.language}>
        <BoardHeader
          onlineCount={view.onlineCount}
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
            onChatWithShown={() => attempt(async () => actions?.chat(view.people.map((p) => p.user)))}
            locale={locale}
          />
        </div>
        <PeopleList
          rows={view.rows}
          emptyText={emptyText}
          listLabel={strings.listLabel}
          words={words}
          photos={photos ?? noPhotos}
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
            <MessageBar intent={notice.intent} className={styles.notice}>
              <MessageBarBody>{notice.text}</MessageBarBody>
            </MessageBar>
          ) : null}
        </div>
      </main>
    </StringsContext.Provider>
  );
}
