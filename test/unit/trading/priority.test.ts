import { describe, expect, it } from 'vitest';
import { placeOrder } from '../../../shared/trading/index.js';
import { bookMarket, healthy, holdings, limit } from './support/fixtures.js';

const fillsOf = (fills: readonly { makerOrderId: string | null; price: number; quantity: number; kind: string }[]) =>
  fills.map((f) => [f.makerOrderId, f.kind, f.price, f.quantity]);

describe('price-time priority', () => {
  it('fills the best price first, then the oldest order at a price', () => {
    let state = bookMarket({ A: 5_000, B: 5_000, C: 5_000, T: 5_000 });
    state = healthy(placeOrder(state, limit('a', 'A', 'buy', 'NO', 40, 2))).state;
    state = healthy(placeOrder(state, limit('b', 'B', 'buy', 'NO', 45, 2))).state;
    state = healthy(placeOrder(state, limit('c', 'C', 'buy', 'NO', 45, 2))).state;

    const result = healthy(placeOrder(state, limit('t', 'T', 'buy', 'YES', 60, 5)));

    expect(fillsOf(result.fills)).toEqual([
      ['b', 'mint', 55, 2],
      ['c', 'mint', 55, 2],
      ['a', 'mint', 60, 1],
    ]);
    expect(result.state.book['NO']?.bids.map((o) => [o.id, o.quantity - o.filledQuantity])).toEqual([['a', 1]]);
  });

  it('walks both books by effective price: an ask at 52 beats a NO bid at 47 (effective 53)', () => {
    let state = bookMarket({ H: 5_000, N: 5_000, B: 5_000, T: 5_000 });
    state = healthy(placeOrder(state, limit('h0', 'H', 'buy', 'YES', 50, 5))).state;
    state = healthy(placeOrder(state, limit('n0', 'N', 'buy', 'NO', 50, 5))).state;
    state = healthy(placeOrder(state, limit('nb', 'B', 'buy', 'NO', 47, 3))).state;
    state = healthy(placeOrder(state, limit('ya', 'H', 'sell', 'YES', 52, 3))).state;

    const result = healthy(placeOrder(state, limit('t', 'T', 'buy', 'YES', 53, 5)));

    expect(fillsOf(result.fills)).toEqual([
      ['ya', 'transfer', 52, 3],
      ['nb', 'mint', 53, 2],
    ]);
  });

  it('breaks an effective-price tie across the two books by time', () => {
    let state = bookMarket({ H: 5_000, N: 5_000, B: 5_000, T: 5_000 });
    state = healthy(placeOrder(state, limit('h0', 'H', 'buy', 'YES', 50, 5))).state;
    state = healthy(placeOrder(state, limit('n0', 'N', 'buy', 'NO', 50, 5))).state;
    // The NO bid at 45 (effective 55) is older than the YES ask at 55.
    state = healthy(placeOrder(state, limit('nb', 'B', 'buy', 'NO', 45, 2))).state;
    state = healthy(placeOrder(state, limit('ya', 'H', 'sell', 'YES', 55, 2))).state;

    const result = healthy(placeOrder(state, limit('t', 'T', 'buy', 'YES', 55, 3)));

    expect(fillsOf(result.fills)).toEqual([
      ['nb', 'mint', 55, 2],
      ['ya', 'transfer', 55, 1],
    ]);
  });

  it('for sells, takes the highest effective price first', () => {
    let state = bookMarket({ H: 5_000, N: 5_000, B: 5_000 });
    state = healthy(placeOrder(state, limit('h0', 'H', 'buy', 'YES', 50, 5))).state;
    state = healthy(placeOrder(state, limit('n0', 'N', 'buy', 'NO', 50, 5))).state;
    state = healthy(placeOrder(state, limit('yb', 'B', 'buy', 'YES', 44, 2))).state;
    // A NO ask at 40 means 60 for a YES seller: better than the YES bid at 44.
    state = healthy(placeOrder(state, limit('na', 'N', 'sell', 'NO', 40, 2))).state;

    const result = healthy(placeOrder(state, limit('t', 'H', 'sell', 'YES', 30, 3)));

    expect(fillsOf(result.fills)).toEqual([
      ['na', 'merge', 60, 2],
      ['yb', 'transfer', 44, 1],
    ]);
  });
});

describe('self-trade prevention', () => {
  it('cancels the taker’s own resting order, releases its lock and keeps matching', () => {
    let state = bookMarket({ A: 5_000, B: 5_000 });
    state = healthy(placeOrder(state, limit('own', 'A', 'buy', 'NO', 48, 5))).state;
    state = healthy(placeOrder(state, limit('other', 'B', 'buy', 'NO', 45, 5))).state;

    const result = healthy(placeOrder(state, limit('t', 'A', 'buy', 'YES', 60, 3)));

    expect(result.cancelled.map((o) => [o.id, o.status])).toEqual([['own', 'cancelled']]);
    expect(fillsOf(result.fills)).toEqual([['other', 'mint', 55, 3]]);
    expect(holdings(result.state, 'A')).toEqual({ available: 5_000 - 165, locked: 0, YES: 3, NO: 0 });
    expect(result.orders.map((o) => o.id).sort()).toEqual(['other', 'own', 't']);
  });

  it('cancels a resting sell of the taker’s own and gives the shares back', () => {
    let state = bookMarket({ A: 5_000, B: 5_000 });
    state = healthy(placeOrder(state, limit('a0', 'A', 'buy', 'YES', 50, 4))).state;
    state = healthy(placeOrder(state, limit('b0', 'B', 'buy', 'NO', 50, 4))).state;
    state = healthy(placeOrder(state, limit('ask', 'A', 'sell', 'YES', 55, 4))).state;

    const result = healthy(placeOrder(state, limit('t', 'A', 'buy', 'YES', 56, 1)));

    expect(result.cancelled.map((o) => o.id)).toEqual(['ask']);
    expect(result.state.positions['A']?.['YES']).toEqual({ shares: 4, lockedShares: 0 });
    expect(result.order.status).toBe('open');
  });
});
