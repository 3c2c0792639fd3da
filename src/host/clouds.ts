/**
 * The one table of Microsoft clouds (issue 22). Every Graph, sign-in and Microsoft 365 host name the
 * tab, its headers, its manifest and the relay use comes from here; tests/unit/cloudHosts.test.ts
 * fails on one written anywhere else in src/, relay/, public/ or manifest/.
 *
 * Sources (Microsoft's pages and teams-js, as looked up for issue 22):
 * - Graph and Entra hosts: "Microsoft Graph national cloud deployments" (https://learn.microsoft.com/graph/deployments):
 *   global graph.microsoft.com / login.microsoftonline.com; US Government L4 graph.microsoft.us and L5 (DOD)
 *   dod-graph.microsoft.us, both signing in at login.microsoftonline.us; China (21Vianet)
 *   microsoftgraph.chinacloudapi.cn / login.chinacloudapi.cn. The same page: "If you're working in a Microsoft 365
 *   GCC environment, continue using the worldwide endpoints", GCC High uses graph.microsoft.us, DoD dod-graph.microsoft.us.
 * - Teams web hosts: "Sovereign cloud" (Teams platform, https://learn.microsoft.com/previous-versions/microsoftteams/platform/concepts/sovereign-cloud):
 *   teams.microsoft.com, gov.teams.microsoft.us (GCC High), dod.teams.microsoft.us (DoD), teams.microsoftonline.cn (China).
 *   GCC's Teams is the commercial one (*.teams.microsoft.com covers its service hosts).
 * - Outlook and Microsoft 365 hosts of the US clouds: teams-js's own list of valid host origins
 *   (@microsoft/teams-js 2.58 src/artifactsForCDN/validDomains.json, also served at res.cdn.office.net):
 *   teams.microsoft.us, outlook.office365.us, portal.office365.us, www.office365.us and the Microsoft 365 Copilot
 *   app's m365copilotapp.svc.usgovcloud.microsoft hosts (GCC High); outlook-dod.office365.us, webmail.apps.mil,
 *   portal.apps.mil, www.ohome.apps.mil and dod.m365copilotapp.svc.usgovcloud.microsoft (DoD). That list has no
 *   China host at all, and no Microsoft page we found names an Outlook or Microsoft 365 web host that runs Teams
 *   apps in China, so China's list is its Teams only and the China build passes that origin to app.initialize.
 * - Token issuers: Microsoft Q&A "What are the token issuers for the sovereign clouds": v1
 *   sts.windows.net (global and US Government), sts.chinacloudapi.cn (China); v2 at the login host,
 *   login.partner.microsoftonline.cn for China (an alias of login.chinacloudapi.cn in Entra's instance metadata).
 * - What each cloud offers: each Graph v1.0 reference page's "national cloud deployments" table (see FEATURE_SOURCES).
 * - Deep links: /l/chat/0/0 and /l/call/0/0 on the cloud's Teams web host ("Deep link to Teams chat",
 *   https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/deep-link-teams).
 */

export const CLOUD_IDS = ['public', 'gcc', 'gcch', 'dod', 'china'] as const;
export type CloudId = (typeof CLOUD_IDS)[number];

/** Whether a Graph feature the board uses is there: the reference page's national-cloud table says yes or no. */
export type Offered = 'yes' | 'no';

export type CloudFeature = 'presence' | 'workLocation' | 'people' | 'activityFeed' | 'getSchedule';

/**
 * The Graph v1.0 page each feature's answer comes from: its "This API is available in the following national
 * cloud deployments" table (Global service, US Government L4 = GCC High, L5 = DoD, China operated by 21Vianet;
 * GCC is in the global service). Read on learn.microsoft.com for issue 22.
 */
export const FEATURE_SOURCES: Record<CloudFeature, string> = {
  presence:
    'https://learn.microsoft.com/graph/api/presence-get?view=graph-rest-1.0 and cloudcommunications-getpresencesbyuserid: ✅ global, L4, L5; ❌ China',
  workLocation:
    'read with presence (presence.workLocation); https://learn.microsoft.com/graph/api/presence-setmanuallocation?view=graph-rest-1.0: ✅ global, L4, L5; ❌ China',
  people: 'https://learn.microsoft.com/graph/api/user-list-people (List people, GET /me/people): ✅ global, L4, L5, China',
  activityFeed:
    'https://learn.microsoft.com/graph/api/userteamwork-sendactivitynotification?view=graph-rest-1.0, team-sendactivitynotification: ✅ global, L4, L5, China',
  getSchedule: 'https://learn.microsoft.com/graph/api/calendar-getschedule?view=graph-rest-1.0: ✅ global, L4, L5, China',
};

