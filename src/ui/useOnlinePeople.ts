import { useMemo, useState } from 'react';
import type { BoardState } from '../board/boardStore';
import { createPeopleJoiner, onlyOnline, searchPeople, sortPeople } from '../presence/people';
import type { Person } from '../presence/types';

export interface OnlinePeople {
  /** Everyone online, sorted. */
  online: Person[];
  /** Those of them the search matches. */
  shown: readonly Person[];
}

/** The board's derived view: join, keep the online, sort, search; recomputed only when its inputs change. */
export function useOnlinePeople(state: BoardState, query: string, locale?: string): OnlinePeople {
  const [joinPeople] = useState(createPeopleJoiner);
  const online = useMemo(
    () => sortPeople(onlyOnline(joinPeople(state.users, state.presence)), locale),
    [joinPeople, state.users, state.presence, locale],
  );
  const shown = useMemo(() => searchPeople(online, query), [online, query]);
  return { online, shown };
}
