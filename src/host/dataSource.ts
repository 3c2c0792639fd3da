import type { DemoSettings, RuntimeConfig } from './runtimeConfig';

/** Where the board's data comes from on this page. */
export type DataSource =
  | { kind: 'graph'; graphBaseUrl: string; token: string }
  | { kind: 'demo'; graphBaseUrl: string; demo: DemoSettings }
  | { kind: 'unconfigured' };

/**
 * A token given at start wins; else the emulated tenant where this build carries it;
 * else nothing is configured (sign-in comes with the Teams host).
 */
export function chooseDataSource(config: RuntimeConfig, demoBuilt: boolean): DataSource {
  if (config.graphToken !== null) return { kind: 'graph', graphBaseUrl: config.graphBaseUrl, token: config.graphToken };
  if (demoBuilt) return { kind: 'demo', graphBaseUrl: config.graphBaseUrl, demo: config.demo };
  return { kind: 'unconfigured' };
}
