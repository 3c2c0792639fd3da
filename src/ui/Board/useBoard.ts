import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { DEFAULT_CHOICES, profileAvailability, type ListRow, type ViewChoices } from '../../board/boardView';
import { NoTeamsAddressError } from '../../board/personActions';
import { useBoardView } from '../../board/useBoardView';
import { idKey } from '../../presence/people';
import { queryWords } from '../../presence/search';
import type { Person } from '../../presence/types';
import { formatCount } from '../format';
import type { PhotoSource } from '../PeopleList/PeopleList.types';
import type { RowHandlers } from '../PersonRow/PersonRow.types';
import { stringsFor } from '../strings';
import type { BoardNotice, BoardProps, BoardViewState } from './Board.types';

/** How long a notice after an action ("Copied …") stays. */
const NOTICE_MS = 4000;

const noPhotos: PhotoSource = { photoOf: () => undefined, subscribe: () => () => undefined, getVersion: () => 0 };

/**
 * The board's state from its props: the store's snapshot, the search, view choices and favourites
 * (saved as they change), the list on screen (useBoardView), the open menu, the row actions and the
 * notice they leave, and the text for an empty list.
 */
export function useBoard(props: BoardProps): BoardViewState {
  const { store, locale, initialQuery = '', preferences, photos, actions, virtual = true } = props;
  const strings = useMemo(() => stringsFor(locale), [locale]);
  const [notice, setNotice] = useState<BoardNotice | null>(null);
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

  return {
    ...props,
    strings,
    state,
    query,
    setQuery,
    deferredQuery,
    choices,
    setChoices,
    view,
    profile,
    words,
    handlers,
    menuOpenFor,
    onVisibleChange,
    headingText,
    emptyText,
    loading,
    notice,
    onChatWithShown: () => attempt(async () => actions?.chat(view.people.map((p) => p.user))),
    photoSource: photos ?? noPhotos,
    virtual,
  };
}
