import { FluentProvider, makeStyles, tokens, type Theme } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { en, StringsContext, type Strings } from './strings';
import { useBrowserTheme } from './useBrowserTheme';

const useStyles = makeStyles({
  root: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground1 },
});

/**
 * Fluent theme for the whole page: the host's (Teams) when given, else the browser's preference;
 * and the words of the reader's language for everything in it.
 */
export function AppShell({ children, hostTheme, strings = en }: { children: ReactNode; hostTheme?: Theme | null; strings?: Strings }) {
  const browserTheme = useBrowserTheme();
  const styles = useStyles();
  return (
    // The page's own styles go on a child: Fluent gives a provider's class names to the portals it
    // opens (menus), and a full-height background there would cover the board.
    <FluentProvider theme={hostTheme ?? browserTheme} lang={strings.language}>
      <div className={styles.root}>
        <StringsContext.Provider value={strings}>{children}</StringsContext.Provider>
      </div>
    </FluentProvider>
  );
}
