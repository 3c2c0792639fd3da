import { useMemo, useState } from 'react';
import type { BoardState } from './boardStore';
import { buildBoardView, indexPeople, type BoardView, type ViewChoices } from './boardView';
import { sortByName } from '../presence/search';
import { createPeopleJoiner } from '../presence/people';

/**
 * The list on screen, recomputed only when its inputs change: the directory is put in name
 * order when it changes, joined with presence and indexed when that changes, and filtered per
 * keystroke.
 */
export function useBoardView(
  state: BoardState,
  query: string,
  choices: ViewChoices,
  favourites: ReadonlySet<string>,
  locale: string | undefined,
  noDepartmentLabel: string,
): BoardView {
  const [joinPeople] = useState(createPeopleJoiner);
  const byName = useMemo(() => sortByName(state.users, locale), [state.users, locale]);
  const index = useMemo(() => indexPeople(joinPeople(byName, state.presence)), [joinPeople, byName, state.presence]);
  return useMemo(
    () => buildBoardView({ people: index, query, choices, favourites, noDepartmentLabel }),
    [index, query, choices, favourites, noDepartmentLabel],
  );
}
