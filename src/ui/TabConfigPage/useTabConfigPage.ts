import { useEffect, useRef, useState } from 'react';
import type { TabChoice } from '../../board/tabChoice';
import { useStrings } from '../strings';
import type { TabConfigPageProps, TabConfigPageState } from './TabConfigPage.types';

/** The page's state: the choice shown, and what the host's Save reads. */
export function useTabConfigPage({ teamAvailable, initial = null, onValid, onSave }: TabConfigPageProps): TabConfigPageState {
  const strings = useStrings().tabConfig;
  // A tab set to the team's members stays so only where there is a team to show.
  const start: TabChoice = initial?.choice === 'team' && teamAvailable ? 'team' : 'organisation';
  const [choice, setChoice] = useState<TabChoice>(start);
  // Save happens outside React (the host's event): it reads the latest choice from here.
  const current = useRef<TabChoice>(start);
  const defaultSearch = useRef(initial?.defaultSearch ?? '');
  const [wall, setWall] = useState(initial?.wall ?? false);
  const currentWall = useRef(initial?.wall ?? false);
  useEffect(() => {
    onSave(() => ({ choice: current.current, defaultSearch: defaultSearch.current, wall: currentWall.current }));
    onValid();
  }, [onSave, onValid]);
  return {
    strings,
    teamAvailable,
    choice,
    onChoiceChange: (value) => {
      current.current = value;
      setChoice(value);
    },
    initialSearch: initial?.defaultSearch ?? '',
    onSearchChange: (value) => {
      defaultSearch.current = value;
    },
    wall,
    onWallChange: (value) => {
      currentWall.current = value;
      setWall(value);
    },
  };
}
