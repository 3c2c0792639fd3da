import { CLOUDS, graphBaseUrlFor } from './clouds.ts';

/** The Graph base URL the page is configured with: checked here, with the runtime configuration. The commercial cloud's unless CLOUD says otherwise. */
export const DEFAULT_GRAPH_BASE_URL = graphBaseUrlFor(CLOUDS.public);

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * Checks a configured Graph base URL: absolute, https (plain http only on this machine's
 * loopback, for a local Graph-compatible server), no query or fragment. Returns it without
 * a trailing slash, or throws an Error whose message says what to fix.
 */
export function normaliseGraphBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`GRAPH_BASE_URL "${value}" is not an absolute URL (for example ${DEFAULT_GRAPH_BASE_URL}).`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new Error(`GRAPH_BASE_URL must use https (plain http is allowed only on localhost): got "${value}".`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new Error(`GRAPH_BASE_URL must not carry a query, fragment or credentials: got "${value}".`);
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * Checks a configured presence relay URL (`RELAY_URL`, `VITE_RELAY_URL`): absolute, https (plain
 * http only on loopback), no query, fragment or credentials. Returns it without a trailing slash.
 */
export function normaliseRelayUrl(value: string, name = 'RELAY_URL'): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`${name} "${value}" is not an absolute URL (for example https://relay.contoso.com).`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new Error(`${name} must use https (plain http is allowed only on localhost): got "${value}".`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new Error(`${name} must not carry a query, fragment or credentials: got "${value}".`);
  }
  return url.href.replace(/\/+$/, '');
}
