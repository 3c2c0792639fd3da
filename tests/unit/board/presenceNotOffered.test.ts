import { describe, expect, it } from 'vitest';
import { BoardStore } from '@/board/boardStore';
import { RelevantPeopleStore } from '@/board/relevantPeopleStore';
import { testClient, emulatedGraphPerFile } from '../support/emulatedGraph';

/**
 * Issue 22: Graph in the China cloud (21Vianet) offers no presence (presence-get and getPresencesByUserId:
 * ❌ China). There the board asks for none, lists everyone with status unknown, and says nothing is missing.
 */
const graph = emulatedGraphPerFile();
const presenceCalls = (requests: readonly { url: string }[]) => requests.filter((r) => /presence/i.test(new URL(r.url).pathname));

describe('a cloud without presence', () => {
  it('lists the whole directory, asks Graph for no presence, and counts no one as unavailable', async () => {
    const emulator = graph.start({ users: 1500, maxPageSize: 500 });
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1, presence: false });
    await store.load();
    await store.refresh();
    const state = store.getSnapshot();
    expect(state.phase).toBe('ready');
    expect(state.users).toHaveLength(1500);
    expect(state.presence.size).toBe(0);
    expect(state.presenceUnavailable).toBe(0);
    expect(state.error).toBeNull();
    expect(presenceCalls(emulator.requests)).toEqual([]);
  });

  it('reads My team without asking for its presence', async () => {
    const emulator = graph.start({ users: 200 });
    const relevant = new RelevantPeopleStore({ client: testClient(), peopleClient: testClient(), minRefreshMs: 0, presence: false });
    relevant.setChoice('team');
    await expect.poll(() => relevant.access.team).toBe('ready');
    relevant.refresh(true);
    await expect.poll(() => relevant.access.team).toBe('ready');
    expect(relevant.listOf('team').users.length).toBeGreaterThan(0);
    expect(relevant.listOf('team').presence.size).toBe(0);
    expect(presenceCalls(emulator.requests)).toEqual([]);
    relevant.dispose();
  });

  it('still asks where presence is offered (the same store, the default)', async () => {
    const emulator = graph.start({ users: 100 });
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    await store.load();
    expect(presenceCalls(emulator.requests).length).toBeGreaterThan(0);
    expect(store.getSnapshot().presence.size).toBe(100);
  });
});
