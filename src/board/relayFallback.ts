import type { RelayConnectionState } from './relayConnection';
import type { RelayEvent } from './relayFeed';

/** How long polling goes on before the relay is tried again after it was down (default 60 s). */
export const RELAY_RETRY_MS = 60_000;

export interface RelayFallbackOptions {
  /** The board: takes the relay's presence, and forgets its staleness when the relay is gone. */
  board: { applyRelay(event: RelayEvent): void; relayEnded(): void };
  /** The tab's own Graph polling. */
  schedule: { start(): void; stop(): void };
  /** Makes the relay connection with these handlers (a `RelayConnection`). */
  connect: (handlers: { onEvent: (event: RelayEvent) => void; onState: (state: RelayConnectionState) => void }) => {
    start(): void;
    stop(): void;
  };
  retryMs?: number;
}

/**
 * Presence from the relay while it is live, and from the tab's own Graph polling otherwise: the
 * schedule stops once the stream is open (no per-viewer polling: that is the relay's point) and
 * starts again when the relay is down, which is tried again every `retryMs`. Polling goes on
 * while the first connection is being made, so a slow relay never leaves the board without one.
 */
export function relayWithFallback({ board, schedule, connect, retryMs = RELAY_RETRY_MS }: RelayFallbackOptions): { stop(): void } {
  let polling = true;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  schedule.start();
  const connection = connect({
    onEvent: (event) => board.applyRelay(event),
    onState: (state) => {
      if (stopped) return;
      if (state === 'live' && polling) {
        polling = false;
        schedule.stop();
      } else if (state === 'down') {
        board.relayEnded();
        if (!polling) {
          polling = true;
          schedule.start();
        }
        if (retry === null) {
          retry = setTimeout(() => {
            retry = null;
            if (!stopped) connection.start();
          }, retryMs);
        }
      }
    },
  });
  connection.start();
  return {
    stop: () => {
      stopped = true;
      if (retry !== null) clearTimeout(retry);
      connection.stop();
      schedule.stop();
    },
  };
}
