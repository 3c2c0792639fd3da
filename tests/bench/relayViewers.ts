/**
 * The relay benchmark's viewers: plain HTTP clients in their own process (not browsers), each
 * reading one SSE stream. Driven by the benchmark over IPC. A viewer whose stream drops reconnects
 * to the other instance with Last-Event-ID, as EventSource would (after a short random wait).
 *
 * Each viewer keeps only what the benchmark checks: its last event id, sequence gaps, and the
 * availability of a few "probe" people (read from changes, or found in a snapshot's text).
 */
import { request } from 'node:http';

interface Start {
  type: 'start';
  urls: string[];
  path: string;
  token: string;
  count: number;
  probes: string[];
}
type Command = Start | { type: 'report'; expected: Record<string, string> } | { type: 'latency-reset' } | { type: 'stop' };

class Viewer {
  lastEventId: string | null = null;
  epoch: string | null = null;
  seq = -1;
  gaps = 0;
  snapshots = 0;
  reconnects = 0;
  connected = false;
  staleSince: string | null | undefined = undefined;
  probes = new Map<string, string>();
  private buffer = '';
  constructor(
    readonly index: number,
    public urlIndex: number,
  ) {}

  private generation = 0;

  open(): void {
    const generation = ++this.generation;
    const retry = () => {
      if (generation === this.generation) this.retry();
    };
    const url = `${start.urls[this.urlIndex]}${start.path}`;
    const headers: Record<string, string> = { Authorization: `Bearer ${start.token}`, Accept: 'text/event-stream' };
    if (this.lastEventId) headers['Last-Event-ID'] = this.lastEventId;
    const req = request(url, { headers, agent: false }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        retry();
        return;
      }
      this.connected = true;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => this.data(chunk));
      res.on('close', retry);
      res.on('error', () => undefined);
    });
    req.on('error', retry);
    req.end();
  }

  private retry(): void {
    if (stopping || this.pending) return;
    this.generation++;
    this.connected = false;
    this.buffer = '';
    this.inSnapshot = false;
    this.carry = '';
    this.pending = true;
    this.reconnects++;
    // The other instance next, after 100–1,100 ms (spread, as browsers' retries are).
    this.urlIndex = (this.urlIndex + 1) % start.urls.length;
    setTimeout(
      () => {
        this.pending = false;
        this.open();
      },
      100 + Math.random() * 1_000,
    );
  }
  private pending = false;

  /** The event being read: its header lines, then (for a snapshot) streaming through its data without keeping it. */
  private inSnapshot = false;
  get readingSnapshot(): boolean {
    return this.inSnapshot;
  }
  private carry = '';

  private data(chunk: string): void {
    let text = chunk;
    while (text.length > 0) {
      if (this.inSnapshot) {
        // A snapshot is 1 MB or more: scan it as it streams (probes, its end) instead of keeping it.
        const scan = this.carry + text;
        const end = scan.indexOf('\n\n');
        const part = end < 0 ? scan : scan.slice(0, end);
        this.scanProbes(part);
        if (end < 0) {
          this.carry = scan.slice(-300);
          return;
        }
        this.inSnapshot = false;
        this.carry = '';
        text = scan.slice(end + 2);
        continue;
      }
      this.buffer += text;
      text = '';
      if (this.buffer.startsWith('id: ') || this.buffer.startsWith('event: snapshot')) {
        const dataAt = this.buffer.indexOf('\ndata: ');
        const header = dataAt < 0 ? '' : this.buffer.slice(0, dataAt);
        if (header.includes('event: snapshot')) {
          this.snapshot(header);
          this.inSnapshot = true;
          text = this.buffer.slice(dataAt + 7);
          this.buffer = '';
          continue;
        }
      }
      let end: number;
      while ((end = this.buffer.indexOf('\n\n')) >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        this.event(block);
        if (this.buffer.startsWith('id: ') && this.buffer.includes('event: snapshot')) {
          text = this.buffer;
          this.buffer = '';
          break;
        }
      }
    }
  }

  private snapshot(header: string): void {
    this.snapshots++;
    if (this.index >= AUDITORS) this.probes.clear();
    const id = /^id: (\S+)/.exec(header)?.[1];
    if (id) {
      const [epoch, seq] = id.split(':');
      this.epoch = epoch!;
      this.seq = Number(seq);
      this.lastEventId = id;
    }
  }

  /**
   * Auditors (the first 50 viewers) read the probes out of every snapshot; the others forget them
   * on a snapshot and learn them again from the next changes (the benchmark changes every probe in
   * each round): searching 5,000 copies of a 1 MB board would measure this process, not the relay.
   */
  private scanProbes(part: string): void {
    if (this.index >= AUDITORS) return;
    for (const probe of start.probes) {
      const at = part.indexOf(`"id":"${probe}"`);
      if (at < 0) continue;
      const av = /"availability":"(\w+)"/.exec(part.slice(at, at + 120));
      if (av) this.probes.set(probe, av[1]!);
    }
  }

  private event(block: string): void {
    if (block.startsWith(':') || block.startsWith('retry:')) return;
    let id: string | null = null;
    let kind = 'message';
    let rest = block;
    if (rest.startsWith('id: ')) {
      const nl = rest.indexOf('\n');
      id = rest.slice(4, nl);
      rest = rest.slice(nl + 1);
    }
    if (rest.startsWith('event: ')) {
      const nl = rest.indexOf('\n');
      kind = rest.slice(7, nl);
      rest = rest.slice(nl + 1);
    }
    const data = rest.startsWith('data: ') ? rest.slice(6) : '';
    if (kind === 'snapshot') {
      this.snapshot(`id: ${id ?? ''}\nevent: snapshot`);
      this.scanProbes(data);
    } else if (kind === 'changes') {
      const received = Date.now();
      const [epoch, seq] = id!.split(':');
      if (epoch === this.epoch && Number(seq) !== this.seq + 1) this.gaps++;
      this.epoch = epoch!;
      this.seq = Number(seq);
      const body = JSON.parse(data) as { seenAt: number; seq: number; upserts: Array<{ id: string; availability: string }> };
      latencies.push(received - body.seenAt);
      let perEvent = lastViewer.get(body.seq);
      if (perEvent === undefined) perEvent = received - body.seenAt;
      lastViewer.set(body.seq, Math.max(perEvent, received - body.seenAt));
      for (const u of body.upserts) if (probeSet.has(u.id)) this.probes.set(u.id, u.availability);
    } else if (kind === 'status') {
      const body = JSON.parse(data) as { staleSince: string | null };
      this.staleSince = body.staleSince;
    }
    if (id) this.lastEventId = id;
  }
}

