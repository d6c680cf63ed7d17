import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CacheMetricsDelta } from '../cache/cache-stats.js';
import { METRICS_NAMESPACE, SERVICE_NAME, type Observability } from './index.js';

/**
 * Turns the cache's per-invocation delta into CloudWatch EMF metrics: totals on the invocation's
 * own metrics (what alarms on the overall hit rate read), and one line per cache namespace with a
 * `cacheNamespace` dimension (hits and misses per layer per namespace).
 */
export class CacheMetricsPublisher {
  private readonly perNamespace = new Map<string, Metrics>();

  constructor(private readonly observability: Observability) {}

  publish(delta: CacheMetricsDelta): void {
    const { metrics } = this.observability;
    const namespaces = Object.entries(delta.namespaces);
    if (namespaces.length === 0 && delta.l2LatencyMs.length === 0) return;
    const total = (pick: (c: (typeof namespaces)[number][1]) => number) => namespaces.reduce((n, [, c]) => n + pick(c), 0);
    metrics.addMetric('CacheRequests', MetricUnit.Count, total((c) => c.requests));
    metrics.addMetric('CacheHits', MetricUnit.Count, total((c) => c.l1Hits + c.l2Hits));
    metrics.addMetric('CacheL2Errors', MetricUnit.Count, delta.l2Errors);
    metrics.addMetric('CacheLoaderErrors', MetricUnit.Count, delta.loaderErrors);
    metrics.addMetric('CacheStaleServed', MetricUnit.Count, delta.staleServed);
    for (const ms of delta.l2LatencyMs) metrics.addMetric('CacheL2Latency', MetricUnit.Milliseconds, ms);
    for (const ms of delta.loaderLatencyMs) metrics.addMetric('CacheLoaderLatency', MetricUnit.Milliseconds, ms);

    for (const [name, c] of namespaces) {
      const line = this.metricsFor(name);
      line.addMetric('CacheRequests', MetricUnit.Count, c.requests);
      line.addMetric('CacheL1Hits', MetricUnit.Count, c.l1Hits);
      line.addMetric('CacheL1Misses', MetricUnit.Count, c.l1Misses);
      line.addMetric('CacheL2Hits', MetricUnit.Count, c.l2Hits);
      line.addMetric('CacheL2Misses', MetricUnit.Count, c.l2Misses);
      line.publishStoredMetrics();
    }
  }

  private metricsFor(namespace: string): Metrics {
    let line = this.perNamespace.get(namespace);
    if (!line) {
      line = new Metrics({
        namespace: METRICS_NAMESPACE,
        serviceName: SERVICE_NAME,
        defaultDimensions: { cacheNamespace: namespace },
        logger: this.observability.logger,
      });
      this.perNamespace.set(namespace, line);
    }
    return line;
  }
}
