import { Component, lazy, type ReactNode } from 'react';

/**
 * Parts of the board that are not on screen at first (a failure's message, the phone's Filters
 * sheet): their code is not in the first paint, and is fetched a moment after it, while the
 * network is still there, so a failure that means "no connection" can still be shown.
 */
const loadBoardError = () => import('./BoardError/BoardError');
const loadFiltersSheet = () => import('./BoardToolbar/FiltersSheet');

/** How a watch that fired is told (the toast and its kin): loaded once the viewer has watches. */
const loadWatchAlerts = () => import('./Watches/WatchAlerts');

export const LazyBoardError = lazy(loadBoardError);
export const LazyWatchAlerts = lazy(loadWatchAlerts);
export const LazyFiltersSheet = lazy(loadFiltersSheet);

/** Fetches those parts once the board has drawn (a failed fetch is tried again when they are needed). */
export function preloadLaterParts(narrow: boolean): () => void {
  const timer = setTimeout(() => {
    void loadBoardError().catch(() => undefined);
    if (narrow) void loadFiltersSheet().catch(() => undefined);
  }, 1500);
  return () => clearTimeout(timer);
}

/**
 * Shows `fallback` where a lazily loaded part could not be fetched (the network went away between
 * the first paint and the failure to be shown), instead of taking the whole board down.
 */
export class LoadFailureBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
