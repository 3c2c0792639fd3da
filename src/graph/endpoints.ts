import { GRAPH_HOSTS } from '../host/clouds';

/** Graph hosts of the global service and the national clouds (src/host/clouds.ts). */
export const GRAPH_CLOUD_HOSTS = GRAPH_HOSTS;

/**
 * True when `candidate` is on the same origin as the base and below its path: the only URLs
 * the client will send a token to.
 */
export function isUnderBaseUrl(candidate: URL, baseUrl: string): boolean {
  const base = new URL(baseUrl);
  if (candidate.origin !== base.origin) return false;
  const basePath = base.pathname.replace(/\/+$/, '');
  return candidate.pathname === basePath || candidate.pathname.startsWith(`${basePath}/`);
}
