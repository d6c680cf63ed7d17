import { describe, expect, it } from 'vitest';
import {
  checkInvariants,
  createMarket,
  MarketPhaseError,
  OrderNotFoundError,
  placeOrder,
  resolveMarket,
  resumeOrder,
  voidRefund,
  type MarketState,
  type PlaceOrderInput,
} from '../../../shared/trading/index.js';

const bid = (orderId: string, userId: string, outcome: string, price: number, quantity: number, timeInForce: PlaceOrderInput['timeInForce'] = 'GTC'): PlaceOrderInput => ({
  orderId,
  userId,
  outcome,
  side: 'buy',
  type: 'limit',
  price,
  quantity,
  timeInForce,
});

/** Ten makers each resting one NO bid at 40; taker T. */
function tenMakers(feeBps = 0): MarketState {
  const users = Object.fromEntries([...Array.from({ length: 10 }, (_, i) => [`m${i}`, 1_000] as const), ['T', 10_000] as const]);
  let state = createMarket({ marketId: 'mk', engine: 'orderbook', users, feeBps }).state;
  for (let i = 0; i < 10; i += 1) state = placeOrder(state, bid(`n${i}`, `m${i}`, 'NO', 40, 1)).state;
  return state;
}

describe('engine option maxMakers (bounds one atomic write)', () => {
  it('stops after that many makers; an IOC remainder expires and the result says truncated', () => {
    const result = placeOrder(tenMakers(), bid('t', 'T', 'YES', 60, 10, 'IOC'), { maxMakers: 4 });
    expect(result.fills).toHaveLength(4);
    expect(result.order).toMatchObject({ status: 'cancelled', filledQuantity: 4 });
    expect(result.truncated).toBe(true);
    expect(checkInvariants(result.state)).toEqual([]);
  });

  it('is not reported when the cap was not what stopped the match', () => {
    const result = placeOrder(tenMakers(), bid('t', 'T', 'YES', 60, 3), { maxMakers: 4 });
    expect(result.fills).toHaveLength(3);
    expect(result.truncated).toBeUndefined();
    expect(placeOrder(tenMakers(), bid('t', 'T', 'YES', 60, 10), { maxMakers: 10 }).truncated).toBeUndefined();
  });

  it('rejects a FOK that would need more makers', () => {
    const state = tenMakers();
    const result = placeOrder(state, bid('t', 'T', 'YES', 60, 10, 'FOK'), { maxMakers: 9 });
    expect(result.order).toMatchObject({ status: 'rejected', rejectReason: 'fill_or_kill' });
    expect(result.state).toBe(state);
  });

  it('counts self-trade cancels as makers touched', () => {
    let state = tenMakers();
    state = placeOrder(state, bid('own1', 'T', 'NO', 45, 1)).state;
    state = placeOrder(state, bid('own2', 'T', 'NO', 45, 1)).state;
    const result = placeOrder(state, bid('t', 'T', 'YES', 60, 5, 'IOC'), { maxMakers: 3 });
    expect(result.cancelled.map((o) => o.id)).toEqual(['own1', 'own2']);
    expect(result.fills).toHaveLength(1);
    expect(result.truncated).toBe(true);
  });

  it('rests a cut-short GTC remainder, and resumeOrder continues it with its time priority', () => {
    const first = placeOrder(tenMakers(), bid('t', 'T', 'YES', 60, 12), { maxMakers: 4 });
    expect(first).toMatchObject({ truncated: true, order: { status: 'partially_filled', filledQuantity: 4 } });
    const second = resumeOrder(first.state, { orderId: 't', userId: 'T' }, { maxMakers: 4 });
    expect(second).toMatchObject({ truncated: true, order: { filledQuantity: 8, sequence: first.order.sequence } });
    const third = resumeOrder(second.state, { orderId: 't', userId: 'T' }, { maxMakers: 4 });
    expect(third.truncated).toBeUndefined();
    expect(third.order).toMatchObject({ status: 'partially_filled', filledQuantity: 10 });
    expect(third.fills.map((f) => f.makerOrderId)).toEqual(['n8', 'n9']);
    expect(checkInvariants(third.state)).toEqual([]);
    // Same end as one unbounded placement.
    const once = placeOrder(tenMakers(), bid('t', 'T', 'YES', 60, 12)).state;
    expect(third.state.balances).toEqual(once.balances);
    expect(third.state.book).toEqual(once.book);
  });

  it('a resumed buy locks its fee cap again and pays taker fees on its later fills', () => {
    const first = placeOrder(tenMakers(100), bid('t', 'T', 'YES', 60, 6), { maxMakers: 2 });
    const resumed = resumeOrder(first.state, { orderId: 't', userId: 'T' });
    expect(resumed.fills).toHaveLength(4);
    expect(resumed.fills.every((f) => f.fee === 1)).toBe(true);
    expect(resumed.state.fees).toBe(6);
    expect(checkInvariants(resumed.state)).toEqual([]);
  });

  it('resumeOrder refuses someone else\'s order and a market that stopped trading', () => {
    const first = placeOrder(tenMakers(), bid('t', 'T', 'YES', 60, 12), { maxMakers: 4 });
    expect(() => resumeOrder(first.state, { orderId: 't', userId: 'm1' })).toThrow(OrderNotFoundError);
    expect(() => resumeOrder(resolveMarket(first.state, 'NO').state, { orderId: 't', userId: 'T' })).toThrow(MarketPhaseError);
  });
});

describe('voidRefund', () => {
  it('pays the claim in full when the pool covers all claims, else ⌊claim × pool / Σ claims⌋', () => {
    expect(voidRefund(400, 1_000, 1_000)).toBe(400);
    expect(voidRefund(400, 1_000, 1_300)).toBe(307);
    expect(voidRefund(900, 1_000, 1_300)).toBe(692);
    expect(voidRefund(0, 1_000, 1_300)).toBe(0);
    expect(voidRefund(-50, 1_000, 1_300)).toBe(0);
  });

  it('does not lose precision where claim × pool passes 2^53', () => {
    expect(voidRefund(90_000_000_000, 99_999_999_999, 100_000_000_000)).toBe(89_999_999_999);
  });
});
