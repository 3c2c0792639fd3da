import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GraphGate {
  /** The server's base URL through the gate, to give the app as GRAPH_BASE_URL. */
  baseUrl: string;
  /** From now on, requests wait at the gate unanswered (not passed on) until `release`. */
  hold(): void;
  /** Passes on the requests held, in order, and every later one at once. */
  release(): void;
  close(): Promise<void>;
}

/** Headers of the server's answer that the gate sets anew for the body it sends. */
const HOP_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

/**
 * A gate on loopback in front of a Graph-compatible server (the emulator's): open, it passes every
 * request on; held, no request reaches the server, so no answer can reach the page until the test
 * releases them. A test waits for what the page shows meanwhile instead of betting that it comes
 * before some latency has run out. Links in the answers (`@odata.nextLink`) are rewritten to go
 * through the gate too, as a reverse proxy does, so the page never talks to the server itself.
 */
export async function startGraphGate(targetBaseUrl: string): Promise<GraphGate> {
  const target = new URL(targetBaseUrl);
  let origin = '';
  let holding = false;
  let waiting: Array<() => void> = [];

  const passOn = (req: IncomingMessage, res: ServerResponse) => {
    // The page went away while it waited (its socket is gone): nothing to answer.
    if (res.destroyed || req.destroyed) return;
    const headers = { ...req.headers };
    delete headers.host;
    const upstream = request(
      { protocol: target.protocol, hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          let body = Buffer.concat(chunks);
          if (/json/i.test(String(answer.headers['content-type'] ?? ''))) {
            body = Buffer.from(body.toString('utf8').replaceAll(target.origin, origin));
          }
          res.statusCode = answer.statusCode ?? 502;
          for (const [name, value] of Object.entries(answer.headers)) {
            if (value !== undefined && !HOP_HEADERS.has(name)) res.setHeader(name, value);
          }
          res.end(body);
        });
      },
    );
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(upstream);
  };

  const server = createServer((req, res) => {
    if (holding) waiting.push(() => passOn(req, res));
    else passOn(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    baseUrl: `${origin}${target.pathname.replace(/\/$/, '')}`,
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      const held = waiting;
      waiting = [];
      for (const pass of held) pass();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        waiting = [];
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
