import { BPS_PER_UNIT, MAX_PRICE } from './constants.js';

/** ⌈a / b⌉ for non-negative safe integers, exact (no float rounding at integer boundaries). */
export function ceilDiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  // The float quotient can land one off near an integer; the remainder puts it right.
  let r = a - q * b;
  if (r < 0) {
    q -= 1;
    r += b;
  } else if (r >= b) {
    q += 1;
    r -= b;
  }
  return r > 0 ? q + 1 : q;
}

/** Taker fee on `notional` cents, rounded up so the platform never loses the fraction. */
export function takerFee(notional: number, feeBps: number): number {
  return feeBps === 0 ? 0 : ceilDiv(notional * feeBps, BPS_PER_UNIT);
}

/**
 * The most fee one share bought at ≤ `price` can cost, summed over any split into fills:
 * ⌈k·x⌉ ≤ k·⌈x⌉, so quantity × this bounds the sum of per-fill fees.
 */
export function feeCapPerShare(price: number, feeBps: number): number {
  return takerFee(price, feeBps);
}

/** Cash a buy must lock so every possible fill and its fee is covered. */
export function limitBuyLock(price: number, quantity: number, feeBps: number): number {
  return quantity * (price + feeCapPerShare(price, feeBps));
}

/** The default `maxCost` of a market buy: every share at the worst price, plus fees. */
export function worstCaseMarketBuyCost(quantity: number, feeBps: number): number {
  return limitBuyLock(MAX_PRICE, quantity, feeBps);
}

/** What `k` shares at `price` cost a taker, fee included. */
export function takerBuyCost(price: number, k: number, feeBps: number): number {
  return price * k + takerFee(price * k, feeBps);
}

/** The largest k ≤ `limit` whose cost at `price` (fee included) fits in `budget`. */
export function maxAffordable(budget: number, price: number, feeBps: number, limit: number): number {
  // k·price·(1 + bps) ≤ budget is necessary, so this bound is at most a step or two too high.
  let k = Math.min(limit, Math.floor((budget * BPS_PER_UNIT) / (price * (BPS_PER_UNIT + feeBps))));
  while (k > 0 && takerBuyCost(price, k, feeBps) > budget) k -= 1;
  return Math.max(k, 0);
}
