import type { Theme } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { Strings } from '../strings';

export interface AppShellProps {
  children: ReactNode;
  /** The host's (Teams) theme; without it, the browser's preference. */
  hostTheme?: Theme | null;
  /** The words of the reader's language (English when not given). */
  strings?: Strings;
}

/** What the shell's markup needs: the theme chosen and the words. */
export interface AppShellState {
  children: ReactNode;
  theme: Theme;
  strings: Strings;
}
