import type { Strings } from '../strings';

export interface AdminConsentLinkProps {
  url: string;
  /** The delegated permissions the link asks an admin to grant. */
  scopes: readonly string[];
  copy: (text: string) => Promise<void>;
}

/** What the link's markup needs: its props and what useAdminConsentLink works out from them. */
export interface AdminConsentLinkState extends AdminConsentLinkProps {
  strings: Strings['adminConsent'];
  /** Whether the Copy button's last press put the link on the clipboard. */
  copied: 'no' | 'yes' | 'failed';
  onCopy: () => void;
  /** The link as shown under the field (long ones shortened with …). */
  shownUrl: string;
}
