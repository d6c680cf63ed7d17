import { describe, expect, it } from 'vitest';
import {
  InsufficientFundsError,
  InvalidMarketConfigError,
  UnknownUserError,
  ammPrices,
  ammQuote,
  createMarket,
  lmsrBuyCost,
  lmsrSellPayout,
  placeOrder,
} from '../../../shared/trading/index.js';
import { ammMarket, healthy, limit, market } from './support/fixtures.js';

const OUTCOMES = ['RED', 'GREEN', 'BLUE'] as const;

function threeWay(feeBps = 0) {
  return ammMarket({ Z: 100_000, A: 10_000, B: 10_000 }, { b: 50, creator: 'Z', outcomes: OUTCOMES, feeBps });
}

describe('AMM market creation', () => {
  it('charges the creator ⌈100·b·ln n⌉ into the AMM account', () => {
    const { state, entries } = createMarket({ marketId: 'm-1', engine: 'amm', outcomes: OUTCOMES, users: { Z: 10_000 }, amm: { b: 50, creatorId: 'Z' } });

    // 100 × 50 × ln 3 = 5493.06…
    expect(entries).toEqual([{ sequence: 0, debit: 'market:m-1:amm', credit: 'user:Z:available', amount: 5_494, reason: 'amm_subsidy', ref: null }]);
    expect(state.amm).toMatchObject({ cash: 5_494, subsidy: 5_494, q: { RED: 0, GREEN: 0, BLUE: 0 } });
    expect(state.balances['Z']).toEqual({ available: 4_506, locked: 0 });
    expect(ammPrices(state).display).toEqual({ RED: 34, GREEN: 33, BLUE: 33 });
  });

  it('refuses a creator who cannot pay, an unknown creator, and impossible configurations', () => {
    const amm = { b: 50, creatorId: 'Z' };
    expect(() => createMarket({ marketId: 'm', engine: 'amm', users: { Z: 100 }, amm })).toThrow(InsufficientFundsError);
    expect(() => createMarket({ marketId: 'm', engine: 'amm', users: {}, amm })).toThrow(UnknownUserError);
    expect(() => createMarket({ marketId: 'm', engine: 'amm', users: { Z: 1e9 }, amm: { ...amm, b: 0 } })).toThrow(InvalidMarketConfigError);
    expect(() => createMarket({ marketId: 'm', engine: 'amm', users: { Z: 1e9 } })).toThrow(InvalidMarketConfigError);
    expect(() => createMarket({ marketId: 'm', engine: 'orderbook', outcomes: OUTCOMES })).toThrow(InvalidMarketConfigError);
    expect(() => createMarket({ marketId: 'm', engine: 'amm', outcomes: ['A'], amm })).toThrow(InvalidMarketConfigError);
    expect(() => createMarket({ marketId: 'm', engine: 'amm', outcomes: ['A', 'A'], amm })).toThrow(InvalidMarketConfigError);
    const eleven = Array.from({ length: 11 }, (_, i) => `O${i}`);
    expect(() => createMarket({ marketId: 'm', engine: 'amm', outcomes: eleven, users: { Z: 1e9 }, amm })).toThrow(InvalidMarketConfigError);
    expect(() => createMarket({ marketId: 'm', engine: 'orderbook', feeBps: -1 })).toThrow(InvalidMarketConfigError);
  });
});

