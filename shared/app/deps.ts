import type { Clock } from '../adapters/clock.js';
import type { RedisConnection } from '../adapters/redis/client.js';
import type { RuntimeConfig } from '../config.js';
import type { SigningKeyRing } from '../auth/crypto/index.js';
import type { IdentityService } from '../auth/identity-service.js';
import type { TradingService } from '../markets/index.js';
import type { ReadTracker } from '../cache/popularity.js';
import type { MarketSearchOptions } from '../search/market-search.js';
import type { BreakerRegistry } from '../resilience/index.js';
import type { OutcomeRecorder } from '../sre/index.js';
import type { TwoTierCache } from '../cache/two-tier-cache.js';
import type { TaskQueue } from './task-queue.js';
import type { HandlerWiring } from '../http/area-handler.js';
import type { Observability } from '../observability/index.js';
import type { ItemStore } from '../store/port.js';

/** Everything a handler needs, built once per container (cold start) by a composition root. */
export interface AppDeps {
  readonly config: RuntimeConfig;
  readonly observability: Observability;
  readonly store: ItemStore;
  /** The L2 cache connection; undefined runs the service on L1 alone. */
  readonly redis: RedisConnection | undefined;
  readonly clock: Clock;
  readonly identity: IdentityService;
  readonly trading: TradingService;
  /** L1 in this container + L2 in Redis for market reads; never balances, orders, positions or the ledger. */
  readonly cache: TwoTierCache;
  /** Market search: the ranking service (behind its breakers) or keyword ranking. */
  readonly search: MarketSearchOptions;
  /** Circuit breakers of every dependency, state shared through the breakers table. */
  readonly breakers: BreakerRegistry;
  /** Request outcomes of this container, flushed into the SLO buckets. */
  readonly outcomes: OutcomeRecorder;
  /** Which markets are read most, all containers together: what the cache warmer loads. */
  readonly popularity: ReadTracker;
  /** Starts accepted background tasks (settlement): a stream in the cloud, an in-process runner locally. */
  readonly taskQueue: TaskQueue;
  /** The signing keys, for the JWKS endpoint. */
  readonly keyRing: Pick<SigningKeyRing, 'get'>;
  /** What every area router is wired with: authenticator, rate limits, body limit, observability. */
  readonly http: HandlerWiring;
  /** When this container started, for uptime. */
  readonly startedAtMs: number;
}

export function wiringOf(deps: AppDeps): HandlerWiring {
  return deps.http;
}
