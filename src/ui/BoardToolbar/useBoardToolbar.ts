import { useId } from '@fluentui/react-components';
import { useCallback, useRef, useState } from 'react';
import type { ViewChoices } from '../../board/boardView';
import { MAX_GROUP_CHAT_MEMBERS } from '../../board/personActions';
import { STATUS_GROUPS, type StatusGroup } from '../../presence/statusGroup';
import { useStrings } from '../strings';
import { useNarrow } from '../useNarrow';
import type { BoardToolbarProps, BoardToolbarState } from './BoardToolbar.types';

/** The toolbar's state from its props: label ids, the chips shown, and changes to the view choices. */
export function useBoardToolbar(props: BoardToolbarProps): BoardToolbarState {
  const { choices, onChoicesChange, shownCount } = props;
  const strings = useStrings();
  const groupId = useId('group-by');
  const sortId = useId('sort-by');
  const densityId = useId('density');
  const narrow = useNarrow();
  const [filtersOpen, setFiltersOpenNow] = useState(false);
  const [filtersLoaded, setFiltersLoaded] = useState(false);
  const filtersButtonRef = useRef<HTMLButtonElement>(null);
  // A closed sheet gives focus back to the Filters button (the drawer itself leaves it on the page's body).
  const setFiltersOpen = useCallback((open: boolean) => {
    if (open) setFiltersLoaded(true);
    setFiltersOpenNow(open);
    if (!open) requestAnimationFrame(() => filtersButtonRef.current?.focus());
  }, []);
  // A phone turned to a wide layout has no sheet: it does not open again by itself when turned back.
  const [wasNarrow, setWasNarrow] = useState(narrow);
  if (wasNarrow !== narrow) {
    setWasNarrow(narrow);
    if (!narrow) setFiltersOpenNow(false);
  }
  const filtersOn =
    choices.statuses.length +
    (choices.showOffline ? 1 : 0) +
    (choices.hideGuests ? 1 : 0) +
    (choices.hideDisabled ? 1 : 0) +
    (choices.where !== 'anywhere' ? 1 : 0);
  const set = (change: Partial<ViewChoices>) => onChoicesChange({ ...choices, ...change });
  const toggle = (group: StatusGroup) =>
    set({ statuses: choices.statuses.includes(group) ? choices.statuses.filter((g) => g !== group) : [...choices.statuses, group] });
  const setShowOffline = (showOffline: boolean) =>
    set({ showOffline, statuses: showOffline ? choices.statuses : choices.statuses.filter((g) => g !== 'offline') });
  return {
    ...props,
    strings,
    groupId,
    sortId,
    densityId,
    chips: props.presenceOffered === false ? [] : STATUS_GROUPS.filter((g) => g !== 'offline' || choices.showOffline),
    set,
    toggle,
    setShowOffline,
    overGroupChatLimit: shownCount > MAX_GROUP_CHAT_MEMBERS,
    narrow,
    filtersOn,
    filtersOpen,
    filtersLoaded,
    setFiltersOpen,
    filtersButtonRef,
  };
}
