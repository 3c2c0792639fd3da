import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../relay/log';
import { RedisBackplane } from '../../relay/redisBackplane';
import { REDIS_AVAILABLE, startRedis } from './support/redis';

/**
 * infra/relay.bicep gives the relay REDIS_URL as rediss://:<uriComponent(access key)>@<host>:6380.
 * Azure Cache for Redis keys are base64 (+, / and =): the relay must read that URL's password back
 * exactly. Plain redis:// here (no TLS on loopback); the password handling is the same.
 */
describe.skipIf(!REDIS_AVAILABLE)('the Redis URL the deployment builds', () => {
  it('reaches a Redis whose key has +, / and =, by the URL-encoded form bicep writes', async () => {
    const key = 'Ab+c/D3fGh/ij+KLmn0pQRst/uvWXyz0123456789A=';
    const redis = await startRedis(undefined, ['--requirepass', key]);
    const backplane = new RedisBackplane({ url: `redis://:${encodeURIComponent(key)}@127.0.0.1:${redis.port}`, log: memoryLogger() });
    try {
      await backplane.connect();
      const deadline = Date.now() + 5_000;
      while (!backplane.isUp() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(backplane.isUp()).toBe(true);
      expect(await backplane.acquireLease('t', 'me', 1_000)).toBe(true);
    } finally {
      await backplane.close();
      await redis.kill();
    }
  });
});
