import { describe, expect, it } from 'vitest';
import { createActivitySender } from '../../relay/activityFeed';
import { memoryLogger } from '../../relay/log';
import { MemoryBackplane } from '../../relay/memoryBackplane';
import { WatchNotifier } from '../../relay/notifier';
import { WATCH_TTL_MS } from '../../relay/watches';

const TENANT = '11111111-1111-4111-8111-111111111111';
const WATCHER = '22222222-2222-4222-8222-222222222222';
const PERSON = '33333333-3333-4333-8333-333333333333';
const OWNER = 'instance-a';

async function firedWatch(backplane: MemoryBackplane): Promise<void> {
  const now = Date.now();
  expect(await backplane.acquireLease(TENANT, OWNER, 60_000)).toBe(true);
  const base = { upserts: [], removed: [], sweptAt: now, seenAt: now, intervalMs: 1_000, deltaLink: null, newEpoch: 'e1' };
  await backplane.commit(TENANT, OWNER, { ...base, kind: 'reset' });
  await backplane.createWatch(TENANT, { id: 'w'.repeat(22), personId: PERSON, watcher: WATCHER, createdAt: now, expiresAt: now + WATCH_TTL_MS }, 50, now);
  await backplane.commit(TENANT, OWNER, { ...base, kind: 'changes', expect: null, fired: [PERSON], fireDueAt: now });
}

const until = async (condition: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('a claim that runs out while the send is slow to start', () => {
  it('sends once: a token that comes after the claim ran out sends nothing, and a later attempt sends once', async () => {
    const backplane = new MemoryBackplane();
    await firedWatch(backplane);
    const posts: number[] = [];
    let tokens = 0;
    const send = createActivitySender({
      baseUrl: 'https://graph.example/v1.0',
      scopes: ['https://graph.example/.default'],
      // The first token takes longer than the claim lasts (a slow token endpoint); later ones are quick.
      tokenSource: { getToken: () => new Promise((resolve) => setTimeout(() => resolve('token'), tokens++ === 0 ? 1_500 : 0)) },
      fetch: async () => {
        posts.push(Date.now());
        return new Response(null, { status: 204 });
      },
    });
    const notifier = new WatchNotifier({
      tenant: TENANT,
      backplane,
      owner: OWNER,
      holding: () => true,
      send,
      nameOf: async () => null,
      teamsWebOrigin: 'https://teams.microsoft.com',
      teamsAppId: 'app',
      log: memoryLogger(),
      claimLeaseMs: 1_000,
      pollMs: 20,
    });
    notifier.start();
    await until(() => posts.length >= 2, 4_000);
    await notifier.stop();
    expect(posts).toHaveLength(1);
    expect(notifier.counts.sent).toBe(1);
  });

  it('a name lookup that hangs past the claim sends without the name, within the claim', async () => {
    const backplane = new MemoryBackplane();
    await firedWatch(backplane);
    const bodies: string[] = [];
    const send = createActivitySender({
      baseUrl: 'https://graph.example/v1.0',
      scopes: ['s'],
      tokenSource: { getToken: async () => 'token' },
      fetch: async (_url, init) => {
        bodies.push(String(init?.body));
        return new Response(null, { status: 204 });
      },
    });
    const notifier = new WatchNotifier({
      tenant: TENANT,
      backplane,
      owner: OWNER,
      holding: () => true,
      send,
      nameOf: () => new Promise(() => undefined),
      teamsWebOrigin: 'https://teams.microsoft.com',
      teamsAppId: 'app',
      log: memoryLogger(),
      claimLeaseMs: 3_000,
      pollMs: 20,
    });
    notifier.start();
    await until(() => bodies.length >= 2, 5_000);
    await notifier.stop({ wait: false });
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toContain('Someone you are watching');
  });
});
