import { FILL_KIND, LEDGER_REASON, ORDER_STATUS, PAYOUT_CENTS, REJECT_REASON, SIDE, type Side } from './constants.js';
import { MarketDraft } from './draft.js';
import { InvalidOrderError, UnknownOutcomeError } from './errors.js';
import { takerFee } from './fees.js';
import { lmsrBuyCost, lmsrDisplayPrices, lmsrPrices, lmsrSellPayout } from './lmsr.js';
import { rejection } from './order-input.js';
import type { AmmState, Fill, MarketState, Order, PlaceOrderResult } from './types.js';

function ammOf(state: MarketState): AmmState {
  if (!state.amm) throw new InvalidOrderError('This market has no AMM');
  return state.amm;
}

function vector(state: MarketState, amm: AmmState): number[] {
  return state.outcomes.map((o) => amm.q[o] ?? 0);
}

/** 100 × the largest q_i after adding `delta` shares to outcome index `i`. */
function maxLiability(q: readonly number[], i: number, delta: number): number {
  return PAYOUT_CENTS * Math.max(...q.map((qi, j) => (j === i ? qi + delta : qi)));
}

/**
 * What a trade with the AMM would cost (buy) or pay (sell), before fees: the closed form,
 * rounded for the platform (see lmsr.ts). As a last guard the amount is also clamped so the
 * AMM always holds 100 × max_i q_i afterwards; exact rounding already guarantees that, so the
 * clamp would only act if the documented error bound were ever wrong.
 */
export function ammQuote(state: MarketState, outcome: string, side: Side, quantity: number): number {
  const amm = ammOf(state);
  const i = state.outcomes.indexOf(outcome);
  if (i < 0) throw new UnknownOutcomeError(outcome);
  const q = vector(state, amm);
  if (side === SIDE.buy) {
    return Math.max(lmsrBuyCost(q, amm.b, i, quantity), maxLiability(q, i, quantity) - amm.cash);
  }
  return Math.max(0, Math.min(lmsrSellPayout(q, amm.b, i, quantity), amm.cash - maxLiability(q, i, -quantity)));
}

/** Current AMM prices per outcome: `exact` floats summing to 100, `display` whole cents summing to 100. */
export function ammPrices(state: MarketState): { exact: Record<string, number>; display: Record<string, number> } {
  const amm = ammOf(state);
  const q = vector(state, amm);
  const exact = lmsrPrices(q, amm.b);
  const display = lmsrDisplayPrices(q, amm.b);
  return {
    exact: Object.fromEntries(state.outcomes.map((o, i) => [o, exact[i] ?? 0])),
    display: Object.fromEntries(state.outcomes.map((o, i) => [o, display[i] ?? 0])),
  };
}

/**
 * Trades a validated order with the LMSR: all of it at once, or nothing (the AMM never rests an
 * order, whatever the time in force). The taker fee is charged on the cost or the proceeds.
 */
export function placeAmmOrder(state: MarketState, order: Order): PlaceOrderResult {
  const user = order.userId;
  const qty = order.quantity;
  if (order.side === SIDE.sell && (state.positions[user]?.[order.outcome]?.shares ?? 0) < qty) {
    return rejection(state, order, REJECT_REASON.insufficient_shares);
  }
  const amount = ammQuote(state, order.outcome, order.side, qty);
  const fee = takerFee(amount, state.feeBps);
  const d = new MarketDraft(state);
  const me = { kind: 'available', userId: user } as const;
  if (order.side === SIDE.buy) {
    if (order.price !== null && amount > order.price * qty) return rejection(state, order, REJECT_REASON.price_limit);
    if (order.maxCost !== null && amount + fee > order.maxCost) return rejection(state, order, REJECT_REASON.max_cost);
    if (d.cash(user).available < amount + fee) return rejection(state, order, REJECT_REASON.insufficient_funds);
    d.move({ kind: 'amm' }, me, amount, LEDGER_REASON.amm_buy, order.id);
    d.move({ kind: 'fees' }, me, fee, LEDGER_REASON.taker_fee, order.id);
    d.adjustPosition(user, order.outcome, qty, 0);
    d.adjustAmmShares(order.outcome, qty);
    d.addNetPaid(user, amount);
  } else {
    if (order.price !== null && amount < order.price * qty) return rejection(state, order, REJECT_REASON.price_limit);
    d.move(me, { kind: 'amm' }, amount, LEDGER_REASON.amm_sell, order.id);
    d.move({ kind: 'fees' }, me, fee, LEDGER_REASON.taker_fee, order.id);
    d.adjustPosition(user, order.outcome, -qty, 0);
    d.adjustAmmShares(order.outcome, -qty);
    d.addNetPaid(user, -amount);
  }
  const placed: Order = { ...order, filledQuantity: qty, status: ORDER_STATUS.filled };
  d.recordOrder(placed);
  const fill: Fill = {
    kind: FILL_KIND.amm,
    price: Math.round(amount / qty),
    makerPrice: null,
    quantity: qty,
    amount,
    fee,
    makerOrderId: null,
    makerUserId: null,
  };
  return { ...d.changes(), order: placed, fills: [fill], cancelled: [] };
}
