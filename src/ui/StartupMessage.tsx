import { MessageBar, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components';
import { useStartupMessageStyles } from './useStartupMessageStyles.styles';

/** A page-wide message when the board cannot start (bad configuration, nothing configured), or is still connecting (busy). */
export function StartupMessage({
  title,
  body,
  intent,
  busy = false,
}: {
  title: string;
  body: string;
  intent: 'error' | 'info';
  busy?: boolean;
}) {
  const styles = useStartupMessageStyles();
  if (busy) {
    return (
      <div className={styles.root}>
        <Spinner label={title} />
      </div>
    );
  }
  return (
    <div className={styles.root}>
      <MessageBar intent={intent} layout="multiline" role={intent === 'error' ? 'alert' : undefined}>
        <MessageBarBody>
          <MessageBarTitle>{title}</MessageBarTitle>
          {body}
        </MessageBarBody>
      </MessageBar>
    </div>
  );
}
