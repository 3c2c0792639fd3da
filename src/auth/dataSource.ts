import type { DemoSettings, RuntimeConfig } from '../host/runtimeConfig';

/** Where the board's token comes from on this page. */
export type TokenChoice =
  | { kind: 'static'; token: string }
  | { kind: 'nested-app-auth'; clientId: string; tenantId: string | null }
  | { kind: 'browser-redirect'; clientId: string; tenantId: string | null }
  | { kind: 'teams-auth-page' }
  | { kind: 'demo' }
  | { kind: 'none' }
  /** Sign-in is configured but cannot happen here: a host that did not answer (never redirect inside one). */
  | { kind: 'host-unanswered' };

export interface DataSource {
  graphBaseUrl: string;
  token: TokenChoice;
  /** The emulated tenant to start in the page, or null to talk to Graph. */
  emulate: DemoSettings | null;
}

/** Where start-up found the page: in a Microsoft 365 host, in a plain browser tab, or with a host that did not answer. */
export type PageSurroundings = 'host' | 'browser' | 'unanswered';

export interface HostAbilities {
  /** This build carries the emulated tenant. */
  demoBuilt: boolean;
  /** The host signs tabs in itself (nested app authentication, with its bridge on the page). */
  nestedAppAuth: boolean;
  /** What teams-js found: a host (Teams, Outlook, Microsoft 365 on the web, a phone app), none, or one that did not answer. */
  where: PageSurroundings;
}

/**
 * A token given at start wins and talks to that Graph. With a client id, a Microsoft 365 host
 * that offers nested app authentication signs the tab in, one that does not (or whose bridge is
 * missing) opens the app's auth page (in both, a demo build still answers from its emulated
 * tenant: the simulated Teams host tests use that), and only a plain browser tab signs in by
 * redirect against real Graph: never a host that did not answer, where a redirect would leave
 * the tab on Microsoft's sign-in page inside a frame or a phone's web view. Otherwise a demo
 * build runs the emulated tenant; else nothing is configured.
 */
export function chooseDataSource(config: RuntimeConfig, { demoBuilt, nestedAppAuth, where }: HostAbilities): DataSource {
  const graphBaseUrl = config.graphBaseUrl;
  if (config.graphToken !== null) return { graphBaseUrl, token: { kind: 'static', token: config.graphToken }, emulate: null };
  const emulate = demoBuilt ? config.demo : null;
  if (config.clientId !== null) {
    switch (where) {
      case 'host':
        return nestedAppAuth
          ? { graphBaseUrl, token: { kind: 'nested-app-auth', clientId: config.clientId, tenantId: config.tenantId }, emulate }
          : { graphBaseUrl, token: { kind: 'teams-auth-page' }, emulate };
      case 'browser':
        return { graphBaseUrl, token: { kind: 'browser-redirect', clientId: config.clientId, tenantId: config.tenantId }, emulate: null };
      case 'unanswered':
        return { graphBaseUrl, token: { kind: 'host-unanswered' }, emulate: null };
    }
  }
  return { graphBaseUrl, token: demoBuilt ? { kind: 'demo' } : { kind: 'none' }, emulate };
}
