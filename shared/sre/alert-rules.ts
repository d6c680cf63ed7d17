/**
 * The alert rules of the brief, as data with no AWS types: CDK maps them onto CloudWatch alarms
 * and the admin API evaluates them against the recorded outcomes (evaluate.ts).
 */

export const ALERT_RULE_IDS = ['high_error_rate', 'slow_response_times', 'low_cache_performance'] as const;
export type AlertRuleId = (typeof ALERT_RULE_IDS)[number];

export const ALERT_METRIC = {
  /** 5xx answers per second over the period. */
  serverErrorsPerSecond: 'server_errors_per_second',
  /** 95th percentile latency over the period, from the latency histogram. */
  latencyP95: 'latency_p95_ms',
  /** Cache hits / cache lookups; the cache reports it, the SRE store does not hold it. */
  cacheHitRatio: 'cache_hit_ratio',
} as const;
export type AlertMetric = (typeof ALERT_METRIC)[keyof typeof ALERT_METRIC];

export type AlertComparison = 'greater_than' | 'less_than';
export type AlertUnit = 'count_per_second' | 'milliseconds' | 'ratio';
export type AlertSeverity = 'critical' | 'warning';

export const ALERT_ACTION = {
  autoScale: 'auto_scale',
  notifyOncall: 'notify_oncall',
  enableCircuitBreaker: 'enable_circuit_breaker',
  warmCache: 'warm_cache',
  investigate: 'investigate',
} as const;
export type AlertAction = (typeof ALERT_ACTION)[keyof typeof ALERT_ACTION];

export interface AlertRule {
  readonly id: AlertRuleId;
  readonly description: string;
  readonly metric: AlertMetric;
  readonly comparison: AlertComparison;
  readonly threshold: number;
  readonly unit: AlertUnit;
  /** The period one evaluation looks back over; a whole number of minutes (the bucket size). */
  readonly periodSeconds: number;
  readonly severity: AlertSeverity;
  /** After firing, the rule stays quiet this long (see cooldown.ts). */
  readonly cooldownSeconds: number;
  readonly actions: readonly AlertAction[];
}

export const ALERT_RULES: readonly AlertRule[] = [
  {
    id: 'high_error_rate',
    description: 'More than 5 server errors per second',
    metric: ALERT_METRIC.serverErrorsPerSecond,
    comparison: 'greater_than',
    threshold: 5,
    unit: 'count_per_second',
    periodSeconds: 60,
    severity: 'critical',
    cooldownSeconds: 5 * 60,
    actions: [ALERT_ACTION.autoScale, ALERT_ACTION.notifyOncall],
  },
  {
    id: 'slow_response_times',
    description: 'p95 latency above 2000 ms',
    metric: ALERT_METRIC.latencyP95,
    comparison: 'greater_than',
    threshold: 2_000,
    unit: 'milliseconds',
    periodSeconds: 5 * 60,
    severity: 'warning',
    cooldownSeconds: 15 * 60,
    actions: [ALERT_ACTION.enableCircuitBreaker],
  },
  {
    id: 'low_cache_performance',
    description: 'Cache hit rate below 50 %',
    metric: ALERT_METRIC.cacheHitRatio,
    comparison: 'less_than',
    threshold: 0.5,
    unit: 'ratio',
    periodSeconds: 5 * 60,
    severity: 'warning',
    cooldownSeconds: 30 * 60,
    actions: [ALERT_ACTION.warmCache, ALERT_ACTION.investigate],
  },
];

export function alertRule(id: AlertRuleId): AlertRule {
  const rule = ALERT_RULES.find((candidate) => candidate.id === id);
  if (rule === undefined) throw new Error(`Unknown alert rule ${id}`);
  return rule;
}

/** Whether a value breaks the rule's threshold (strictly, as the brief words every rule). */
export function breaches(rule: AlertRule, value: number): boolean {
  return rule.comparison === 'greater_than' ? value > rule.threshold : value < rule.threshold;
}
