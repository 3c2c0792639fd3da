import { getResponse } from 'msw';
import { GraphEmulator, type EmulatorOptions } from '@/emulator/graphEmulator';
import { createGraphHandlers, graphErrorResponse } from '@/emulator/handlers';
import { GRAPH_BASE_URL } from './names';
import { readBody, type Handler } from './httpsRouter';

/** What src/emulator/nodeServer.ts answers to a CORS preflight (Graph allows these from any origin). */
const PREFLIGHT_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, ConsistencyLevel, Accept, client-request-id, SdkVersion',
  'Access-Control-Max-Age': '600',
};

export interface GraphRoute {
  emulator: GraphEmulator;
  handler: Handler;
}

/**
 * https://graph.microsoft.com (or a national cloud's Graph host, `baseUrl`) answered by the project's emulated tenant: the same MSW handlers
 * src/emulator/nodeServer.ts serves, mounted at the real base URL so every URL the emulator
 * writes (`@odata.nextLink`, batch bodies) names graph.microsoft.com, as the tab expects. Any
 * non-empty bearer token is accepted; `emulator.requests` records which token each call carried.
 */
export function emulatedGraph(options: EmulatorOptions = {}, baseUrl = GRAPH_BASE_URL): GraphRoute {
  const emulator = new GraphEmulator(options);
  const handlers = createGraphHandlers(emulator, baseUrl);
  const handler: Handler = async (req, res, url) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, PREFLIGHT_HEADERS).end();
      return;
    }
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    }
    const request = new Request(url.href, {
      method: req.method,
      headers,
      body: body && body.length > 0 ? new Uint8Array(body) : undefined,
    });
    const response = (await getResponse(handlers, request)) ?? graphErrorResponse(404, 'NotFound', `No Graph resource at ${url.href}.`);
    res.statusCode = response.status;
    response.headers.forEach((value, name) => res.setHeader(name, value));
    res.end(Buffer.from(await response.arrayBuffer()));
  };
  return { emulator, handler };
}
