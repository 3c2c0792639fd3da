import { builtCloud } from '../host/buildSettings';
import { cloudsWithGraphHost, type Cloud } from '../host/clouds';

/**
 * Microsoft Entra's sign-in origin and the Graph resource for the Graph the tab talks to, from the
 * table of clouds (src/host/clouds.ts). Any other Graph address (a local emulator) is taken as the
 * cloud the page was built for.
 */
export function cloudFor(graphBaseUrl: string, fallback: Cloud = builtCloud()): { loginOrigin: string; graphResource: string } {
  const cloud = cloudsWithGraphHost(new URL(graphBaseUrl).hostname)[0] ?? fallback;
  return { loginOrigin: cloud.loginOrigin, graphResource: cloud.graphOrigin };
}
