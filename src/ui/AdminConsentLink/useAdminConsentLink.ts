import { useState } from 'react';
import { useStrings } from '../strings';
import type { AdminConsentLinkProps, AdminConsentLinkState } from './AdminConsentLink.types';

/** The link's state from its props: whether Copy worked. */
export function useAdminConsentLink(props: AdminConsentLinkProps): AdminConsentLinkState {
  const { url, copy } = props;
  const strings = useStrings().adminConsent;
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  return {
    ...props,
    strings,
    copied,
    onCopy: () => {
      copy(url).then(
        () => setCopied('yes'),
        () => setCopied('failed'),
      );
    },
    shownUrl: url.length > 80 ? `${url.slice(0, 77)}…` : url,
  };
}