const AUDITORS = 50;
let start!: Start;
let stopping = false;
let probeSet = new Set<string>();
let latencies: number[] = [];
let lastViewer = new Map<number, number>();
const viewers: Viewer[] = [];

function send(message: unknown): void {
  process.send?.(message);
}

process.on('message', (message: Command) => {
  if (message.type === 'start') {
    start = message;
    probeSet = new Set(message.probes);
    let i = 0;
    // Connect in batches, so the relays are not hit by every handshake at once.
    const batch = () => {
      for (let k = 0; k < 250 && i < start.count; k++, i++) {
        const v = new Viewer(i, i % start.urls.length);
        viewers.push(v);
        v.open();
      }
      if (i < start.count) setTimeout(batch, 50);
    };
    batch();
    const ready = setInterval(() => {
      // Ready when every viewer has read its whole snapshot, not only its first bytes.
      const withBoard = viewers.filter((v) => v.snapshots > 0 && v.seq >= 0 && !v.readingSnapshot).length;
      if (withBoard === start.count) {
        clearInterval(ready);
        send({ type: 'ready', count: withBoard });
      }
    }, 100);
  } else if (message.type === 'latency-reset') {
    latencies = [];
    lastViewer = new Map();
    send({ type: 'latency-reset-ok' });
  } else if (message.type === 'report') {
    const wrong = viewers.filter((v) => Object.entries(message.expected).some(([id, av]) => v.probes.get(id) !== av)).length;
    send({
      type: 'report',
      viewers: viewers.length,
      connected: viewers.filter((v) => v.connected).length,
      wrong,
      gaps: viewers.reduce((n, v) => n + v.gaps, 0),
      reconnects: viewers.reduce((n, v) => n + v.reconnects, 0),
      snapshots: viewers.reduce((n, v) => n + v.snapshots, 0),
      stale: viewers.filter((v) => v.staleSince !== null && v.staleSince !== undefined).length,
      fresh: viewers.filter((v) => v.staleSince === null).length,
      latencies,
      lastViewer: [...lastViewer.values()],
    });
  } else if (message.type === 'stop') {
    stopping = true;
    process.exit(0);
  }
});
send({ type: 'up' });
