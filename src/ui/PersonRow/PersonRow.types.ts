import type { KeyboardEvent, RefObject } from 'react';
import type { Density } from '../../board/boardView';
import type { Person } from '../../presence/types';
import type { Strings } from '../strings';

/** What a row can ask the board to do. */
export interface RowHandlers {
  onToggleFavourite(id: string): void;
  onChat(person: Person): void;
  onCall(person: Person): void;
  onCopy(text: string): void;
  /** The row's actions menu opened or closed (Enter on the row opens it). */
  onMenuChange(id: string, open: boolean): void;
  /** Chat and call leave this host for Teams (Outlook, the Microsoft 365 app, a browser): the menu says so. */
  chatOpensTeams: boolean;
  /** Watches the person ("notify me when available"), or ends the watch; absent: no watches here (no bell). */
  onToggleWatch?(person: Person): void;
}

export interface PersonRowProps {
  person: Person;
  favourite: boolean;
  /** The viewer watches this person (a bell shows it; docs/features.md, "Watches"). */
  watched?: boolean;
  /** The search's folded words, to mark in name, mail, title, department and office location. */
  words: readonly string[];
  /** A data URL, null for "no photo" (initials), undefined while unknown (initials). */
  photo: string | null | undefined;
  /** This row is the list's keyboard stop (tabindex 0); the others are reached with the arrow keys. */
  active: boolean;
  menuOpen: boolean;
  position: number;
  setSize: number;
  handlers: RowHandlers;
  /** Several lines (comfortable), or one (compact). */
  density?: Density;
  /** When they can be reached, from their calendar ("Free until 14:30"); null or absent: nothing to say. */
  reach?: string | null;
  /** Their local time, where it differs from the viewer's ("22:05 local time"). */
  localTime?: string | null;
  /** Calendars are shown but theirs could not be read: the row says nothing, the actions menu says so. */
  calendarUnavailable?: boolean;
  /** Calendars are shown: a comfortable row has a line of its own for them (kept while theirs is not known). */
  calendarLine?: boolean;
}

/** What the row's markup needs: its props and what usePersonRow works out from them. */
export interface PersonRowState extends PersonRowProps {
  strings: Strings;
  /** The status as text ("Available", "Out of office"…). */
  status: string;
  role: string[];
  outOfOfficeMessage: string | null;
  /** 0 for the keyboard stop, else -1. */
  tabIndex: number;
  /** The messages are shown whole (the row is then as tall as they need). */
  expanded: boolean;
  toggleExpanded: () => void;
  /** The ⋯ button, where the actions menu opens. */
  menuButton: HTMLElement | null;
  /** The actions button (the menu's target once it opens). */
  menuButtonRef: RefObject<HTMLButtonElement | null>;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
  /** The collapsed row's height, known in advance; undefined while expanded. */
  height: number | undefined;
}
