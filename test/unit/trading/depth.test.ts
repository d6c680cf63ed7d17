import { describe, expect, it } from 'vitest';
import { bookDepth, placeOrder } from '../../../shared/trading/index.js';
import { ammMarket, bookMarket, healthy, limit } from './support/fixtures.js';

describe('bookDepth', () => {
  it('aggregates remaining quantity by price, best first, per outcome and side', () => {
    let state = bookMarket({ A: 10_000, B: 10_000, C: 10_000 });
    state = healthy(placeOrder(state, limit('a0', 'A', 'buy', 'YES', 50, 5))).state;
    state = healthy(placeOrder(state, limit('b0', 'B', 'buy', 'NO', 50, 5))).state;
    state = healthy(placeOrder(state, limit('a1', 'A', 'buy', 'YES', 40, 3))).state;
    state = healthy(placeOrder(state, limit('c1', 'C', 'buy', 'YES', 45, 2))).state;
    state = healthy(placeOrder(state, limit('c2', 'C', 'buy', 'YES', 40, 4))).state;
    state = healthy(placeOrder(state, limit('a2', 'A', 'buy', 'NO', 50, 2))).state;
    state = healthy(placeOrder(state, limit('b1', 'B', 'sell', 'NO', 58, 1))).state;
    state = healthy(placeOrder(state, limit('a3', 'A', 'sell', 'YES', 90, 2))).state;

    expect(bookDepth(state)).toEqual({
      YES: {
        bids: [
          { price: 45, quantity: 2 },
          { price: 40, quantity: 7 },
        ],
        asks: [{ price: 90, quantity: 2 }],
      },
      NO: { bids: [{ price: 50, quantity: 2 }], asks: [{ price: 58, quantity: 1 }] },
    });
  });

  it('is empty for AMM markets', () => {
    const state = ammMarket({ Z: 100_000 }, { b: 10, creator: 'Z', outcomes: ['A', 'B', 'C'] });

    expect(bookDepth(state)).toEqual({ A: { bids: [], asks: [] }, B: { bids: [], asks: [] }, C: { bids: [], asks: [] } });
  });
});
