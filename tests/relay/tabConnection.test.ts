import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticTokenSource } from '../../src/auth/staticTokenSource';
import { BoardStore } from '../../src/board/boardStore';
import { RelayConnection, type EventSourceLike, type RelayConnectionState } from '../../src/board/relayConnection';
import { createGraphClient } from '../../src/graph/client';
import { startEmulatorServer, type EmulatorServer } from '../../src/emulator/nodeServer';
import { MemoryBackplane } from '../../relay/memoryBackplane';
import type { RunningRelay } from '../../relay/server';
import { startTestIssuer, type TestIssuer } from './support/keys';
import { testRelay } from './support/relays';

/** A minimal EventSource on fetch streaming (Node has none): enough of the SSE format for the relay's stream. */
class FetchEventSource implements EventSourceLike {
  static opened: FetchEventSource[] = [];
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  private readonly listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  private readonly controller = new AbortController();

  constructor(readonly url: string) {
    FetchEventSource.opened.push(this);
    void this.run();
  }

  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.controller.abort();
  }

  /** The network drops the stream. */
  drop(): void {
    this.controller.abort();
    this.onerror?.(new Event('error'));
  }

  private async run(): Promise<void> {
    try {
      const response = await fetch(this.url, { headers: { Accept: 'text/event-stream' }, signal: this.controller.signal });
      if (!response.ok || !response.body) {
        this.onerror?.(new Event('error'));
        return;
      }
      this.onopen?.(new Event('open'));
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      let lastEventId = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let type = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'event') type = text;
            else if (field === 'data') data.push(text);
            else if (field === 'id') lastEventId = text;
          }
          if (data.length === 0) continue;
          const event = new MessageEvent<string>(type, { data: data.join('\n'), lastEventId });
          for (const listener of this.listeners.get(type) ?? []) listener(event);
        }
      }
      this.onerror?.(new Event('error'));
    } catch {
      if (!this.controller.signal.aborted) this.onerror?.(new Event('error'));
    }
  }
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the tab's relay connection against a real relay", () => {
  let emulator: EmulatorServer;
  let issuer: TestIssuer;
  let relay: RunningRelay;

  beforeAll(async () => {
    emulator = await startEmulatorServer({ users: 300 });
    issuer = await startTestIssuer();
    relay = await testRelay(emulator, new MemoryBackplane(), issuer.jwksTemplate);
  });
  afterAll(async () => {
    await relay.close();
    await issuer.close();
    await emulator.close();
  });

  it('fills the board from the stream, follows a change, and resumes with a fresh ticket after the stream drops', async () => {
    const store = new BoardStore({
      client: createGraphClient({
        baseUrl: emulator.baseUrl,
        tokenSource: staticTokenSource('graph-token'),
        scopes: ['Presence.Read.All'],
      }),
      notifyIntervalMs: 1,
    });
    await store.load();
    expect(store.getSnapshot().users).toHaveLength(300);
    const states: RelayConnectionState[] = [];
    const tokensAsked: boolean[] = [];
    const connection = new RelayConnection({
      relayUrl: relay.url,
      relayToken: ({ forceRefresh }) => (tokensAsked.push(forceRefresh), issuer.sign()),
      onEvent: (event) => store.applyRelay(event),
      onState: (state) => states.push(state),
      eventSource: (url) => new FetchEventSource(url),
      backoffMs: () => 50,
      log: { warn: () => undefined },
    });
    try {
      connection.start();
      await until(() => connection.resumeFrom !== null, 10_000, 'the first board');
      expect(states).toContain('live');

      const id = emulator.emulator.users[7]!.id;
      const next = store.getSnapshot().presence.get(id.toLowerCase())?.availability === 'Busy' ? 'Away' : 'Busy';
      emulator.emulator.setPresence(id, { availability: next, activity: next });
      await until(() => store.getSnapshot().presence.get(id.toLowerCase())?.availability === next, 10_000, 'the change');

      const resumeFrom = connection.resumeFrom!;
      FetchEventSource.opened.at(-1)!.drop();
      await until(() => FetchEventSource.opened.length === 2 && states.at(-1) === 'live', 10_000, 'the reconnect');
      const reopened = new URL(FetchEventSource.opened[1]!.url);
      expect(reopened.searchParams.get('lastEventId')).toBe(resumeFrom);
      expect(reopened.searchParams.get('ticket')).not.toBe(new URL(FetchEventSource.opened[0]!.url).searchParams.get('ticket'));
      expect(tokensAsked).toHaveLength(2);

      const again = next === 'Busy' ? 'Away' : 'Busy';
      emulator.emulator.setPresence(id, { availability: again, activity: again });
      await until(() => store.getSnapshot().presence.get(id.toLowerCase())?.availability === again, 10_000, 'a change after the reconnect');
      expect(store.getSnapshot().users).toHaveLength(300);
    } finally {
      connection.stop();
      store.dispose();
    }
  });
});
