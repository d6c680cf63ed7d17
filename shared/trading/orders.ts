import {
  ENGINE,
  LEDGER_REASON,
  MARKET_PHASE,
  MAX_PRICE,
  MIN_PRICE,
  ORDER_STATUS,
  ORDER_TYPE,
  REJECT_REASON,
  SIDE,
  TIME_IN_FORCE,
} from './constants.js';
import { placeAmmOrder } from './amm.js';
import { MarketDraft } from './draft.js';
import { MarketPhaseError, OrderNotFoundError, UnknownUserError } from './errors.js';
import { limitBuyLock, worstCaseMarketBuyCost } from './fees.js';
import { cancelResting, matchTaker, type Taker } from './matching.js';
import { rejection, validateOrder, type PlaceOrderInput } from './order-input.js';
import { findResting, insertByPriority, remainingOf, restingOrders } from './order-book.js';
import type { CancelResult, MarketState, Order, PlaceOrderResult } from './types.js';

/** What a persistence layer may ask of one placement. */
export interface MatchOptions {
  /**
   * At most this many resting orders are touched (fills plus self-trade cancels). When the cap
   * stops a taker that could still match, an IOC or market remainder expires, a FOK is rejected
   * and a GTC remainder rests; the result then carries `truncated: true` so the caller can
   * `resumeOrder` it in its next atomic write. Unlimited by default.
   */
  readonly maxMakers?: number;
}

/**
 * Places an order on either engine. A refusal (not enough cash or shares, an unfillable FOK,
 * an AMM price limit) returns status `rejected` and the very same state object. Malformed
 * input, unknown users or outcomes, and trading after resolution throw a TradingError.
 */
export function placeOrder(state: MarketState, input: PlaceOrderInput, options: MatchOptions = {}): PlaceOrderResult {
  const order = validateOrder(state, input, state.sequence + 1);
  return state.engine === ENGINE.amm ? placeAmmOrder(state, order) : placeBookOrder(state, order, options);
}

function placeBookOrder(state: MarketState, order: Order, options: MatchOptions): PlaceOrderResult {
  const d = new MarketDraft(state);
  const user = order.userId;
  let lock = 0;
  if (order.side === SIDE.buy) {
    lock =
      order.type === ORDER_TYPE.limit
        ? limitBuyLock(order.price ?? MAX_PRICE, order.quantity, state.feeBps)
        : (order.maxCost ?? worstCaseMarketBuyCost(order.quantity, state.feeBps));
    if (d.cash(user).available < lock) return rejection(state, order, REJECT_REASON.insufficient_funds);
    d.move({ kind: 'locked', userId: user }, { kind: 'available', userId: user }, lock, LEDGER_REASON.order_lock, order.id);
  } else {
    if (d.position(user, order.outcome).shares < order.quantity) {
      return rejection(state, order, REJECT_REASON.insufficient_shares);
    }
    d.adjustPosition(user, order.outcome, -order.quantity, order.quantity);
  }
  return work(state, d, order, lock, options);
}

/**
 * Matches the unfilled part of `order` as the taker, then rests (GTC), expires (IOC, market) or
 * rejects (FOK) what is left. `lockedCash` is what a buy holds locked for it right now.
 */
