import { useCallback, useSyncExternalStore } from 'react';

/**
 * Phones and other narrow tabs (Teams and Outlook mobile give a tab about 390 px), and phones
 * turned sideways (844 × 390): there the wide toolbar alone fills the screen's height.
 */
export const NARROW_MEDIA = '(max-width: 599px), (max-height: 499px)';

/** One MediaQueryList per query: making one costs ~0.3 ms, and React reads it on every render. */
const mediaLists = new Map<string, MediaQueryList | null>();

function mediaList(query: string): MediaQueryList | null {
  let list = mediaLists.get(query);
  if (list === undefined) {
    list = typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(query) : null;
    mediaLists.set(query, list);
  }
  return list;
}

/** Whether the page is as narrow as a phone, followed as the window (or a rotated phone) changes. */
export function useNarrow(query = NARROW_MEDIA): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = mediaList(query);
      list?.addEventListener('change', onChange);
      return () => list?.removeEventListener('change', onChange);
    },
    [query],
  );
  return useSyncExternalStore(
    subscribe,
    () => mediaList(query)?.matches ?? false,
    () => false,
  );
}
