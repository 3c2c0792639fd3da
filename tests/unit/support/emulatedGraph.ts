import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { staticTokenSource } from '@/auth/staticTokenSource';
import { GRAPH_SCOPES, type TokenSource } from '@/auth/tokenSource';
import { createGraphClient, type GraphClientOptions } from '@/graph/client';
import { DEFAULT_GRAPH_BASE_URL } from '@/host/graphBaseUrl';
import { GraphEmulator, type EmulatorOptions } from '@/emulator/graphEmulator';
import { createGraphHandlers } from '@/emulator/handlers';

export const TEST_TOKEN = 'test-token';

/**
 * The emulated tenant behind Node's fetch for one test file (MSW's interceptor): call
 * `start()` in a test to get a fresh tenant; any request to another host fails the test.
 */
export function emulatedGraphPerFile() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return {
    server,
    start(options: EmulatorOptions = {}, baseUrl = DEFAULT_GRAPH_BASE_URL): GraphEmulator {
      const emulator = new GraphEmulator(options);
      server.use(...createGraphHandlers(emulator, baseUrl));
      return emulator;
    },
  };
}

/** Waits recorded instead of slept, so retry tests take no time. */
export function recordingSleep() {
  const waits: number[] = [];
  const sleep = (ms: number, signal?: AbortSignal) => {
    waits.push(ms);
    signal?.throwIfAborted();
    return Promise.resolve();
  };
  return { waits, sleep };
}

export function testClient(overrides: Partial<GraphClientOptions> & { tokenSource?: TokenSource } = {}) {
  return createGraphClient({
    baseUrl: DEFAULT_GRAPH_BASE_URL,
    tokenSource: staticTokenSource(TEST_TOKEN),
    scopes: GRAPH_SCOPES,
    random: () => 0.5,
    ...overrides,
  });
}
