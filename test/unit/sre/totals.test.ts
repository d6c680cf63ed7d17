import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addOutcome,
  addTotals,
  bucketOf,
  countBelow,
  emptyTotals,
  HISTOGRAM_ATTRIBUTES,
  LATENCY_BOUNDS_MS,
  latencyQuantileMs,
  type OutcomeTotals,
} from '../../../shared/sre/totals.js';

function totalsOf(outcomes: [status: number, latencyMs: number][]): OutcomeTotals {
  const totals = emptyTotals();
  for (const [status, latency] of outcomes) addOutcome(totals, status, latency);
  return totals;
}

/** The upper bound of the bucket a latency falls in, worked out without the histogram code. */
function naiveBound(latency: number): number {
  for (const bound of [25, 50, 100, 200, 300, 500, 1000, 2000, 5000]) if (latency < bound) return bound;
  return 5000;
}

describe('latency histogram', () => {
  it('has the bounds of the brief, including 200 ms and 2000 ms, plus an open last bucket', () => {
    expect(LATENCY_BOUNDS_MS).toEqual([25, 50, 100, 200, 300, 500, 1000, 2000, 5000]);
    expect(HISTOGRAM_ATTRIBUTES).toEqual(['lt25', 'lt50', 'lt100', 'lt200', 'lt300', 'lt500', 'lt1000', 'lt2000', 'lt5000', 'ltInf']);
  });

  it('puts a latency in the first bucket whose bound is above it (bounds are exclusive)', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(199.9)).toBe(3);
    expect(bucketOf(200)).toBe(4);
    expect(bucketOf(1999)).toBe(7);
    expect(bucketOf(2000)).toBe(8);
    expect(bucketOf(5000)).toBe(9);
    expect(bucketOf(-3)).toBe(0);
    expect(bucketOf(Number.NaN)).toBe(0);
  });

  it('counts 5xx as server errors and 4xx as client errors, everything as a request', () => {
    const totals = totalsOf([[200, 10], [404, 10], [499, 10], [500, 10], [599, 10], [302, 10], [600, 10]]);

    expect(totals).toMatchObject({ requests: 7, serverErrors: 2, clientErrors: 2, latencySumMs: 70 });
  });

  it('p50/p95/p99 are the upper bounds of the buckets holding the nearest-rank request', () => {
    // 1000 × 20 ms, 600 × 80 ms, 330 × 150 ms, 50 × 250 ms, 15 × 1500 ms, 5 × 6000 ms.
    const totals = emptyTotals();
    totals.histogram = [1000, 0, 600, 330, 50, 0, 0, 15, 0, 5];
    totals.requests = 2000;

    expect(latencyQuantileMs(totals, 0.5)).toBe(25); // rank 1000
    expect(latencyQuantileMs(totals, 0.95)).toBe(200); // rank 1900
    expect(latencyQuantileMs(totals, 0.99)).toBe(300); // rank 1980
    expect(latencyQuantileMs(totals, 0.995)).toBe(2000); // rank 1990
    expect(latencyQuantileMs(totals, 0.999)).toBe(5000); // rank 1998, open bucket: "at least 5000"
    expect(countBelow(totals, 200)).toBe(1930);
    expect(countBelow(totals, 2000)).toBe(1995);
  });

  it('has no quantile without requests, and refuses a threshold that is not a bound', () => {
    expect(latencyQuantileMs(emptyTotals(), 0.95)).toBeNull();
    expect(() => countBelow(emptyTotals(), 150)).toThrow(RangeError);
  });

  it('property: counts and quantiles equal a naive recount of any multiset of outcomes', () => {
    const status = fc.constantFrom(200, 201, 204, 302, 400, 401, 404, 429, 499, 500, 502, 503, 599);
    const latency = fc.oneof(
      fc.constantFrom(0, 24.99, 25, 199.999, 200, 1999, 2000, 4999, 5000, 60_000),
      fc.double({ min: 0, max: 10_000, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(status, latency), { maxLength: 300 }), fc.integer({ min: 0, max: 300 }), (outcomes, split) => {
        // Summing two halves must give what one pass gives: the recorder and reader rely on it.
        const totals = totalsOf(outcomes.slice(0, split));
        addTotals(totals, totalsOf(outcomes.slice(split)));

        expect(totals.requests).toBe(outcomes.length);
        expect(totals.serverErrors).toBe(outcomes.filter(([s]) => s >= 500 && s <= 599).length);
        expect(totals.clientErrors).toBe(outcomes.filter(([s]) => s >= 400 && s <= 499).length);
        expect(countBelow(totals, 200)).toBe(outcomes.filter(([, ms]) => ms < 200).length);
        expect(countBelow(totals, 2000)).toBe(outcomes.filter(([, ms]) => ms < 2000).length);
        expect(totals.latencySumMs).toBe(outcomes.reduce((sum, [, ms]) => sum + Math.round(ms), 0));
        const sorted = outcomes.map(([, ms]) => ms).sort((a, b) => a - b);
        for (const percent of [50, 95, 99]) {
          const rank = Math.max(1, Math.ceil((percent * sorted.length) / 100));
          const expected = sorted.length === 0 ? null : naiveBound(sorted[rank - 1] as number);
          expect(latencyQuantileMs(totals, percent / 100)).toBe(expected);
        }
      }),
      { numRuns: 200 },
    );
  });
});
