import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type EmulatorServer } from '../../src/emulator/nodeServer';
import { MemoryBackplane } from '../../relay/memoryBackplane';
import { startTestIssuer, type TestIssuer } from './support/keys';
import { testRelay } from './support/relays';
import { watchOptions } from './support/watches';

let emulator: EmulatorServer;
let issuer: TestIssuer;
beforeAll(async () => {
  emulator = await startEmulatorServer({ users: 5 });
  issuer = await startTestIssuer();
});
afterAll(async () => {
  await issuer.close();
  await emulator.close();
});

describe('a watch create whose body never comes (slowloris)', () => {
  it('is answered 408 and its connection closed once the body is late, instead of being held for ever', async () => {
    const relay = await testRelay(emulator, new MemoryBackplane(), issuer.jwksTemplate, {
      watches: watchOptions(emulator, { bodyTimeoutMs: 300 }),
    });
    try {
      const token = await issuer.sign({ oid: emulator.emulator.users[0]!.id });
      const socket = connect(relay.port, '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.write(
        `POST /v1/watches HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n{"personId":`,
      );
      const outcome = await Promise.race([closed.then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('held'), 5_000))]);
      socket.destroy();
      expect(outcome).toBe('closed');
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await relay.close();
    }
  });
});
