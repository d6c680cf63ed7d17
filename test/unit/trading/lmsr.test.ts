import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  NumericRangeError,
  lmsrBuyCost,
  lmsrCost,
  lmsrCostDelta,
  lmsrDisplayPrices,
  lmsrPrices,
  lmsrSellPayout,
  lmsrSubsidy,
} from '../../../shared/trading/index.js';

/** The textbook formula, fine for moderate q/b: the oracle the stable version must agree with. */
const naiveCost = (q: readonly number[], b: number) => b * Math.log(q.reduce((s, qi) => s + Math.exp(qi / b), 0));

const market = fc
  .record({ b: fc.integer({ min: 5, max: 2_000 }), n: fc.integer({ min: 2, max: 10 }) })
  .chain(({ b, n }) =>
    fc.record({
      b: fc.constant(b),
      q: fc.array(fc.integer({ min: 0, max: 20 * b }), { minLength: n, maxLength: n }),
      i: fc.nat({ max: n - 1 }),
      delta: fc.integer({ min: 1, max: 5 * b }),
    }),
  );

describe('LMSR closed form', () => {
  it('matches hand-computed values', () => {
    // 100·100·ln 2 = 6931.47…; buying 10 of 2 outcomes at b = 100: 100·100·ln((e^0.1 + 1)/2) = 512.49…
    expect(lmsrSubsidy(100, 2)).toBe(6_932);
    expect(lmsrSubsidy(10, 5)).toBe(1_610);
    expect(lmsrBuyCost([0, 0], 100, 0, 10)).toBe(513);
    expect(lmsrSellPayout([10, 0], 100, 0, 10)).toBe(512);
    expect(lmsrCost([0, 0, 0], 1)).toBeCloseTo(Math.log(3), 14);
    expect(lmsrPrices([0, 0], 50)).toEqual([50, 50]);
    expect(lmsrDisplayPrices([0, 0, 0], 7)).toEqual([34, 33, 33]);
  });

  it('agrees with the textbook formula where that one is accurate', () => {
    fc.assert(
      fc.property(market, ({ b, q, i, delta }) => {
        const after = q.map((qi, j) => (j === i ? qi + delta : qi));
        const exact = 100 * (naiveCost(after, b) - naiveCost(q, b));

        expect(lmsrCostDelta(q, b, i, delta) * 100).toBeCloseTo(exact, 6);
        expect(lmsrBuyCost(q, b, i, delta)).toBeGreaterThanOrEqual(exact - 1e-6);
        expect(lmsrBuyCost(q, b, i, delta)).toBeLessThan(exact + 1 + 1e-6);
      }),
      { numRuns: 300 },
    );
  });

  it('never lets a round trip make money: selling what was just bought pays at most its cost', () => {
    fc.assert(
      fc.property(market, ({ b, q, i, delta }) => {
        const cost = lmsrBuyCost(q, b, i, delta);
        const after = q.map((qi, j) => (j === i ? qi + delta : qi));

        expect(lmsrSellPayout(after, b, i, delta)).toBeLessThanOrEqual(cost);
      }),
      { numRuns: 300 },
    );
  });

  it('charges at least as much in two steps as in one (each step rounds up)', () => {
    fc.assert(
      fc.property(market, fc.integer({ min: 1, max: 100 }), ({ b, q, i, delta }, more) => {
        const mid = q.map((qi, j) => (j === i ? qi + delta : qi));
        const split = lmsrBuyCost(q, b, i, delta) + lmsrBuyCost(mid, b, i, more);

        expect(split).toBeGreaterThanOrEqual(lmsrBuyCost(q, b, i, delta + more));
      }),
      { numRuns: 200 },
    );
  });

  it('prices are a distribution: floats sum to 100, display prices are whole cents summing to exactly 100', () => {
    fc.assert(
      fc.property(market, ({ b, q }) => {
        const prices = lmsrPrices(q, b);
        const display = lmsrDisplayPrices(q, b);

        expect(prices.reduce((a, p) => a + p, 0)).toBeCloseTo(100, 9);
        expect(display.reduce((a, p) => a + p, 0)).toBe(100);
        display.forEach((p, j) => {
          expect(Number.isInteger(p)).toBe(true);
          expect(Math.abs(p - (prices[j] ?? 0))).toBeLessThan(1);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('LMSR numerical edge cases', () => {
  it('stays finite and correctly bounded when q/b is enormous', () => {
    const q = [1_000_000, 0, 3];

    // Outcome 0 is a near-certainty: a share costs 100 cents (the cent above where a double cannot tell).
    const sure = lmsrBuyCost(q, 1, 0, 5);
    expect(sure).toBeGreaterThanOrEqual(500);
    expect(sure).toBeLessThanOrEqual(501);
    // A near-impossible outcome still costs at least a cent to buy and pays nothing to sell.
    expect(lmsrBuyCost(q, 1, 1, 1)).toBe(1);
    expect(lmsrSellPayout(q, 1, 2, 3)).toBe(0);
    const payout = lmsrSellPayout(q, 1, 0, 5);
    expect(payout).toBeGreaterThanOrEqual(499);
    expect(payout).toBeLessThanOrEqual(500);
    expect(lmsrPrices(q, 1).map((p) => Math.round(p))).toEqual([100, 0, 0]);
    expect(Number.isFinite(lmsrCost([1e9, 1e9], 1e-3))).toBe(true);
  });

  it('buying past the leader crosses over without losing precision', () => {
    // From q = (0, 10 000) at b = 10, buying 20 000 of outcome 0: C goes from 10 000 + 10·ln(1 + e^-1000)
    // to 20 000 + 10·ln(1 + e^-1000), exactly 10 000 shares = 1 000 000 cents (the textbook formula overflows here).
    const cost = lmsrBuyCost([0, 10_000], 10, 0, 20_000);

    expect(cost).toBeGreaterThanOrEqual(1_000_000);
    expect(cost).toBeLessThanOrEqual(1_000_001);
    expect(Number.isFinite(naiveCost([20_000, 10_000], 10))).toBe(false);
  });

  it('refuses non-finite or non-positive inputs with a NumericRangeError', () => {
    expect(() => lmsrCost([0, Number.NaN], 10)).toThrow(NumericRangeError);
    expect(() => lmsrCost([0, 0], 0)).toThrow(NumericRangeError);
    expect(() => lmsrCost([0], 10)).toThrow(NumericRangeError);
    expect(() => lmsrBuyCost([0, 0], 10, 0, 0)).toThrow(NumericRangeError);
    expect(() => lmsrSellPayout([0, 0], 10, 0, -1)).toThrow(NumericRangeError);
    expect(() => lmsrBuyCost([0, 0], 10, 5, 1)).toThrow(NumericRangeError);
    expect(() => lmsrBuyCost([0, 0], 1e-300, 0, 1e300)).toThrow(NumericRangeError);
  });
});