function work(state: MarketState, d: MarketDraft, order: Order, lockedCash: number, options: MatchOptions): PlaceOrderResult {
  const user = order.userId;
  const isBuy = order.side === SIDE.buy;
  const limit = order.price ?? (isBuy ? MAX_PRICE : MIN_PRICE);
  const remaining = order.quantity - order.filledQuantity;
  const taker: Taker = { id: order.id, userId: user, outcome: order.outcome, side: order.side, limit, remaining, lockedCash };
  const { fills, cancelled, truncated } = matchTaker(d, taker, options.maxMakers);
  // FOK: throwing the draft away undoes every fill and self-trade cancellation at once.
  if (order.timeInForce === TIME_IN_FORCE.FOK && taker.remaining > 0) return rejection(state, order, REJECT_REASON.fill_or_kill);

  const filledQuantity = order.quantity - taker.remaining;
  const rests = order.timeInForce === TIME_IN_FORCE.GTC && taker.remaining > 0;
  if (isBuy) {
    // Keep exactly what the resting remainder can cost as a maker; refund improvement, fee cap and any IOC remainder now.
    const keep = rests ? taker.remaining * (order.price ?? 0) : 0;
    d.move({ kind: 'available', userId: user }, { kind: 'locked', userId: user }, taker.lockedCash - keep, LEDGER_REASON.order_release, order.id);
  } else if (!rests && taker.remaining > 0) {
    d.adjustPosition(user, order.outcome, taker.remaining, -taker.remaining);
  }
  let status: Order['status'] = ORDER_STATUS.filled;
  if (taker.remaining > 0) {
    // An IOC or market remainder expires at once: the order ends cancelled, filledQuantity says how much traded.
    if (!rests) status = ORDER_STATUS.cancelled;
    else status = filledQuantity > 0 ? ORDER_STATUS.partially_filled : ORDER_STATUS.open;
  }
  const placed: Order = { ...order, filledQuantity, status };
  if (rests) d.setSide(order.outcome, order.side, insertByPriority(d.side(order.outcome, order.side), order.side, placed));
  d.recordOrder(placed);
  return { ...d.changes(), order: placed, fills, cancelled, ...(truncated ? { truncated: true as const } : {}) };
}

/**
 * Lets a resting GTC order of `userId` take liquidity again: the continuation of a placement that
 * `maxMakers` cut short (its remainder rested while orders it crosses were still resting). The
 * order keeps its time priority. A buy re-locks the fee cap of its remainder from available
 * (as much as there is; without it, it matches what the lock it holds can pay).
 */
export function resumeOrder(
  state: MarketState,
  input: { readonly orderId: string; readonly userId: string },
  options: MatchOptions = {},
): PlaceOrderResult {
  if (state.phase !== MARKET_PHASE.open) throw new MarketPhaseError(`The market is ${state.phase}; trading has ended`);
  const order = findResting(state.book, input.orderId);
  if (!order || order.userId !== input.userId) throw new OrderNotFoundError(input.orderId);
  const d = new MarketDraft(state);
  d.setSide(order.outcome, order.side, d.side(order.outcome, order.side).filter((o) => o.id !== order.id));
  let lock = 0;
  if (order.side === SIDE.buy) {
    const remaining = remainingOf(order);
    const price = order.price ?? 0;
    const feeCap = Math.min(limitBuyLock(price, remaining, state.feeBps) - remaining * price, d.cash(order.userId).available);
    d.move({ kind: 'locked', userId: order.userId }, { kind: 'available', userId: order.userId }, feeCap, LEDGER_REASON.order_lock, order.id);
    lock = remaining * price + feeCap;
  }
  return work(state, d, order, lock, options);
}

/** Cancels one resting order of `userId`; someone else's order is reported as not found. */
export function cancelOrder(state: MarketState, input: { readonly orderId: string; readonly userId: string }): CancelResult {
  const order = findResting(state.book, input.orderId);
  if (!order || order.userId !== input.userId) throw new OrderNotFoundError(input.orderId);
  const d = new MarketDraft(state);
  const cancelled = cancelResting(d, order);
  return { ...d.changes(), cancelled: [cancelled] };
}

/** Cancels every resting order of `userId` in this market; with none, returns the same state. */
export function cancelAllOrders(state: MarketState, userId: string): CancelResult {
  if (!state.balances[userId]) throw new UnknownUserError(userId);
  const mine = restingOrders(state.book).filter((o) => o.userId === userId);
  if (mine.length === 0) return { state, entries: [], orders: [], users: [], cancelled: [] };
  const d = new MarketDraft(state);
  const cancelled = mine.map((o) => cancelResting(d, o));
  return { ...d.changes(), cancelled };
}
