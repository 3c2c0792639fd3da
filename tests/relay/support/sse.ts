import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import type { PresenceRecord } from '../../../src/presence/types';

export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
}

/**
 * A viewer as a plain HTTP client: reads the stream, and merges snapshot + changes into presence
 * records the way the tab is to (relay/README.md).
 */
export class TestViewer {
  readonly events: SseEvent[] = [];
  readonly board = new Map<string, PresenceRecord>();
  lastEventId: string | null = null;
  status: { staleSince: string | null; reason: string | null } | null = null;
  statusCode = 0;
  ended = false;
  private req: ClientRequest | null = null;
  private waiters: Array<() => void> = [];

  static async open(url: string, headers: Record<string, string> = {}): Promise<TestViewer> {
    const viewer = new TestViewer();
    await viewer.connect(url, headers);
    return viewer;
  }

  connect(url: string, headers: Record<string, string> = {}): Promise<void> {
    this.ended = false;
    return new Promise((resolve, reject) => {
      const req = request(url, { headers: { Accept: 'text/event-stream', ...headers } }, (res: IncomingMessage) => {
        this.statusCode = res.statusCode ?? 0;
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            this.handle(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        });
        const done = () => {
          this.ended = true;
          this.notify();
        };
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
        resolve();
      });
      req.on('error', (error) => {
        this.ended = true;
        this.notify();
        reject(error);
      });
      req.end();
      this.req = req;
    });
  }

  /** Reconnects to `url` as EventSource does: with Last-Event-ID. */
  reconnect(url: string, headers: Record<string, string> = {}): Promise<void> {
    this.close();
    return this.connect(url, this.lastEventId ? { ...headers, 'Last-Event-ID': this.lastEventId } : headers);
  }

  private handle(block: string): void {
    let id: string | null = null;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':') || line === '') continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) return;
    const parsed = { id, event, data: data.join('\n') };
    this.events.push(parsed);
    if (id !== null) this.lastEventId = id;
    const body = JSON.parse(parsed.data) as {
      presences?: PresenceRecord[];
      upserts?: PresenceRecord[];
      removed?: string[];
      staleSince?: string | null;
      reason?: string | null;
    };
    if (event === 'snapshot') {
      this.board.clear();
      for (const p of body.presences ?? []) this.board.set(p.id, p);
    } else if (event === 'changes') {
      for (const p of body.upserts ?? []) this.board.set(p.id, p);
      for (const id of body.removed ?? []) this.board.delete(id);
    } else if (event === 'status') {
      this.status = { staleSince: body.staleSince ?? null, reason: body.reason ?? null };
    }
    this.notify();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves once `check` holds (checked after every event), or rejects after `timeoutMs`. */
  async until(check: () => boolean, timeoutMs = 10_000, what = 'the expected event'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out waiting for ${what}; got ${this.events.map((e) => e.event).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  eventsOf(kind: string): SseEvent[] {
    return this.events.filter((e) => e.event === kind);
  }

  close(): void {
    this.req?.destroy();
    this.req = null;
  }
}
