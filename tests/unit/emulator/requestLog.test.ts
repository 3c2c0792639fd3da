import { describe, expect, it } from 'vitest';
import { getPresences } from '@/graph/presence';
import { emulatedGraphPerFile, testClient } from '../support/emulatedGraph';

const graph = emulatedGraphPerFile();

describe("the emulator's request log", () => {
  it('keeps only the latest requests when told to (a demo open for days must not grow)', async () => {
    const emulator = graph.start({ users: 10, requestLogLimit: 3 });
    const ids = emulator.users.map((u) => u.id);
    for (let i = 0; i < 5; i++) await getPresences(testClient(), ids.slice(i, i + 1));
    expect(emulator.requests).toHaveLength(3);
    expect(emulator.requests.map((r) => r.idCount)).toEqual([1, 1, 1]);
  });

  it('keeps every request by default (tests count them)', async () => {
    const emulator = graph.start({ users: 10 });
    for (let i = 0; i < 5; i++)
      await getPresences(
        testClient(),
        emulator.users.slice(0, 1).map((u) => u.id),
      );
    expect(emulator.requests).toHaveLength(5);
  });
});
