import { teamsHighContrastTheme, webDarkTheme, webLightTheme, type Theme } from '@fluentui/react-components';
import { useEffect, useState } from 'react';

type Scheme = 'light' | 'dark' | 'contrast';

function currentScheme(): Scheme {
  if (typeof window === 'undefined' || !window.matchMedia) return 'light';
  if (window.matchMedia('(forced-colors: active)').matches) return 'contrast';
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

const THEMES: Record<Scheme, Theme> = { light: webLightTheme, dark: webDarkTheme, contrast: teamsHighContrastTheme };

/** Outside Teams: the browser's light or dark preference, or high contrast, followed live. */
export function useBrowserTheme(): Theme {
  const [scheme, setScheme] = useState<Scheme>(currentScheme);
  useEffect(() => {
    if (!window.matchMedia) return;
    const queries = ['(forced-colors: active)', '(prefers-color-scheme: dark)'].map((q) => window.matchMedia(q));
    const update = () => setScheme(currentScheme());
    for (const q of queries) q.addEventListener('change', update);
    return () => {
      for (const q of queries) q.removeEventListener('change', update);
    };
  }, []);
  return THEMES[scheme];
}
