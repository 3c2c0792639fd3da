/**
 * `npm run emulator`: the emulated tenant as a Graph-compatible server on loopback.
 * Environment: EMULATOR_PORT (default 4000; 0 picks a free port), DEMO_USERS, DEMO_LATENCY_MS,
 * DEMO_DRIFT_MS, EMULATOR_PAGE_SIZE, EMULATOR_THROTTLE_RATE, EMULATOR_UNAVAILABLE_RATE, and what
 * Graph costs (docs/speed.md, "What the emulator charges"): EMULATOR_PREFLIGHT_MS,
 * EMULATOR_SERVER_BASE_MS, EMULATOR_SERVER_MS_PER_ITEM; and how it filters: EMULATOR_COLLATION
 * (ordinal-ignore-case, ordinal, linguistic-ignore-case), EMULATOR_RANGE_FILTERS (advanced, default, refused).
 */
import { COLLATIONS, type Collation } from './collation';
import { startEmulatorServer } from './nodeServer';
import type { RangeFilterSupport } from './userQuery';

function numberFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`${name} must be a number of at least 0; got "${raw}".`);
    process.exit(2);
  }
  return value;
}

function oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    console.error(`${name} must be one of ${allowed.join(', ')}; got "${raw}".`);
    process.exit(2);
  }
  return raw as T;
}

const server = await startEmulatorServer({
  port: numberFrom('EMULATOR_PORT', 4000),
  users: numberFrom('DEMO_USERS', 250),
  latencyMs: numberFrom('DEMO_LATENCY_MS', 0),
  maxPageSize: numberFrom('EMULATOR_PAGE_SIZE', 999),
  throttleRate: numberFrom('EMULATOR_THROTTLE_RATE', 0),
  unavailableRate: numberFrom('EMULATOR_UNAVAILABLE_RATE', 0),
  driftEveryMs: numberFrom('DEMO_DRIFT_MS', 15_000),
  preflightLatencyMs: numberFrom('EMULATOR_PREFLIGHT_MS', 0),
  serverBaseMs: numberFrom('EMULATOR_SERVER_BASE_MS', 0),
  serverMsPerItem: numberFrom('EMULATOR_SERVER_MS_PER_ITEM', 0),
  collation: oneOf<Collation>('EMULATOR_COLLATION', COLLATIONS, 'ordinal-ignore-case'),
  rangeFilters: oneOf<RangeFilterSupport>('EMULATOR_RANGE_FILTERS', ['advanced', 'default', 'refused'], 'advanced'),
});
console.log(`Emulated Graph tenant of ${server.emulator.users.length} people at ${server.baseUrl}`);
console.log(`Try: GRAPH_BASE_URL=${server.baseUrl} GRAPH_TOKEN=any-token npm start`);
