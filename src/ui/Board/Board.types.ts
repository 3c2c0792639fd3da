import type { SignedInAccount } from '../../auth/chooseTokenSource';
import type { BoardState, BoardStore } from '../../board/boardStore';
import type { BoardView, ListRow, ProfileAvailability, ViewChoices } from '../../board/boardView';
import type { PersonActions } from '../../board/personActions';
import type { PhotoStore } from '../../board/photoStore';
import type { PreferenceStore } from '../../board/preferences';
import type { PhotoSource } from '../PeopleList/PeopleList.types';
import type { RowHandlers } from '../PersonRow/PersonRow.types';
import type { Strings } from '../strings';

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

/** A short word after an action ("Copied …", or why it failed). */
export interface BoardNotice {
  text: string;
  intent: 'success' | 'error';
}

/** What the board's markup needs: its props and what useBoard works out from them. */
export interface BoardViewState extends BoardProps {
  strings: Strings;
  state: BoardState;
  query: string;
  setQuery: (query: string) => void;
  /** The search the list on screen answers (typing runs ahead of it). */
  deferredQuery: string;
  choices: ViewChoices;
  setChoices: (choices: ViewChoices) => void;
  view: BoardView;
  profile: ProfileAvailability;
  words: readonly string[];
  handlers: RowHandlers;
  menuOpenFor: string | null;
  onVisibleChange: (ids: string[]) => void;
  headingText: (row: Extract<ListRow, { kind: 'heading' }>) => string;
  emptyText: string;
  loading: boolean;
  notice: BoardNotice | null;
  onChatWithShown: () => void;
  photoSource: PhotoSource;
  virtual: boolean;
}
