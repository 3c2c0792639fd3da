import { CLOUDS, contentSecurityPolicy, type Cloud } from '../../src/host/clouds.ts';

/**
 * The security headers the static host sends (public/staticwebapp.config.json), so the preview
 * server can send the same ones and browser tests run under them.
 */
export function headersFromStaticWebAppConfig(config: unknown): Record<string, string> {
  const headers = (config as { globalHeaders?: unknown } | null)?.globalHeaders;
  if (typeof headers !== 'object' || headers === null) throw new Error('staticwebapp.config.json has no globalHeaders.');
  return stringRecord(headers, 'globalHeaders');
}

function stringRecord(value: object, where: string): Record<string, string> {
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.every(([, v]) => typeof v === 'string')) throw new Error(`staticwebapp.config.json ${where} must be strings.`);
  return Object.fromEntries(entries) as Record<string, string>;
}

/** Azure Static Web Apps' route pattern: an exact path, or a prefix ending in `*`. */
function routeMatches(route: string, path: string): boolean {
  return route.endsWith('*') ? path.startsWith(route.slice(0, -1)) : path === route;
}

/**
 * The headers the static host sends for one path: the global ones, overridden by the first
 * route rule that matches (Static Web Apps evaluates routes in order and stops at the first
 * match; a route's header replaces the global one of the same name).
 */
export function headersForPath(config: unknown, path: string): Record<string, string> {
  const global = headersFromStaticWebAppConfig(config);
  const routes = (config as { routes?: unknown }).routes;
  if (!Array.isArray(routes)) return global;
  const rule = routes.find(
    (r): r is { route: string; headers?: object } =>
      typeof r === 'object' &&
      r !== null &&
      typeof (r as { route?: unknown }).route === 'string' &&
      routeMatches((r as { route: string }).route, path),
  );
  const own = rule?.headers && typeof rule.headers === 'object' ? stringRecord(rule.headers, `routes "${rule.route}" headers`) : {};
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries(global)) {
    if (!Object.keys(own).some((n) => n.toLowerCase() === name.toLowerCase())) merged[name] = value;
  }
  return { ...merged, ...own };
}

/** Adds an origin to one directive of a Content-Security-Policy (a local Graph endpoint, say). */
export function allowInDirective(policy: string, directive: string, origin: string): string {
  const parts = policy.split(';').map((p) => p.trim());
  const index = parts.findIndex((p) => p.split(/\s+/)[0] === directive);
  if (index === -1) return `${policy}; ${directive} ${origin}`;
  if (!parts[index]!.split(/\s+/).includes(origin)) parts[index] = `${parts[index]} ${origin}`;
  return parts.join('; ');
}

/**
 * The static host's configuration for a cloud's build: public/staticwebapp.config.json (the
 * commercial cloud's, checked in) with that cloud's Content-Security-Policy (src/host/clouds.ts).
 * `npm run build` writes it into the build, and `vite preview` sends what the build holds.
 */
export function staticHostConfigFor(base: unknown, cloud: Cloud): unknown {
  const config = base as { globalHeaders?: Record<string, string> };
  headersFromStaticWebAppConfig(config);
  return { ...config, globalHeaders: { ...config.globalHeaders, 'Content-Security-Policy': contentSecurityPolicy(cloud) } };
}

/** The cloud a built staticwebapp.config.json was made for, or null when its policy is no cloud's. */
export function cloudOfStaticHostConfig(config: unknown): Cloud | null {
  const csp = headersFromStaticWebAppConfig(config)['Content-Security-Policy'];
  return Object.values(CLOUDS).find((cloud) => contentSecurityPolicy(cloud) === csp) ?? null;
}
