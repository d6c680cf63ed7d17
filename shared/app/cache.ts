import type { RedisConnection } from '../adapters/redis/client.js';
import { RedisL2Store } from '../adapters/redis/l2-store.js';
import { RedisPopularityStore } from '../adapters/redis/popularity-store.js';
import { NO_L2 } from '../cache/no-l2.js';
import { ReadTracker } from '../cache/popularity.js';
import { TwoTierCache } from '../cache/two-tier-cache.js';
import type { RuntimeConfig } from '../config.js';
import type { BreakerRegistry } from '../resilience/index.js';

/** The market-read cache as the configuration asks for it; Redis absent means L1 only. Every L2 call runs under the `cache` breaker. */
export function buildCache(config: RuntimeConfig, redis: RedisConnection | undefined, breakers: BreakerRegistry): TwoTierCache {
  const breaker = breakers.get('cache');
  return new TwoTierCache({
    l2: redis ? new RedisL2Store(redis) : NO_L2,
    guard: (call) => breaker.execute(call),
    enabled: config.cache.enabled,
    revalidateMs: config.cache.revalidateMs,
    l2TimeoutMs: config.cache.l2TimeoutMs,
    l1Max: config.cache.l1MaxEntries,
    l1TtlMs: config.cache.l1TtlMs,
  });
}

/** Read counts summed in Redis when there is one, else kept per container. */
export function buildReadTracker(redis: RedisConnection | undefined, now: () => number): ReadTracker {
  return new ReadTracker({ store: redis ? new RedisPopularityStore(redis) : undefined, now });
}
