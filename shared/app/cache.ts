import type { RedisConnection } from '../adapters/redis/client.js';
import { RedisL2Store } from '../adapters/redis/l2-store.js';
import { NO_L2 } from '../cache/no-l2.js';
import { TwoTierCache } from '../cache/two-tier-cache.js';
import type { RuntimeConfig } from '../config.js';

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
