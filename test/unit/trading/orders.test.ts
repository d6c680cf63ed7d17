import { describe, expect, it } from 'vitest';
import {
  DuplicateOrderError,
  InvalidOrderError,
  MarketPhaseError,
  OrderNotFoundError,
  UnknownOutcomeError,
  UnknownUserError,
  bookDepth,
  cancelAllOrders,
  cancelOrder,
  placeOrder,
  resolveMarket,
  type PlaceOrderInput,
} from '../../../shared/trading/index.js';
import { bookMarket, healthy, holdings, limit, market } from './support/fixtures.js';

describe('cancelling', () => {
  it('cancels one resting buy and releases exactly its remaining lock', () => {
    let state = bookMarket({ A: 1_000, B: 1_000 });
    state = healthy(placeOrder(state, limit('a', 'A', 'buy', 'YES', 60, 5))).state;
    state = healthy(placeOrder(state, limit('b', 'B', 'buy', 'NO', 40, 2))).state;

    const result = healthy(cancelOrder(state, { orderId: 'a', userId: 'A' }));

    expect(result.cancelled).toMatchObject([{ id: 'a', status: 'cancelled', filledQuantity: 2 }]);
    expect(result.entries.map((e) => [e.reason, e.debit, e.credit, e.amount])).toEqual([['order_release', 'user:A:available', 'user:A:locked', 180]]);
    expect(holdings(result.state, 'A')).toEqual({ available: 880, locked: 0, YES: 2, NO: 0 });
    expect(result.state.sequence).toBe(state.sequence + 1);
  });

  it('treats someone else’s order, or an unknown one, as not found', () => {
    let state = bookMarket({ A: 1_000, B: 1_000 });
    state = healthy(placeOrder(state, limit('a', 'A', 'buy', 'YES', 60, 5))).state;

    expect(() => cancelOrder(state, { orderId: 'a', userId: 'B' })).toThrow(OrderNotFoundError);
    expect(() => cancelOrder(state, { orderId: 'zzz', userId: 'A' })).toThrow(OrderNotFoundError);
  });

  it('cancels all of a user’s orders, on both sides and outcomes, and no one else’s', () => {
    let state = bookMarket({ A: 2_000, B: 2_000 });
    state = healthy(placeOrder(state, limit('x', 'A', 'buy', 'YES', 50, 4))).state;
    state = healthy(placeOrder(state, limit('y', 'B', 'buy', 'NO', 50, 4))).state;
    state = healthy(placeOrder(state, limit('a1', 'A', 'buy', 'YES', 30, 2))).state;
    state = healthy(placeOrder(state, limit('a2', 'A', 'sell', 'YES', 80, 3))).state;
    state = healthy(placeOrder(state, limit('a3', 'A', 'buy', 'NO', 20, 1))).state;
    state = healthy(placeOrder(state, limit('b1', 'B', 'buy', 'NO', 10, 1))).state;

    const result = healthy(cancelAllOrders(state, 'A'));

    expect(result.cancelled.map((o) => o.id).sort()).toEqual(['a1', 'a2', 'a3']);
    expect(holdings(result.state, 'A')).toEqual({ available: 1_800, locked: 0, YES: 4, NO: 0 });
    expect(result.state.positions['A']?.['YES']).toEqual({ shares: 4, lockedShares: 0 });
    expect(bookDepth(result.state)['NO']?.bids).toEqual([{ price: 10, quantity: 1 }]);
  });

  it('cancel-all with nothing resting returns the same state', () => {
    const state = bookMarket({ A: 1_000 });

    const result = cancelAllOrders(state, 'A');

    expect(result.state).toBe(state);
    expect(result.cancelled).toEqual([]);
  });
});

describe('rejections change nothing', () => {
  it('rejects a buy whose lock exceeds available cash', () => {
    const state = bookMarket({ A: 299 });

    const result = placeOrder(state, limit('a', 'A', 'buy', 'YES', 60, 5));

    expect(result.order).toMatchObject({ status: 'rejected', rejectReason: 'insufficient_funds', filledQuantity: 0 });
    expect(result.state).toBe(state);
    expect(result.entries).toEqual([]);
  });

  it('rejects a sell of shares the user does not hold free (locked shares do not count)', () => {
    let state = bookMarket({ A: 1_000, B: 1_000 });
    state = healthy(placeOrder(state, limit('a', 'A', 'buy', 'YES', 50, 3))).state;
    state = healthy(placeOrder(state, limit('b', 'B', 'buy', 'NO', 50, 3))).state;
    state = healthy(placeOrder(state, limit('s1', 'A', 'sell', 'YES', 90, 2))).state;

    const result = placeOrder(state, limit('s2', 'A', 'sell', 'YES', 90, 2));

    expect(result.order).toMatchObject({ status: 'rejected', rejectReason: 'insufficient_shares' });
    expect(result.state).toBe(state);
  });

  it('never mutates the state it is given', () => {
    let state = bookMarket({ A: 1_000, B: 1_000 });
    state = healthy(placeOrder(state, limit('a', 'A', 'buy', 'YES', 50, 3))).state;
    const snapshot = structuredClone(state);

    placeOrder(state, limit('b', 'B', 'buy', 'NO', 50, 2));
    cancelOrder(state, { orderId: 'a', userId: 'A' });
    resolveMarket(state, 'YES');

    expect(state).toEqual(snapshot);
  });
});

describe('invalid orders throw', () => {
  const state = bookMarket({ A: 1_000 });
  const base = limit('a', 'A', 'buy', 'YES', 50, 1);

  it.each<[string, Partial<PlaceOrderInput>]>([
    ['price 0', { price: 0 }],
    ['price 100', { price: 100 }],
    ['a fractional price', { price: 50.5 }],
    ['a missing limit price', { price: null }],
    ['quantity 0', { quantity: 0 }],
    ['a fractional quantity', { quantity: 1.5 }],
    ['maxCost on a limit order', { maxCost: 100 }],
    ['a market order with a price', { type: 'market', price: 50 }],
    ['a GTC market order', { type: 'market', price: null, timeInForce: 'GTC' }],
    ['maxCost on a market sell', { type: 'market', price: null, side: 'sell', maxCost: 10 }],
    ['a bad side', { side: 'hold' as never }],
    ['a bad time in force', { timeInForce: 'DAY' as never }],
  ])('%s', (_label, change) => {
    expect(() => placeOrder(state, { ...base, ...change })).toThrow(InvalidOrderError);
  });

  it('unknown users, unknown outcomes and resting duplicate ids', () => {
    const resting = healthy(placeOrder(state, base)).state;

    expect(() => placeOrder(state, { ...base, userId: 'Z' })).toThrow(UnknownUserError);
    expect(() => placeOrder(state, { ...base, outcome: 'MAYBE' })).toThrow(UnknownOutcomeError);
    expect(() => placeOrder(resting, base)).toThrow(DuplicateOrderError);
  });

  it('trading after resolution', () => {
    const resolved = resolveMarket(state, 'NO').state;

    expect(() => placeOrder(resolved, market('m', 'A', 'buy', 'YES', 1))).toThrow(MarketPhaseError);
  });
});
