/**
 * Microsoft Entra's sign-in host and the Graph resource for each Graph host the tab may be set up
 * with (national clouds: https://learn.microsoft.com/graph/deployments). Any other Graph address
 * (a local emulator) is taken as the global cloud.
 */
const CLOUDS: Record<string, { loginOrigin: string; graphResource: string }> = {
  'graph.microsoft.com': { loginOrigin: 'https://login.microsoftonline.com', graphResource: 'https://graph.microsoft.com' },
  'graph.microsoft.us': { loginOrigin: 'https://login.microsoftonline.us', graphResource: 'https://graph.microsoft.us' },
  'dod-graph.microsoft.us': { loginOrigin: 'https://login.microsoftonline.us', graphResource: 'https://dod-graph.microsoft.us' },
  'microsoftgraph.chinacloudapi.cn': {
    loginOrigin: 'https://login.chinacloudapi.cn',
    graphResource: 'https://microsoftgraph.chinacloudapi.cn',
  },
};

export function cloudFor(graphBaseUrl: string): { loginOrigin: string; graphResource: string } {
  return CLOUDS[new URL(graphBaseUrl).hostname.toLowerCase()] ?? CLOUDS['graph.microsoft.com']!;
}
