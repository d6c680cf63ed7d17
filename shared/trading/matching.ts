import {
  FILL_KIND,
  LEDGER_REASON,
  ORDER_STATUS,
  OUTCOME,
  PAYOUT_CENTS,
  SIDE,
  type FillKind,
  type Side,
} from './constants.js';
import type { MarketDraft } from './draft.js';
import { maxAffordable, takerFee } from './fees.js';
import { remainingOf } from './order-book.js';
import type { Fill, Order } from './types.js';

/** The incoming order while it walks the book. `limit` is the worst effective price it accepts. */
export interface Taker {
  readonly id: string;
  readonly userId: string;
  readonly outcome: string;
  readonly side: Side;
  readonly limit: number;
  remaining: number;
  /** Buys: cash still locked for this order (price × quantity + fee cap, or maxCost). */
  lockedCash: number;
}

interface Candidate {
  readonly maker: Order;
  /** Per-share price for the taker: the maker's price, or 100 − it across the complementary book. */
  readonly effective: number;
  readonly kind: FillKind;
}

const available = (userId: string) => ({ kind: 'available', userId }) as const;
const locked = (userId: string) => ({ kind: 'locked', userId }) as const;
const ESCROW = { kind: 'escrow' } as const;
const FEES = { kind: 'fees' } as const;

function complement(outcome: string): string {
  return outcome === OUTCOME.YES ? OUTCOME.NO : OUTCOME.YES;
}

function opposite(side: Side): Side {
  return side === SIDE.buy ? SIDE.sell : SIDE.buy;
}

/** Best resting order for the taker across both books, or null when nothing crosses its limit. */
function bestCandidate(d: MarketDraft, taker: Taker): Candidate | null {
  const buying = taker.side === SIDE.buy;
  const options: Candidate[] = [];
  // Same outcome, other side: a plain transfer of shares.
  const same = d.side(taker.outcome, opposite(taker.side))[0];
  if (same) options.push({ maker: same, effective: same.price ?? 0, kind: FILL_KIND.transfer });
  // Other outcome, same side: buy+buy mints a pair, sell+sell merges one.
  const across = d.side(complement(taker.outcome), taker.side)[0];
  if (across) {
    const kind = buying ? FILL_KIND.mint : FILL_KIND.merge;
    options.push({ maker: across, effective: PAYOUT_CENTS - (across.price ?? 0), kind });
  }
  let best: Candidate | null = null;
  for (const option of options) {
    if (!best) best = option;
    else if (option.effective !== best.effective) {
      if (buying ? option.effective < best.effective : option.effective > best.effective) best = option;
    } else if (option.maker.sequence < best.maker.sequence) best = option;
  }
  if (!best) return null;
  const crosses = buying ? best.effective <= taker.limit : best.effective >= taker.limit;
  return crosses ? best : null;
}

/** Replaces the head of the maker's book side by its new form, or drops it when done. */
function updateHead(d: MarketDraft, next: Order): void {
  const list = d.side(next.outcome, next.side);
  const rest = list.slice(1);
  d.setSide(next.outcome, next.side, remainingOf(next) > 0 ? [next, ...rest] : rest);
  d.recordOrder(next);
}

/**
 * Takes a resting order off the book and releases what it held: a buy's remaining cash lock
 * (remaining × price), a sell's remaining locked shares. Returns it as cancelled.
 */
export function cancelResting(d: MarketDraft, order: Order): Order {
  const rest = d.side(order.outcome, order.side).filter((o) => o.id !== order.id);
  d.setSide(order.outcome, order.side, rest);
  const remaining = remainingOf(order);
  if (order.side === SIDE.buy) {
    d.move(available(order.userId), locked(order.userId), remaining * (order.price ?? 0), LEDGER_REASON.order_release, order.id);
  } else {
    d.adjustPosition(order.userId, order.outcome, remaining, -remaining);
  }
  const cancelled: Order = { ...order, status: ORDER_STATUS.cancelled };
  d.recordOrder(cancelled);
  return cancelled;
}

