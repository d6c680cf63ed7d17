import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkInvariants,
  placeOrder,
  resolveMarket,
  settleBatch,
  voidMarket,
  type MarketState,
} from '../../../shared/trading/index.js';
import { ammMarket, bookMarket } from './support/fixtures.js';

const USERS = ['a', 'b', 'c', 'd', 'e'];

const order = fc.record({
  userId: fc.constantFrom(...USERS),
  outcome: fc.constantFrom('YES', 'NO'),
  side: fc.constantFrom('buy' as const, 'buy' as const, 'sell' as const),
  price: fc.integer({ min: 30, max: 70 }),
  quantity: fc.integer({ min: 1, max: 8 }),
});

/** A random market (either engine) after random trading; rejected orders are simply skipped. */
const tradedMarket = fc
  .record({ engine: fc.constantFrom('orderbook' as const, 'amm' as const), orders: fc.array(order, { maxLength: 40, size: 'max' }) })
  .map(({ engine, orders }) => {
    const users = Object.fromEntries(USERS.map((u) => [u, 5_000]));
    let state: MarketState = engine === 'amm' ? ammMarket(users, { b: 30, creator: 'a' }) : bookMarket(users);
    orders.forEach((o, i) => {
      state = placeOrder(state, { ...o, orderId: `o${i}`, type: 'limit' }).state;
    });
    return state;
  });

const ending = fc.constantFrom('YES', 'NO', 'void');
const batches = fc.array(fc.subarray(USERS, { minLength: 1 }), { minLength: 1, maxLength: 6 });

function end(state: MarketState, how: string): MarketState {
  return how === 'void' ? voidMarket(state).state : resolveMarket(state, how).state;
}

describe('settlement is idempotent', () => {
  it('running any batch a second time pays nothing and returns the same state', () => {
    fc.assert(
      fc.property(tradedMarket, ending, batches, (traded, how, userBatches) => {
        let state = end(traded, how);
        for (const batch of userBatches) {
          const first = settleBatch(state, batch);
          const second = settleBatch(first.state, batch);

          expect(second.state).toBe(first.state);
          expect({ payouts: second.payouts, entries: second.entries }).toEqual({ payouts: [], entries: [] });
          expect([...second.skipped].sort()).toEqual([...new Set(batch)].sort());
          state = first.state;
        }
        expect(checkInvariants(state)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('any batching, with repeats, pays each user exactly what one settle-everyone batch pays', () => {
    fc.assert(
      fc.property(tradedMarket, ending, batches, (traded, how, userBatches) => {
        const ended = end(traded, how);
        const once = settleBatch(ended, USERS).state;
        let state = ended;
        for (const batch of [...userBatches, ...userBatches.slice().reverse(), USERS]) state = settleBatch(state, batch).state;

        expect(state.balances).toEqual(once.balances);
        expect({ escrow: state.escrow, amm: state.amm?.cash }).toEqual({ escrow: once.escrow, amm: once.amm?.cash });
        expect(checkInvariants(state)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
