import { describe, expect, it } from 'vitest';
import { alertKey, bucketExpiresAt, hourKey, minuteKey } from '../../../shared/sre/bucket-keys.js';
import { evaluationEnd, statsOf } from '../../../shared/sre/evaluate.js';
import { emptyTotals } from '../../../shared/sre/totals.js';
import { totalsFrom, WORKED_EXAMPLE } from './fixtures.js';

const at = (iso: string) => Date.parse(iso);

describe('SRE item keys', () => {
  it('minute items: a day partition, sorted by hh:mm', () => {
    expect(minuteKey(at('2025-01-31T23:59:00Z'))).toEqual({ pk: 'SRE#M#2025-01-31', sk: '23:59' });
  });

  it('hour items: a month partition, sorted by ddThh', () => {
    expect(hourKey(at('2025-02-01T07:00:00Z'))).toEqual({ pk: 'SRE#H#2025-02', sk: '01T07' });
  });

  it('alert cooldown items: one per rule', () => {
    expect(alertKey('high_error_rate')).toEqual({ pk: 'SRE#ALERT#high_error_rate', sk: 'COOLDOWN' });
  });

  it('expire minute items 8 days and hour items 35 days after the bucket ends (epoch seconds)', () => {
    const start = at('2025-01-31T23:00:00Z');

    expect(bucketExpiresAt('minute', start)).toBe((start + 60_000 + 8 * 86_400_000) / 1000);
    expect(bucketExpiresAt('hour', start)).toBe((start + 3_600_000 + 35 * 86_400_000) / 1000);
  });
});

describe('evaluationEnd', () => {
  it('ends windows at the last minute that every container has flushed (10 s settle)', () => {
    expect(evaluationEnd(at('2025-01-31T12:00:09Z'))).toBe(at('2025-01-31T11:59:00Z'));
    expect(evaluationEnd(at('2025-01-31T12:00:10Z'))).toBe(at('2025-01-31T12:00:00Z'));
    expect(evaluationEnd(at('2025-01-31T12:00:10Z'), 0)).toBe(at('2025-01-31T12:00:00Z'));
  });
});

describe('statsOf', () => {
  it('gives rate, error rate and histogram percentiles of a window', () => {
    const from = at('2025-01-31T12:00:00Z');
    const stats = statsOf({ from, to: from + 5 * 60_000, totals: totalsFrom(WORKED_EXAMPLE) });

    expect(stats.requests).toBe(2000);
    expect(stats.requestsPerSecond).toBeCloseTo(2000 / 300, 12);
    expect(stats.errorRate).toBeCloseTo(0.0015, 12);
    expect(stats.clientErrors).toBe(20);
    expect(stats.latency).toEqual({
      meanMs: (1000 * 20 + 600 * 80 + 330 * 150 + 50 * 250 + 15 * 1500 + 5 * 6000) / 2000,
      p50Ms: 25,
      p95Ms: 200,
      p99Ms: 300,
    });
  });

  it('without requests: zero rate and null ratios, never NaN', () => {
    const stats = statsOf({ from: 0, to: 60_000, totals: emptyTotals() });

    expect(stats).toMatchObject({ requests: 0, requestsPerSecond: 0, errorRate: null });
    expect(stats.latency).toEqual({ meanMs: null, p50Ms: null, p95Ms: null, p99Ms: null });
  });
});