export interface Cloud {
  id: CloudId;
  name: string;
  /** Microsoft Graph's origin (the resource of its scopes); the API is under /v1.0. */
  graphOrigin: string;
  /** Entra ID's sign-in origin (the authority host). */
  loginOrigin: string;
  /**
   * Other origins of the same Entra ID that msal-browser itself turns the authority into: msal-common's
   * built-in instance metadata (src/authority/AuthorityMetadata.ts) names a "preferred_network" alias per
   * cloud and resolves the authority's endpoints there (its token endpoint is fetched, its authorize
   * endpoint framed for silent sign-in), so `connect-src` and `frame-src` must allow it too.
   */
  loginAliases: readonly string[];
  /**
   * Further host names of the same Entra ID in msal-common's instance metadata that this app never contacts,
   * known only so a setting naming one (RELAY_JWKS_URL, RELAY_ISSUER) is recognised as this cloud's.
   */
  entraAliasHosts: readonly string[];
  /** Accepted `iss` values of an access token, `{tid}` for the tenant: the v2.0 issuers first, then v1.0. */
  issuers: readonly string[];
  /** The tenant's signing keys. */
  jwks: string;
  /** Microsoft 365 hosts that frame the tab in this cloud (Teams, Outlook, Microsoft 365 on the web): `frame-ancestors`. */
  frameAncestors: readonly string[];
  /** Host origins teams-js does not know itself (its validDomains list), given to app.initialize. */
  teamsJsOrigins: readonly string[];
  /** Teams' web origin, where its deep links (/l/chat/…) open. */
  teamsWebOrigin: string;
  offers: Record<CloudFeature, Offered>;
}

const PUBLIC_HOSTS = [
  'https://*.cloud.microsoft',
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.microsoft365.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook-sdf.office.com',
  'https://outlook-sdf.office365.com',
  'https://outlook.live.com',
] as const;

const GLOBAL = {
  graphOrigin: 'https://graph.microsoft.com',
  loginOrigin: 'https://login.microsoftonline.com',
  loginAliases: [],
  entraAliasHosts: ['login.windows.net', 'login.microsoft.com'],
  issuers: ['https://login.microsoftonline.com/{tid}/v2.0', 'https://sts.windows.net/{tid}/'],
  jwks: 'https://login.microsoftonline.com/{tid}/discovery/v2.0/keys',
  frameAncestors: PUBLIC_HOSTS,
  teamsJsOrigins: [],
  teamsWebOrigin: 'https://teams.microsoft.com',
  offers: { presence: 'yes', workLocation: 'yes', people: 'yes', activityFeed: 'yes', getSchedule: 'yes' },
} as const;

const US_GOVERNMENT_LOGIN = {
  loginOrigin: 'https://login.microsoftonline.us',
  loginAliases: [],
  entraAliasHosts: ['login.usgovcloudapi.net'],
  issuers: ['https://login.microsoftonline.us/{tid}/v2.0', 'https://sts.windows.net/{tid}/'],
  jwks: 'https://login.microsoftonline.us/{tid}/discovery/v2.0/keys',
  teamsJsOrigins: [],
  offers: { presence: 'yes', workLocation: 'yes', people: 'yes', activityFeed: 'yes', getSchedule: 'yes' },
} as const;

export const CLOUDS: Readonly<Record<CloudId, Cloud>> = {
  public: { id: 'public', name: 'Microsoft 365 (commercial)', ...GLOBAL },
  gcc: { id: 'gcc', name: 'GCC', ...GLOBAL },
  gcch: {
    id: 'gcch',
    name: 'GCC High',
    graphOrigin: 'https://graph.microsoft.us',
    ...US_GOVERNMENT_LOGIN,
    frameAncestors: [
      'https://gov.teams.microsoft.us',
      'https://teams.microsoft.us',
      'https://outlook.office365.us',
      'https://portal.office365.us',
      'https://www.office365.us',
      'https://m365copilotapp.svc.usgovcloud.microsoft',
      'https://cr.m365copilotapp.svc.usgovcloud.microsoft',
    ],
    teamsWebOrigin: 'https://gov.teams.microsoft.us',
  },
  dod: {
    id: 'dod',
    name: 'DoD',
    graphOrigin: 'https://dod-graph.microsoft.us',
    ...US_GOVERNMENT_LOGIN,
    frameAncestors: [
      'https://dod.teams.microsoft.us',
      'https://outlook-dod.office365.us',
      'https://webmail.apps.mil',
      'https://portal.apps.mil',
      'https://www.ohome.apps.mil',
      'https://dod.m365copilotapp.svc.usgovcloud.microsoft',
      'https://cr.dod.m365copilotapp.svc.usgovcloud.microsoft',
    ],
    teamsWebOrigin: 'https://dod.teams.microsoft.us',
  },
  china: {
    id: 'china',
    name: 'China (21Vianet)',
    graphOrigin: 'https://microsoftgraph.chinacloudapi.cn',
    loginOrigin: 'https://login.chinacloudapi.cn',
    // msal-common's preferred_network for login.chinacloudapi.cn: the redirect and auth-page sign-ins redeem codes there.
    loginAliases: ['https://login.partner.microsoftonline.cn'],
    entraAliasHosts: [],
    issuers: [
      'https://login.chinacloudapi.cn/{tid}/v2.0',
      'https://login.partner.microsoftonline.cn/{tid}/v2.0',
      'https://sts.chinacloudapi.cn/{tid}/',
    ],
    jwks: 'https://login.chinacloudapi.cn/{tid}/discovery/v2.0/keys',
    // Only Teams: no page we found says which Outlook or Microsoft 365 web host runs Teams apps in China.
    frameAncestors: ['https://teams.microsoftonline.cn'],
    teamsJsOrigins: ['https://teams.microsoftonline.cn'],
    teamsWebOrigin: 'https://teams.microsoftonline.cn',
    offers: { presence: 'no', workLocation: 'no', people: 'yes', activityFeed: 'yes', getSchedule: 'yes' },
  },
};

