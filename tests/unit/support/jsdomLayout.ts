/**
 * jsdom lays nothing out: every element is 0×0 and there is no ResizeObserver. Component tests
 * of the virtualised list need a viewport, so here the list's scroller is 800 px tall and each
 * drawn row 80 px, and ResizeObserver exists (it never fires: sizes do not change in jsdom).
 * Only for test files that run in jsdom; Node-environment tests are untouched.
 */
import { configure } from '@testing-library/dom';

// findBy… and waitFor wait for what they look for up to 15 s (Testing Library's default is 1 s):
// on a machine busy with other work a first render alone can take longer. Nothing passes sooner
// or later for it; a test that waits for something that never comes still fails.
configure({ asyncUtilTimeout: 15_000 });

export const TEST_VIEWPORT_PX = 800;
export const TEST_ROW_PX = 80;

if (typeof window !== 'undefined' && typeof HTMLElement !== 'undefined') {
  if (!('ResizeObserver' in window)) {
    class NoResizeObserver {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    }
    Object.assign(window, { ResizeObserver: NoResizeObserver });
  }
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.hasAttribute('data-virtual-scroller') ? TEST_VIEWPORT_PX : 0;
    },
  });
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.hasAttribute('data-index') ? TEST_ROW_PX : 0;
    },
  });
}