describe('trading with the AMM', () => {
  it('a buy pays the rounded-up closed-form cost into the AMM and moves the price', () => {
    const state = threeWay();
    const cost = lmsrBuyCost([0, 0, 0], 50, 1, 30);

    const result = healthy(placeOrder(state, limit('o', 'A', 'buy', 'GREEN', 60, 30)));

    expect(result.order).toMatchObject({ status: 'filled', filledQuantity: 30 });
    expect(result.fills).toEqual([{ kind: 'amm', price: Math.round(cost / 30), makerPrice: null, quantity: 30, amount: cost, fee: 0, makerOrderId: null, makerUserId: null }]);
    expect(result.entries).toEqual([{ sequence: 1, debit: 'market:m-1:amm', credit: 'user:A:available', amount: cost, reason: 'amm_buy', ref: 'o' }]);
    expect(result.state.amm?.q).toEqual({ RED: 0, GREEN: 30, BLUE: 0 });
    expect(result.state.positions['A']?.['GREEN']).toEqual({ shares: 30, lockedShares: 0 });
    const prices = ammPrices(result.state).exact;
    expect(prices['GREEN']).toBeGreaterThan(100 / 3);
    expect(prices['RED']).toBeLessThan(100 / 3);
    expect((prices['RED'] ?? 0) + (prices['GREEN'] ?? 0) + (prices['BLUE'] ?? 0)).toBeCloseTo(100, 10);
  });

  it('a sell pays the rounded-down closed-form amount out of the AMM', () => {
    let state = threeWay();
    state = healthy(placeOrder(state, market('b', 'A', 'buy', 'RED', 40))).state;
    const payout = lmsrSellPayout([40, 0, 0], 50, 0, 15);

    const result = healthy(placeOrder(state, market('s', 'A', 'sell', 'RED', 15)));

    expect(result.fills[0]).toMatchObject({ amount: payout, kind: 'amm' });
    expect(result.state.balances['A']?.available).toBe((state.balances['A']?.available ?? 0) + payout);
    expect(result.state.amm?.q['RED']).toBe(25);
  });

  it('rejects, changing nothing, a buy over its average price limit and a sell under it', () => {
    let state = threeWay();
    const costOf10 = ammQuote(state, 'BLUE', 'buy', 10);
    expect(placeOrder(state, limit('x', 'A', 'buy', 'BLUE', Math.floor(costOf10 / 10), 10)).order.rejectReason).toBe('price_limit');
    state = healthy(placeOrder(state, limit('y', 'A', 'buy', 'BLUE', Math.ceil(costOf10 / 10), 10))).state;
    const payoutOf10 = ammQuote(state, 'BLUE', 'sell', 10);

    const result = placeOrder(state, limit('z', 'A', 'sell', 'BLUE', Math.floor(payoutOf10 / 10) + 1, 10));

    expect(result.order).toMatchObject({ status: 'rejected', rejectReason: 'price_limit' });
    expect(result.state).toBe(state);
  });

  it('rejects a market buy over maxCost, a buy without the cash and a sell without the shares', () => {
    const state = threeWay();
    const quote = ammQuote(state, 'RED', 'buy', 100);

    expect(placeOrder(state, market('a', 'A', 'buy', 'RED', 100, { maxCost: quote - 1 })).order.rejectReason).toBe('max_cost');
    expect(placeOrder(state, market('b', 'A', 'buy', 'RED', 1_000)).order.rejectReason).toBe('insufficient_funds');
    expect(placeOrder(state, market('c', 'B', 'sell', 'RED', 1)).order.rejectReason).toBe('insufficient_shares');
    expect(placeOrder(state, market('d', 'A', 'buy', 'RED', 100, { maxCost: quote })).order.status).toBe('filled');
  });

  it('charges the taker fee on top of a buy and out of a sale, rounded up', () => {
    let state = threeWay(250);
    const cost = ammQuote(state, 'RED', 'buy', 20);
    const buy = healthy(placeOrder(state, market('b', 'A', 'buy', 'RED', 20)));
    state = buy.state;
    const payout = ammQuote(state, 'RED', 'sell', 20);

    const sell = healthy(placeOrder(state, market('s', 'A', 'sell', 'RED', 20)));

    expect(buy.fills[0]?.fee).toBe(Math.ceil((cost * 250) / 10_000));
    expect(sell.fills[0]?.fee).toBe(Math.ceil((payout * 250) / 10_000));
    expect(sell.state.fees).toBe((buy.fills[0]?.fee ?? 0) + (sell.fills[0]?.fee ?? 0));
    expect(sell.state.balances['A']?.available).toBe(10_000 - cost - (buy.fills[0]?.fee ?? 0) + payout - (sell.fills[0]?.fee ?? 0));
  });

  it('works for a binary LMSR market too', () => {
    const state = ammMarket({ Z: 100_000, A: 10_000 }, { b: 100, creator: 'Z' });

    const result = healthy(placeOrder(state, limit('o', 'A', 'buy', 'YES', 99, 10, 'FOK')));

    expect(result.fills[0]?.amount).toBe(513);
    expect(ammPrices(result.state).display).toEqual({ YES: 52, NO: 48 });
  });
});
