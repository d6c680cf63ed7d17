import type { AmmState, Engine, MarketPhase, Order, OrderBook, Side } from '../trading/index.js';
import type { AttributeValue, Item } from '../store/port.js';
import { ITEM_TYPE, keys } from './keys.js';

/**
 * The market's STATE item: everything the engine needs to run one command on the market, plus
 * the counters the service keeps. It is written only by writes conditioned on its `sequence`
 * (optimistic concurrency), so it is never updated in place by two writers.
 */

/** A resting order as stored: [id, userId, outcome, side, price, quantity, filled, sequence, createdAt]. */
export type BookTuple = [string, string, string, Side, number, number, number, number, string];

/** Resting orders per outcome, each side in the engine's priority order. */
export type StoredBook = Record<string, { bids: BookTuple[]; asks: BookTuple[] }>;

/** Totals that fix every void refund (see voidRefund); computed once over all positions. */
export interface StoredVoidPlan {
  pool: number;
  totalClaims: number;
  subsidyRefund: number;
  residual: number;
}

export interface MarketStateRecord {
  marketId: string;
  engine: Engine;
  outcomes: string[];
  feeBps: number;
  /** UTC ISO string; trading stops when the clock reaches it. */
  closesAt: string;
  sequence: number;
  phase: MarketPhase;
  winningOutcome: string | null;
  paused: boolean;
  /** Every user paid: the market is `settled`. */
  settled: boolean;
  escrow: number;
  pairs: number;
  fees: number;
  amm: AmmState | null;
  book: StoredBook;
  /** Last trade price per outcome (binary: the complement gets 100 − price). */
  lastPrices: Record<string, number>;
  /** Cents traded: Σ taker notional of every fill, fees excluded. */
  volume: number;
  /** Users with a position item in this market (the settlement worker's total). */
  participants: number;
  settledCount: number;
  /** A GTC order whose match the maker cap cut short and that still has to take liquidity. */
  sweep: { orderId: string; userId: string } | null;
  voidPlan: StoredVoidPlan | null;
}

/** Most resting orders one market holds: keeps the STATE item far below DynamoDB's 400 KB. */
export const MAX_RESTING_ORDERS = 2_000;

export function toStateItem(record: MarketStateRecord): Item {
  return { ...keys.marketState(record.marketId), type: ITEM_TYPE.marketState, ...(record as unknown as Record<string, AttributeValue>) };
}

export function fromStateItem(item: Item): MarketStateRecord {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as unknown as MarketStateRecord;
}

/** The engine's form of a stored resting order (resting orders are always GTC limit orders). */
export function tupleToOrder(t: BookTuple): Order {
  const [id, userId, outcome, side, price, quantity, filledQuantity, sequence] = t;
  return {
    id,
    userId,
    outcome,
    side,
    type: 'limit',
    timeInForce: 'GTC',
    price,
    quantity,
    filledQuantity,
    status: filledQuantity > 0 ? 'partially_filled' : 'open',
    sequence,
    maxCost: null,
    rejectReason: null,
  };
}

export function decodeBook(book: StoredBook): { book: OrderBook; createdAt: Map<string, string> } {
  const createdAt = new Map<string, string>();
  const decoded: Record<string, { bids: Order[]; asks: Order[] }> = {};
  for (const [outcome, sides] of Object.entries(book)) {
    for (const t of [...sides.bids, ...sides.asks]) createdAt.set(t[0], t[8]);
    decoded[outcome] = { bids: sides.bids.map(tupleToOrder), asks: sides.asks.map(tupleToOrder) };
  }
  return { book: decoded, createdAt };
}

export function encodeBook(book: OrderBook, createdAt: ReadonlyMap<string, string>): StoredBook {
  const tuple = (o: Order): BookTuple => [
    o.id,
    o.userId,
    o.outcome,
    o.side,
    o.price ?? 0,
    o.quantity,
    o.filledQuantity,
    o.sequence,
    createdAt.get(o.id) ?? '',
  ];
  return Object.fromEntries(Object.entries(book).map(([outcome, sides]) => [outcome, { bids: sides.bids.map(tuple), asks: sides.asks.map(tuple) }]));
}

export function restingCount(book: StoredBook | OrderBook): number {
  return Object.values(book).reduce((n, sides) => n + sides.bids.length + sides.asks.length, 0);
}

/** Every stored resting order, outcome by outcome, bids before asks. */
export function restingTuples(book: StoredBook): BookTuple[] {
  return Object.values(book).flatMap((sides) => [...sides.bids, ...sides.asks]);
}
