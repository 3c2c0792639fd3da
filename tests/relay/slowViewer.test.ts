import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { TenantHub } from '../../relay/hub';
import { memoryLogger } from '../../relay/log';
import { MemoryBackplane } from '../../relay/memoryBackplane';
import { TENANT } from './support/keys';

/** A response whose client takes nothing (`stalled`): every write waits in its buffer, as for a viewer that never reads. */
class FakeResponse extends EventEmitter {
  writableLength = 0;
  destroyed = false;
  writableEnded = false;
  readonly socket = { destroyed: false };
  constructor(private readonly stalled: boolean) {
    super();
  }
  write(chunk: string | Buffer): boolean {
    if (this.stalled) this.writableLength += chunk.length;
    return !this.stalled;
  }
  end(): void {
    this.writableEnded = true;
  }
  destroy(): void {
    this.destroyed = true;
    this.socket.destroyed = true;
    this.emit('close');
  }
}

describe('a viewer that never reads', () => {
  it('is dropped once more than the limit waits for it (its memory freed); a reading viewer stays', async () => {
    const hub = new TenantHub({
      tenant: TENANT,
      backplane: new MemoryBackplane(),
      log: memoryLogger(),
      heartbeatMs: 10,
      slowViewerBytes: 2_000,
    });
    await hub.start();
    await hub.ready;
    const stalled = new FakeResponse(true);
    const reading = new FakeResponse(false);
    expect(hub.attach(stalled as unknown as ServerResponse, null)).toBe(true);
    expect(hub.attach(reading as unknown as ServerResponse, null)).toBe(true);
    const deadline = Date.now() + 5_000;
    while (!stalled.destroyed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stalled.destroyed).toBe(true);
    expect(stalled.writableLength).toBeLessThan(2_000 + 1_000);
    expect(hub.viewers.size).toBe(1);
    expect(reading.destroyed).toBe(false);
    // A response already gone is not attached at all.
    const gone = new FakeResponse(false);
    gone.destroy();
    expect(hub.attach(gone as unknown as ServerResponse, null)).toBe(false);
    expect(hub.viewers.size).toBe(1);
    await hub.stop();
  });
});
