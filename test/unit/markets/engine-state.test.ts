import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEngineState, positionAttr, purchasesOf, userDeltas } from '../../../shared/markets/engine-state.js';
import { advanceRecord } from '../../../shared/markets/market-command.js';
import type { MarketStateRecord } from '../../../shared/markets/state-record.js';
import type { Item } from '../../../shared/store/port.js';
import { checkInvariants, createMarket, placeOrder, type MarketState, type PlaceOrderInput } from '../../../shared/trading/index.js';

const USERS = ['A', 'B', 'C', 'D'];
const CASH = 5_000;

function emptyRecord(state: MarketState): MarketStateRecord {
  return {
    marketId: state.marketId,
    engine: state.engine,
    outcomes: [...state.outcomes],
    feeBps: state.feeBps,
    closesAt: '2030-01-01T00:00:00.000Z',
    sequence: state.sequence,
    phase: state.phase,
    winningOutcome: null,
    paused: false,
    settled: false,
    escrow: 0,
    pairs: 0,
    fees: 0,
    amm: state.amm,
    book: { YES: { bids: [], asks: [] }, NO: { bids: [], asks: [] } },
    lastPrices: {},
    volume: 0,
    participants: 0,
    settledCount: 0,
    sweep: null,
    voidPlan: null,
  };
}

const orderArb = fc.record({
  user: fc.integer({ min: 0, max: USERS.length - 1 }),
  side: fc.constantFrom('buy' as const, 'sell' as const),
  outcome: fc.constantFrom('YES', 'NO'),
  price: fc.integer({ min: 30, max: 70 }),
  quantity: fc.integer({ min: 1, max: 6 }),
  timeInForce: fc.constantFrom('GTC' as const, 'GTC' as const, 'IOC' as const, 'FOK' as const),
});

describe('rebuilding the engine state from stored items (makers not read)', () => {
  it('gives the same fills as the full state, and the deltas written by `add` reproduce every balance and position', () => {
    fc.assert(
      fc.property(fc.array(orderArb, { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 150 }), (orders, feeBps) => {
        let reference = createMarket({ marketId: 'm', engine: 'orderbook', feeBps, users: Object.fromEntries(USERS.map((u) => [u, CASH])) }).state;
        let record = { ...emptyRecord(reference), feeBps };
        const accounts = new Map(USERS.map((u) => [u, { available: CASH, locked: 0 }]));
        const positions = new Map<string, Item>();
        orders.forEach((o, n) => {
          const userId = USERS[o.user] as string;
          const input: PlaceOrderInput = { orderId: `o${n}`, userId, outcome: o.outcome, side: o.side, type: 'limit', price: o.price, quantity: o.quantity, timeInForce: o.timeInForce };
          const built = buildEngineState(record, new Map([[userId, { available: accounts.get(userId)?.available ?? 0, position: positions.get(userId) }]]));
          built.createdAt.set(input.orderId, `t${n}`);
          const result = placeOrder(built.state, input);
          const expected = placeOrder(reference, input);
          expect(result.fills).toEqual(expected.fills);
          expect(result.order).toEqual(expected.order);
          for (const [u, d] of userDeltas(built.state, result.state, result.users)) {
            const account = accounts.get(u) ?? { available: 0, locked: 0 };
            accounts.set(u, { available: account.available + d.available, locked: account.locked + d.locked });
            const item: Item = positions.get(u) ?? { pk: u, sk: 'm' };
            d.shares.forEach((v, i) => (item[positionAttr.shares(i)] = ((item[positionAttr.shares(i)] as number | undefined) ?? 0) + v));
            item.netPaid = ((item.netPaid as number | undefined) ?? 0) + d.netPaid;
            positions.set(u, item);
          }
          record = advanceRecord(record, result.state, built.createdAt);
          reference = expected.state;
        });
        for (const u of USERS) {
          expect(accounts.get(u)).toEqual(reference.balances[u]);
          expect((positions.get(u)?.netPaid as number | undefined) ?? 0).toBe(reference.netPaid[u]);
          for (const [i, outcome] of ['YES', 'NO'].entries()) {
            expect((positions.get(u)?.[positionAttr.shares(i)] as number | undefined) ?? 0).toBe(reference.positions[u]?.[outcome]?.shares);
          }
        }
        // Read back with every user known, the stored market is the reference market.
        const known = new Map(USERS.map((u) => [u, { available: accounts.get(u)?.available ?? 0, position: positions.get(u) }]));
        const full = buildEngineState(record, known).state;
        expect(checkInvariants(full)).toEqual([]);
        expect({ book: full.book, escrow: full.escrow, pairs: full.pairs, fees: full.fees }).toEqual({ book: reference.book, escrow: reference.escrow, pairs: reference.pairs, fees: reference.fees });
      }),
      { numRuns: 150 },
    );
  });
});

describe('purchasesOf (the average-price basis)', () => {
  it('records what each side bought and paid: transfer and mint buyers, never sellers or merges', () => {
    let state = createMarket({ marketId: 'm', engine: 'orderbook', users: { A: 5_000, B: 5_000, C: 5_000 } }).state;
    state = placeOrder(state, { orderId: 'a', userId: 'A', outcome: 'YES', side: 'buy', type: 'limit', price: 60, quantity: 5 }).state;
    const mint = placeOrder(state, { orderId: 'b', userId: 'B', outcome: 'NO', side: 'buy', type: 'limit', price: 45, quantity: 5 });
    expect(purchasesOf(['YES', 'NO'], mint.order, mint.fills)).toEqual(
      new Map([
        ['B', { bought: [0, 5], cost: [0, 200] }],
        ['A', { bought: [5, 0], cost: [300, 0] }],
      ]),
    );
    state = placeOrder(mint.state, { orderId: 'c', userId: 'C', outcome: 'YES', side: 'buy', type: 'limit', price: 70, quantity: 2 }).state;
    const sell = placeOrder(state, { orderId: 'd', userId: 'A', outcome: 'YES', side: 'sell', type: 'limit', price: 65, quantity: 2 });
    expect(purchasesOf(['YES', 'NO'], sell.order, sell.fills)).toEqual(new Map([['C', { bought: [2, 0], cost: [140, 0] }]]));
    state = placeOrder(sell.state, { orderId: 'e', userId: 'B', outcome: 'NO', side: 'sell', type: 'limit', price: 30, quantity: 1 }).state;
    const merge = placeOrder(state, { orderId: 'f', userId: 'C', outcome: 'YES', side: 'sell', type: 'limit', price: 60, quantity: 1 });
    expect(merge.fills.map((f) => f.kind)).toEqual(['merge']);
    expect(purchasesOf(['YES', 'NO'], merge.order, merge.fills)).toEqual(new Map());
  });
});
