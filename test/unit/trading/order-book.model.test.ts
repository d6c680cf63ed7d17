import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  OrderNotFoundError,
  bookDepth,
  cancelAllOrders,
  cancelOrder,
  checkInvariants,
  creditUser,
  isFullySettled,
  placeOrder,
  resolveMarket,
  settleBatch,
  sharesOutstanding,
  voidMarket,
  type MarketState,
} from '../../../shared/trading/index.js';
import { bookMarket, totalCash } from './support/fixtures.js';
import { ReferenceBook, type RefPlace } from './support/reference-book.js';

const USERS = ['u1', 'u2', 'u3', 'u4'] as const;
const user = fc.constantFrom(...USERS);
const outcome = fc.constantFrom('YES' as const, 'NO' as const);
// Prices cluster around the middle so orders cross often, but the whole range occurs.
const price = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 44, max: 60 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 99 }) });

const placeCommand = fc.record({
  kind: fc.constant('place' as const),
  userId: user,
  outcome,
  side: fc.constantFrom('buy' as const, 'buy' as const, 'sell' as const),
  type: fc.constantFrom('limit' as const, 'limit' as const, 'limit' as const, 'market' as const),
  price,
  quantity: fc.integer({ min: 1, max: 12 }),
  timeInForce: fc.constantFrom('GTC' as const, 'GTC' as const, 'IOC' as const, 'FOK' as const),
  maxCost: fc.option(fc.integer({ min: 1, max: 1500 }), { nil: null }),
  // Most sells are sized from what the user holds at that moment, so they trade instead of bouncing.
  sizeFromHoldings: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
});
const command = fc.oneof(
  { weight: 8, arbitrary: placeCommand },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), userId: user, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancelAll' as const), userId: user }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('credit' as const), userId: user, amount: fc.integer({ min: 1, max: 2000 }) }) },
);
type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

const scenario = fc.record({
  opening: fc.record(Object.fromEntries(USERS.map((u) => [u, fc.oneof(fc.integer({ min: 1000, max: 5000 }), fc.integer({ min: 0, max: 5000 }))])) as Record<(typeof USERS)[number], fc.Arbitrary<number>>),
  feeBps: fc.constantFrom(0, 0, 25, 150, 1000),
  commands: fc.array(command, { minLength: 1, maxLength: 60, size: 'max' }),
});

function toPlace(cmd: Extract<Command, { kind: 'place' }>, orderId: string, state: MarketState): RefPlace {
  const isMarket = cmd.type === 'market';
  const held = state.positions[cmd.userId]?.[cmd.outcome]?.shares ?? 0;
  const quantity = cmd.side === 'sell' && cmd.sizeFromHoldings && held > 0 ? 1 + ((cmd.quantity - 1) % held) : cmd.quantity;
  return {
    orderId,
    userId: cmd.userId,
    outcome: cmd.outcome,
    side: cmd.side,
    type: cmd.type,
    // Sellers ask a little lower than buyers bid, so sells cross buys (transfer) and each other (merge) often.
    price: isMarket ? null : cmd.side === 'sell' ? Math.max(1, cmd.price - 6) : cmd.price,
    quantity,
    timeInForce: isMarket && cmd.timeInForce === 'GTC' ? 'IOC' : cmd.timeInForce,
    maxCost: isMarket && cmd.side === 'buy' ? cmd.maxCost : null,
  };
}

/** Runs commands on the engine and the model side by side; returns the final state and credits. */
function run(opening: Record<string, number>, feeBps: number, commands: readonly Command[]) {
  let state: MarketState = bookMarket(opening, feeBps);
  const model = new ReferenceBook(opening, feeBps);
  const ids: string[] = [];
  let credits = 0;
  commands.forEach((cmd, step) => {
    if (cmd.kind === 'place') {
      const input = toPlace(cmd, `o${step}`, state);
      ids.push(input.orderId);
      const result = placeOrder(state, input);
      const expected = model.place(input);
      expect({ status: result.order.status, filledQuantity: result.order.filledQuantity }).toEqual({
        status: expected.status,
        filledQuantity: expected.filledQuantity,
      });
      expect(result.fills.map(({ price: p, quantity, makerOrderId, makerUserId, kind }) => ({ price: p, quantity, makerOrderId, makerUserId, kind }))).toEqual(expected.fills);
      expect(result.cancelled.map((o) => o.id)).toEqual(expected.cancelled);
      if (expected.status === 'rejected') expect(result.state).toBe(state);
      state = result.state;
    } else if (cmd.kind === 'cancel') {
      const orderId = ids.length > 0 ? (ids[cmd.pick % ids.length] ?? 'none') : 'none';
      const found = model.cancel(cmd.userId, orderId);
      if (found) state = cancelOrder(state, { orderId, userId: cmd.userId }).state;
      else expect(() => cancelOrder(state, { orderId, userId: cmd.userId })).toThrow(OrderNotFoundError);
    } else if (cmd.kind === 'cancelAll') {
      const result = cancelAllOrders(state, cmd.userId);
      expect(result.cancelled.map((o) => o.id).sort()).toEqual(model.cancelAll(cmd.userId).sort());
      state = result.state;
    } else {
      state = creditUser(state, cmd.userId, cmd.amount).state;
      model.credit(cmd.userId, cmd.amount);
      credits += cmd.amount;
    }
    expect(checkInvariants(state)).toEqual([]);
    for (const u of USERS) {
      const mu = model.users[u];
      expect({ cash: state.balances[u], YES: state.positions[u]?.['YES'], NO: state.positions[u]?.['NO'] }).toEqual({
        cash: { available: mu?.available, locked: mu?.locked },
        YES: { shares: mu?.shares.YES, lockedShares: mu?.lockedShares.YES },
        NO: { shares: mu?.shares.NO, lockedShares: mu?.lockedShares.NO },
      });
    }
    expect(bookDepth(state)).toEqual(model.depth());
    expect({ escrow: state.escrow, fees: state.fees }).toEqual({ escrow: model.escrow, fees: model.fees });
    expect(totalCash(state)).toBe(Object.values(opening).reduce((a, b) => a + b, 0) + credits);
  });
  return { state, credits };
}

