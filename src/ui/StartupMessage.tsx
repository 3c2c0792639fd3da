import { MessageBar, MessageBarBody, MessageBarTitle, Spinner, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({ root: { padding: tokens.spacingVerticalXXL, maxWidth: '720px', margin: '0 auto' } });

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
  const styles = useStyles();
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
