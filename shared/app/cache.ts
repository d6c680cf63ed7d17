import type { RedisConnection } from '../adapters/redis/client.js';
import { RedisL2Store } from '../adapters/redis/l2-store.js';
import { NO_L2 } from '../cache/no-l2.js';
import { ReadTracker } from '../cache/popularity.js';
import { RedisPopularityStore } from '../adapters/redis/popularity-store.js';
import { TwoTierCache } from '../cache/two-tier-cache.js';
import type { RuntimeConfig } from '../config.js';
import type { HandlerWiring } from '../http/area-handler.js';
import { CacheMetricsPublisher } from '../observability/cache-metrics.js';
import type { Observability } from '../observability/index.js';

/** The market-read cache as the configuration asks for it; Redis absent means L1 only. */
export function buildCache(config: RuntimeConfig, redis: RedisConnection | undefined): TwoTierCache {
  return new TwoTierCache({
    l2: redis ? new RedisL2Store(redis) : NO_L2,
    enabled: config.cache.enabled,
    revalidateMs: config.cache.revalidateMs,
    l2TimeoutMs: config.cache.l2TimeoutMs,
    l1Max: config.cache.l1MaxEntries,
    l1TtlMs: config.cache.l1TtlMs,
  });
}

/** The handler wiring plus the cache's share of every invocation's metrics. */
export function withCacheMetrics(http: HandlerWiring, cache: TwoTierCache, observability: Observability): HandlerWiring {
  const publisher = new CacheMetricsPublisher(observability);
  return { ...http, recordMetrics: () => publisher.publish(cache.drainMetrics()) };
}

/** Read counts summed in Redis when there is one, else kept per container. */
export function buildReadTracker(redis: RedisConnection | undefined, now: () => number): ReadTracker {
  return new ReadTracker({ store: redis ? new RedisPopularityStore(redis) : undefined, now });
}
