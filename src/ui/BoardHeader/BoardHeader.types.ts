import type { ReactNode } from 'react';
import type { SignedInAccount } from '../../auth/chooseTokenSource';
import type { PeopleSource } from '../../board/peopleChoice';
import type { Strings } from '../strings';

export interface BoardHeaderProps {
  onlineCount: number;
  demo: boolean;
  updatedAt: Date | null;
  /** Presence is being read again; what is shown is from `updatedAt`. */
  refreshing: boolean;
  /** The presence relay says its board is behind since this time (null: fresh, or no relay). */
  staleSince?: Date | null;
  busy: boolean;
  onRefresh: () => void;
  locale?: string;
  account?: SignedInAccount;
  /** Whose people the count counts: "42 online" for everyone, "12 of your people online", "3 of your team online". */
  counted?: PeopleSource;
  /** Said instead of the online count (a cloud without presence: "250 people · status unknown"). */
  countText?: string;
  /** Drawn before Refresh: the watches' button, while there are watches. */
  extra?: ReactNode;
}

/** What the header's markup needs: its texts, worked out by useBoardHeader. */
export interface BoardHeaderState {
  strings: Strings;
  /** "42 online". */
  online: string;
  demo: boolean;
  /** "Updated 10:42" or "Updating… (shown: 10:42)"; null before the first answer. */
  updated: string | null;
  /** The relay's board is behind: "Presence is delayed: showing status from 10:42"; null when fresh. */
  stale: string | null;
  busy: boolean;
  onRefresh: () => void;
  account?: SignedInAccount;
  onSignOut: () => void;
  extra?: ReactNode;
  /** A phone's width: one line (title, count, refresh as an icon); the time and account go below and into Filters. */
  narrow: boolean;
}
