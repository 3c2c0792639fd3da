import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({ root: { padding: tokens.spacingVerticalXXL, maxWidth: '720px', margin: '0 auto' } });

/** A page-wide message when the board cannot start: bad configuration, or nothing configured. */
export function StartupMessage({ title, body, intent }: { title: string; body: string; intent: 'error' | 'info' }) {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <MessageBar intent={intent} layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{title}</MessageBarTitle>
          {body}
        </MessageBarBody>
      </MessageBar>
    </div>
  );
}
