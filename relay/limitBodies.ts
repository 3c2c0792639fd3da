import type { IncomingMessage } from 'node:http';

/**
 * A `fetch` whose answers cannot be larger than `maxBytes`: an answer that says it is larger
 * (Content-Length) is refused before it is read, and one that grows past the limit while it
 * arrives is cut off there. The Graph client reads a whole answer into memory before parsing it,
 * so without this one huge or endless answer (a broken proxy, a hostile endpoint) could take the
 * relay's memory. The client sees the cut as an answer that broke off: it retries, then fails the
 * sweep, which backs off.
 */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

export function limitBodies(fetchImpl: typeof fetch, maxBytes: number): typeof fetch {
  const tooLarge = () => new Error(`The answer from Microsoft Graph is over the relay's limit of ${maxBytes} bytes.`);
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    // No body to limit (and a Response with one of these statuses may not be given a body).
    if (response.body === null || NULL_BODY_STATUSES.has(response.status)) return response;
    const declared = Number(response.headers.get('Content-Length') ?? NaN);
    let body: ReadableStream<Uint8Array>;
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      body = new ReadableStream({ start: (controller) => controller.error(tooLarge()) });
    } else {
      let seen = 0;
      body = response.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            seen += chunk.byteLength;
            if (seen > maxBytes) controller.error(tooLarge());
            else controller.enqueue(chunk);
          },
        }),
      );
    }
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/**
 * A request's body as text, or null when it is over `maxBytes`: what arrives past that is read and let
 * go, never kept, so a client cannot make the relay hold more. The caller answers 400 and closes.
 */
export function readBoundedBody(req: IncomingMessage, maxBytes: number): Promise<string | null> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.off('end', onEnd);
      req.resume();
      resolve(null);
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString('utf8'));
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', reject);
  });
}
