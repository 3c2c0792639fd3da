import type { Strings } from '../strings';

export interface BoardErrorProps {
  error: unknown;
  /** When the board on screen was last good, if there is one: it stays, marked stale. */
  staleSince: Date | null;
  onRetry: () => void;
  /** Where the sign-in needs the person: opens the consent popup (only from this click). */
  onGrantAccess?: () => Promise<void>;
  /** The link an admin opens to grant the tab's permissions for everyone, and what it asks for. */
  adminConsent?: { url: string; scopes: readonly string[] };
  /** Puts text on the clipboard (the admin consent link). */
  copy?: (text: string) => Promise<void>;
  locale?: string;
}

/** What the error's markup needs: what useBoardError works out from its props. */
export interface BoardErrorState {
  strings: Strings;
  title: string;
  body: string;
  /** "(shown: 10:42)" where the board on screen is stale, else ''. */
  stale: string;
  /** What the sign-in window said when it came back without a token, or null. */
  grantFailure: string | null;
  /** The admin consent link to offer, with the clipboard, or null. */
  adminLink: { url: string; scopes: readonly string[]; copy: (text: string) => Promise<void> } | null;
  /** The sign-in needs the person: the action is "Grant access", else "Try again". */
  needsConsent: boolean;
  onGrant: () => void;
  onRetry: () => void;
}
