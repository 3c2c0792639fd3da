import { FluentProvider, makeStyles, tokens, type Theme } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useBrowserTheme } from './useBrowserTheme';

const useStyles = makeStyles({
  root: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground1 },
});

/** Fluent theme for the whole page: the host's (Teams) when given, else the browser's preference. */
export function AppShell({ children, hostTheme }: { children: ReactNode; hostTheme?: Theme | null }) {
  const browserTheme = useBrowserTheme();
  const styles = useStyles();
  return (
    <FluentProvider theme={hostTheme ?? browserTheme} className={styles.root}>
      {children}
    </FluentProvider>
  );
}
