import type { TokenSource } from '../src/auth/tokenSource';
import { CLOUDS } from '../src/host/clouds';
import { GraphError } from '../src/graph/errors';

export interface ClientCredentialsOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Entra's sign-in origin in the relay's cloud (src/host/clouds.ts `loginOrigin`; the commercial cloud's by default). */
  loginOrigin?: string;
  /** The Graph resource's `.default` scope, from the Graph base URL's origin. */
  scope: string;
  fetch?: typeof fetch;
  now?: () => number;
}

/**
 * App-only tokens by the client credentials grant, cached until five minutes before they expire.
 * What Entra refused is reported by its error code only; the secret and tokens are never in a message.
 */
export function clientCredentialsTokenSource(options: ClientCredentialsOptions): TokenSource {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const endpoint = `${options.loginOrigin ?? CLOUDS.public.loginOrigin}/${encodeURIComponent(options.tenantId)}/oauth2/v2.0/token`;
  let cached: { token: string; renewAt: number } | null = null;
  let pending: Promise<string> | null = null;

  async function fetchToken(): Promise<string> {
    const response = await doFetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: options.clientId,
        client_secret: options.clientSecret,
        scope: options.scope,
      }),
      redirect: 'manual',
    });
    const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; error?: unknown };
    if (!response.ok || typeof body.access_token !== 'string') {
      const code = typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
      throw new GraphError('auth', `Entra ID refused the relay's client credentials (${code}).`, { status: response.status });
    }
    const seconds = typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in ?? 3_600);
    cached = { token: body.access_token, renewAt: now() + Math.max(60, seconds - 300) * 1000 };
    return body.access_token;
  }

  return {
    async getToken(_scopes, { forceRefresh } = { interactive: false }) {
      if (!forceRefresh && cached && now() < cached.renewAt) return cached.token;
      pending ??= fetchToken().finally(() => (pending = null));
      return pending;
    },
  };
}
