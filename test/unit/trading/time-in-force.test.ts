import { describe, expect, it } from 'vitest';
import { bookDepth, placeOrder, type MarketState } from '../../../shared/trading/index.js';
import { bookMarket, healthy, holdings, limit, market } from './support/fixtures.js';

/** NO bids at 40 × 3 (effective 60) and 30 × 3 (effective 70) from M. */
function withNoBids(): MarketState {
  let state = bookMarket({ M: 5_000, T: 1_000 });
  state = healthy(placeOrder(state, limit('n40', 'M', 'buy', 'NO', 40, 3))).state;
  return healthy(placeOrder(state, limit('n30', 'M', 'buy', 'NO', 30, 3))).state;
}

describe('time in force', () => {
  it('GTC rests the remainder as partially filled, locking only remaining × price', () => {
    const result = healthy(placeOrder(withNoBids(), limit('t', 'T', 'buy', 'YES', 65, 5)));

    expect(result.order).toMatchObject({ status: 'partially_filled', filledQuantity: 3 });
    expect(holdings(result.state, 'T')).toEqual({ available: 1_000 - 180 - 130, locked: 130, YES: 3, NO: 0 });
    expect(bookDepth(result.state)['YES']?.bids).toEqual([{ price: 65, quantity: 2 }]);
  });

  it('IOC fills what it can now and refunds the rest at once', () => {
    const result = healthy(placeOrder(withNoBids(), limit('t', 'T', 'buy', 'YES', 65, 5, 'IOC')));

    expect(result.order).toMatchObject({ status: 'cancelled', filledQuantity: 3 });
    expect(holdings(result.state, 'T')).toEqual({ available: 820, locked: 0, YES: 3, NO: 0 });
    expect(bookDepth(result.state)['YES']?.bids).toEqual([]);
  });

  it('IOC with nothing to match ends cancelled with nothing locked', () => {
    const result = healthy(placeOrder(withNoBids(), limit('t', 'T', 'buy', 'YES', 50, 5, 'IOC')));

    expect(result.order).toMatchObject({ status: 'cancelled', filledQuantity: 0 });
    expect(holdings(result.state, 'T')).toEqual({ available: 1_000, locked: 0, YES: 0, NO: 0 });
  });

  it('FOK fills completely when it can', () => {
    const result = healthy(placeOrder(withNoBids(), limit('t', 'T', 'buy', 'YES', 70, 6, 'FOK')));

    expect(result.order).toMatchObject({ status: 'filled', filledQuantity: 6 });
    expect(result.fills.map((f) => [f.price, f.quantity])).toEqual([
      [60, 3],
      [70, 3],
    ]);
  });

  it('FOK that cannot fill completely is rejected and changes nothing, not even self-trade cancels', () => {
    let state = withNoBids();
    state = healthy(placeOrder(state, limit('own', 'T', 'buy', 'NO', 35, 1))).state;

    const result = placeOrder(state, limit('t', 'T', 'buy', 'YES', 65, 5, 'FOK'));

    expect(result.order).toMatchObject({ status: 'rejected', rejectReason: 'fill_or_kill', filledQuantity: 0 });
    expect(result.state).toBe(state);
    expect({ fills: result.fills, cancelled: result.cancelled, entries: result.entries }).toEqual({ fills: [], cancelled: [], entries: [] });
  });
});

describe('market orders', () => {
  it('buy walks the book up to its quantity and locks only maxCost', () => {
    const result = healthy(placeOrder(withNoBids(), market('t', 'T', 'buy', 'YES', 4, { maxCost: 500 })));

    expect(result.order).toMatchObject({ status: 'filled', filledQuantity: 4, price: null, type: 'market', timeInForce: 'IOC' });
    expect(result.entries[0]).toMatchObject({ reason: 'order_lock', amount: 500 });
    expect(holdings(result.state, 'T')).toEqual({ available: 1_000 - 180 - 70, locked: 0, YES: 4, NO: 0 });
  });

  it('buy stops where maxCost runs out and refunds the rest', () => {
    const result = healthy(placeOrder(withNoBids(), market('t', 'T', 'buy', 'YES', 6, { maxCost: 300 })));

    // 3 × 60 = 180, then 120 buys one share at 70 (50 is left over, refunded).
    expect(result.fills.map((f) => [f.price, f.quantity])).toEqual([
      [60, 3],
      [70, 1],
    ]);
    expect(result.order).toMatchObject({ status: 'cancelled', filledQuantity: 4 });
    expect(holdings(result.state, 'T')).toEqual({ available: 750, locked: 0, YES: 4, NO: 0 });
  });

  it('buy without maxCost locks the worst case (99 a share) and is rejected when that is unaffordable', () => {
    const state = withNoBids();

    const result = placeOrder(state, market('t', 'T', 'buy', 'YES', 11));

    expect(result.order).toMatchObject({ status: 'rejected', rejectReason: 'insufficient_funds' });
    expect(result.state).toBe(state);
  });

  it('sell takes any price down to 1', () => {
    let state = bookMarket({ A: 5_000, B: 5_000, C: 5_000 });
    state = healthy(placeOrder(state, limit('a0', 'A', 'buy', 'YES', 50, 2))).state;
    state = healthy(placeOrder(state, limit('b0', 'B', 'buy', 'NO', 50, 2))).state;
    state = healthy(placeOrder(state, limit('cheap', 'C', 'buy', 'YES', 2, 1))).state;

    const result = healthy(placeOrder(state, market('t', 'A', 'sell', 'YES', 2)));

    expect(result.fills.map((f) => [f.makerOrderId, f.price, f.quantity])).toEqual([['cheap', 2, 1]]);
    expect(result.order).toMatchObject({ status: 'cancelled', filledQuantity: 1 });
    expect(result.state.positions['A']?.['YES']).toEqual({ shares: 1, lockedShares: 0 });
  });

  it('FOK market buy is all or nothing within maxCost', () => {
    const state = withNoBids();

    const result = placeOrder(state, market('t', 'T', 'buy', 'YES', 5, { maxCost: 300, timeInForce: 'FOK' }));

    expect(result.order).toMatchObject({ status: 'rejected', rejectReason: 'fill_or_kill' });
    expect(result.state).toBe(state);
  });
});
