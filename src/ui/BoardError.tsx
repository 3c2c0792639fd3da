import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useState } from 'react';
import { InteractionRequiredError } from '../auth/errors';
import { asSignInWindowError, type SignInWindowError } from '../auth/signInWindow';
import { GraphError } from '../graph/errors';
import { AdminConsentLink } from './AdminConsentLink/AdminConsentLink';
import { describeError } from './errorMessage';
import { formatTime } from './format';
import { useStrings, type Strings } from './strings';

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

/** What to say after the sign-in window came back without a token. */
function grantFailureText(failure: SignInWindowError, strings: Strings): string {
  switch (failure.failure) {
    case 'cancelled':
      return ` ${strings.signInWindow.cancelled}`;
    case 'blocked':
      return ` ${strings.signInWindow.blocked}`;
    case 'admin-approval':
      return ` ${strings.signInWindow.adminApproval}`;
    case 'other':
      return strings.signInWindowSaid(failure.message);
  }
}

export function BoardError({ error, staleSince, onRetry, onGrantAccess, adminConsent, copy, locale }: BoardErrorProps) {
  const strings = useStrings();
  const [grantFailed, setGrantFailed] = useState<SignInWindowError | null>(null);
  const needsConsent = error instanceof InteractionRequiredError && onGrantAccess !== undefined;
  const { title, body } = describeError(error, strings);
  const grant = () => {
    setGrantFailed(null);
    onGrantAccess?.().catch((e: unknown) => setGrantFailed(asSignInWindowError(e)));
  };
  // An admin can help where the person may not consent, where they closed Entra's "Need admin
  // approval" page (which ends as a cancel), and where Graph refuses for want of permission.
  const offerAdminLink =
    adminConsent !== undefined &&
    copy !== undefined &&
    ((grantFailed !== null && (grantFailed.failure === 'admin-approval' || grantFailed.failure === 'cancelled')) ||
      (error instanceof GraphError && error.kind === 'forbidden'));
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {body}
        {staleSince ? strings.staleSince(formatTime(staleSince, locale)) : ''}
        {grantFailed ? <span role="alert">{grantFailureText(grantFailed, strings)}</span> : null}
        {offerAdminLink ? <AdminConsentLink url={adminConsent.url} scopes={adminConsent.scopes} copy={copy} /> : null}
      </MessageBarBody>
      <MessageBarActions>
        {needsConsent ? (
          <Button appearance="primary" onClick={grant}>
            {strings.grantAccess}
          </Button>
        ) : (
          <Button onClick={onRetry}>{strings.tryAgain}</Button>
        )}
      </MessageBarActions>
    </MessageBar>
  );
}
