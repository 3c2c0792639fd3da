import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useState } from 'react';
import { InteractionRequiredError } from '../auth/errors';
import { describeError } from './errorMessage';
import { formatTime } from './format';
import { useStrings } from './strings';

export interface BoardErrorProps {
  error: unknown;
  /** When the board on screen was last good, if there is one: it stays, marked stale. */
  staleSince: Date | null;
  onRetry: () => void;
  /** Where the sign-in needs the person: opens the consent popup (only from this click). */
  onGrantAccess?: () => Promise<void>;
  locale?: string;
}

export function BoardError({ error, staleSince, onRetry, onGrantAccess, locale }: BoardErrorProps) {
  const strings = useStrings();
  const [grantFailed, setGrantFailed] = useState<string | null>(null);
  const needsConsent = error instanceof InteractionRequiredError && onGrantAccess !== undefined;
  const { title, body } = describeError(error, strings);
  const grant = () => {
    setGrantFailed(null);
    onGrantAccess?.().catch((e: unknown) => setGrantFailed(e instanceof Error ? e.message : String(e)));
  };
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {body}
        {staleSince ? strings.staleSince(formatTime(staleSince, locale)) : ''}
        {grantFailed ? strings.signInWindowSaid(grantFailed) : ''}
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
