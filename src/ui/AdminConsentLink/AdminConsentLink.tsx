import type { AdminConsentLinkProps } from './AdminConsentLink.types';
import { renderAdminConsentLink } from './renderAdminConsentLink';
import { useAdminConsentLink } from './useAdminConsentLink';
import { useAdminConsentLinkStyles } from './useAdminConsentLinkStyles.styles';

/**
 * Where a person may not consent: the link an admin opens to grant the tab's permissions for
 * everyone, shown in full (it can be selected and copied by hand where the clipboard is not
 * allowed) with a Copy button.
 */
export function AdminConsentLink(props: AdminConsentLinkProps) {
  const state = useAdminConsentLink(props);
  const classes = useAdminConsentLinkStyles();
  return renderAdminConsentLink(state, classes);
}
