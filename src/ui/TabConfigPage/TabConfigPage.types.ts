import type { TabChoice } from '../../board/tabChoice';
import type { Strings } from '../strings';

export interface TabConfigPageProps {
  /** The team's group id; a group chat has none, so it can only show the organisation. */
  teamAvailable: boolean;
  /** What the tab was set to before (reconfiguring), or null for a new tab. */
  initial?: { choice: TabChoice; defaultSearch: string; wall?: boolean } | null;
  /** Tells the host Save may be pressed. */
  onValid: () => void;
  /** Registers what Save stores: called with a getter of the current choice and default search. */
  onSave: (current: () => { choice: TabChoice; defaultSearch: string; wall: boolean }) => void;
}

/** What the page's markup needs: what useTabConfigPage works out from its props. */
export interface TabConfigPageState {
  strings: Strings['tabConfig'];
  teamAvailable: boolean;
  choice: TabChoice;
  onChoiceChange: (choice: TabChoice) => void;
  /** The default search the field starts with. */
  initialSearch: string;
  onSearchChange: (search: string) => void;
  /** The tab opens as the wall display. */
  wall: boolean;
  onWallChange: (wall: boolean) => void;
}
