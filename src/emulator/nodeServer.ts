import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { delay, getResponse } from 'msw';
import { GraphEmulator, type EmulatorOptions } from './graphEmulator';
import { createGraphHandlers, graphErrorResponse } from './handlers';

export interface EmulatorServer {
  /** Base URL to give the app as GRAPH_BASE_URL, such as http://127.0.0.1:4000/v1.0. */
  baseUrl: string;
  emulator: GraphEmulator;
  close(): Promise<void>;
}

/**
 * What the server answers a CORS preflight. Graph's own preflight headers are not documented in
 * anything we could find (the Graph docs say only that browsers may call it cross-origin); these are
 * the emulator's: any origin, the methods the board uses, the headers the browser asks for (or the
 * ones Graph calls take), and `Access-Control-Max-Age` (EmulatorOptions.preflightMaxAgeSeconds,
 * default 600, an assumption). Whatever the max age, a browser caches a preflight per URL (Fetch
 * standard, CORS-preflight cache keyed by origin and URL; MDN, Access-Control-Max-Age: Chromium caps
 * it at 7,200 s, Firefox at 86,400 s), so every new `$skiptoken` URL costs a preflight of its own.
 */
function preflightHeaders(req: IncomingMessage, maxAgeSeconds: number): Record<string, string> {
  const asked = req.headers['access-control-request-headers'];
  return {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Allow-Headers':
      typeof asked === 'string' && asked.trim() !== '' ? asked : 'Authorization, Content-Type, ConsistencyLevel, Accept, Prefer',
    'Access-Control-Max-Age': String(maxAgeSeconds),
  };
}

async function toFetchRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && chunks.length > 0;
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.end(Buffer.from(await response.arrayBuffer()));
}

/**
 * The emulated tenant as a real HTTP server on loopback, so the app (or anything else) can
 * talk to it over the network as it would to Graph. Port 0 picks a free port.
 */
export async function startEmulatorServer(options: EmulatorOptions & { port?: number; host?: string } = {}): Promise<EmulatorServer> {
  const host = options.host ?? '127.0.0.1';
  const emulator = new GraphEmulator(options);
  let handlers: ReturnType<typeof createGraphHandlers> = [];
  let origin = '';

  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        if (req.method === 'OPTIONS') {
          // A preflight costs its own round trip (EmulatorOptions.preflightLatencyMs) and is counted
          // apart from Graph requests (emulator.preflights).
          if (emulator.preflightLatencyMs > 0) await delay(emulator.preflightLatencyMs);
          emulator.preflights.push({ url: new URL(req.url ?? '/', origin).href, at: Date.now() });
          res.writeHead(204, preflightHeaders(req, emulator.preflightMaxAgeSeconds)).end();
          return;
        }
        const request = await toFetchRequest(req, origin);
        const response =
          (await getResponse(handlers, request)) ?? graphErrorResponse(404, 'NotFound', `No Graph resource at ${request.url}.`);
        await writeResponse(res, response);
      } catch (error) {
        res.statusCode = 500;
        res.end(String(error));
      }
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${host}:${port}`;
  const baseUrl = `${origin}/v1.0`;
  handlers = createGraphHandlers(emulator, baseUrl);

  return {
    baseUrl,
    emulator,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
