import { en } from '../strings';
import { useBrowserTheme } from '../useBrowserTheme';
import type { AppShellProps, AppShellState } from './AppShell.types';

/** The host's theme when given, else the browser's preference; English unless told otherwise. */
export function useAppShell({ children, hostTheme, strings = en }: AppShellProps): AppShellState {
  const browserTheme = useBrowserTheme();
  return { children, theme: hostTheme ?? browserTheme, strings };
}
