import { useState } from 'react';
import { InteractionRequiredError } from '../../auth/errors';
import { asSignInWindowError, type SignInWindowError } from '../../auth/signInWindow';
import { GraphError } from '../../graph/errors';
import { describeError } from '../errorMessage';
import { formatTime } from '../format';
import { useStrings, type Strings } from '../strings';
import type { BoardErrorProps, BoardErrorState } from './BoardError.types';

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

/** The error's state: what it says, whether the sign-in window failed, and whether to offer the admin link. */
export function useBoardError({ error, staleSince, onRetry, onGrantAccess, adminConsent, copy, locale }: BoardErrorProps): BoardErrorState {
  const strings = useStrings();
  const [grantFailed, setGrantFailed] = useState<SignInWindowError | null>(null);
  const needsConsent = error instanceof InteractionRequiredError && onGrantAccess !== undefined;
  const { title, body } = describeError(error, strings);
  const onGrant = () => {
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
  return {
    strings,
    title,
    body,
    stale: staleSince ? strings.staleSince(formatTime(staleSince, locale)) : '',
    grantFailure: grantFailed ? grantFailureText(grantFailed, strings) : null,
    adminLink: offerAdminLink ? { url: adminConsent.url, scopes: adminConsent.scopes, copy } : null,
    needsConsent,
    onGrant,
    onRetry,
  };
}
