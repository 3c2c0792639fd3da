import type { RefObject } from 'react';
import type { Person } from '../../presence/types';
import type { RowHandlers } from '../PersonRow/PersonRow.types';
import type { Strings } from '../strings';

export interface ActionsMenuProps {
  person: Person;
  /** The ⋯ button the menu opens from: it is placed there, and focus returns there on close. */
  target: HTMLElement;
  handlers: RowHandlers;
  /** The viewer watches this person: the menu offers to stop. */
  watched?: boolean;
  /** What their calendar says, while calendars are shown: "Free until 14:30 · 22:05 local time", or "Calendar unavailable". */
  calendarLine?: string | null;
}

/** What the menu's markup needs: its props and what useActionsMenu works out from them. */
export interface ActionsMenuState extends ActionsMenuProps {
  strings: Strings;
  /** The mailto: link, or null where the person has no mail. */
  mailto: string | null;
  /** Chat and call need a Teams address. */
  reachable: boolean;
  /** The menu list, whose first item takes focus on open. */
  list: RefObject<HTMLDivElement | null>;
  /** Closes the menu and gives focus back to the ⋯ button. */
  close: () => void;
}
