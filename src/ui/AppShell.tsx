import { FluentProvider, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useBrowserTheme } from './useBrowserTheme';

const useStyles = makeStyles({
  root: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground1 },
});

/** Fluent theme for the whole page, following the browser's colour preference. */
export function AppShell({ children }: { children: ReactNode }) {
  const theme = useBrowserTheme();
  const styles = useStyles();
  return (
    <FluentProvider theme={theme} className={styles.root}>
      {children}
    </FluentProvider>
  );
}
