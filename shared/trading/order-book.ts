import { SIDE, type Side } from './constants.js';
import type { BookSides, MarketState, Order, OrderBook } from './types.js';

/** One aggregated price level. */
export interface DepthLevel {
  readonly price: number;
  readonly quantity: number;
}

/** Per outcome: bids best (highest) first, asks best (lowest) first. */
export type BookDepth = Readonly<Record<string, { readonly bids: readonly DepthLevel[]; readonly asks: readonly DepthLevel[] }>>;

/** A book with no resting orders for each outcome. */
export function emptyBook(outcomes: readonly string[]): OrderBook {
  return Object.fromEntries(outcomes.map((o): [string, BookSides] => [o, { bids: [], asks: [] }]));
}

/** Shares of an order still to fill. */
export function remainingOf(order: Order): number {
  return order.quantity - order.filledQuantity;
}

/** Cash a resting order holds locked: its remaining quantity at its own price (sells hold shares instead). */
export function restingLock(order: Order): number {
  return order.side === SIDE.buy ? remainingOf(order) * (order.price ?? 0) : 0;
}

/** Negative when `a` has priority over `b` on `side`: better price, then lower sequence. */
export function comparePriority(side: Side, a: Order, b: Order): number {
  const pa = a.price ?? 0;
  const pb = b.price ?? 0;
  if (pa !== pb) return side === SIDE.buy ? pb - pa : pa - pb;
  return a.sequence - b.sequence;
}

/** A new list with `order` placed after every order that has priority over it. */
export function insertByPriority(list: readonly Order[], side: Side, order: Order): Order[] {
  let at = list.length;
  while (at > 0) {
    const before = list[at - 1];
    if (before === undefined || comparePriority(side, before, order) <= 0) break;
    at -= 1;
  }
  return [...list.slice(0, at), order, ...list.slice(at)];
}

/** Every resting order, book by book. */
export function restingOrders(book: OrderBook): Order[] {
  return Object.values(book).flatMap((sides) => [...sides.bids, ...sides.asks]);
}

/** Where a resting order sits, or null. */
export function findResting(book: OrderBook, orderId: string): Order | null {
  for (const sides of Object.values(book)) {
    const found = sides.bids.find((o) => o.id === orderId) ?? sides.asks.find((o) => o.id === orderId);
    if (found) return found;
  }
  return null;
}

function aggregate(orders: readonly Order[]): DepthLevel[] {
  const levels: { price: number; quantity: number }[] = [];
  for (const order of orders) {
    const price = order.price ?? 0;
    const last = levels[levels.length - 1];
    // Lists are in priority order, so equal prices are adjacent.
    if (last && last.price === price) last.quantity += remainingOf(order);
    else levels.push({ price, quantity: remainingOf(order) });
  }
  return levels;
}

/** The book aggregated by price level, per outcome (empty sides for AMM markets). */
export function bookDepth(state: MarketState): BookDepth {
  return Object.fromEntries(
    state.outcomes.map((outcome) => {
      const sides = state.book[outcome] ?? { bids: [], asks: [] };
      return [outcome, { bids: aggregate(sides.bids), asks: aggregate(sides.asks) }];
    }),
  );
}
