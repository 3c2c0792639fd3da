import { readBody, type Handler } from './httpsRouter';
import { RIG_SOVEREIGN_CLOUDS, TAB_ORIGIN, TENANT_ID } from './names';
import { CLIENT_INFO, graphAccessToken, idToken } from './tokens';

export interface EntraRequest {
  at: number;
  endpoint: 'authorize' | 'token' | 'openid-configuration' | 'instance-discovery' | 'adminconsent' | 'other';
  method: string;
  /** The Entra host asked (login.microsoftonline.com, or a sovereign cloud's). */
  host: string;
  path: string;
  params: Record<string, string>;
}

/** What the authorize endpoint packs into the code, so the token endpoint can answer without state. */
interface CodeContents {
  nonce: string;
  scope: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  body: JSON.stringify(body),
  headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
});

/** The tab's origins: the commercial build's and each sovereign cloud's build (its redirect URIs are registered). */
const TAB_ORIGINS = new Set([TAB_ORIGIN, ...RIG_SOVEREIGN_CLOUDS.map((c) => `https://${c.tabHost}`)]);

/** Entra answers the SPA token endpoint cross-origin for registered SPA redirect URIs. */
function corsFor(origin: string | undefined): Record<string, string> {
  return origin !== undefined && TAB_ORIGINS.has(origin) ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {};
}

/**
 * A small Entra ID (login.microsoftonline.com) for msal-browser's redirect flow (auth code + PKCE):
 *
 * - `GET /{tenant}/oauth2/v2.0/authorize` signs the person in at once and redirects to
 *   `redirect_uri` with `code`, `state`, `client_info` and `session_state`, in the fragment or the
 *   query as `response_mode` asks (msal-browser defaults to fragment: config/Configuration.ts
 *   OIDCOptions.responseMode).
 * - `POST /{tenant}/oauth2/v2.0/token` (form body, CORS for the tab's origin) exchanges the code for
 *   access_token, id_token (carrying the authorize request's nonce, which msal-common's
 *   ResponseHandler checks), client_info, scope, token_type, expires_in.
 * - Metadata: msal-browser 5 uses hard-coded endpoints for login.microsoftonline.com
 *   (msal-common authority/AuthorityMetadata.ts) and so never asks, but openid-configuration and
 *   instance discovery are answered anyway in case a later version does.
 * - `GET /{tenant}/adminconsent` and `/{tenant}/v2.0/adminconsent`: a page that says what it is, so
 *   an admin-consent link can be followed.
 */
export function fakeEntra(): { handler: Handler; requests: EntraRequest[] } {
  const requests: EntraRequest[] = [];
  const handler: Handler = async (req, res, url) => {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    // Each cloud's Entra answers with its own host in its metadata (the same fake serves them all).
    const LOGIN_ORIGIN = url.origin;
    const log = (endpoint: EntraRequest['endpoint'], extra: Record<string, string> = {}) =>
      requests.push({ at: Date.now(), endpoint, method, host: url.hostname, path, params: { ...params, ...extra } });

    if (method === 'OPTIONS') {
      res
        .writeHead(204, {
          ...corsFor(req.headers.origin),
          'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
          'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'Content-Type',
          'Access-Control-Max-Age': '600',
        })
        .end();
      return;
    }

    if (/^\/[^/]+\/oauth2\/v2\.0\/authorize$/.test(path)) {
      log('authorize');
      const redirectUri = params.redirect_uri;
      if (!redirectUri || !params.state || params.response_type !== 'code') {
        res.writeHead(400, { 'Content-Type': 'text/plain' }).end('AADSTS900144: redirect_uri, state and response_type=code are required.');
        return;
      }
      const code: CodeContents = {
        nonce: params.nonce ?? '',
        scope: params.scope ?? '',
        clientId: params.client_id ?? '',
        redirectUri,
        codeChallenge: params.code_challenge ?? '',
      };
      const answer = new URLSearchParams({
        code: Buffer.from(JSON.stringify(code)).toString('base64url'),
        state: params.state,
        client_info: CLIENT_INFO,
        session_state: 'rig-session',
      });
      const separator = params.response_mode === 'query' ? (redirectUri.includes('?') ? '&' : '?') : '#';
      res.writeHead(302, { Location: `${redirectUri}${separator}${answer.toString()}`, 'Cache-Control': 'no-store' }).end();
      return;
    }

    if (/^\/[^/]+\/oauth2\/v2\.0\/token$/.test(path) && method === 'POST') {
      const form = new URLSearchParams((await readBody(req)).toString('utf8'));
      log('token', Object.fromEntries(form));
      const cors = corsFor(req.headers.origin);
      let code: CodeContents;
      try {
        code = JSON.parse(Buffer.from(form.get('code') ?? '', 'base64url').toString('utf8')) as CodeContents;
      } catch {
        const body = json({ error: 'invalid_grant', error_description: 'AADSTS70000: The provided authorization code is invalid.' }, cors);
        res.writeHead(400, body.headers).end(body.body);
        return;
      }
      const scope = code.scope
        .split(' ')
        .filter((s) => s && !['openid', 'profile', 'offline_access'].includes(s))
        .join(' ');
      const body = json(
        {
          token_type: 'Bearer',
          scope,
          expires_in: 3599,
          ext_expires_in: 3599,
          access_token: graphAccessToken('fake-entra'),
          id_token: idToken(code.nonce),
          client_info: CLIENT_INFO,
        },
        cors,
      );
      res.writeHead(200, body.headers).end(body.body);
      return;
    }

    const tenantMatch = /^\/([^/]+)\/(?:v2\.0\/)?\.well-known\/openid-configuration$/.exec(path);
    if (tenantMatch) {
      log('openid-configuration');
      const tenant = tenantMatch[1];
      const body = json(
        {
          issuer: `${LOGIN_ORIGIN}/${tenant === 'organizations' || tenant === 'common' ? '{tenantid}' : TENANT_ID}/v2.0`,
          authorization_endpoint: `${LOGIN_ORIGIN}/${tenant}/oauth2/v2.0/authorize`,
          token_endpoint: `${LOGIN_ORIGIN}/${tenant}/oauth2/v2.0/token`,
          end_session_endpoint: `${LOGIN_ORIGIN}/${tenant}/oauth2/v2.0/logout`,
          jwks_uri: `${LOGIN_ORIGIN}/${tenant}/discovery/v2.0/keys`,
          response_modes_supported: ['query', 'fragment', 'form_post'],
        },
        { 'Access-Control-Allow-Origin': '*' },
      );
      res.writeHead(200, body.headers).end(body.body);
      return;
    }

    if (/\/discovery\/instance$/.test(path)) {
      log('instance-discovery');
      const body = json(
        {
          tenant_discovery_endpoint: `${LOGIN_ORIGIN}/${TENANT_ID}/v2.0/.well-known/openid-configuration`,
          'api-version': '1.1',
          metadata: [
            {
              preferred_network: url.hostname,
              preferred_cache: url.hostname,
              aliases: [url.hostname],
            },
          ],
        },
        { 'Access-Control-Allow-Origin': '*' },
      );
      res.writeHead(200, body.headers).end(body.body);
      return;
    }

    if (/^\/[^/]+\/(?:v2\.0\/)?adminconsent$/.test(path)) {
      log('adminconsent');
      res
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        .end(`<!doctype html><title>Admin consent (rig)</title><h1>Admin consent for ${params.client_id ?? '?'}</h1>`);
      return;
    }

    log('other');
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`The rig's Entra has nothing at ${path}.`);
  };
  return { handler, requests };
}
