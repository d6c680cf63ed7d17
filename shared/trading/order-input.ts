import {
  ENGINE,
  MARKET_PHASE,
  MAX_PRICE,
  MAX_QUANTITY,
  MIN_PRICE,
  ORDER_STATUS,
  ORDER_TYPE,
  SIDE,
  TIME_IN_FORCE,
  type OrderType,
  type RejectReason,
  type Side,
  type TimeInForce,
} from './constants.js';
import { DuplicateOrderError, InvalidOrderError, MarketPhaseError, UnknownOutcomeError, UnknownUserError } from './errors.js';
import { assertAmount } from './market-state.js';
import { findResting } from './order-book.js';
import type { MarketState, Order, PlaceOrderResult } from './types.js';

/**
 * An order as a caller submits it. Ids come from the caller (the engine never invents them).
 * Limit orders need `price` (1–99); market orders must not have one. `maxCost` caps what a
 * market buy may spend, fees included. On AMM markets `price` is the worst average price per
 * share (a maximum for buys, a minimum for sells) and `timeInForce` does not apply.
 */
export interface PlaceOrderInput {
  readonly orderId: string;
  readonly userId: string;
  readonly outcome: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly quantity: number;
  readonly price?: number | null;
  readonly timeInForce?: TimeInForce;
  readonly maxCost?: number | null;
}

/** The order as first recorded, before any fill (sequence = the command's sequence). */
export function validateOrder(state: MarketState, input: PlaceOrderInput, sequence: number): Order {
  if (state.phase !== MARKET_PHASE.open) throw new MarketPhaseError(`The market is ${state.phase}; trading has ended`);
  if (input.orderId.length === 0) throw new InvalidOrderError('An order needs an id');
  if (!state.balances[input.userId]) throw new UnknownUserError(input.userId);
  if (!state.outcomes.includes(input.outcome)) throw new UnknownOutcomeError(input.outcome);
  if (input.side !== SIDE.buy && input.side !== SIDE.sell) throw new InvalidOrderError('side must be buy or sell');
  const q = input.quantity;
  if (!Number.isSafeInteger(q) || q < 1 || q > MAX_QUANTITY) {
    throw new InvalidOrderError(`quantity must be a whole number from 1 to ${MAX_QUANTITY}`);
  }
  const price = input.price ?? null;
  const maxCost = input.maxCost ?? null;
  let timeInForce: TimeInForce;
  if (input.type === ORDER_TYPE.limit) {
    if (price === null || !Number.isInteger(price) || price < MIN_PRICE || price > MAX_PRICE) {
      throw new InvalidOrderError(`A limit order needs a whole-cent price from ${MIN_PRICE} to ${MAX_PRICE}`);
    }
    if (maxCost !== null) throw new InvalidOrderError('maxCost applies to market buys only');
    timeInForce = input.timeInForce ?? TIME_IN_FORCE.GTC;
  } else if (input.type === ORDER_TYPE.market) {
    if (price !== null) throw new InvalidOrderError('A market order has no price');
    timeInForce = input.timeInForce ?? TIME_IN_FORCE.IOC;
    // A market order never rests: it is IOC, or FOK when the caller wants all or nothing.
    if (timeInForce === TIME_IN_FORCE.GTC) throw new InvalidOrderError('A market order cannot be GTC');
    if (maxCost !== null) {
      if (input.side !== SIDE.buy) throw new InvalidOrderError('maxCost applies to market buys only');
      assertAmount(maxCost, 'maxCost');
    }
  } else {
    throw new InvalidOrderError('type must be limit or market');
  }
  if (!Object.values(TIME_IN_FORCE).includes(timeInForce)) throw new InvalidOrderError('timeInForce must be GTC, IOC or FOK');
  if (state.engine === ENGINE.orderbook && findResting(state.book, input.orderId)) throw new DuplicateOrderError(input.orderId);
  return {
    id: input.orderId,
    userId: input.userId,
    outcome: input.outcome,
    side: input.side,
    type: input.type,
    timeInForce,
    price,
    quantity: q,
    filledQuantity: 0,
    status: ORDER_STATUS.open,
    sequence,
    maxCost,
    rejectReason: null,
  };
}

/** A refusal: the state comes back unchanged (same object), nothing to write but the order itself if wanted. */
export function rejection(state: MarketState, order: Order, reason: RejectReason): PlaceOrderResult {
  return {
    state,
    entries: [],
    orders: [],
    users: [],
    order: { ...order, status: ORDER_STATUS.rejected, sequence: state.sequence, rejectReason: reason },
    fills: [],
    cancelled: [],
  };
}
