import type { SignedInAccount } from '../../auth/chooseTokenSource';
import type { ListRow, ViewChoices } from '../../board/boardView';
import type { PersonActions } from '../../board/personActions';
import type { PreferenceStore } from '../../board/preferences';
import type { BoardSummary, ListWindow, ViewShape } from '../../board/remote/protocol';
import type { RemoteBoard } from '../../board/remote/remoteBoard';
import type { CalendarAccess } from '../../board/scheduleStore';
import type { PeopleAccess } from '../../board/relevantPeopleStore';
import type { PeopleTab } from '../PeopleSwitch';
import type { ScheduleSource } from '../useCalendarTexts';
import type { StatusGroup } from '../../presence/statusGroup';
import type { PhotoSource } from '../PeopleList/PeopleList.types';
import type { RowHandlers } from '../PersonRow/PersonRow.types';
import type { Strings } from '../strings';
import type { BoardWatches } from '../Watches/Watches.types';

export interface BoardProps {
  /** The board worker (or an in-process session in tests): summary, list shape and rows, photos. */
  board: RemoteBoard;
  demo: boolean;
  locale?: string;
  /** Opens the sign-in popup for consent (from a click), then reloads. */
  onGrantAccess?: () => Promise<void>;
  /** Opens the sign-in popup for Calendars.ReadBasic (from a click); the board then asks for the schedules on screen. */
  onGrantCalendars?: () => Promise<void>;
  /** Opens the sign-in popup for People.Read (from a click); the board then reads My people. */
  onGrantPeople?: () => Promise<void>;
  /** The link an admin opens to grant the board's permissions for everyone, and what it asks for. */
  adminConsent?: { url: string; scopes: readonly string[] };
  account?: SignedInAccount;
  /** The search the board starts with (a channel tab's default). */
  initialQuery?: string;
  /** View choices the page's link fixes (`?where=office`), over the saved ones. */
  initialChoices?: Partial<ViewChoices>;
  /** Where view choices and favourites are kept (per user and tenant); without it they last the visit. */
  preferences?: PreferenceStore;
  /** Chat, call and copy; without them the menu items do nothing. */
  actions?: PersonActions;
  /** The cloud's name where its Graph offers no presence (China); default: from the cloud the page was built for. */
  presenceUnknownIn?: string;
  /** The viewer's watches ("notify me when available"); without them no bell is shown. */
  watches?: BoardWatches;
  /** A link opened the board on this person (a watch's Teams activity feed notification): the search shows them. */
  openOnPerson?: string;
}

/** A short word after an action ("Copied …", or why it failed). */
export interface BoardNotice {
  text: string;
  intent: 'success' | 'error' | 'info';
}

/** What the board's markup needs: its props and what useBoard works out from them. */
export interface BoardViewState extends BoardProps {
  strings: Strings;
  summary: BoardSummary;
  /** The failure in `summary`, as its class (null: none). */
  error: Error | null;
  query: string;
  setQuery: (query: string) => void;
  /** The search the list on screen answers (typing runs ahead of it). */
  shownQuery: string;
  choices: ViewChoices;
  setChoices: (choices: ViewChoices) => void;
  /** The list's shape from the worker (null until the first arrives). */
  shape: ViewShape | null;
  rowAt: (index: number) => ListRow | undefined;
  onWindowChange: (window: ListWindow) => void;
  /** Per chip, how many match; everyone online; how many the list shows. */
  counts: Record<StatusGroup, number>;
  whereCounts: Record<'office' | 'remote', number>;
  onlineCount: number;
  shownCount: number;
  words: readonly string[];
  handlers: RowHandlers;
  menuOpenFor: string | null;
  headingText: (row: Extract<ListRow, { kind: 'heading' }>) => string;
  emptyText: string;
  loading: boolean;
  notice: BoardNotice | null;
  onChatWithShown: () => void;
  photoSource: PhotoSource;
  /** Schedules while "Show calendars" is on, else null. */
  scheduleSource: ScheduleSource | null;
  calendarAccess: CalendarAccess;
  /** The consent bar's Grant access: the popup, then the schedules on screen are asked for again. */
  grantCalendars: () => void;
  /** Where My people and My team stand. */
  peopleAccess: PeopleAccess;
  /** The list the viewer chose (their `auto` as decided: Everyone until it is). */
  peopleTab: PeopleTab;
  setPeopleTab: (tab: PeopleTab) => void;
  /** My people's consent bar: the popup for People.Read, then My people is read. */
  grantPeople: () => void;
  /** Where the cloud offers no presence: the line that says so, and the header's count of people (else null). */
  presenceNotOffered: { notice: string; count: string } | null;
  /** Whom the viewer watches (lower-case ids). */
  watchedIds: ReadonlySet<string>;
  /** The viewer has (or had) watches this visit: how a fired one is told is loaded. */
  alertsWanted: boolean;
}
