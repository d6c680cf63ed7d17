import { PAYOUT_CENTS } from './constants.js';
import { NumericRangeError } from './errors.js';

/*
 * Logarithmic market scoring rule (Hanson). With shares outstanding q (one entry per outcome)
 * and liquidity b, the cost function is C(q) = b·ln Σ exp(q_i / b) shares (× 100 cents).
 * Every function here is pure and works in log space, so q/b in the millions neither
 * overflows exp nor loses the small differences that prices are made of.
 */

function assertFinite(value: number, what: string): void {
  if (!Number.isFinite(value)) throw new NumericRangeError(`${what} is not a finite number`);
}

function checkInputs(q: readonly number[], b: number): void {
  if (!(b > 0) || !Number.isFinite(b)) throw new NumericRangeError('Liquidity b must be a positive finite number');
  if (q.length < 2) throw new NumericRangeError('The LMSR needs at least two outcomes');
  for (const qi of q) assertFinite(qi, 'Shares outstanding');
}

/** ln Σ exp(v_i), shifted by the maximum so no term overflows. */
export function logSumExp(values: readonly number[]): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

/** ln(1 + e^v) without overflow for large v or loss for very negative v. */
function softplus(v: number): number {
  return v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
}

/** softplus(u + x) − softplus(u), keeping the large linear parts out of the subtraction. */
function softplusDelta(u: number, x: number): number {
  const w = u + x;
  if (u >= 0 && w >= 0) return x + (Math.log1p(Math.exp(-w)) - Math.log1p(Math.exp(-u)));
  return softplus(w) - softplus(u);
}

/** C(q) in shares (multiply by 100 for cents). */
export function lmsrCost(q: readonly number[], b: number): number {
  checkInputs(q, b);
  return b * logSumExp(q.map((qi) => qi / b));
}

/**
 * C(q + Δ·e_i) − C(q) in shares, for a signed Δ. Written as b·(softplus(u + Δ/b) − softplus(u))
 * with u = q_i/b − ln Σ_{j≠i} exp(q_j/b), which is exact algebra and never subtracts two huge numbers.
 */
export function lmsrCostDelta(q: readonly number[], b: number, outcome: number, delta: number): number {
  checkInputs(q, b);
  assertFinite(delta, 'Quantity');
  const qi = q[outcome];
  if (qi === undefined) throw new NumericRangeError(`No outcome at index ${outcome}`);
  const others = logSumExp(q.filter((_, j) => j !== outcome).map((qj) => qj / b));
  const result = b * softplusDelta(qi / b - others, delta / b);
  assertFinite(result, 'Cost');
  return result;
}

/**
 * Bound on the absolute error of 100·ΔC as computed here, in cents: 64 ulps of the problem's
 * scale b + max|q| + |Δ|. Measured against 60-digit arithmetic the worst case is about 1.1 ulp,
 * so this bound is generous; for b, q, Δ ≤ 1e6 it is below 5e-6 cents.
 */
function errorBound(q: readonly number[], b: number, delta: number): number {
  return 64 * Number.EPSILON * PAYOUT_CENTS * (b + Math.max(...q.map(Math.abs)) + Math.abs(delta));
}

function toCents(cents: number): number {
  if (!Number.isSafeInteger(cents)) throw new NumericRangeError('Amount exceeds the exactly representable range');
  return cents;
}

/**
 * Cents to buy `delta` shares of outcome `outcome`: ⌈100·(C(q + Δe_i) − C(q))⌉, and at least 1
 * cent. The computed value is nudged up by its error bound first, so where a double cannot tell
 * the exact cost from a whole cent the buyer pays the cent above: never less than the exact ceiling.
 */
export function lmsrBuyCost(q: readonly number[], b: number, outcome: number, delta: number): number {
  if (!(delta > 0)) throw new NumericRangeError('Quantity must be positive');
  const cents = PAYOUT_CENTS * lmsrCostDelta(q, b, outcome, delta);
  return Math.max(1, toCents(Math.ceil(cents + errorBound(q, b, delta))));
}

/**
 * Cents paid for selling `delta` shares of outcome `outcome`: ⌊100·(C(q) − C(q − Δe_i))⌋, never
 * below 0, nudged down by the error bound so the seller never gets more than the exact floor.
 */
export function lmsrSellPayout(q: readonly number[], b: number, outcome: number, delta: number): number {
  if (!(delta > 0)) throw new NumericRangeError('Quantity must be positive');
  const cents = -PAYOUT_CENTS * lmsrCostDelta(q, b, outcome, -delta);
  return Math.max(0, toCents(Math.floor(cents - errorBound(q, b, delta))));
}

/** Instantaneous prices in cents, softmax(q/b) × 100; floats summing to 100 (display and marks only). */
export function lmsrPrices(q: readonly number[], b: number): number[] {
  checkInputs(q, b);
  const scaled = q.map((qi) => qi / b);
  const norm = logSumExp(scaled);
  return scaled.map((v) => Math.exp(v - norm) * PAYOUT_CENTS);
}

/**
 * Prices as whole cents for display, summing to exactly 100 (largest-remainder rounding,
 * ties to the earlier outcome). An outcome can show 0 or 100 when the market is that sure.
 * Never use these to charge anyone: trades are priced by `lmsrBuyCost`/`lmsrSellPayout`.
 */
export function lmsrDisplayPrices(q: readonly number[], b: number): number[] {
  const exact = lmsrPrices(q, b);
  const floors = exact.map((p) => Math.floor(p));
  let left = PAYOUT_CENTS - floors.reduce((a, p) => a + p, 0);
  const order = exact.map((p, i) => ({ i, frac: p - Math.floor(p) })).sort((a, c) => c.frac - a.frac || a.i - c.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    left -= 1;
  }
  return floors;
}

/** The market maker's worst-case loss, b·ln n shares, charged as ⌈100·b·ln n⌉ cents. */
export function lmsrSubsidy(b: number, outcomes: number): number {
  if (!(b > 0) || !Number.isFinite(b)) throw new NumericRangeError('Liquidity b must be a positive finite number');
  const cents = PAYOUT_CENTS * b * Math.log(outcomes);
  // Same rule as buys: where a double cannot tell, the creator pays the cent above.
  return toCents(Math.ceil(cents + 64 * Number.EPSILON * cents));
}
