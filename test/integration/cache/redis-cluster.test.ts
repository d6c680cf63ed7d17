import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, createRedisClient, primaryNodes, type RedisConnection } from '../../../shared/adapters/redis/client.js';
import { RedisL2Store } from '../../../shared/adapters/redis/l2-store.js';
import { TwoTierCache } from '../../../shared/cache/two-tier-cache.js';
import { startRedisCluster, type RedisCluster } from '../../helpers/redis-cluster.js';
import { uniquePrefix } from './cache-fixtures.js';

/** ElastiCache cluster mode, reproduced with three real redis-server masters. */
describe('the L2 cache on a Redis Cluster (REDIS_CLUSTER=true)', () => {
  let cluster: RedisCluster;
  const clients: RedisConnection[] = [];

  async function client(): Promise<RedisConnection> {
    const c = createRedisClient({ url: cluster.url, cluster: true, commandTimeoutMs: 1000 });
    c.on('error', () => undefined);
    clients.push(c);
    if (!(await connectRedis(c))) throw new Error('cluster unreachable');
    return c;
  }

  beforeAll(async () => {
    cluster = await startRedisCluster(3);
  });

  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await cluster.stop();
  });

  it('discovers every master from one configuration endpoint', async () => {
    const c = await client();
    expect(c).toBeInstanceOf(Cluster);
    expect(primaryNodes(c).map((node) => node.options.port).sort()).toEqual([...cluster.ports].sort());
  });

  it('serves values across containers and clears keys spread over every master', async () => {
    const prefix = uniquePrefix('cluster');
    const [ca, cb] = [await client(), await client()];
    const a = new TwoTierCache({ l2: new RedisL2Store(ca), prefix, l2TimeoutMs: 1000 });
    const b = new TwoTierCache({ l2: new RedisL2Store(cb), prefix, l2TimeoutMs: 1000 });
    for (let i = 0; i < 60; i += 1) await a.getOrLoad('market', `m${String(i)}`, async () => ({ i }), { tags: [`market:m${String(i)}`] });
    const never = async (): Promise<never> => {
      throw new Error('must come from L2');
    };
    expect(await b.getOrLoad('market', 'm7', never, { tags: ['market:m7'] })).toMatchObject({ value: { i: 7 }, source: 'l2' });

    // The 60 values hash to slots on all three masters, so a single-node SCAN would miss most of them.
    const perMaster = await Promise.all(primaryNodes(ca).map((node) => node.keys(`${prefix}:v:*`)));
    expect(perMaster.filter((keys) => keys.length > 0)).toHaveLength(3);

    const cleared = await a.clear();
    expect(cleared).toEqual({ l2Cleared: true, deleted: 60 });
    const left = await Promise.all(primaryNodes(ca).map((node) => node.keys(`${prefix}:v:*`)));
    expect(left.flat()).toEqual([]);
  });

  it('keeps a value and its lease in one slot (hash tag), and releases only its own lease', async () => {
    const c = await client();
    const prefix = uniquePrefix('slots');
    const cache = new TwoTierCache({ l2: new RedisL2Store(c), prefix, l2TimeoutMs: 1000 });
    const keysOf = async (pattern: string) => (await Promise.all(primaryNodes(c).map((node) => node.keys(pattern)))).flat();
    let leaseKeys: string[] = [];
    await cache.getOrLoad('market', 'm1', async () => {
      leaseKeys = await keysOf(`${prefix}:lease:*`); // held while the loader runs
      return { p: 1 };
    });
    const valueKeys = await keysOf(`${prefix}:v:*`);
    expect(leaseKeys).toHaveLength(1);
    expect(valueKeys).toHaveLength(1);
    const slot = (key: string) => (c as Cluster).call('CLUSTER', 'KEYSLOT', key);
    expect(await slot(leaseKeys[0] ?? '')).toBe(await slot(valueKeys[0] ?? ''));

    const store = new RedisL2Store(c);
    const lease = leaseKeys[0] ?? '';
    expect(await store.setNx(lease, 'token-a', 60_000)).toBe(true);
    expect(await store.releaseLease(lease, 'token-b')).toBe(false);
    expect(await c.get(lease)).toBe('token-a');
    expect(await store.releaseLease(lease, 'token-a')).toBe(true);
    expect(await c.exists(lease)).toBe(0);
  });
});
