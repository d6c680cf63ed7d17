import { randomUUID } from 'node:crypto';
import { connectRedis, createRedisClient, type RedisConnection } from '../../../shared/adapters/redis/client.js';
import { RedisL2Store } from '../../../shared/adapters/redis/l2-store.js';
import type { L2Store } from '../../../shared/cache/l2-store.js';
import { TwoTierCache, type TwoTierCacheOptions } from '../../../shared/cache/two-tier-cache.js';

/** A real ioredis client on `url`, connected; errors are swallowed (tests kill servers on purpose). */
export async function connectedClient(url: string): Promise<RedisConnection> {
  const client = createRedisClient({ url, commandTimeoutMs: 500 });
  client.on('error', () => undefined);
  if (!(await connectRedis(client))) throw new Error(`cannot reach redis at ${url}`);
  return client;
}

export const uniquePrefix = (label: string): string => `test:cache:${label}:${randomUUID()}`;

/** One "container": its own ioredis client, its own L1, the shared Redis. */
export interface Container {
  cache: TwoTierCache;
  client: RedisConnection;
  store: RedisL2Store;
}

export async function container(url: string, options: Omit<TwoTierCacheOptions, 'l2'> & { wrap?: (store: L2Store) => L2Store }): Promise<Container> {
  const client = await connectedClient(url);
  const store = new RedisL2Store(client);
  const { wrap, ...rest } = options;
  const cache = new TwoTierCache({ l2TimeoutMs: 500, ...rest, l2: wrap ? wrap(store) : store });
  return { cache, client, store };
}

/** Every key under `prefix` (SCAN on the real server). */
export async function keysUnder(client: RedisConnection, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Wraps the REAL Redis port and injects faults on demand (hang or throw); not an imitation of Redis. */
export class FaultInjectingL2Store implements L2Store {
  mode: 'pass' | 'hang' | 'throw' = 'pass';
  constructor(private readonly inner: L2Store) {}

  private run<R>(call: () => Promise<R>): Promise<R> {
    if (this.mode === 'hang') return new Promise<R>(() => undefined);
    if (this.mode === 'throw') return Promise.reject(new Error('injected L2 fault'));
    return call();
  }

  get(key: string): Promise<Buffer | undefined> {
    return this.run(() => this.inner.get(key));
  }
  set(key: string, value: Buffer, ttlMs: number): Promise<void> {
    return this.run(() => this.inner.set(key, value, ttlMs));
  }
  del(keys: readonly string[]): Promise<void> {
    return this.run(() => this.inner.del(keys));
  }
  generation(key: string, seed: number): Promise<number> {
    return this.run(() => this.inner.generation(key, seed));
  }
  bumpGeneration(key: string, seed: number): Promise<number> {
    return this.run(() => this.inner.bumpGeneration(key, seed));
  }
  setNx(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.run(() => this.inner.setNx(key, value, ttlMs));
  }
  releaseLease(key: string, token: string): Promise<boolean> {
    return this.run(() => this.inner.releaseLease(key, token));
  }
  scanDelete(prefix: string): Promise<number> {
    return this.run(() => this.inner.scanDelete(prefix));
  }
}