const batches = fc.array(fc.subarray([...USERS], { minLength: 1 }), { minLength: 1, maxLength: 6 });

describe('order book against a brute-force reference model', () => {
  it('agrees on every fill, status, cancellation, balance and depth, with all invariants after every step', () => {
    fc.assert(
      fc.property(scenario, ({ opening, feeBps, commands }) => {
        run(opening, feeBps, commands);
      }),
      { numRuns: 600 },
    );
  });

  it('then resolves and settles in random, repeated batches: each winning share paid once, cash conserved', () => {
    fc.assert(
      fc.property(scenario, outcome, batches, fc.nat(), ({ opening, feeBps, commands }, winner, userBatches, rerun) => {
        const { state: traded, credits } = run(opening, feeBps, commands);
        let state = resolveMarket(traded, winner).state;
        const owed = Object.fromEntries(USERS.map((u) => {
          const p = state.positions[u]?.[winner];
          return [u, 100 * ((p?.shares ?? 0) + (p?.lockedShares ?? 0))];
        }));
        const paid: Record<string, number> = {};
        const plan = [...userBatches, userBatches[rerun % userBatches.length] ?? [], [...USERS]];
        for (const batch of plan) {
          const result = settleBatch(state, batch);
          for (const { userId, amount } of result.payouts) paid[userId] = (paid[userId] ?? 0) + amount;
          state = result.state;
          expect(checkInvariants(state)).toEqual([]);
        }

        expect(paid).toEqual(owed);
        expect(isFullySettled(state)).toBe(true);
        expect({ escrow: state.escrow, pairs: state.pairs, yes: sharesOutstanding(state, 'YES') }).toEqual({ escrow: 0, pairs: 0, yes: 0 });
        const userCash = USERS.reduce((a, u) => a + (state.balances[u]?.available ?? 0) + (state.balances[u]?.locked ?? 0), 0);
        expect(userCash + state.fees).toBe(Object.values(opening).reduce((a, b) => a + b, 0) + credits);
      }),
      { numRuns: 120 },
    );
  });

  it('or voids: every user gets back their net paid (pro rata only if some took out more than they paid)', () => {
    fc.assert(
      fc.property(scenario, batches, ({ opening, feeBps, commands }, userBatches) => {
        const { state: traded, credits } = run(opening, feeBps, commands);
        const netPaid = { ...traded.netPaid };
        const pool = traded.escrow;
        let state = voidMarket(traded).state;
        const refunded: Record<string, number> = {};
        for (const batch of [...userBatches, ...userBatches, [...USERS]]) {
          const result = settleBatch(state, batch);
          for (const { userId, amount } of result.payouts) refunded[userId] = (refunded[userId] ?? 0) + amount;
          state = result.state;
          expect(checkInvariants(state)).toEqual([]);
        }

        const anyNegative = Object.values(netPaid).some((v) => v < 0);
        for (const u of USERS) {
          const claim = Math.max(0, netPaid[u] ?? 0);
          if (anyNegative) expect(refunded[u] ?? 0).toBeLessThanOrEqual(claim);
          else expect(refunded[u] ?? 0).toBe(claim);
        }
        const totalRefunded = Object.values(refunded).reduce((a, b) => a + b, 0);
        expect(totalRefunded + (state.voidPlan?.residual ?? 0)).toBe(pool);
        expect(state.escrow).toBe(state.voidPlan?.residual);
        const userCash = USERS.reduce((a, u) => a + (state.balances[u]?.available ?? 0), 0);
        expect(userCash + state.fees + state.escrow).toBe(Object.values(opening).reduce((a, b) => a + b, 0) + credits);
      }),
      { numRuns: 80 },
    );
  });
});
