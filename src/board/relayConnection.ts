import { parseRelayEvent, type RelayEvent, type RelayParseLog } from './relayFeed';

/** What the connection needs of a browser `EventSource` (injectable for tests and Node). */
export interface EventSourceLike {
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export type EventSourceFactory = (url: string) => EventSourceLike;

/** connecting: asking for a ticket or opening; live: the stream is open; down: given up (fall back to polling). */
export type RelayConnectionState = 'connecting' | 'live' | 'down' | 'stopped';

export interface RelayConnectionOptions {
  /** The relay's base URL, already checked (https, or http on loopback). */
  relayUrl: string;
  /**
   * A token for the relay's own scope (never the Graph token): asked for before every ticket.
   * `forceRefresh` after the relay refused the last one.
   */
  relayToken: (options: { forceRefresh: boolean }) => Promise<string>;
  onEvent: (event: RelayEvent) => void;
  onState: (state: RelayConnectionState) => void;
  fetch?: typeof fetch;
  eventSource?: EventSourceFactory;
  /** Failed opens in a row before the relay counts as down (default 3). */
  maxFailures?: number;
  /** Wait before reopening after the n-th failure in a row (default 1 s, 2 s, 4 s … up to 15 s, with jitter). */
  backoffMs?: (failures: number) => number;
  log?: RelayParseLog;
}

export const DEFAULT_RELAY_MAX_FAILURES = 3;

export function defaultRelayBackoffMs(failures: number): number {
  const base = Math.min(15_000, 1000 * 2 ** Math.max(0, failures - 1));
  return base / 2 + Math.random() * (base / 2);
}

interface Ticket {
  ticket: string;
  streamPath: string;
}

/** Thrown when the relay will not give a ticket: the relay counts as down at once. */
export class RelayTicketError extends Error {}

/**
 * One viewer's connection to the presence relay: trades a relay token for a one-time ticket
 * (`POST /v1/tickets`: the token goes in a header, never in a URL), opens the stream with it and
 * hands on each event. When the stream errs or closes it fetches a fresh ticket and reopens with
 * the last event id (a used ticket cannot reopen a stream), with backoff; after `maxFailures`
 * failed opens in a row, or when no ticket can be had, it reports `down` and stops: the caller
 * polls Graph again and may `start()` it later.
 */
export class RelayConnection {
  private source: EventSourceLike | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private generation = 0;
  private failures = 0;
  private lastEventId: string | null = null;
  private refused = false;
  private stateNow: RelayConnectionState = 'stopped';
  private readonly doFetch: typeof fetch;
  private readonly openSource: EventSourceFactory;

  constructor(private readonly options: RelayConnectionOptions) {
    this.doFetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.openSource =
      options.eventSource ??
      ((url) => {
        if (typeof EventSource === 'undefined') throw new Error('This browser has no EventSource.');
        return new EventSource(url) as unknown as EventSourceLike;
      });
  }

  get state(): RelayConnectionState {
    return this.stateNow;
  }

  /** The id of the last snapshot or changes event seen, to resume from. */
  get resumeFrom(): string | null {
    return this.lastEventId;
  }

  /** Connects (again); a connection already under way or live is left alone. */
  start(): void {
    if (this.stateNow === 'connecting' || this.stateNow === 'live') return;
    this.failures = 0;
    void this.open(++this.generation);
  }

  stop(): void {
    this.generation++;
    this.closeSource();
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.setState('stopped');
  }

  private setState(state: RelayConnectionState): void {
    if (this.stateNow === state) return;
    this.stateNow = state;
    this.options.onState(state);
  }

  private closeSource(): void {
    if (!this.source) return;
    this.source.onopen = null;
    this.source.onerror = null;
    this.source.close();
    this.source = null;
  }

  private async open(generation: number): Promise<void> {
    this.setState('connecting');
    let ticket: Ticket;
    try {
      ticket = await this.ticket();
    } catch (error) {
      if (generation !== this.generation) return;
      this.options.log?.warn(
        `Presence relay: no ticket (${error instanceof Error ? error.message : String(error)}); polling Graph instead.`,
      );
      this.giveUp();
      return;
    }
    if (generation !== this.generation) return;
    let source: EventSourceLike;
    try {
      source = this.openSource(this.streamUrl(ticket));
    } catch {
      this.giveUp();
      return;
    }
    this.source = source;
    source.onopen = () => {
      if (generation !== this.generation) return;
      this.failures = 0;
      this.setState('live');
    };
    source.onerror = () => {
      if (generation !== this.generation) return;
      this.failed(generation);
    };
    for (const type of ['snapshot', 'changes', 'status']) {
      source.addEventListener(type, (message) => {
        if (generation !== this.generation) return;
        const event = parseRelayEvent(type, String(message.data), message.lastEventId || null, this.options.log ?? console);
        if (event === null) return;
        if (event.kind !== 'status' && event.id !== null) this.lastEventId = event.id;
        this.options.onEvent(event);
      });
    }
  }

  /** The stream broke or could not open: reopen with a fresh ticket after a wait, or give up. */
  private failed(generation: number): void {
    this.closeSource();
    this.failures++;
    if (this.failures >= (this.options.maxFailures ?? DEFAULT_RELAY_MAX_FAILURES)) {
      this.giveUp();
      return;
    }
    this.setState('connecting');
    const wait = (this.options.backoffMs ?? defaultRelayBackoffMs)(this.failures);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (generation === this.generation) void this.open(generation);
    }, wait);
  }

  private giveUp(): void {
    this.generation++;
    this.closeSource();
    this.setState('down');
  }

  private async ticket(): Promise<Ticket> {
    const token = await this.options.relayToken({ forceRefresh: this.refused });
    const response = await this.doFetch(`${this.options.relayUrl}/v1/tickets`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      // The token is for this host only: never followed elsewhere, no cookies.
      redirect: 'error',
      credentials: 'omit',
      cache: 'no-store',
    });
    if (!response.ok) {
      this.refused = response.status === 401;
      throw new RelayTicketError(`the relay answered ${response.status}`);
    }
    this.refused = false;
    const json = (await response.json()) as Partial<Ticket> | null;
    if (typeof json?.ticket !== 'string' || typeof json.streamPath !== 'string' || !json.streamPath.startsWith('/v1/tenants/')) {
      throw new RelayTicketError('the ticket answer is malformed');
    }
    return { ticket: json.ticket, streamPath: json.streamPath };
  }

  /** The stream on the relay's own host (under its base path), with the ticket and the id to resume from. */
  private streamUrl({ ticket, streamPath }: Ticket): string {
    const path = streamPath.split('?')[0]!;
    const url = new URL(`${this.options.relayUrl}${path}`);
    url.searchParams.set('ticket', ticket);
    if (this.lastEventId !== null) url.searchParams.set('lastEventId', this.lastEventId);
    return url.href;
  }
}
