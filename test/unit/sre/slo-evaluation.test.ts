import { describe, expect, it } from 'vitest';
import { evaluateSlo } from '../../../shared/sre/slo-evaluation.js';
import { SLOS, type SloId } from '../../../shared/sre/slos.js';
import { emptyTotals } from '../../../shared/sre/totals.js';
import { sameInEveryWindow, totalsFrom, WORKED_EXAMPLE } from './fixtures.js';

const slo = (id: SloId) => SLOS.find((candidate) => candidate.id === id)!;
const PRECISION = 12;

describe('evaluateSlo', () => {
  describe('the worked example: 2000 requests, 3 server errors, 1930 under 200 ms', () => {
    const totals = totalsFrom(WORKED_EXAMPLE);
    const windows = sameInEveryWindow(totals);

    it('availability is 1 − 3/2000 and its budget (2 errors) is overspent: breached', () => {
      const result = evaluateSlo(slo('availability'), totals, windows);

      expect(result.current).toBeCloseTo(1 - 3 / 2000, PRECISION);
      expect(result.badRequests).toBe(3);
      expect(result.errorBudgetConsumed).toBeCloseTo(3 / (0.001 * 2000), PRECISION); // 1.5
      expect(result.errorBudgetRemaining).toBe(0);
      expect(result.status).toBe('breached');
      expect(result.burnRates['1h']).toBeCloseTo(0.0015 / 0.001, PRECISION);
      expect(result.burnRates['6h']).toBeCloseTo(1.5, PRECISION);
      expect(result.burnRates['3d']).toBeCloseTo(1.5, PRECISION);
    });

    it('error rate is 0.15 %, 30 % of its budget spent: met', () => {
      const result = evaluateSlo(slo('error_rate'), totals, windows);

      expect(result.current).toBeCloseTo(0.0015, PRECISION);
      expect(result.errorBudgetConsumed).toBeCloseTo(3 / (0.005 * 2000), PRECISION);
      expect(result.errorBudgetRemaining).toBeCloseTo(0.7, PRECISION);
      expect(result.burnRates['1h']).toBeCloseTo(0.3, PRECISION);
      expect(result.status).toBe('met');
    });

    it('latency share is 1930/2000, 70 of 100 allowed slow requests spent: met', () => {
      const result = evaluateSlo(slo('latency'), totals, windows);

      expect(result.current).toBeCloseTo(1930 / 2000, PRECISION);
      expect(result.badRequests).toBe(70);
      expect(result.errorBudgetRemaining).toBeCloseTo(1 - 70 / 100, PRECISION);
      expect(result.burnRates['6h']).toBeCloseTo(70 / 2000 / 0.05, PRECISION);
      expect(result.status).toBe('met');
    });

    it('the 3d ticket alert (1×) fires for availability, nothing else does', () => {
      const result = evaluateSlo(slo('availability'), totals, windows);

      expect(result.burnAlerts.map((alert) => [alert.longWindow, alert.firing])).toEqual([
        ['1h', false],
        ['6h', false],
        ['1d', false],
        ['3d', true],
      ]);
    });
  });

  it('a target met exactly is met (2 server errors in 2000 = 99.9 %)', () => {
    const totals = totalsFrom([[1998, 200, 10], [2, 500, 10]]);

    const result = evaluateSlo(slo('availability'), totals, sameInEveryWindow(emptyTotals()));

    expect(result.errorBudgetRemaining).toBeCloseTo(0, PRECISION);
    expect(result.status).not.toBe('breached');
  });

  it('an error rate exactly at 0.5 % is breached: the objective is strictly below', () => {
    const totals = totalsFrom([[1990, 200, 10], [10, 500, 10]]);

    expect(evaluateSlo(slo('error_rate'), totals, sameInEveryWindow(emptyTotals())).status).toBe('breached');
  });

  it('is at_risk when under a quarter of the budget is left', () => {
    const totals = totalsFrom([[1920, 200, 10], [80, 200, 250]]); // 80 of 100 slow requests spent

    const result = evaluateSlo(slo('latency'), totals, sameInEveryWindow(emptyTotals()));

    expect(result.errorBudgetRemaining).toBeCloseTo(0.2, PRECISION);
    expect(result.status).toBe('at_risk');
  });

  it('is at_risk when a page burn alert fires although the 30-day budget is healthy', () => {
    const month = totalsFrom([[99_990, 200, 10], [10, 500, 10]]); // 10 % of the budget
    const burning = totalsFrom([[980, 200, 10], [20, 500, 10]]); // 2 % errors: burn 20×
    const windows = { ...sameInEveryWindow(emptyTotals()), '1h': burning, '5m': burning };

    const result = evaluateSlo(slo('availability'), month, windows);

    expect(result.errorBudgetRemaining).toBeCloseTo(0.9, PRECISION);
    expect(result.burnAlerts[0]).toMatchObject({ severity: 'page', factor: 14.4, firing: true });
    expect(result.status).toBe('at_risk');
  });

  it('a burn alert needs both windows: a burning long window alone does not fire', () => {
    const burning = totalsFrom([[980, 200, 10], [20, 500, 10]]);
    const windows = { ...sameInEveryWindow(totalsFrom([[100, 200, 10]])), '1h': burning };

    const result = evaluateSlo(slo('availability'), totalsFrom([[100_000, 200, 10]]), windows);

    expect(result.burnAlerts[0]?.firing).toBe(false);
    expect(result.status).toBe('met');
  });

  it('without requests says no_data and divides by nothing', () => {
    for (const definition of SLOS) {
      const result = evaluateSlo(definition, emptyTotals(), sameInEveryWindow(emptyTotals()));

      expect(result).toMatchObject({ current: null, errorBudgetConsumed: null, errorBudgetRemaining: null, status: 'no_data', requests: 0 });
      expect(Object.values(result.burnRates).every((rate) => rate === null)).toBe(true);
      expect(result.burnAlerts.some((alert) => alert.firing)).toBe(false);
    }
  });
});
