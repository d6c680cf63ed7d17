import { breaches, type AlertRule } from './alert-rules.js';
import { latencyQuantileMs, type OutcomeTotals } from './totals.js';

/** Cache lookups over the rule's period, from the cache layer (it keeps its own counters). */
export interface CacheStats {
  hits: number;
  requests: number;
}

export type AlertStatus = 'firing' | 'ok' | 'no_data';

export interface AlertEvaluation {
  rule: AlertRule;
  /** In the rule's unit; null when the period had no requests (or no cache lookups). */
  value: number | null;
  firing: boolean;
  status: AlertStatus;
}

/**
 * One rule against the outcomes of its period. Server errors are 5xx answers; p95 is the upper
 * bound of the histogram bucket holding the 95th percentile, so a p95 in the 2000–5000 ms bucket
 * fires `slow_response_times` even at exactly 2000 ms (the cautious side).
 */
export function evaluateAlertRule(rule: AlertRule, period: OutcomeTotals, cache: CacheStats): AlertEvaluation {
  const value = valueOf(rule, period, cache);
  if (value === null) return { rule, value, firing: false, status: 'no_data' };
  const firing = breaches(rule, value);
  return { rule, value, firing, status: firing ? 'firing' : 'ok' };
}

function valueOf(rule: AlertRule, period: OutcomeTotals, cache: CacheStats): number | null {
  switch (rule.metric) {
    case 'server_errors_per_second':
      return period.requests === 0 ? null : period.serverErrors / rule.periodSeconds;
    case 'latency_p95_ms':
      return latencyQuantileMs(period, 0.95);
    case 'cache_hit_ratio':
      return cache.requests > 0 ? cache.hits / cache.requests : null;
  }
}
