import { describe, expect, it } from 'vitest';
import {
  MarketPhaseError,
  UnknownOutcomeError,
  UnknownUserError,
  isFullySettled,
  placeOrder,
  resolveMarket,
  settleBatch,
  unsettledUsers,
  voidMarket,
  type MarketState,
} from '../../../shared/trading/index.js';
import { ammMarket, bookMarket, healthy, holdings, limit, market, totalCash } from './support/fixtures.js';

/** The SPEC trades: A mints 10 YES at 60 against B's NO at 40, then sells 4 YES at 70 to C; A also leaves a bid resting. */
function traded(): MarketState {
  let state = bookMarket({ A: 10_000, B: 10_000, C: 10_000 });
  state = healthy(placeOrder(state, limit('a1', 'A', 'buy', 'YES', 60, 10))).state;
  state = healthy(placeOrder(state, limit('b1', 'B', 'buy', 'NO', 40, 10))).state;
  state = healthy(placeOrder(state, limit('a2', 'A', 'sell', 'YES', 70, 4))).state;
  state = healthy(placeOrder(state, limit('c1', 'C', 'buy', 'YES', 70, 4))).state;
  return healthy(placeOrder(state, limit('a3', 'A', 'buy', 'YES', 20, 5))).state;
}

describe('resolution', () => {
  it('cancels every resting order and releases its lock', () => {
    const result = healthy(resolveMarket(traded(), 'YES'));

    expect(result.cancelled.map((o) => [o.id, o.status])).toEqual([['a3', 'cancelled']]);
    expect(result.state.balances['A']).toEqual({ available: 9_680, locked: 0 });
    expect(result.state).toMatchObject({ phase: 'resolved', winningOutcome: 'YES' });
  });

  it('pays 100 per winning share by batch; a re-run batch pays nothing and changes nothing', () => {
    let state = healthy(resolveMarket(traded(), 'YES')).state;

    const first = healthy(settleBatch(state, ['A', 'B']));
    state = first.state;
    const again = settleBatch(state, ['B', 'A', 'A']);

    expect(first.payouts).toEqual([
      { userId: 'A', amount: 600 },
      { userId: 'B', amount: 0 },
    ]);
    expect(first.entries).toEqual([{ sequence: state.sequence, debit: 'user:A:available', credit: 'market:m-1:escrow', amount: 600, reason: 'settlement_payout', ref: null }]);
    expect(again.state).toBe(state);
    expect(again.skipped).toEqual(['B', 'A']);
    expect(unsettledUsers(state)).toEqual(['C']);
    expect(isFullySettled(state)).toBe(false);
    expect({ escrow: state.escrow, pairs: state.pairs }).toEqual({ escrow: 400, pairs: 4 });

    state = healthy(settleBatch(state, ['C'])).state;

    expect(isFullySettled(state)).toBe(true);
    expect(state.escrow).toBe(0);
  });

  it('refuses settling an open market, resolving twice, unknown outcomes and unknown users', () => {
    const state = traded();
    const resolved = resolveMarket(state, 'NO').state;

    expect(() => settleBatch(state, ['A'])).toThrow(MarketPhaseError);
    expect(() => resolveMarket(resolved, 'YES')).toThrow(MarketPhaseError);
    expect(() => voidMarket(resolved)).toThrow(MarketPhaseError);
    expect(() => resolveMarket(state, 'MAYBE')).toThrow(UnknownOutcomeError);
    expect(() => settleBatch(resolved, ['A', 'nobody'])).toThrow(UnknownUserError);
  });
});

describe('void', () => {
  it('gives every user back their net paid: cash paid for shares minus cash received', () => {
    let state = healthy(voidMarket(traded())).state;

    // Net paid: A 600 − 280 = 320, B 400, C 280: exactly the 1 000 in escrow.
    expect(state.voidPlan).toEqual({ refunds: { A: 320, B: 400, C: 280 }, subsidyRefund: 0, residual: 0 });

    state = healthy(settleBatch(state, ['A', 'B', 'C'])).state;

    for (const user of ['A', 'B', 'C']) expect(holdings(state, user)).toEqual({ available: 10_000, locked: 0, YES: 0, NO: 0 });
    expect(state.escrow).toBe(0);
  });

  it('scales refunds down pro rata when someone took out more than they paid in, keeping the residual explicit', () => {
    let state = bookMarket({ A: 1_000, B: 1_000, C: 1_000 });
    state = healthy(placeOrder(state, limit('a', 'A', 'buy', 'YES', 10, 1))).state;
    state = healthy(placeOrder(state, limit('b', 'B', 'buy', 'NO', 90, 1))).state;
    state = healthy(placeOrder(state, limit('s', 'A', 'sell', 'YES', 80, 1))).state;
    state = healthy(placeOrder(state, limit('c', 'C', 'buy', 'YES', 80, 1))).state;

    state = healthy(voidMarket(state)).state;

    // Net paid: A 10 − 80 = −70 (kept: no claw-back), B 90, C 80; escrow 100 covers 100/170 of the claims.
    expect(state.voidPlan).toEqual({ refunds: { B: 52, C: 47 }, subsidyRefund: 0, residual: 1 });
    state = healthy(settleBatch(state, ['C', 'A'])).state;
    state = healthy(settleBatch(state, ['B'])).state;
    expect(state.escrow).toBe(1);
    expect(totalCash(state)).toBe(3_000);
  });

  it('on an AMM market refunds traders first, then returns what is left of the subsidy to the creator', () => {
    let state = ammMarket({ Z: 100_000, A: 10_000, B: 10_000 }, { b: 100, creator: 'Z' });
    const subsidy = state.amm?.subsidy ?? 0;
    state = healthy(placeOrder(state, market('a1', 'A', 'buy', 'YES', 50))).state;
    const paidByA = 10_000 - (state.balances['A']?.available ?? 0);
    state = healthy(placeOrder(state, market('b1', 'B', 'buy', 'YES', 100))).state;
    const paidByB = 10_000 - (state.balances['B']?.available ?? 0);
    // A sells into B's demand: A's net paid goes negative, and that profit comes out of the subsidy.
    state = healthy(placeOrder(state, market('a2', 'A', 'sell', 'YES', 50))).state;
    const profitOfA = (state.balances['A']?.available ?? 0) - 10_000;
    expect(profitOfA).toBeGreaterThan(0);

    state = healthy(voidMarket(state)).state;
    expect(state.voidPlan).toEqual({ refunds: { B: paidByB }, subsidyRefund: subsidy - profitOfA, residual: 0 });
    expect(paidByA).toBeGreaterThan(0);

    const result = healthy(settleBatch(state, ['Z', 'A', 'B']));

    expect(result.payouts).toEqual([
      { userId: 'Z', amount: subsidy - profitOfA },
      { userId: 'A', amount: 0 },
      { userId: 'B', amount: paidByB },
    ]);
    expect(result.entries.find((e) => e.reason === 'subsidy_refund')?.debit).toBe('user:Z:available');
    expect(result.state.amm).toMatchObject({ cash: 0, q: { YES: 0, NO: 0 } });
  });
});
