import { describe, expect, it } from 'vitest';
import { evaluateAlertRule } from '../../../shared/sre/alert-evaluation.js';
import { alertRule } from '../../../shared/sre/alert-rules.js';
import { emptyTotals } from '../../../shared/sre/totals.js';
import { totalsFrom } from './fixtures.js';

const noCache = { hits: 0, requests: 0 };

describe('evaluateAlertRule', () => {
  const errors = alertRule('high_error_rate');

  it('high_error_rate: 300 server errors in 60 s is 5/s and does not fire; 301 does', () => {
    const at300 = evaluateAlertRule(errors, totalsFrom([[300, 500, 10], [700, 200, 10]]), noCache);
    const at301 = evaluateAlertRule(errors, totalsFrom([[301, 503, 10], [699, 200, 10]]), noCache);

    expect(at300).toMatchObject({ value: 5, firing: false, status: 'ok' });
    expect(at301.value).toBeCloseTo(301 / 60, 12);
    expect(at301).toMatchObject({ firing: true, status: 'firing' });
  });

  it('high_error_rate counts only 5xx, not 4xx', () => {
    const result = evaluateAlertRule(errors, totalsFrom([[1000, 429, 10]]), noCache);

    expect(result).toMatchObject({ value: 0, firing: false });
  });

  describe('slow_response_times', () => {
    const slow = alertRule('slow_response_times');

    it('does not fire while the 95th percentile request is under 2000 ms', () => {
      const result = evaluateAlertRule(slow, totalsFrom([[95, 200, 1999], [5, 200, 9000]]), noCache);

      expect(result).toMatchObject({ value: 2000, firing: false });
    });

    it('fires once the 95th percentile request takes 2000 ms or more', () => {
      const result = evaluateAlertRule(slow, totalsFrom([[94, 200, 100], [6, 200, 2000]]), noCache);

      expect(result).toMatchObject({ value: 5000, firing: true });
    });
  });

  describe('low_cache_performance', () => {
    const cache = alertRule('low_cache_performance');

    it('fires under 50 % hits and not at 50 %', () => {
      expect(evaluateAlertRule(cache, emptyTotals(), { hits: 49, requests: 100 })).toMatchObject({ value: 0.49, firing: true });
      expect(evaluateAlertRule(cache, emptyTotals(), { hits: 50, requests: 100 })).toMatchObject({ value: 0.5, firing: false });
    });
  });

  it('every rule says no_data, without firing, when there was nothing to measure', () => {
    for (const id of ['high_error_rate', 'slow_response_times', 'low_cache_performance'] as const) {
      expect(evaluateAlertRule(alertRule(id), emptyTotals(), noCache)).toMatchObject({ value: null, firing: false, status: 'no_data' });
    }
  });
});
