import { Duration } from 'aws-cdk-lib';
import {
  GraphWidget,
  type IWidget,
  MathExpression,
  SingleValueWidget,
  Stats,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import { allowedBadRatio, BURN_RATE_SLO, SLOS, type SloDefinition } from '../../shared/sre/index.js';
import { appMetric, CACHE_NAMESPACES, cacheNamespaceMetric } from './app-metrics.js';

const HOUR = Duration.hours(1);
const FIVE_MINUTES = Duration.minutes(5);
const MINUTE = Duration.minutes(1);

const sloWindow = (slo: SloDefinition) => `-P${slo.windowDays}D`;

/**
 * An SLO's value in percent, from the EMF metrics: availability is the share of requests without
 * a 5xx, latency the percentile rank of 200 ms (the share of requests at or under it; CloudWatch
 * has no strict "under"), error rate the share of requests with a 5xx.
 */
export function sloPercent(slo: SloDefinition, period: Duration): MathExpression {
  const errors = appMetric('ServerErrors', 'Sum', period);
  const requests = appMetric('Requests', 'Sum', period);
  if (slo.badEvent === 'slow') {
    const threshold = slo.latencyThresholdMs ?? 0;
    return new MathExpression({
      expression: 'rank',
      usingMetrics: { rank: appMetric('Latency', Stats.percentileRank(threshold), period) },
      period,
      label: `${slo.id} (% under ${threshold} ms)`,
    });
  }
  const expression = slo.objective === 'below' ? '100 * errors / requests' : '100 * (1 - errors / requests)';
  return new MathExpression({ expression, usingMetrics: { errors, requests }, period, label: `${slo.id} (%)` });
}

/** Error budget left over the window, in percent: 100 × (1 − error ratio / allowed ratio). */
export function errorBudgetRemaining(period: Duration): MathExpression {
  const allowed = allowedBadRatio(BURN_RATE_SLO);
  return new MathExpression({
    expression: `100 * (1 - (errors / requests) / ${allowed})`,
    usingMetrics: { errors: appMetric('ServerErrors', 'Sum', period), requests: appMetric('Requests', 'Sum', period) },
    period,
    label: `${BURN_RATE_SLO.id} error budget remaining (%)`,
  });
}

/** Hit rate of one cache layer, summed over the known namespaces: hits / (hits + misses). */
function layerHitRate(layer: 'L1' | 'L2'): MathExpression {
  // Ids are unique per graph, so they name the layer: `l1h0` is the L1 hits of the first namespace.
  const id = (kind: 'h' | 'm', index: number) => `${layer.toLowerCase()}${kind}${index}`;
  const usingMetrics: Record<string, ReturnType<typeof cacheNamespaceMetric>> = {};
  CACHE_NAMESPACES.forEach((namespace, index) => {
    usingMetrics[id('h', index)] = cacheNamespaceMetric(`Cache${layer}Hits`, namespace, FIVE_MINUTES);
    usingMetrics[id('m', index)] = cacheNamespaceMetric(`Cache${layer}Misses`, namespace, FIVE_MINUTES);
  });
  const hits = CACHE_NAMESPACES.map((_, index) => `FILL(${id('h', index)}, 0)`).join(' + ');
  const misses = CACHE_NAMESPACES.map((_, index) => `FILL(${id('m', index)}, 0)`).join(' + ');
  return new MathExpression({
    expression: `(${hits}) / (${hits} + ${misses})`,
    usingMetrics,
    period: FIVE_MINUTES,
    label: `${layer} hit rate`,
  });
}

/**
 * The SRE rows of the dashboard: the SLOs over their 30-day window (single values whose period is
 * the time range, which CloudWatch supports for metric math) and hourly over the dashboard's
 * range, error budget remaining, latency percentiles, cache hit rate per layer and breaker transitions.
 */
export function sreWidgets(): IWidget[][] {
  const sloValues = new SingleValueWidget({
    title: `SLOs and error budget, last ${BURN_RATE_SLO.windowDays} days`,
    width: 24,
    height: 4,
    start: sloWindow(BURN_RATE_SLO),
    setPeriodToTimeRange: true,
    metrics: [...SLOS.map((slo) => sloPercent(slo, HOUR)), errorBudgetRemaining(HOUR)],
  });
  const sloGraphs = SLOS.map(
    (slo) =>
      new GraphWidget({
        title: `${slo.title} (target ${slo.objective === 'below' ? '<' : '≥'} ${Number((slo.target * 100).toFixed(3))} %)`,
        width: 8,
        left: [sloPercent(slo, HOUR)],
        leftAnnotations: [{ value: Number((slo.target * 100).toFixed(3)), label: 'objective' }],
      }),
  );
  const latency = new GraphWidget({
    title: 'Latency (ms, EMF)',
    width: 8,
    left: ['p50', 'p95', 'p99'].map((stat) => appMetric('Latency', stat, MINUTE, stat)),
  });
  const overall = new MathExpression({
    expression: 'hits / requests',
    usingMetrics: { hits: appMetric('CacheHits', 'Sum', FIVE_MINUTES), requests: appMetric('CacheRequests', 'Sum', FIVE_MINUTES) },
    period: FIVE_MINUTES,
    label: 'overall hit rate',
  });
  const cache = new GraphWidget({
    title: 'Cache hit rate per layer',
    width: 8,
    left: [overall, layerHitRate('L1'), layerHitRate('L2')],
    leftYAxis: { min: 0, max: 1 },
  });
  const breakers = new GraphWidget({
    title: 'Circuit-breaker transitions (Breaker_<name>_<state>)',
    width: 8,
    // Every breaker and state the app reports, without a list here that could fall behind shared/resilience.
    left: [new MathExpression({ expression: "SEARCH('{FundCast,service} Breaker', 'Sum', 60)", usingMetrics: {}, period: MINUTE, label: '' })],
  });
  return [
    [new TextWidget({ markdown: '# SLOs and alerts (shared/sre)', width: 24, height: 1 })],
    [sloValues],
    sloGraphs,
    [latency, cache, breakers],
  ];
}
