import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisConnection } from '../../../shared/adapters/redis/client.js';
import { RedisL2Store } from '../../../shared/adapters/redis/l2-store.js';
import { TwoTierCache } from '../../../shared/cache/two-tier-cache.js';
import { startLocalRedis, type LocalRedis } from '../../../shared/local/redis-server.js';
import { startRedisOnPort } from '../../helpers/redis-process.js';
import { connectedClient, sleep, uniquePrefix } from './cache-fixtures.js';

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await sleep(25);
  }
}

describe('TwoTierCache when its redis-server is killed mid-test and comes back', () => {
  let redis: LocalRedis | undefined;
  const clients: RedisConnection[] = [];

  beforeAll(async () => {
    redis = await startLocalRedis();
    if (!redis) throw new Error('redis-server did not start');
    for (let i = 0; i < 3; i += 1) clients.push(await connectedClient(redis.url));
  });

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await redis?.stop();
  });

  it('answers from the store while Redis is gone, trusts no L1 entry it cannot revalidate, and uses Redis again', async () => {
    const prefix = uniquePrefix('outage');
    const [a, b, frozen] = clients.map((client) => new TwoTierCache({ l2: new RedisL2Store(client), prefix, l2TimeoutMs: 100, revalidateMs: 50 }));
    if (!a || !b || !frozen) throw new Error('three containers expected');
    const tags = ['market:m1'];
    expect(await a.getOrLoad('markets', 'm1', async () => 'v1', { tags })).toMatchObject({ value: 'v1', source: 'loader' });
    expect(await b.getOrLoad('markets', 'm1', async () => 'x', { tags })).toMatchObject({ value: 'v1', source: 'l2' });
    expect(await frozen.getOrLoad('markets', 'm1', async () => 'x', { tags })).toMatchObject({ value: 'v1', source: 'l2' });
    const errorsBefore = b.stats().l2.errors;

    const port = Number(new URL(redis?.url ?? '').port);
    await redis?.stop();
    await sleep(60);

    // A writes during the outage; its invalidation cannot reach Redis, so B must not keep serving v1.
    expect(await a.invalidate(tags)).toBe(false);
    expect(await b.getOrLoad('markets', 'm1', async () => 'v2', { tags })).toEqual({ value: 'v2', degraded: false, source: 'loader' });
    for (let i = 0; i < 20; i += 1) {
      expect(await b.getOrLoad('markets', `new-${String(i)}`, async () => i)).toEqual({ value: i, degraded: false, source: 'loader' });
    }
    expect(await b.clear()).toEqual({ l2Cleared: false, deleted: 0 });
    expect(b.stats().l2.errors).toBeGreaterThan(errorsBefore);

    // Same port, empty memory: every generation is gone.
    redis = await startRedisOnPort(port);
    await until(() => clients.every((client) => client.status === 'ready'));
    await sleep(60);

    // A container that slept through the outage still holds v1 in L1; the re-seeded generations disown it.
    expect((await frozen.getOrLoad('markets', 'm1', async () => 'v3', { tags })).value).toBe('v3');
    // And Redis is used again: what one container loads, another reads from L2.
    expect(await a.getOrLoad('markets', 'm5', async () => 'shared', { tags: ['market:m5'] })).toMatchObject({ source: 'loader' });
    expect(await b.getOrLoad('markets', 'm5', async () => 'not-from-l2', { tags: ['market:m5'] })).toEqual({ value: 'shared', degraded: false, source: 'l2' });
    expect(await a.invalidate(tags)).toBe(true);
  });
});
