import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeOrder, takerFee } from '../../../shared/trading/index.js';
import { ceilDiv, maxAffordable, takerBuyCost } from '../../../shared/trading/fees.js';
import { bookMarket, healthy, holdings, limit, market } from './support/fixtures.js';

describe('fee arithmetic', () => {
  it('ceilDiv is the exact ceiling', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 50 }), fc.integer({ min: 1, max: 1_000_000 }), (a, b) => {
        const q = ceilDiv(a, b);
        expect(BigInt(q)).toBe((BigInt(a) + BigInt(b) - 1n) / BigInt(b));
      }),
    );
  });

  it('rounds the taker fee up: 1.5 % of 180 cents is 2.7, charged as 3', () => {
    expect(takerFee(180, 150)).toBe(3);
    expect(takerFee(200, 150)).toBe(3);
    expect(takerFee(1, 1)).toBe(1);
    expect(takerFee(1_000, 0)).toBe(0);
  });

  it('maxAffordable is the largest quantity whose cost with fee fits the budget', () => {
    fc.assert(
      fc.property(fc.nat({ max: 100_000 }), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 2_000 }), (budget, price, bps) => {
        const k = maxAffordable(budget, price, bps, 1_000_000);
        expect(takerBuyCost(price, k, bps)).toBeLessThanOrEqual(budget);
        expect(takerBuyCost(price, k + 1, bps)).toBeGreaterThan(budget);
      }),
    );
  });
});

describe('taker fees on fills', () => {
  it('charges the taker of a mint, rounded up, and the maker nothing', () => {
    let state = bookMarket({ M: 1_000, T: 1_000 }, 150);
    state = healthy(placeOrder(state, limit('m', 'M', 'buy', 'NO', 40, 5))).state;

    const result = healthy(placeOrder(state, limit('t', 'T', 'buy', 'YES', 60, 3)));

    expect(result.fills[0]).toMatchObject({ amount: 180, fee: 3 });
    expect(result.state.fees).toBe(3);
    expect(holdings(result.state, 'T')).toEqual({ available: 1_000 - 183, locked: 0, YES: 3, NO: 0 });
    expect(holdings(result.state, 'M')).toEqual({ available: 800, locked: 80, YES: 0, NO: 3 });
    expect(result.entries.filter((e) => e.reason === 'taker_fee')).toEqual([
      { sequence: result.state.sequence, debit: 'platform:fees', credit: 'user:T:locked', amount: 3, reason: 'taker_fee', ref: 't' },
    ]);
  });

  it('locks the fee cap with a buy and releases it when the order rests', () => {
    const state = bookMarket({ T: 1_000 }, 150);

    const result = healthy(placeOrder(state, limit('t', 'T', 'buy', 'YES', 60, 10)));

    // Lock is 10 × (60 + ⌈0.9⌉) = 610; resting, the order keeps 600.
    expect(result.entries.map((e) => [e.reason, e.amount])).toEqual([
      ['order_lock', 610],
      ['order_release', 10],
    ]);
    expect(holdings(result.state, 'T')).toMatchObject({ available: 400, locked: 600 });
  });

  it('takes a seller’s fee from the proceeds', () => {
    let state = bookMarket({ A: 1_000, B: 1_000, C: 1_000 }, 1_000);
    state = healthy(placeOrder(state, limit('a', 'A', 'buy', 'YES', 50, 2))).state;
    state = healthy(placeOrder(state, limit('b', 'B', 'buy', 'NO', 50, 2))).state;
    state = healthy(placeOrder(state, limit('c', 'C', 'buy', 'YES', 55, 2))).state;
    const before = holdings(state, 'A').available ?? 0;

    const result = healthy(placeOrder(state, limit('s', 'A', 'sell', 'YES', 50, 2)));

    expect(result.fills[0]).toMatchObject({ kind: 'transfer', amount: 110, fee: 11 });
    expect(holdings(result.state, 'A').available).toBe(before + 110 - 11);
  });

  it('counts the fee inside a market buy’s maxCost', () => {
    let state = bookMarket({ M: 1_000, T: 1_000 }, 1_000);
    state = healthy(placeOrder(state, limit('m', 'M', 'buy', 'NO', 50, 10))).state;

    const result = healthy(placeOrder(state, market('t', 'T', 'buy', 'YES', 10, { maxCost: 200 })));

    // Each share costs 50 + 10 % fee: 3 shares = 150 + 15 = 165 ≤ 200, 4 would be 220.
    expect(result.fills[0]).toMatchObject({ quantity: 3, amount: 150, fee: 15 });
    expect(holdings(result.state, 'T').available).toBe(1_000 - 165);
  });
});
