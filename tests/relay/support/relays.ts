import { staticTokenSource } from '../../../src/auth/staticTokenSource';
import type { EmulatorServer } from '../../../src/emulator/nodeServer';
import { createGraphClient } from '../../../src/graph/client';
import { remoteKeys, templatedIssuers } from '../../../relay/auth';
import { memoryLogger } from '../../../relay/log';
import { startRelay, type RelayOptions, type RunningRelay } from '../../../relay/server';
import type { Backplane } from '../../../relay/types';
import { AUDIENCE, ISSUER_TEMPLATE, SCOPE, TENANT } from './keys';

export const APP_TOKEN = 'app-only-token-for-tests';

/** A relay instance on loopback, sweeping the emulator with a fixed app token, with fast pacing for tests. */
export async function testRelay(
  emulator: EmulatorServer,
  backplane: Backplane,
  jwksTemplate: string,
  overrides: Partial<RelayOptions> = {},
): Promise<RunningRelay & { log: ReturnType<typeof memoryLogger> }> {
  const log = memoryLogger();
  const relay = await startRelay({
    tenants: [TENANT],
    backplane,
    graphClientFor: () =>
      createGraphClient({
        baseUrl: emulator.baseUrl,
        tokenSource: staticTokenSource(APP_TOKEN),
        scopes: ['x/.default'],
        backoffBaseMs: 20,
      }),
    auth: {
      tenants: [TENANT],
      audiences: [AUDIENCE],
      issuers: templatedIssuers(ISSUER_TEMPLATE),
      keys: remoteKeys(jwksTemplate),
      requiredScope: SCOPE,
    },
    allowedOrigins: ['https://tab.contoso.example'],
    log,
    // A lease renewed every 2 s: only an event-loop stall over 4 s could let it run out while held (two holders at once);
    // a test that kills the holder waits for it to run out.
    pacing: { minIntervalMs: 300, budgetShare: 1, leaseTtlMs: 6_000 },
    heartbeatMs: 500,
    ...overrides,
  });
  return Object.assign(relay, { log });
}

export function streamUrl(relay: { url: string }, tenant = TENANT): string {
  return `${relay.url}/v1/tenants/${tenant}/presence/stream`;
}
