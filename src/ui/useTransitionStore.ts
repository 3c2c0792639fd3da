import { startTransition, useEffect, useState } from 'react';

/**
 * An outside store's snapshot as state that changes in a transition: what the board worker sends
 * (a new list, rows, photos) is drawn by React in slices that leave the page free for input and
 * frames, where `useSyncExternalStore` would draw it in one uninterrupted task.
 */
export function useTransitionStore<T>(subscribe: (listener: () => void) => () => void, getSnapshot: () => T): T {
  const [snapshot, setSnapshot] = useState(getSnapshot);
  useEffect(() => {
    const update = () => startTransition(() => setSnapshot(getSnapshot()));
    const unsubscribe = subscribe(update);
    // What changed between the first render and this subscription is not missed.
    update();
    return unsubscribe;
  }, [subscribe, getSnapshot]);
  return snapshot;
}
