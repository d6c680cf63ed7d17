import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisConnection } from '../../../shared/adapters/redis/client.js';
import { RedisL2Store } from '../../../shared/adapters/redis/l2-store.js';
import { TwoTierCache } from '../../../shared/cache/two-tier-cache.js';
import { startLocalRedis, type LocalRedis } from '../../../shared/local/redis-server.js';
import { connectedClient, sleep, uniquePrefix } from './cache-fixtures.js';

describe('TwoTierCache when its redis-server is killed mid-test', () => {
  let redis: LocalRedis | undefined;
  let client: RedisConnection;

  beforeAll(async () => {
    redis = await startLocalRedis();
    if (!redis) throw new Error('redis-server did not start');
    client = await connectedClient(redis.url);
  });

  afterAll(async () => {
    client.disconnect();
    await redis?.stop();
  });

  it('keeps answering from L1 and the loader without throwing', async () => {
    const cache = new TwoTierCache({ l2: new RedisL2Store(client), prefix: uniquePrefix('outage'), l2TimeoutMs: 100, revalidateMs: 50 });
    expect(await cache.getOrLoad('markets', 'm1', async () => 'before')).toMatchObject({ value: 'before', source: 'loader' });
    expect(await cache.getOrLoad('markets', 'm2', async () => 'other')).toMatchObject({ source: 'loader' });
    expect((await cache.getOrLoad('markets', 'm1', async () => 'x')).source).toBe('l1');
    const errorsBefore = cache.stats().l2.errors;

    await redis?.stop();
    await sleep(60);

    for (let i = 0; i < 20; i += 1) {
      const started = performance.now();
      const r = await cache.getOrLoad('markets', `new-${String(i)}`, async () => i);
      expect(r).toEqual({ value: i, degraded: false, source: 'loader' });
      expect(performance.now() - started).toBeLessThan(500);
    }
    expect((await cache.getOrLoad('markets', 'm1', async () => 'reloaded')).value).toBe('before'); // L1 still serves
    expect(await cache.invalidate(['market:m1'])).toBe(false);
    expect((await cache.getOrLoad('markets', 'm2', async () => 'fresh', { tags: ['market:m1'] })).value).toBe('fresh');
    expect(await cache.clear()).toEqual({ l2Cleared: false, deleted: 0 });
    expect((await cache.getOrLoad('markets', 'm1', async () => 'after-clear')).value).toBe('after-clear');
    expect(cache.stats().l2.errors).toBeGreaterThan(errorsBefore);
  });
});
