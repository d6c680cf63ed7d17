import { describe, expect, it } from 'vitest';
import { ALERT_RULES, alertRule, breaches } from '../../../shared/sre/alert-rules.js';
import { allowedBadRatio, BURN_RATE_POLICY, BURN_WINDOWS, REPORTED_BURN_WINDOWS, SLOS } from '../../../shared/sre/slos.js';

describe('SLO definitions', () => {
  it('hold the three objectives of the brief over 30 days', () => {
    const byId = Object.fromEntries(SLOS.map((slo) => [slo.id, slo]));

    expect(byId.availability).toMatchObject({ badEvent: 'server_error', objective: 'at_least', target: 0.999, windowDays: 30 });
    expect(byId.latency).toMatchObject({ badEvent: 'slow', latencyThresholdMs: 200, objective: 'at_least', target: 0.95, windowDays: 30 });
    expect(byId.error_rate).toMatchObject({ badEvent: 'server_error', objective: 'below', target: 0.005, windowDays: 30 });
    expect(SLOS).toHaveLength(3);
  });

  it('allow a bad share of 1 − target for at-least objectives and target for below objectives', () => {
    expect(SLOS.map((slo) => [slo.id, allowedBadRatio(slo)])).toEqual([
      ['availability', 0.001],
      ['latency', 0.05],
      ['error_rate', 0.005],
    ]);
  });

  it('burn-rate policy is the SRE workbook table: page 14.4×/1h/5m and 6×/6h/30m, ticket 3×/1d/2h and 1×/3d/6h', () => {
    expect(BURN_RATE_POLICY).toEqual([
      { severity: 'page', factor: 14.4, longWindow: '1h', shortWindow: '5m' },
      { severity: 'page', factor: 6, longWindow: '6h', shortWindow: '30m' },
      { severity: 'ticket', factor: 3, longWindow: '1d', shortWindow: '2h' },
      { severity: 'ticket', factor: 1, longWindow: '3d', shortWindow: '6h' },
    ]);
    const minutes = Object.fromEntries(Object.values(BURN_WINDOWS).map((w) => [w.label, w.minutes]));
    expect(minutes).toEqual({ '5m': 5, '30m': 30, '1h': 60, '2h': 120, '6h': 360, '1d': 1440, '3d': 4320 });
    expect(REPORTED_BURN_WINDOWS).toEqual(['1h', '6h', '3d']);
  });
});

describe('alert rules', () => {
  it('are the three rules of the brief with their thresholds, cooldowns and actions', () => {
    const summary = ALERT_RULES.map(({ id, metric, comparison, threshold, unit, periodSeconds, severity, cooldownSeconds, actions }) => ({
      id,
      metric,
      comparison,
      threshold,
      unit,
      periodSeconds,
      severity,
      cooldownSeconds,
      actions,
    }));

    expect(summary).toEqual([
      {
        id: 'high_error_rate',
        metric: 'server_errors_per_second',
        comparison: 'greater_than',
        threshold: 5,
        unit: 'count_per_second',
        periodSeconds: 60,
        severity: 'critical',
        cooldownSeconds: 300,
        actions: ['auto_scale', 'notify_oncall'],
      },
      {
        id: 'slow_response_times',
        metric: 'latency_p95_ms',
        comparison: 'greater_than',
        threshold: 2000,
        unit: 'milliseconds',
        periodSeconds: 300,
        severity: 'warning',
        cooldownSeconds: 900,
        actions: ['enable_circuit_breaker'],
      },
      {
        id: 'low_cache_performance',
        metric: 'cache_hit_ratio',
        comparison: 'less_than',
        threshold: 0.5,
        unit: 'ratio',
        periodSeconds: 300,
        severity: 'warning',
        cooldownSeconds: 1800,
        actions: ['warm_cache', 'investigate'],
      },
    ]);
  });

  it('periods are whole minutes, the size of a stored bucket', () => {
    for (const rule of ALERT_RULES) expect(rule.periodSeconds % 60).toBe(0);
  });

  it('breach strictly, as the brief words each condition', () => {
    expect(breaches(alertRule('high_error_rate'), 5)).toBe(false);
    expect(breaches(alertRule('high_error_rate'), 5.01)).toBe(true);
    expect(breaches(alertRule('low_cache_performance'), 0.5)).toBe(false);
    expect(breaches(alertRule('low_cache_performance'), 0.49)).toBe(true);
  });

  it('alertRule refuses an unknown id', () => {
    expect(() => alertRule('nope' as never)).toThrow(/Unknown alert rule/);
  });
});
