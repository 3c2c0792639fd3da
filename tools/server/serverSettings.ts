import { cloudById, parseCloudId, type Cloud } from '../../src/host/clouds.ts';
import { runtimeConfigFromEnv } from '../../src/host/runtimeConfig.ts';

/** What the dev and preview servers are started with: where they listen, and the host name a dev tunnel brings. */
export interface ServerSettings {
  port: number;
  /** PORT was given: fail rather than pick another port. */
  portChosen: boolean;
  /** Local debug in Teams (teamsapp.local.yml): the dev tunnel's host name, which the dev server must answer. */
  tabDomain: string | undefined;
  /** CLOUD: the Microsoft cloud a build is made for and a server serves (src/host/clouds.ts); public unless set. */
  cloud: Cloud;
  /** CLOUD was given: `vite preview` refuses a build made for another cloud. */
  cloudChosen: boolean;
}

export const DEFAULT_PORT = 5173;

/**
 * PORT, TAB_DOMAIN and CLOUD, checked. Throws an Error whose message is the one sentence to print: the
 * variable and what it must be.
 */
export function serverSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): ServerSettings {
  const rawPort = env.PORT?.trim();
  const port = rawPort ? Number(rawPort) : DEFAULT_PORT;
  if (!/^\d+$/.test(rawPort ?? String(DEFAULT_PORT)) || port < 1 || port > 65535) {
    throw new Error(`PORT must be a whole number from 1 to 65535; got "${env.PORT}".`);
  }
  const tabDomain = env.TAB_DOMAIN?.trim() || undefined;
  // A plain host name: no port, no leading dot (Vite would read '.example' as every subdomain).
  if (tabDomain && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(tabDomain)) {
    throw new Error(`TAB_DOMAIN must be a host name such as abc123-5173.euw.devtunnels.ms; got "${tabDomain}".`);
  }
  const cloud = cloudById(parseCloudId(env.CLOUD));
  return { port, portChosen: Boolean(rawPort), tabDomain, cloud, cloudChosen: Boolean(env.CLOUD?.trim()) };
}

/**
 * Every setting a server reads at start (the server's own, and the page's runtime configuration:
 * GRAPH_TOKEN, GRAPH_BASE_URL, DEMO_USERS, …), checked before anything starts. The first problem's
 * sentence, or null when all are good.
 */
export function serverSettingsProblem(env: Readonly<Record<string, string | undefined>>): string | null {
  try {
    serverSettingsFromEnv(env);
    runtimeConfigFromEnv(env);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
