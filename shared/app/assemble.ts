import type { Clock } from '../adapters/clock.js';
import type { RedisConnection } from '../adapters/redis/client.js';
import type { RuntimeConfig } from '../config.js';
import { TradingService } from '../markets/index.js';
import type { Observability } from '../observability/index.js';
import type { ItemStore } from '../store/port.js';
import { buildCache, buildReadTracker } from './cache.js';
import type { AppDeps } from './deps.js';
import { createIdentity, type IdentityInputs } from './identity.js';
import { buildOutcomeRecorder, buildResilience, withRequestHooks } from './resilience.js';
import { buildSearch } from './search.js';
import type { TaskQueue } from './task-queue.js';

export interface AssemblyInputs {
  config: RuntimeConfig;
  observability: Observability;
  /** The store as the adapter gives it; everything but the breakers table gets it behind the `database` breaker. */
  rawStore: ItemStore;
  redis: RedisConnection | undefined;
  clock: Clock;
  keys: IdentityInputs['keys'];
  taskQueue: TaskQueue;
}

/** What the cloud and the local composition roots have in common: everything after the adapters. */
export async function assembleDeps(inputs: AssemblyInputs): Promise<AppDeps> {
  const { config, observability, rawStore, redis, clock, keys, taskQueue } = inputs;
  const { breakers, store } = buildResilience(rawStore, clock, observability);
  const wiring = await createIdentity({ config, store, redis, clock, observability, keys });
  const cache = buildCache(config, redis, breakers);
  const outcomes = buildOutcomeRecorder(store, clock, observability);
  const search = buildSearch(config, {
    externalApis: (call) => breakers.get('external_apis').execute(call),
    aiInference: (call) => breakers.get('ai_inference').execute(call),
  });
  return {
    config,
    observability,
    store,
    redis,
    clock,
    startedAtMs: clock.now(),
    trading: new TradingService({ store, clock }),
    cache,
    search,
    popularity: buildReadTracker(redis, () => clock.now()),
    breakers,
    outcomes,
    taskQueue,
    ...wiring,
    http: withRequestHooks(wiring.http, { cache, outcomes, clock, observability }),
  };
}