export const DEFAULT_CLOUD: CloudId = 'public';

/** `CLOUD` (or another variable), checked: a cloud's id, or an Error whose message is the one sentence to print. */
export function parseCloudId(raw: string | undefined, name = 'CLOUD'): CloudId {
  const value = raw?.trim().toLowerCase();
  if (!value) return DEFAULT_CLOUD;
  if ((CLOUD_IDS as readonly string[]).includes(value)) return value as CloudId;
  throw new Error(`${name} must be one of ${CLOUD_IDS.join(', ')}; got "${raw}".`);
}

export const cloudById = (id: CloudId): Cloud => CLOUDS[id];

/** Graph's base URL in a cloud (v1.0, no trailing slash). */
export const graphBaseUrlFor = (cloud: Cloud): string => `${cloud.graphOrigin}/v1.0`;

/** The clouds whose Graph is at `hostname` (GCC shares the commercial Graph), or none for another host (an emulator). */
export function cloudsWithGraphHost(hostname: string): Cloud[] {
  return Object.values(CLOUDS).filter((c) => isHostOrUnder(hostname, new URL(c.graphOrigin).hostname));
}

/**
 * `hostname` is `host` or a name under it, however spelt: any case, and with the trailing dots of an absolute
 * DNS name (graph.microsoft.com. reaches the same server), so a host cannot slip past a check by its spelling.
 */
function isHostOrUnder(hostname: string, host: string): boolean {
  const name = hostname.toLowerCase().replace(/\.+$/, '');
  return name === host || name.endsWith(`.${host}`);
}

/** The clouds whose Entra ID signs in or issues tokens at `hostname` (sts.windows.net: the commercial and US Government clouds), or none. */
export function cloudsWithEntraHost(hostname: string): Cloud[] {
  const hostsOf = (c: Cloud) => [
    ...[c.loginOrigin, ...c.loginAliases, c.jwks, ...c.issuers].map((url) => new URL(url.replaceAll('{tid}', 't')).hostname),
    ...c.entraAliasHosts,
  ];
  return Object.values(CLOUDS).filter((c) => hostsOf(c).some((host) => isHostOrUnder(hostname, host)));
}

/**
 * A Graph base URL on a Microsoft Graph host must be the cloud's own (a token of one cloud never goes
 * to another's Graph); any other host (a local emulator) is taken as it is. The sentence to print, or null.
 */
export function graphCloudProblem(baseUrl: string, cloudId: CloudId, setting = 'GRAPH_BASE_URL'): string | null {
  const clouds = cloudsWithGraphHost(new URL(baseUrl).hostname);
  if (clouds.length === 0 || clouds.some((c) => c.id === cloudId)) return null;
  return `${setting} ${baseUrl} is the ${clouds[0]!.name} Graph, but the cloud is ${cloudId}: set CLOUD=${clouds[0]!.id}, or ${setting} to ${graphBaseUrlFor(CLOUDS[cloudId])}.`;
}

/** A cloud's accepted token issuers for one tenant. */
export const issuersFor = (cloud: Cloud, tenant: string): string[] => cloud.issuers.map((template) => template.replaceAll('{tid}', tenant));

/** Every Microsoft Graph host of every cloud. */
export const GRAPH_HOSTS: readonly string[] = [...new Set(Object.values(CLOUDS).map((c) => new URL(c.graphOrigin).hostname))];

/**
 * The Content-Security-Policy a cloud's build is served with: Graph and Entra of that cloud only,
 * framed only by that cloud's Microsoft 365 hosts (docs/clouds.md says why not every cloud's).
 * res.cdn.office.net: teams-js fetches its list of valid host origins from there at load.
 */
export function contentSecurityPolicy(cloud: Cloud): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${cloud.graphOrigin} ${[cloud.loginOrigin, ...cloud.loginAliases].join(' ')} https://res.cdn.office.net`,
    `frame-src 'self' ${[cloud.loginOrigin, ...cloud.loginAliases].join(' ')}`,
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors 'self' ${cloud.frameAncestors.join(' ')}`,
  ].join('; ');
}
