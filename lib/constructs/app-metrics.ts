import type { Duration } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';

/**
 * Where the functions' EMF metrics land: Powertools' namespace and its default `service`
 * dimension (`shared/observability`). Not per stage: stages sharing an account and region share
 * these metrics.
 */
export const APP_METRICS = { namespace: 'FundCast', dimensionsMap: { service: 'fundcast' } } as const;

/** One EMF metric of the app (`Requests`, `ServerErrors`, `Latency`, `CacheHits`, …). */
export function appMetric(metricName: string, statistic: string, period: Duration, label?: string): Metric {
  return new Metric({ ...APP_METRICS, metricName, statistic, period, ...(label ? { label } : {}) });
}

/** The cache namespaces `shared/cache` reports per-layer counts for (the `cacheNamespace` dimension). */
export const CACHE_NAMESPACES = ['market', 'book', 'trades', 'markets'] as const;

/** A per-namespace cache metric (`CacheL1Hits`, `CacheL2Misses`, …). */
export function cacheNamespaceMetric(metricName: string, cacheNamespace: string, period: Duration): Metric {
  return new Metric({
    namespace: APP_METRICS.namespace,
    metricName,
    dimensionsMap: { ...APP_METRICS.dimensionsMap, cacheNamespace },
    statistic: 'Sum',
    period,
  });
}
