import { useSyncExternalStore } from 'react';

/**
 * Phones and other narrow tabs (Teams and Outlook mobile give a tab about 390 px), and phones
 * turned sideways (844 × 390): there the wide toolbar alone fills the screen's height.
 */
export const NARROW_MEDIA = '(max-width: 599px), (max-height: 499px)';

function mediaList(query: string): MediaQueryList | null {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(query) : null;
}

/** Whether the page is as narrow as a phone, followed as the window (or a rotated phone) changes. */
export function useNarrow(query = NARROW_MEDIA): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = mediaList(query);
      list?.addEventListener('change', onChange);
      return () => list?.removeEventListener('change', onChange);
    },
    () => mediaList(query)?.matches ?? false,
    () => false,
  );
}
