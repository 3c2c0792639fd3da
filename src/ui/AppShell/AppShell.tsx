import type { AppShellProps } from './AppShell.types';
import { renderAppShell } from './renderAppShell';
import { useAppShell } from './useAppShell';
import { useAppShellStyles } from './useAppShellStyles.styles';

/**
 * Fluent theme for the whole page: the host's (Teams) when given, else the browser's preference;
 * and the words of the reader's language for everything in it.
 */
export function AppShell(props: AppShellProps) {
  const state = useAppShell(props);
  const classes = useAppShellStyles();
  return renderAppShell(state, classes);
}
