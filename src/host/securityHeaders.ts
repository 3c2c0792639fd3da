/**
 * The security headers the static host sends (public/staticwebapp.config.json), so the preview
 * server can send the same ones and browser tests run under them.
 */
export function headersFromStaticWebAppConfig(config: unknown): Record<string, string> {
  const headers = (config as { globalHeaders?: unknown } | null)?.globalHeaders;
  if (typeof headers !== 'object' || headers === null) throw new Error('staticwebapp.config.json has no globalHeaders.');
  const entries = Object.entries(headers as Record<string, unknown>);
  if (!entries.every(([, v]) => typeof v === 'string')) throw new Error('staticwebapp.config.json globalHeaders must be strings.');
  return Object.fromEntries(entries) as Record<string, string>;
}

/** Adds an origin to one directive of a Content-Security-Policy (a local Graph endpoint, say). */
export function allowInDirective(policy: string, directive: string, origin: string): string {
  const parts = policy.split(';').map((p) => p.trim());
  const index = parts.findIndex((p) => p.split(/\s+/)[0] === directive);
  if (index === -1) return `${policy}; ${directive} ${origin}`;
  if (!parts[index]!.split(/\s+/).includes(origin)) parts[index] = `${parts[index]} ${origin}`;
  return parts.join('; ');
}
