import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Certificate } from './certificate';

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

export interface LoggedRequest {
  at: number;
  host: string;
  method: string;
  /** Path and query as the browser sent them. */
  path: string;
  status?: number;
}

/**
 * One https server on 127.0.0.1:443 for every rig name, routed by the Host header. Port 443 is
 * not a choice: teams-js compares the message origin's `host` (which carries any non-default
 * port) with its list of Microsoft hosts (internal/validOrigins.ts → urlPattern.ts
 * validateHostAgainstPattern, label by label), so teams.microsoft.com:8443 would be refused.
 */
export class HttpsRouter {
  readonly requests: LoggedRequest[] = [];
  private readonly routes = new Map<string, Handler>();
  private server: Server | null = null;

  constructor(private readonly certificate: Certificate) {}

  route(host: string, handler: Handler): void {
    this.routes.set(host.toLowerCase(), handler);
  }

  async listen(port = 443, address = '127.0.0.1'): Promise<void> {
    const server = createServer({ key: this.certificate.key, cert: this.certificate.cert }, (req, res) => {
      const host = (req.headers.host ?? '').replace(/:443$/, '').toLowerCase();
      const url = new URL(req.url ?? '/', `https://${host || 'unknown'}`);
      const entry: LoggedRequest = { at: Date.now(), host, method: req.method ?? 'GET', path: req.url ?? '/' };
      this.requests.push(entry);
      res.on('finish', () => (entry.status = res.statusCode));
      const handler = this.routes.get(host);
      if (!handler) {
        res.writeHead(421, { 'Content-Type': 'text/plain' }).end(`The rig serves no host named "${host}".`);
        return;
      }
      Promise.resolve(handler(req, res, url)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`Rig handler for ${host} failed: ${error instanceof Error ? error.stack : String(error)}`);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EACCES'
            ? new Error(
                `The real-host rig must listen on ${address}:${port} (teams-js accepts Microsoft hosts only on port 443); run the browser tests as root or grant CAP_NET_BIND_SERVICE to node.`,
              )
            : error.code === 'EADDRINUSE'
              ? new Error(`${address}:${port} is already in use; the real-host rig needs it for https://teams.microsoft.com.`)
              : error,
        ),
      );
      server.listen(port, address, () => resolve());
    });
    this.server = server;
  }

  /** Requests made to `host` since index `from` of the log. */
  requestsTo(host: string, from = 0): LoggedRequest[] {
    return this.requests.slice(from).filter((r) => r.host === host);
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

function forwardableHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name)) out[name] = value;
  return out;
}

/**
 * Forwards a request to an http server on loopback and passes its answer back unchanged: status,
 * body and every response header (the preview's Content-Security-Policy, Cross-Origin-Opener-Policy
 * and the rest reach the browser exactly as `vite preview` sends them). The Host header is
 * rewritten to the upstream's own, which Vite's host check (preview.allowedHosts) requires.
 */
export function reverseProxy(upstreamBase: string): Handler {
  const upstream = new URL(upstreamBase);
  return (req, res) =>
    new Promise<void>((resolve) => {
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...forwardableHeaders(req.headers), host: upstream.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, forwardableHeaders(answer.headers));
          answer.pipe(res);
          answer.on('end', resolve);
        },
      );
      forward.on('error', (error) => {
        if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end(`Rig proxy to ${upstreamBase} failed: ${error.message}`);
        resolve();
      });
      req.pipe(forward);
    });
}

/** The request body as a Buffer. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
