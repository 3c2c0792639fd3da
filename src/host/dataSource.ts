import type { DemoSettings, RuntimeConfig } from './runtimeConfig';

/** Where the board's token comes from on this page. */
export type TokenChoice =
  | { kind: 'static'; token: string }
  | { kind: 'nested-app-auth'; clientId: string; tenantId: string | null }
  | { kind: 'browser-redirect'; clientId: string; tenantId: string | null }
  | { kind: 'teams-auth-page' }
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
  /** The page runs in a Microsoft 365 host at all (Teams, Outlook, microsoft365.com). */
  inHost: boolean;
}

/**
 * A token given at start wins and talks to that Graph. With a client id, a Microsoft 365 host
 * that offers nested app authentication signs the tab in, one that does not opens the app's auth
 * page (in both, a demo build still answers from its emulated tenant: the simulated Teams host
 * tests use that), and a plain browser signs in by redirect against real Graph. Otherwise a demo build runs the emulated tenant; else nothing is
 * configured.
 */
export function chooseDataSource(config: RuntimeConfig, { demoBuilt, nestedAppAuth, inHost }: HostAbilities): DataSource {
  const graphBaseUrl = config.graphBaseUrl;
  if (config.graphToken !== null) return { graphBaseUrl, token: { kind: 'static', token: config.graphToken }, emulate: null };
  const emulate = demoBuilt ? config.demo : null;
  if (config.clientId !== null && nestedAppAuth) {
    return { graphBaseUrl, token: { kind: 'nested-app-auth', clientId: config.clientId, tenantId: config.tenantId }, emulate };
  }
  if (config.clientId !== null && !inHost) {
    return { graphBaseUrl, token: { kind: 'browser-redirect', clientId: config.clientId, tenantId: config.tenantId }, emulate: null };
  }
  if (config.clientId !== null && inHost) return { graphBaseUrl, token: { kind: 'teams-auth-page' }, emulate };
  return { graphBaseUrl, token: demoBuilt ? { kind: 'demo' } : { kind: 'none' }, emulate };
}
