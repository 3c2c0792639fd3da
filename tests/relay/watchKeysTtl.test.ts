import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../relay/log';
import { RedisBackplane } from '../../relay/redisBackplane';
import { WATCH_TTL_MS } from '../../relay/watches';
import { REDIS_AVAILABLE, startRedis, type RedisProcess } from './support/redis';

const TENANT = '11111111-1111-4111-8111-111111111111';
const WATCHER = '22222222-2222-4222-8222-222222222222';
const PERSON = '33333333-3333-4333-8333-333333333333';

let redis: RedisProcess | undefined;
beforeAll(async () => {
  if (REDIS_AVAILABLE) redis = await startRedis();
});
afterAll(async () => {
  await redis?.kill();
});

describe.skipIf(!REDIS_AVAILABLE)('the watch keys in Redis', () => {
  it('every key a watch touches expires: the first watch of a tenant, fired, claimed and sent, leaves no key without a TTL', async () => {
    const prefix = 'ttl-test:';
    const backplane = new RedisBackplane({ url: redis!.url, prefix, log: memoryLogger() });
    await backplane.connect();
    const cli = new Redis(redis!.url);
    try {
      const now = Date.now();
      expect(await backplane.acquireLease(TENANT, 'a', 60_000)).toBe(true);
      const base = { upserts: [], removed: [], seenAt: now, intervalMs: 1_000, deltaLink: null, newEpoch: 'e1' };
      await backplane.commit(TENANT, 'a', { ...base, kind: 'reset', sweptAt: now });
      const watch = { id: 'x'.repeat(22), personId: PERSON, watcher: WATCHER, createdAt: now, expiresAt: now + WATCH_TTL_MS };
      await backplane.createWatch(TENANT, watch, 50, now);
      // A second, armed watch keeps the armed indexes alive after the first is sent.
      await backplane.createWatch(TENANT, { ...watch, id: 'y'.repeat(22), personId: PERSON.replace('3333-4', '4444-4') }, 50, now);
      await backplane.commit(TENANT, 'a', { ...base, kind: 'changes', sweptAt: now, fired: [PERSON], fireDueAt: now });
      const claim = await backplane.claimWatch(TENANT, watch.id, 'a', 30_000, now);
      expect(claim).not.toBeNull();
      // Mid-send: the due and claim keys exist now.
      const midSend = (await cli.keys(`${prefix}*w:*`)).sort();
      expect(midSend.length).toBeGreaterThanOrEqual(6);
      for (const key of midSend) expect({ key, hasTtl: (await cli.pttl(key)) > 0 }).toEqual({ key, hasTtl: true });
      expect(await backplane.finishWatch(TENANT, watch.id, 'a', claim!.attempt, { kind: 'sent' }, now)).toBe(true);
      const keys = await cli.keys(`${prefix}*w:*`);
      expect(keys.some((k) => k.endsWith('w:sent'))).toBe(true);
      for (const key of keys) {
        const ttl = await cli.pttl(key);
        expect({ key, hasTtl: ttl > 0 && ttl <= 25 * 3_600_000 }).toEqual({ key, hasTtl: true });
      }
    } finally {
      cli.disconnect();
      await backplane.close();
    }
  });
});