/** Moves shares and cash for `k` shares between taker and maker; returns the fill. */
function execute(d: MarketDraft, taker: Taker, c: Candidate, k: number): Fill {
  const { maker, effective, kind } = c;
  const makerPrice = maker.price ?? 0;
  const t = taker.userId;
  const m = maker.userId;
  const outcome = taker.outcome;
  if (kind === FILL_KIND.transfer && taker.side === SIDE.buy) {
    d.move(available(m), locked(t), makerPrice * k, LEDGER_REASON.trade_payment, taker.id);
    d.adjustPosition(m, outcome, 0, -k);
    d.adjustPosition(t, outcome, k, 0);
    d.addNetPaid(t, makerPrice * k);
    d.addNetPaid(m, -makerPrice * k);
  } else if (kind === FILL_KIND.transfer) {
    d.move(available(t), locked(m), makerPrice * k, LEDGER_REASON.trade_payment, maker.id);
    d.adjustPosition(t, outcome, 0, -k);
    d.adjustPosition(m, outcome, k, 0);
    d.addNetPaid(m, makerPrice * k);
    d.addNetPaid(t, -makerPrice * k);
  } else if (kind === FILL_KIND.mint) {
    // Each side pays its price; together exactly 100 per pair lands in escrow.
    d.move(ESCROW, locked(m), makerPrice * k, LEDGER_REASON.mint_collateral, maker.id);
    d.move(ESCROW, locked(t), effective * k, LEDGER_REASON.mint_collateral, taker.id);
    d.adjustPosition(m, maker.outcome, k, 0);
    d.adjustPosition(t, outcome, k, 0);
    d.pairs += k;
    d.addNetPaid(m, makerPrice * k);
    d.addNetPaid(t, effective * k);
  } else {
    d.move(available(m), ESCROW, makerPrice * k, LEDGER_REASON.merge_payout, maker.id);
    d.move(available(t), ESCROW, effective * k, LEDGER_REASON.merge_payout, taker.id);
    d.adjustPosition(m, maker.outcome, 0, -k);
    d.adjustPosition(t, outcome, 0, -k);
    d.pairs -= k;
    d.addNetPaid(m, -makerPrice * k);
    d.addNetPaid(t, -effective * k);
  }
  const fee = takerFee(effective * k, d.base.feeBps);
  // A buyer's fee comes out of the order's lock (sized for it); a seller's out of the proceeds just paid.
  d.move(FEES, taker.side === SIDE.buy ? locked(t) : available(t), fee, LEDGER_REASON.taker_fee, taker.id);
  if (taker.side === SIDE.buy) taker.lockedCash -= effective * k + fee;
  taker.remaining -= k;
  const filledQuantity = maker.filledQuantity + k;
  const status = filledQuantity === maker.quantity ? ORDER_STATUS.filled : ORDER_STATUS.partially_filled;
  updateHead(d, { ...maker, filledQuantity, status });
  return { kind, price: effective, makerPrice, quantity: k, amount: effective * k, fee, makerOrderId: maker.id, makerUserId: m };
}

/**
 * Walks the book for the taker: best effective price across the same-outcome book and the
 * complementary book, oldest first on ties, until it is filled, out of budget or nothing crosses.
 * A resting order of the taker's own user is cancelled instead of matched (self-trade prevention).
 * `maxMakers` caps the resting orders one call may touch (fills plus self-trade cancels), so a
 * persistence layer can bound the items of one atomic write; `truncated` says the cap stopped
 * a taker that still had crossing orders in front of it.
 */
export function matchTaker(
  d: MarketDraft,
  taker: Taker,
  maxMakers = Number.POSITIVE_INFINITY,
): { fills: Fill[]; cancelled: Order[]; truncated: boolean } {
  const fills: Fill[] = [];
  const cancelled: Order[] = [];
  while (taker.remaining > 0) {
    const candidate = bestCandidate(d, taker);
    if (!candidate) break;
    if (fills.length + cancelled.length >= maxMakers) return { fills, cancelled, truncated: true };
    if (candidate.maker.userId === taker.userId) {
      cancelled.push(cancelResting(d, candidate.maker));
      continue;
    }
    let k = Math.min(taker.remaining, remainingOf(candidate.maker));
    if (taker.side === SIDE.buy) k = maxAffordable(taker.lockedCash, candidate.effective, d.base.feeBps, k);
    // Out of budget at the best price means out of budget everywhere: later levels cost more.
    if (k === 0) break;
    fills.push(execute(d, taker, candidate, k));
  }
  return { fills, cancelled, truncated: false };
}
