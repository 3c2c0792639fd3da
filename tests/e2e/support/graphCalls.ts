/**
 * The Graph requests a page made, one per request as Graph's throttling counts them: each request sent
 * on its own, and each request inside a `$batch` (https://learn.microsoft.com/graph/json-batching),
 * read from the emulator's log (`LoggedRequest.batchItems`). Tests assert per-request facts (which
 * users pages, how many ids a presence call) whether the app sends them directly or batched.
 */
import type { LoggedRequest } from '@/emulator/graphEmulator';

export interface GraphCall {
  method: string;
  /** Absolute, as a URL inside a batch is read against the batch's own (`…/v1.0/$batch`). */
  url: string;
  status: number;
  /** The token it carried: a request inside a batch carries the batch's. */
  authorization: string | null;
  /** As in LoggedRequest (presence: how many ids were asked for). */
  idCount?: number;
  /** The `$batch` it travelled in, when it did. */
  batch?: LoggedRequest;
}

/** Every Graph request in the log, the requests inside each `$batch` in place of the batch itself. */
export function graphCalls(requests: readonly LoggedRequest[]): GraphCall[] {
  return requests.flatMap((r): GraphCall[] => {
    if (!r.batchItems) return [{ method: r.method, url: r.url, status: r.status, authorization: r.authorization, idCount: r.idCount, batch: undefined }];
    const base = r.url.replace(/\/\$batch(?:\?.*)?$/, '');
    return r.batchItems.map((item) => ({
      method: item.method,
      url: `${base}/${item.url.replace(/^\/+/, '')}`,
      status: item.status,
      authorization: r.authorization,
      idCount: item.idCount,
      batch: r,
    }));
  });
}
