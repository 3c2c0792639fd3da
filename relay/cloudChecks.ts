import { cloudsWithEntraHost, cloudsWithGraphHost, type Cloud } from '../src/host/clouds';

/** What the relay's settings say about its cloud: its Graph, and the key set and issuers it checks viewers' tokens against. */
export interface RelayCloudSettings {
  cloud: Cloud;
  /** The Graph it sweeps (null: none, demo mode's emulator). */
  graphBaseUrl: string | null;
  /** RELAY_JWKS_URL, RELAY_ISSUER as given (null: the cloud's own). */
  jwksUrl: string | null;
  issuer: string | null;
}

/**
 * Issue 22: a relay serves one cloud. The sentence to print where its settings would take it out of that cloud
 * (keys or issuers of another cloud's Entra ID, which would let that cloud's tokens in), or where the cloud's
 * Graph has no presence for it to sweep (China); null when all is well. A local server (tests, a demo) is any cloud's.
 */
export function relayCloudProblem({ cloud, graphBaseUrl, jwksUrl, issuer }: RelayCloudSettings): string | null {
  if (cloud.offers.presence !== 'yes' && graphBaseUrl !== null && cloudsWithGraphHost(new URL(graphBaseUrl).hostname).length > 0) {
    return `The relay sweeps presence, and Microsoft Graph offers none in ${cloud.name}: run the tab there without a relay (no RELAY_URL).`;
  }
  const named: Array<[string, string]> = [
    ...(jwksUrl ? [['RELAY_JWKS_URL', jwksUrl] as [string, string]] : []),
    ...(issuer ? issuer.split(',').map((one): [string, string] => ['RELAY_ISSUER', one.trim()]) : []),
  ];
  for (const [name, value] of named) {
    let host: string;
    try {
      host = new URL(value.replaceAll('{tid}', 't')).hostname;
    } catch {
      continue; // not a URL: the token check refuses every token, and says so
    }
    const clouds = cloudsWithEntraHost(host);
    if (clouds.length > 0 && !clouds.some((c) => c.id === cloud.id)) {
      return `${name} names the ${clouds[0]!.name} Entra ID (${host}), but CLOUD is ${cloud.id}: leave ${name} unset (the relay then uses ${cloud.name}'s own), or set CLOUD=${clouds[0]!.id}.`;
    }
  }
  return null;
}
