import { FluentProvider } from '@fluentui/react-components';
import { StringsContext } from '../strings';
import type { AppShellState } from './AppShell.types';
import type { AppShellClasses } from './useAppShellStyles.styles';

export function renderAppShell({ children, theme, strings }: AppShellState, classes: AppShellClasses) {
  return (
    // The page's own styles go on a child: Fluent gives a provider's class names to the portals it
    // opens (menus), and a full-height background there would cover the board.
    <FluentProvider theme={theme} lang={strings.language}>
      <div className={classes.root}>
        <StringsContext.Provider value={strings}>{children}</StringsContext.Provider>
      </div>
    </FluentProvider>
  );
}
