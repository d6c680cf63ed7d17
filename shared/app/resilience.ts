import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Clock } from '../adapters/clock.js';
import type { TwoTierCache } from '../cache/two-tier-cache.js';
import type { HandlerWiring } from '../http/area-handler.js';
import { CacheMetricsPublisher } from '../observability/cache-metrics.js';
import type { Observability } from '../observability/index.js';
import { BreakerRegistry, GuardedItemStore, ItemStoreBreakerStateStore } from '../resilience/index.js';
import { OutcomeRecorder } from '../sre/index.js';
import type { ItemStore } from '../store/port.js';

export interface Resilience {
  readonly breakers: BreakerRegistry;
  /** The store every handler uses: each call under the `database` breaker. */
  readonly store: ItemStore;
}

/**
 * Breakers whose state lives in the breakers table, read and written through the RAW store (the
 * `database` breaker must not depend on itself), and the guarded store handed to everything else.
 * Every transition is logged and counted, so on-call sees it in logs, metrics and the dashboard.
 */
export function buildResilience(rawStore: ItemStore, clock: Clock, observability: Observability): Resilience {
  const { logger, metrics } = observability;
  const breakers = new BreakerRegistry({
    clock,
    store: new ItemStoreBreakerStateStore(rawStore),
    log: (message, details) => logger.warn(message, { breaker: details.breaker, error: details.error }),
  });
  breakers.onTransition((event) => {
    logger.warn('circuit breaker transition', { breaker: event.breaker, from: event.from, to: event.to, reason: event.reason });
    metrics.addMetric(`Breaker_${event.breaker}_${event.to}`, MetricUnit.Count, 1);
  });
  return { breakers, store: new GuardedItemStore(rawStore, breakers.get('database')) };
}

/** Every answered request: its outcome goes to the SLO buckets and the cache's activity to the metrics. */
export function withRequestHooks(
  http: HandlerWiring,
  parts: { cache: TwoTierCache; outcomes: OutcomeRecorder; clock: Clock; observability: Observability },
): HandlerWiring {
  const publisher = new CacheMetricsPublisher(parts.observability);
  return {
    ...http,
    onCompleted: (outcome) => {
      parts.outcomes.record({ status: outcome.status, latencyMs: outcome.latencyMs, at: parts.clock.now() });
      publisher.publish(parts.cache.drainMetrics());
    },
  };
}

/** SLO outcome buckets in the store (through the guarded store: a down store just keeps counts for later). */
export function buildOutcomeRecorder(store: ItemStore, clock: Clock, observability: Observability): OutcomeRecorder {
  return new OutcomeRecorder({
    store,
    clock,
    onFlushError: (error) => observability.logger.warn('SLO outcomes not flushed yet; kept for the next flush', { error }),
  });
}
