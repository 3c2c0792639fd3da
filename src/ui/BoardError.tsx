import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { describeError } from './errorMessage';
import { formatTime } from './format';

export interface BoardErrorProps {
  error: unknown;
  /** When the board on screen was last good, if there is one: it stays, marked stale. */
  staleSince: Date | null;
  onRetry: () => void;
  locale?: string;
}

export function BoardError({ error, staleSince, onRetry, locale }: BoardErrorProps) {
  const { title, body } = describeError(error);
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {body}
        {staleSince ? ` Showing status from ${formatTime(staleSince, locale)}.` : ''}
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={onRetry}>Try again</Button>
      </MessageBarActions>
    </MessageBar>
  );
}
