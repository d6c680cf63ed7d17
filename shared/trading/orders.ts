import {
  ENGINE,
  LEDGER_REASON,
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
import { OrderNotFoundError, UnknownUserError } from './errors.js';
import { limitBuyLock, worstCaseMarketBuyCost } from './fees.js';
import { cancelResting, matchTaker, type Taker } from './matching.js';
import { rejection, validateOrder, type PlaceOrderInput } from './order-input.js';
import { findResting, insertByPriority, restingOrders } from './order-book.js';
import type { CancelResult, MarketState, Order, PlaceOrderResult } from './types.js';

/**
 * Places an order on either engine. A refusal (not enough cash or shares, an unfillable FOK,
 * an AMM price limit) returns status `rejected` and the very same state object. Malformed
 * input, unknown users or outcomes, and trading after resolution throw a TradingError.
 */
export function placeOrder(state: MarketState, input: PlaceOrderInput): PlaceOrderResult {
  const order = validateOrder(state, input, state.sequence + 1);
  return state.engine === ENGINE.amm ? placeAmmOrder(state, order) : placeBookOrder(state, order);
}

function placeBookOrder(state: MarketState, order: Order): PlaceOrderResult {
  const d = new MarketDraft(state);
  const user = order.userId;
  const isBuy = order.side === SIDE.buy;
  let lock = 0;
  if (isBuy) {
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
  const limit = order.price ?? (isBuy ? MAX_PRICE : MIN_PRICE);
  const taker: Taker = { id: order.id, userId: user, outcome: order.outcome, side: order.side, limit, remaining: order.quantity, lockedCash: lock };
  const { fills, cancelled } = matchTaker(d, taker);
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
  return { ...d.changes(), order: placed, fills, cancelled };
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
