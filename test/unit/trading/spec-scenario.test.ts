import { describe, expect, it } from 'vitest';
import { placeOrder, resolveMarket, settleBatch, type MarketState } from '../../../shared/trading/index.js';
import { ammMarket, bookMarket, healthy, holdings, limit, market, totalCash } from './support/fixtures.js';

const START = 10_000;

describe('SPEC scenario: A buys 10 YES @ 60, B buys 10 NO @ 40, A sells 4 YES @ 70 to C, resolve YES', () => {
  it('on the order book', () => {
    let state: MarketState = bookMarket({ A: START, B: START, C: START });

    state = healthy(placeOrder(state, limit('a1', 'A', 'buy', 'YES', 60, 10))).state;
    const mint = healthy(placeOrder(state, limit('b1', 'B', 'buy', 'NO', 40, 10)));
    state = mint.state;
    state = healthy(placeOrder(state, limit('a2', 'A', 'sell', 'YES', 70, 4))).state;
    const transfer = healthy(placeOrder(state, limit('c1', 'C', 'buy', 'YES', 70, 4)));
    state = transfer.state;

    expect(mint.fills).toMatchObject([{ kind: 'mint', price: 40, makerPrice: 60, quantity: 10, makerOrderId: 'a1' }]);
    expect(transfer.fills).toMatchObject([{ kind: 'transfer', price: 70, quantity: 4, makerOrderId: 'a2' }]);
    expect({ escrow: state.escrow, pairs: state.pairs }).toEqual({ escrow: 1_000, pairs: 10 });
    expect(holdings(state, 'A')).toEqual({ available: START - 600 + 280, locked: 0, YES: 6, NO: 0 });

    state = healthy(resolveMarket(state, 'YES')).state;
    const settled = healthy(settleBatch(state, ['A', 'B', 'C']));
    state = settled.state;

    expect(settled.payouts).toEqual([
      { userId: 'A', amount: 600 },
      { userId: 'B', amount: 0 },
      { userId: 'C', amount: 400 },
    ]);
    // A: −600 + 280 + 600; B: −400; C: −280 + 400.
    expect(holdings(state, 'A')).toEqual({ available: 10_280, locked: 0, YES: 0, NO: 0 });
    expect(holdings(state, 'B')).toEqual({ available: 9_600, locked: 0, YES: 0, NO: 0 });
    expect(holdings(state, 'C')).toEqual({ available: 10_120, locked: 0, YES: 0, NO: 0 });
    expect({ escrow: state.escrow, pairs: state.pairs, fees: state.fees }).toEqual({ escrow: 0, pairs: 0, fees: 0 });
    expect(totalCash(state)).toBe(3 * START);
  });

  it('on an LMSR market (b = 100), each trade priced by the closed form and rounded for the platform', () => {
    const b = 100;
    const C = (yes: number, no: number) => b * Math.log(Math.exp(yes / b) + Math.exp(no / b));
    let state: MarketState = ammMarket({ A: START, B: START, C: START, Z: 100_000 }, { b, creator: 'Z' });

    const a1 = healthy(placeOrder(state, market('a1', 'A', 'buy', 'YES', 10)));
    state = a1.state;
    const b1 = healthy(placeOrder(state, market('b1', 'B', 'buy', 'NO', 10)));
    state = b1.state;
    const a2 = healthy(placeOrder(state, market('a2', 'A', 'sell', 'YES', 4)));
    state = a2.state;
    const c1 = healthy(placeOrder(state, market('c1', 'C', 'buy', 'YES', 4)));
    state = c1.state;

    // Subsidy ⌈6931.47⌉; A pays ⌈512.49⌉; B pays ⌈487.51⌉; A's sale is worth 198.0001…: A gets the floor, C pays the ceiling.
    expect(state.amm?.subsidy).toBe(Math.ceil(100 * b * Math.log(2)));
    expect(state.amm?.subsidy).toBe(6_932);
    expect(a1.fills[0]?.amount).toBe(Math.ceil(100 * (C(10, 0) - C(0, 0))));
    expect(a1.fills[0]?.amount).toBe(513);
    expect(b1.fills[0]?.amount).toBe(Math.ceil(100 * (C(10, 10) - C(10, 0))));
    expect(b1.fills[0]?.amount).toBe(488);
    expect(a2.fills[0]?.amount).toBe(Math.floor(100 * (C(10, 10) - C(6, 10))));
    expect(a2.fills[0]?.amount).toBe(198);
    expect(c1.fills[0]?.amount).toBe(199);

    state = healthy(resolveMarket(state, 'YES')).state;
    const settled = healthy(settleBatch(state, ['A', 'B', 'C', 'Z']));
    state = settled.state;

    expect(settled.payouts.map((p) => p.amount)).toEqual([600, 0, 400, 0]);
    expect(holdings(state, 'A').available).toBe(START - 513 + 198 + 600);
    expect(holdings(state, 'B').available).toBe(START - 488);
    expect(holdings(state, 'C').available).toBe(START - 199 + 400);
    expect(holdings(state, 'Z').available).toBe(100_000 - 6_932);
    // The AMM keeps what remains: subsidy + 513 + 488 − 198 + 199 − 1 000 paid out.
    expect(state.amm?.cash).toBe(6_934);
    expect(totalCash(state)).toBe(3 * START + 100_000);
  });
});
