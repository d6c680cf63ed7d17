import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ammPrices,
  checkInvariants,
  creditUser,
  placeOrder,
  resolveMarket,
  settleBatch,
  voidMarket,
  type MarketState,
} from '../../../shared/trading/index.js';
import { ammMarket, totalCash } from './support/fixtures.js';

const TRADERS = ['t1', 't2', 't3'] as const;
const CREATOR = 'maker';
const NAMES = ['A', 'B', 'C', 'D', 'E'];

/** Textbook LMSR cost in shares; accurate for the moderate q/b these tests generate. */
const cost = (q: readonly number[], b: number) => b * Math.log(q.reduce((s, qi) => s + Math.exp(qi / b), 0));
const nearInteger = (x: number) => Math.abs(x - Math.round(x)) < 1e-6;

const trade = fc.record({
  kind: fc.constant('trade' as const),
  userId: fc.constantFrom(...TRADERS),
  side: fc.constantFrom('buy' as const, 'buy' as const, 'sell' as const),
  outcome: fc.nat({ max: 4 }),
  quantity: fc.integer({ min: 1, max: 60 }),
  limitPrice: fc.option(fc.integer({ min: 1, max: 99 }), { nil: null }),
  maxCost: fc.option(fc.integer({ min: 1, max: 4_000 }), { nil: null }),
});
const command = fc.oneof(
  { weight: 6, arbitrary: trade },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('credit' as const), userId: fc.constantFrom(...TRADERS), amount: fc.integer({ min: 1, max: 3_000 }) }) },
);
const scenario = fc.record({
  b: fc.constantFrom(5, 20, 100, 1_000),
  n: fc.integer({ min: 2, max: 5 }),
  feeBps: fc.constantFrom(0, 0, 50, 300),
  opening: fc.tuple(...TRADERS.map(() => fc.integer({ min: 0, max: 8_000 }))),
  commands: fc.array(command, { minLength: 1, maxLength: 40, size: 'max' }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

/** Runs the commands on the engine while a plain model (q vector, cash, shares) predicts each outcome. */
function run({ b, n, feeBps, opening, commands }: Scenario) {
  const outcomes = NAMES.slice(0, n);
  const users: Record<string, number> = Object.fromEntries([...TRADERS.map((t, i) => [t, opening[i] ?? 0] as const), [CREATOR, 1_000_000] as const]);
  let state: MarketState = ammMarket(users, { b, creator: CREATOR, outcomes, feeBps });
  const q = outcomes.map(() => 0);
  const cash: Record<string, number> = { ...users, [CREATOR]: 1_000_000 - Math.ceil(100 * b * Math.log(n)) };
  const shares: Record<string, number[]> = Object.fromEntries(TRADERS.map((t) => [t, outcomes.map(() => 0)]));
  let credits = 0;
  commands.forEach((cmd, step) => {
    if (cmd.kind === 'credit') {
      state = creditUser(state, cmd.userId, cmd.amount).state;
      cash[cmd.userId] = (cash[cmd.userId] ?? 0) + cmd.amount;
      credits += cmd.amount;
    } else {
      // Sellers mostly sell something they hold: the first outcome they hold from the drawn one on.
      const mine0 = shares[cmd.userId] ?? [];
      const drawn = cmd.outcome % n;
      const holding = outcomes.map((_, k) => (drawn + k) % n).find((k) => (mine0[k] ?? 0) > 0);
      const i = cmd.side === 'sell' && holding !== undefined && cmd.quantity % 4 !== 0 ? holding : drawn;
      const held = shares[cmd.userId]?.[i] ?? 0;
      const quantity = cmd.side === 'sell' && held > 0 ? 1 + ((cmd.quantity - 1) % held) : cmd.quantity;
      const type = cmd.limitPrice === null ? 'market' : 'limit';
      const result = placeOrder(state, {
        orderId: `o${step}`,
        userId: cmd.userId,
        outcome: outcomes[i] ?? 'A',
        side: cmd.side,
        type,
        quantity,
        price: cmd.limitPrice,
        maxCost: type === 'market' && cmd.side === 'buy' ? cmd.maxCost : null,
      });
      const sign = cmd.side === 'buy' ? 1 : -1;
      const after = q.map((qi, j) => (j === i ? qi + sign * quantity : qi));
      const exact = 100 * sign * (cost(after, b) - cost(q, b));
      let expected: string;
      if (cmd.side === 'sell' && held < quantity) expected = 'insufficient_shares';
      else {
        const amount = result.fills[0]?.amount ?? (cmd.side === 'buy' ? Math.ceil(exact) : Math.floor(exact));
        if (!nearInteger(exact)) expect(amount).toBe(cmd.side === 'buy' ? Math.ceil(exact) : Math.floor(exact));
        expect(Math.abs(amount - exact)).toBeLessThan(1 + 1e-6);
        const fee = Math.ceil((amount * feeBps) / 10_000);
        if (cmd.limitPrice !== null && (cmd.side === 'buy' ? amount > cmd.limitPrice * quantity : amount < cmd.limitPrice * quantity)) expected = 'price_limit';
        else if (cmd.side === 'buy' && type === 'market' && cmd.maxCost !== null && amount + fee > cmd.maxCost) expected = 'max_cost';
        else if (cmd.side === 'buy' && (cash[cmd.userId] ?? 0) < amount + fee) expected = 'insufficient_funds';
        else {
          expected = 'filled';
          expect(result.fills[0]?.fee).toBe(fee);
          cash[cmd.userId] = (cash[cmd.userId] ?? 0) - sign * amount - fee;
          q[i] = (q[i] ?? 0) + sign * quantity;
          const mine = shares[cmd.userId] ?? [];
          mine[i] = (mine[i] ?? 0) + sign * quantity;
        }
      }
      expect(result.order.rejectReason ?? result.order.status).toBe(expected);
      state = result.state;
    }
    expect(checkInvariants(state)).toEqual([]);
    expect(outcomes.map((o) => state.amm?.q[o])).toEqual(q);
    for (const t of TRADERS) {
      expect(state.balances[t]?.available).toBe(cash[t]);
      expect(outcomes.map((o) => state.positions[t]?.[o]?.shares)).toEqual(shares[t]);
    }
    const prices = ammPrices(state);
    expect(Object.values(prices.exact).reduce((a, p) => a + p, 0)).toBeCloseTo(100, 9);
    expect(Object.values(prices.display).reduce((a, p) => a + p, 0)).toBe(100);
    expect(totalCash(state)).toBe(Object.values(users).reduce((a, c) => a + c, 0) + credits);
  });
  return { state, outcomes, total: Object.values(users).reduce((a, c) => a + c, 0) + credits };
}

const everyone = [...TRADERS, CREATOR];
const batches = fc.array(fc.subarray(everyone, { minLength: 1 }), { minLength: 1, maxLength: 5 });

describe('LMSR market against a textbook model', () => {
  it('prices every trade by the closed form rounded for the platform, with all invariants after every step', () => {
    fc.assert(fc.property(scenario, (s) => void run(s)), { numRuns: 250 });
  });

  it('resolves and settles in random, repeated batches: winners paid once, the AMM keeps the rest, cash conserved', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), batches, (s, pick, userBatches) => {
        const { state: traded, outcomes, total } = run(s);
        const winner = outcomes[pick % outcomes.length] ?? 'A';
        let state = resolveMarket(traded, winner).state;
        const owed = Object.fromEntries(everyone.map((u) => [u, 100 * (state.positions[u]?.[winner]?.shares ?? 0)]));
        const paid: Record<string, number> = {};
        for (const batch of [...userBatches, userBatches[0] ?? [], everyone]) {
          const result = settleBatch(state, batch);
          result.payouts.forEach(({ userId, amount }) => (paid[userId] = (paid[userId] ?? 0) + amount));
          state = result.state;
          expect(checkInvariants(state)).toEqual([]);
        }

        expect(paid).toEqual(owed);
        expect(state.amm?.cash).toBe((traded.amm?.cash ?? 0) - Object.values(owed).reduce((a, v) => a + v, 0));
        expect(totalCash(state)).toBe(total);
      }),
      { numRuns: 60 },
    );
  });

  it('voids: traders get their positive net paid back, the creator what is left of the subsidy', () => {
    fc.assert(
      fc.property(scenario, batches, (s, userBatches) => {
        const { state: traded, total } = run(s);
        let state = voidMarket(traded).state;
        for (const batch of [...userBatches, ...userBatches, everyone]) {
          state = settleBatch(state, batch).state;
          expect(checkInvariants(state)).toEqual([]);
        }

        const plan = state.voidPlan;
        for (const t of TRADERS) {
          const claim = Math.max(0, traded.netPaid[t] ?? 0);
          if ((traded.amm?.cash ?? 0) >= Object.values(traded.netPaid).reduce((a, v) => a + Math.max(0, v), 0)) {
            expect(plan?.refunds[t] ?? 0).toBe(claim);
          }
        }
        expect(plan?.subsidyRefund ?? 0).toBeLessThanOrEqual(traded.amm?.subsidy ?? 0);
        expect(state.amm?.cash).toBe(plan?.residual);
        expect(totalCash(state)).toBe(total);
      }),
      { numRuns: 60 },
    );
  });
});
