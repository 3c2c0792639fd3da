import { setupWorker } from 'msw/browser';
import { GraphEmulator, type EmulatorOptions } from './graphEmulator';
import { createGraphHandlers } from './handlers';

/**
 * Starts the emulated tenant in this page: a service worker answers calls to `graphBaseUrl`
 * like Microsoft Graph would. Everything else goes to the network untouched.
 */
export async function startDemoTenant(graphBaseUrl: string, options: EmulatorOptions): Promise<GraphEmulator> {
  const emulator = new GraphEmulator(options);
  const worker = setupWorker(...createGraphHandlers(emulator, graphBaseUrl));
  await worker.start({
    serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` },
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
  return emulator;
}
