import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../viteServer';
import type { Handler } from './httpsRouter';

/** The list teams-js ships (its fallback) and fetches from Microsoft's CDN at load. */
const BUNDLED_LIST = join(
  PROJECT_ROOT,
  'node_modules/@microsoft/teams-js/dist/esm/packages/teams-js/src/artifactsForCDN/validDomains.json.js',
);

/** The CDN path teams-js asks for (internal/constants.ts validOriginsCdnEndpoint). */
export const VALID_DOMAINS_PATH = '/teams-js/validDomains/json/validDomains.json';

/** The origins in the list teams-js bundles (read from its own build, not copied here). */
export async function bundledValidOrigins(): Promise<string[]> {
  const source = await readFile(BUNDLED_LIST, 'utf8');
  const array = /=\s*(\[[^\]]*\])/.exec(source)?.[1];
  if (!array) throw new Error(`Could not find the valid origins array in ${BUNDLED_LIST}`);
  return JSON.parse(array) as string[];
}

/**
 * https://res.cdn.office.net as teams-js meets it. At module load teams-js prefetches
 * `{ validOrigins: [...] }` from here (internal/validOrigins.ts prefetchOriginsFromCDN, 1.5 s
 * timeout) and falls back to its bundled copy when that fails; an origin is first checked against
 * the bundled list, and the CDN is asked only for one that is not in it. The rig serves the same
 * list teams-js bundles, with CORS, so the tab's fetch succeeds as it does in production (the
 * tab's Content-Security-Policy must allow it) instead of failing with a console error.
 */
export async function validDomainsCdn(): Promise<Handler> {
  const body = JSON.stringify({ validOrigins: await bundledValidOrigins() });
  return (req, res, url) => {
    if (url.pathname !== VALID_DOMAINS_PATH) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not on the rig CDN.');
      return;
    }
    res
      .writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'max-age=3600' })
      .end(req.method === 'HEAD' ? undefined : body);
  };
}
