import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { DEFAULT_CHOICES, type ListRow, type ViewChoices } from '../../board/boardView';
import { NoTeamsAddressError } from '../../board/personActions';
import type { ListWindow } from '../../board/remote/protocol';
import { rowAt as frameRowAt } from '../../board/remote/remoteBoard';
import { idKey } from '../../presence/people';
import { queryWords } from '../../presence/search';
import { STATUS_GROUPS, type StatusGroup } from '../../presence/statusGroup';
import type { Person } from '../../presence/types';
import type { Watch } from '../../presence/watch';
import type { WatchProblem } from '../../board/watchCenter';
import { formatCount } from '../format';
import type { RowHandlers } from '../PersonRow/PersonRow.types';
import { stringsFor, type Strings } from '../strings';
import { preloadLaterParts } from '../lazyParts';
import { useNarrow } from '../useNarrow';
import { presenceNotOfferedTexts, presenceUnknownIn } from '../presenceNotOffered';
import type { PeopleTab } from '../PeopleSwitch';
import { useTransitionStore } from '../useTransitionStore';
import type { BoardNotice, BoardProps, BoardViewState } from './Board.types';

/** An empty My people or My team: nobody in it at all, or nobody in it online. */
function emptyListText(list: 'mine' | 'team', people: number, strings: Strings): string {
  if (people === 0) return list === 'mine' ? strings.people.noneKnown : strings.people.noTeam;
  return list === 'mine' ? strings.people.nobodyOnlineMine : strings.people.nobodyOnlineTeam;
}

const NO_WATCHES: readonly Watch[] = [];
const noSubscription = () => () => undefined;
const noWatches = () => NO_WATCHES;

/** What the board says about a problem with watches. */
function watchProblemText(problem: WatchProblem, strings: Strings, locale?: string): string {
  switch (problem.kind) {
    case 'toast-only':
      return strings.watch.toastOnly;
    case 'not-kept':
      return strings.watch.notKept;
    case 'relay-down':
      return strings.watch.relayDown;
    case 'relay-cap':
      return strings.watch.relayCap(problem.max === null ? null : formatCount(problem.max, locale));
    case 'tab-cap':
      return strings.watch.tabCap(formatCount(problem.max, locale));
  }
}

/** How long a notice after an action ("Copied …") stays. */
const NOTICE_MS = 4000;

const NO_COUNTS = Object.fromEntries(STATUS_GROUPS.map((g) => [g, 0])) as Record<StatusGroup, number>;
const NO_WHERE_COUNTS = { office: 0, remote: 0 };

/**
 * The board's state from its props: the worker's latest frame (summary, list shape, rows), the
 * search, view choices and favourites (sent to the worker, and saved as they change), the open
 * menu, the row actions and the notice they leave, and the text for an empty list.
 */
