import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse } from 'msw';
import { GraphEmulator, type EmulatorOptions } from './graphEmulator';
import { createGraphHandlers, graphErrorResponse } from './handlers';

export interface EmulatorServer {
  /** Base URL to give the app as GRAPH_BASE_URL, such as http://127.0.0.1:4000/v1.0. */
  baseUrl: string;
  emulator: GraphEmulator;
  close(): Promise<void>;
}

const PREFLIGHT_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, ConsistencyLevel, Accept, Prefer',
  'Access-Control-Max-Age': '600',
};

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
          res.writeHead(204, PREFLIGHT_HEADERS).end();
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
