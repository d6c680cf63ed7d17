import { expect } from 'vitest';
import {
  checkInvariants,
  createMarket,
  type MarketState,
  type PlaceOrderInput,
  type Side,
  type TimeInForce,
} from '../../../../shared/trading/index.js';

export const MARKET_ID = 'm-1';

/** A binary order-book market with the given users' starting cash. */
export function bookMarket(users: Record<string, number>, feeBps = 0): MarketState {
  return createMarket({ marketId: MARKET_ID, engine: 'orderbook', users, feeBps }).state;
}

/** An LMSR market; `creator` must be one of `users` and pays the subsidy. */
export function ammMarket(
  users: Record<string, number>,
  options: { b: number; creator: string; outcomes?: readonly string[]; feeBps?: number },
): MarketState {
  return createMarket({
    marketId: MARKET_ID,
    engine: 'amm',
    users,
    feeBps: options.feeBps ?? 0,
    ...(options.outcomes ? { outcomes: options.outcomes } : {}),
    amm: { b: options.b, creatorId: options.creator },
  }).state;
}

/** Asserts every engine invariant and returns the result, so a command reads `state = healthy(cmd(...)).state`. */
export function healthy<T extends { state: MarketState }>(result: T): T {
  expect(checkInvariants(result.state)).toEqual([]);
  return result;
}

/** A limit order; GTC unless told. */
export function limit(
  orderId: string,
  userId: string,
  side: Side,
  outcome: string,
  price: number,
  quantity: number,
  timeInForce: TimeInForce = 'GTC',
): PlaceOrderInput {
  return { orderId, userId, side, outcome, type: 'limit', price, quantity, timeInForce };
}

/** A market order (IOC unless told). */
export function market(
  orderId: string,
  userId: string,
  side: Side,
  outcome: string,
  quantity: number,
  extra: { maxCost?: number; timeInForce?: TimeInForce } = {},
): PlaceOrderInput {
  return { orderId, userId, side, outcome, type: 'market', quantity, ...extra };
}

/** Cash and positions of one user, compactly, for exact assertions. */
export function holdings(state: MarketState, userId: string) {
  const cash = state.balances[userId];
  const yes = state.positions[userId]?.['YES'];
  const no = state.positions[userId]?.['NO'];
  return {
    available: cash?.available,
    locked: cash?.locked,
    YES: yes ? yes.shares + yes.lockedShares : 0,
    NO: no ? no.shares + no.lockedShares : 0,
  };
}

/** Total cash in the system: what users hold plus the market's pools and the fees. */
export function totalCash(state: MarketState): number {
  let total = state.escrow + state.fees + (state.amm?.cash ?? 0);
  for (const cash of Object.values(state.balances)) total += cash.available + cash.locked;
  return total;
}
