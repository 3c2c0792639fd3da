import type { DemoSettings, RuntimeConfig } from './runtimeConfig';

/** Where the board's token comes from on this page. */
export type TokenChoice =
  | { kind: 'static'; token: string }
  | { kind: 'nested-app-auth'; clientId: string; tenantId: string | null }
  | { kind: 'demo' }
  | { kind: 'none' };

export interface DataSource {
  graphBaseUrl: string;
  token: TokenChoice;
  /** The emulated tenant to start in the page, or null to talk to Graph. */
  emulate: DemoSettings | null;
}

export interface HostAbilities {
  /** This build carries the emulated tenant. */
  demoBuilt: boolean;
  /** The page runs in a Microsoft 365 host that recommends nested app authentication. */
  nestedAppAuth: boolean;
}

/**
 * A token given at start wins and talks to that Graph; otherwise a demo build runs the emulated
 * tenant. The token is the host's (nested app auth) where it offers it and a client id is set,
 * else the demo's; with neither, nothing is configured.
 */
export function chooseDataSource(config: RuntimeConfig, { demoBuilt, nestedAppAuth }: HostAbilities): DataSource {
  const graphBaseUrl = config.graphBaseUrl;
  if (config.graphToken !== null) return { graphBaseUrl, token: { kind: 'static', token: config.graphToken }, emulate: null };
  const emulate = demoBuilt ? config.demo : null;
  if (nestedAppAuth && config.clientId !== null) {
    return { graphBaseUrl, token: { kind: 'nested-app-auth', clientId: config.clientId, tenantId: config.tenantId }, emulate };
  }
  return { graphBaseUrl, token: demoBuilt ? { kind: 'demo' } : { kind: 'none' }, emulate };
}
