import type { EmulatorOptions } from './graphEmulator';
import type { DemoTenant } from './demoFetch';

/** A Storage kept in memory, for a page where the browser denies localStorage. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(String(key)) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(String(key)),
    setItem: (key, value) => void items.set(String(key), String(value)),
  };
}

/**
 * MSW's request handlers keep a cookie store in `localStorage`, and reading that property throws
 * in a cross-site frame with third-party storage blocked ("Access is denied for this document").
 * There, the demo page gets a `localStorage` in memory (the demo's own code only, and nothing is
 * meant to outlive the visit there anyway). A worker has no localStorage at all: it gets one too.
 */
export function ensureLocalStorage(target: { localStorage?: Storage } = globalThis as { localStorage?: Storage }): void {
  try {
    void target.localStorage!.length;
  } catch {
    Object.defineProperty(target, 'localStorage', { value: memoryStorage(), configurable: true });
  }
}

/**
 * Starts the emulated tenant in this page (see demoFetch.ts). MSW is loaded only after the page
 * has a usable localStorage: MSW's cookie store reads it as its module loads.
 */
export async function startDemoInPage(graphBaseUrl: string, options: EmulatorOptions): Promise<DemoTenant> {
  ensureLocalStorage();
  const { startDemoTenant } = await import('./demoFetch');
  return startDemoTenant(graphBaseUrl, options);
}
