import type { RefObject } from 'react';
import type { ProfileAvailability, ViewChoices } from '../../board/boardView';
import type { StatusGroup } from '../../presence/statusGroup';
import type { PeopleTab } from '../PeopleSwitch';
import type { Strings } from '../strings';

export interface BoardToolbarProps {
  query: string;
  onQueryChange: (query: string) => void;
  choices: ViewChoices;
  onChoicesChange: (choices: ViewChoices) => void;
  counts: Record<StatusGroup, number>;
  /** How many of those shown by the status chips are in the office, and remote. */
  whereCounts: Record<'office' | 'remote', number>;
  profile: ProfileAvailability;
  /** How many people the list shows: "Chat with everyone shown". */
  shownCount: number;
  onChatWithShown: () => void;
  locale?: string;
  /** Whose people (Everyone · My people · My team): the list the viewer chose; no switch without it. */
  peopleTab?: PeopleTab;
  onPeopleChange?: (tab: PeopleTab) => void;
  /** False where the cloud's Graph offers no presence (China): no status chips and no "show offline", which would count nothing. */
  presenceOffered?: boolean;
}

/** What the toolbar's markup needs: its props and what useBoardToolbar works out from them. */
export interface BoardToolbarState extends BoardToolbarProps {
  strings: Strings;
  /** The ids tying the group-by and sort-by labels to their selects. */
  groupId: string;
  sortId: string;
  densityId: string;
  /** The status chips shown (offline only while offline people are shown). */
  chips: readonly StatusGroup[];
  /** Changes some of the view choices. */
  set: (change: Partial<ViewChoices>) => void;
  /** Turns a status chip on or off. */
  toggle: (group: StatusGroup) => void;
  /** The offline switch (turning it off also drops the offline chip). */
  setShowOffline: (showOffline: boolean) => void;
  /** More people shown than a group chat can hold. */
  overGroupChatLimit: boolean;
  /** A phone's width: the search stays, everything else is behind one Filters button. */
  narrow: boolean;
  /** How many filters are on (chips, offline, guests, disabled, where): shown on the Filters button. */
  filtersOn: number;
  /** The Filters button: focus goes back to it when the sheet closes. */
  filtersButtonRef: RefObject<HTMLButtonElement | null>;
  filtersOpen: boolean;
  /** The sheet has been opened once (its code loaded): it stays mounted from then on. */
  filtersLoaded: boolean;
  setFiltersOpen: (open: boolean) => void;
}
