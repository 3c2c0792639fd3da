/**
 * The names the real-host rig puts on loopback. Chromium resolves each of them to 127.0.0.1
 * (--host-resolver-rules) and trusts the rig's self-signed certificate (--ignore-certificate-errors),
 * so the host page, the tab, Graph and Entra each keep the origin they have in production.
 */

/** The tab, as a customer would deploy it (a `vite preview` of the production build behind the rig). */
export const TAB_HOST = 'tab.contoso.example';
/** The demo build (emulated tenant in the page, no Entra app), deployed on its own site. */
export const DEMO_HOST = 'demo.contoso.example';
/** Teams web. teams-js accepts this origin only on https and port 443 (see validOrigins.ts). */
export const TEAMS_HOST = 'teams.microsoft.com';
/** Outlook on the web, another Microsoft 365 host that runs Teams apps. */
export const OUTLOOK_HOST = 'outlook.office.com';
export const GRAPH_HOST = 'graph.microsoft.com';
export const LOGIN_HOST = 'login.microsoftonline.com';
/** teams-js fetches its list of valid host origins from here at load (internal/constants.ts: validOriginsCdnEndpoint). */
export const CDN_HOST = 'res.cdn.office.net';

/**
 * The sovereign clouds the rig plays (issue 22), written here from Microsoft's pages rather than
 * taken from the app's table of clouds, so the browser tests check the table instead of repeating it:
 * Teams web hosts from "Sovereign cloud" (Teams platform docs, previous versions: gov.teams.microsoft.us,
 * dod.teams.microsoft.us, teams.microsoftonline.cn), Graph and Entra hosts from "Microsoft Graph national
 * cloud deployments". Each gets its own production build (built with CLOUD=<id>) on its own tab host.
 */
export interface RigCloud {
  id: 'gcch' | 'dod' | 'china';
  name: string;
  teamsHost: string;
  graphHost: string;
  loginHost: string;
  /** Where that cloud's build of the tab is served. */
  tabHost: string;
}

export const RIG_SOVEREIGN_CLOUDS: readonly RigCloud[] = [
  {
    id: 'gcch',
    name: 'GCC High',
    teamsHost: 'gov.teams.microsoft.us',
    graphHost: 'graph.microsoft.us',
    loginHost: 'login.microsoftonline.us',
    tabHost: 'tab-gcch.contoso.example',
  },
  {
    id: 'dod',
    name: 'DoD',
    teamsHost: 'dod.teams.microsoft.us',
    graphHost: 'dod-graph.microsoft.us',
    loginHost: 'login.microsoftonline.us',
    tabHost: 'tab-dod.contoso.example',
  },
  {
    id: 'china',
    name: 'China (21Vianet)',
    teamsHost: 'teams.microsoftonline.cn',
    graphHost: 'microsoftgraph.chinacloudapi.cn',
    loginHost: 'login.chinacloudapi.cn',
    tabHost: 'tab-china.contoso.example',
  },
];

export const ALL_HOSTS = [
  TAB_HOST,
  DEMO_HOST,
  TEAMS_HOST,
  OUTLOOK_HOST,
  GRAPH_HOST,
  LOGIN_HOST,
  CDN_HOST,
  ...new Set(RIG_SOVEREIGN_CLOUDS.flatMap((c) => [c.teamsHost, c.graphHost, c.loginHost, c.tabHost])),
] as const;

export const TAB_ORIGIN = `https://${TAB_HOST}`;
export const DEMO_ORIGIN = `https://${DEMO_HOST}`;
export const TEAMS_ORIGIN = `https://${TEAMS_HOST}`;
export const OUTLOOK_ORIGIN = `https://${OUTLOOK_HOST}`;
export const LOGIN_ORIGIN = `https://${LOGIN_HOST}`;
export const GRAPH_BASE_URL = `https://${GRAPH_HOST}/v1.0`;

/** The Entra app (client) id the preview serves in /runtime-config.json (VITE_CLIENT_ID). */
export const CLIENT_ID = '5e3ce6c0-2b1f-4285-8d4b-75ee78787346';
/** The signed-in person's tenant and object id, as the host's context and the tokens name them. */
export const TENANT_ID = 'b7c6e2a4-1d3f-4c5e-9a8b-0c1d2e3f4a5b';
export const USER_ID = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
export const USER_UPN = 'adele.vance@contoso.example';
export const USER_NAME = 'Adele Vance';