export function useBoard(props: BoardProps): BoardViewState {
  const { board, locale, initialQuery = '', initialChoices, preferences, actions } = props;
  const strings = useMemo(() => stringsFor(locale), [locale]);
  const [notice, setNotice] = useState<BoardNotice | null>(null);
  const noticeTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(noticeTimer.current), []);
  const narrow = useNarrow();
  useEffect(() => preloadLaterParts(narrow), [narrow]);
  const frame = useTransitionStore(board.subscribe, board.getSnapshot);
  const calendarAccess = useTransitionStore(board.scheduleSource.subscribe, board.scheduleSource.access);
  const peopleAccess = useTransitionStore(board.peopleSource.subscribe, board.peopleSource.access);
  const { summary, shape } = frame;

  const [query, setQuery] = useState(initialQuery);
  const kept = preferences?.get();
  const [choices, setChoices] = useState<ViewChoices>(() => ({ ...(kept?.choices ?? DEFAULT_CHOICES), ...initialChoices }));
  const [favourites, setFavourites] = useState<ReadonlySet<string>>(() => new Set(kept?.favourites ?? []));
  const [menuOpenFor, setMenuOpenFor] = useState<string | null>(null);

  // Where the cloud's Graph offers no presence (China) everyone's status is unknown: all are listed, whatever the status choices.
  const noPresenceIn = props.presenceUnknownIn ?? presenceUnknownIn();
  // A link that opens the board on a person (a watch's activity feed notification): once the
  // directory names them, the search is their name (which the viewer can clear).
  const openOnPerson = props.openOnPerson;
  useEffect(() => {
    if (!openOnPerson) return;
    let live = true;
    void board.findUser(openOnPerson).then((user) => live && user !== null && setQuery(user.displayName));
    return () => {
      live = false;
    };
  }, [board, openOnPerson]);

  // The worker answers each search and choice with the list's shape and the rows on screen.
  useEffect(() => {
    const shown = noPresenceIn === undefined ? choices : { ...choices, statuses: [], showOffline: true };
    board.setQuery({ query, choices: shown, favourites: [...favourites], noDepartmentLabel: strings.noDepartment });
  }, [board, query, choices, favourites, strings.noDepartment, noPresenceIn]);
  const shownQuery = shape?.query ?? '';
  const words = useMemo(() => queryWords(shownQuery), [shownQuery]);
  const rowAt = useCallback((index: number) => frameRowAt(frame, index), [frame]);
  const onWindowChange = useCallback((window: ListWindow) => board.setWindow(window), [board]);

  // Kept as they change, for this person in this tenant. What a link fixes (`?where=office`,
  // `?people=mine`) is the link's, not the person's: while the choice still holds the link's value,
  // the kept one stays kept.
  const [linked] = useState(() => ({ fixed: initialChoices ?? {}, kept: kept?.choices ?? DEFAULT_CHOICES }));
  useEffect(() => {
    let own = choices;
    if (linked.fixed.where !== undefined && own.where === linked.fixed.where) own = { ...own, where: linked.kept.where };
    if (linked.fixed.people !== undefined && own.people === linked.fixed.people) own = { ...own, people: linked.kept.people };
    preferences?.save({ choices: own, favourites: [...favourites] });
  }, [preferences, choices, favourites, linked]);

  const say = useCallback((text: string, intent: BoardNotice['intent']) => {
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

  // Watches: the bell on each row, the list in the header, and how a fired one is told. None where the
  // cloud's Graph offers no presence (China): a watch waits for an availability that never comes.
  const watches = noPresenceIn === undefined ? props.watches : undefined;
  const watchCenter = watches?.center;
  const notifications = watches?.notifications;
  const watchList = useSyncExternalStore(watchCenter?.subscribe ?? noSubscription, watchCenter?.getSnapshot ?? noWatches);
  const watchedIds = useMemo(() => new Set(watchList.map((w) => w.personId)), [watchList]);
  const [alertsWanted, setAlertsWanted] = useState(false);
  if (!alertsWanted && watchList.length > 0) setAlertsWanted(true);
  useEffect(
    () =>
      watchCenter?.onProblem((problem) => say(watchProblemText(problem, strings, locale), problem.kind === 'tab-cap' ? 'error' : 'info')),
    [watchCenter, say, strings, locale],
  );
  const onToggleWatch = useMemo(() => {
    if (!watchCenter || !notifications) return undefined;
    return (person: Person) => {
      if (!watchCenter.toggle(person)) return;
      // Asked from this click (the first bell), never at start-up; where refused, the toast alone, said once.
      const readiness = notifications.readiness();
      if (readiness === 'ask') void notifications.ask().then((outcome) => outcome === 'refused' && watchCenter.toastOnly());
      else if (readiness === 'refused') watchCenter.toastOnly();
    };
  }, [watchCenter, notifications]);

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
      ...(onToggleWatch ? { onToggleWatch } : {}),
    }),
    [actions, attempt, strings, onToggleWatch],
  );

  const headingText = (row: Extract<ListRow, { kind: 'heading' }>) => {
    const name = row.group === 'favourites' ? strings.favouritesHeading : row.group === 'department' ? row.label : strings.chip[row.group];
    return `${name} (${formatCount(row.count, locale)})`;
  };

  // My people and My team do not wait for the directory, which goes on loading for Everyone.
  const source = shape?.source ?? 'everyone';
  const list = source === 'mine' || source === 'team' ? source : null;
  const loading = summary.phase === 'loading' && list === null;
  // The worker says what the board is doing at once, and sends the list made from its people a
  // moment later (a kept board of 50,000 is put in name order first): until then the list is not
  // empty, only not here yet.
  const listBehind = list === null && summary.userCount > 0 && (shape?.people ?? 0) !== summary.userCount;
  const trimmed = shownQuery.trim();
  const filtered = choices.statuses.length > 0 || choices.hideGuests || choices.hideDisabled;
  const emptyText =
    source === 'pending'
      ? strings.people.looking
      : loading || listBehind
        ? strings.lookingForPeople
        : trimmed
          ? strings.noMatch(trimmed)
          : filtered
            ? strings.noMatchFilters
            : list !== null
              ? emptyListText(list, shape?.people ?? 0, strings)
              : summary.phase === 'error'
                ? strings.noneYet
                : strings.nobodyOnline;
  const peopleTab: PeopleTab = choices.people === 'auto' ? (peopleAccess.auto ?? 'everyone') : choices.people;

  return {
    ...props,
    watches,
    strings,
    summary,
    error: frame.error,
    query,
    setQuery,
    shownQuery,
    choices,
    setChoices,
    shape,
    rowAt,
    onWindowChange,
    counts: shape?.counts ?? NO_COUNTS,
    whereCounts: shape?.whereCounts ?? NO_WHERE_COUNTS,
    onlineCount: shape?.onlineCount ?? 0,
    shownCount: shape?.shownCount ?? 0,
    words,
    handlers,
    menuOpenFor,
    headingText,
    emptyText,
    loading,
    notice,
    onChatWithShown: () => attempt(async () => actions?.chat(await board.shownUsers())),
    photoSource: board.photoSource,
    scheduleSource: choices.calendars ? board.scheduleSource : null,
    calendarAccess,
    peopleAccess,
    peopleTab,
    setPeopleTab: (tab) => setChoices((current) => ({ ...current, people: tab })),
    presenceNotOffered:
      noPresenceIn === undefined
        ? null
        : (({ notice, count }) => ({ notice, count: count(formatCount(summary.userCount, locale)) }))(
            presenceNotOfferedTexts(strings.language, noPresenceIn),
          ),
    watchedIds,
    alertsWanted,
    grantPeople: () =>
      void (props.onGrantPeople?.() ?? Promise.resolve()).then(
        () => board.peopleGranted(),
        (error: unknown) => say(strings.actionFailed(error instanceof Error ? error.message : String(error)), 'error'),
      ),
    grantCalendars: () =>
      void (props.onGrantCalendars?.() ?? Promise.resolve()).then(
        () => board.calendarGranted(),
        (error: unknown) => say(strings.actionFailed(error instanceof Error ? error.message : String(error)), 'error'),
      ),
  };
}
