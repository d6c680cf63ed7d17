import { accountRef, type AccountRef, type CashBalance, type Fill, type MarketState, type Order, type OrderBook, type Position } from '../trading/index.js';
import type { Item } from '../store/port.js';
import { decodeBook, type MarketStateRecord } from './state-record.js';

/**
 * Rebuilding an engine MarketState from stored items, and reading back what a command changed.
 *
 * The state holds the market's pools and book (from the STATE item) and only the users a
 * command needs: users read for it (the taker: global available cash, position item) and every
 * owner of a resting order (a maker), whose cash and position are *not* read. A maker appears
 * with available 0, the locked cash its resting buys imply, and shares 0 plus the locked shares
 * its resting sells imply. In a match a maker's available only grows and its locks only shrink,
 * so the engine never needs more; the writer applies the difference (after − before) with `add`.
 *
 * `openingBalances` hold every account's current value and `ledgerTotals` start empty, so the
 * state passes `checkInvariants`' ledger check and, after a command, `ledgerTotals` are exactly
 * that command's movements.
 */

/** What was read about one user for a command. */
export interface KnownUser {
  /** The account's available cash (global across markets); 0 when not read. */
  available: number;
  /** The user's position item in this market, when read. */
  position?: Item | undefined;
}

export const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

/** Attribute names of a position item, per outcome index (top-level numbers, so writers can `add`). */
export const positionAttr = {
  shares: (i: number) => `shares_${i}`,
  locked: (i: number) => `locked_${i}`,
  bought: (i: number) => `bought_${i}`,
  cost: (i: number) => `cost_${i}`,
} as const;

export interface BuiltState {
  state: MarketState;
  /** createdAt of each resting order (the order item's key needs it). */
  createdAt: Map<string, string>;
}

export function buildEngineState(record: MarketStateRecord, known: ReadonlyMap<string, KnownUser>, options: { withBook?: boolean } = {}): BuiltState {
  const withBook = options.withBook !== false;
  const decoded = decodeBook(withBook ? record.book : {});
  // Without the book (a phase change that leaves the resting orders to the worker): empty sides, as the engine keeps them.
  const emptySides: [string, { bids: Order[]; asks: Order[] }][] = record.engine === 'orderbook' ? record.outcomes.map((o) => [o, { bids: [], asks: [] }]) : [];
  const book: OrderBook = withBook ? decoded.book : Object.fromEntries(emptySides);
  const lockedCash = new Map<string, number>();
  const lockedShares = new Map<string, number[]>();
  const users = new Set<string>(known.keys());
  for (const sides of Object.values(book)) {
    for (const o of [...sides.bids, ...sides.asks]) {
      users.add(o.userId);
      const remaining = o.quantity - o.filledQuantity;
      if (o.side === 'buy') lockedCash.set(o.userId, (lockedCash.get(o.userId) ?? 0) + remaining * (o.price ?? 0));
      else {
        const shares = lockedShares.get(o.userId) ?? record.outcomes.map(() => 0);
        const i = record.outcomes.indexOf(o.outcome);
        shares[i] = (shares[i] ?? 0) + remaining;
        lockedShares.set(o.userId, shares);
      }
    }
  }
  const balances: Record<string, CashBalance> = {};
  const positions: Record<string, Record<string, Position>> = {};
  const netPaid: Record<string, number> = {};
  const openingBalances: Record<AccountRef, number> = {};
  for (const userId of users) {
    const user = known.get(userId);
    const cash = { available: user?.available ?? 0, locked: lockedCash.get(userId) ?? 0 };
    balances[userId] = cash;
    openingBalances[accountRef.available(userId)] = cash.available;
    openingBalances[accountRef.locked(userId)] = cash.locked;
    netPaid[userId] = num(user?.position?.netPaid);
    positions[userId] = Object.fromEntries(
      record.outcomes.map((outcome, i) => [
        outcome,
        { shares: num(user?.position?.[positionAttr.shares(i)]), lockedShares: lockedShares.get(userId)?.[i] ?? 0 },
      ]),
    );
  }
  openingBalances[accountRef.escrow(record.marketId)] = record.escrow;
  openingBalances[accountRef.amm(record.marketId)] = record.amm?.cash ?? 0;
  openingBalances[accountRef.fees] = record.fees;
  const state: MarketState = {
    marketId: record.marketId,
    engine: record.engine,
    outcomes: record.outcomes,
    feeBps: record.feeBps,
    phase: record.phase,
    winningOutcome: record.winningOutcome,
    sequence: record.sequence,
    balances,
    positions,
    book,
    escrow: record.escrow,
    pairs: record.pairs,
    amm: record.amm,
    fees: record.fees,
    netPaid,
    settled: {},
    voidPlan: null,
    openingBalances,
    ledgerTotals: {},
  };
  return { state, createdAt: decoded.createdAt };
}

/** What one user gained (+) or lost (−) in a command, as the writer applies it. */
export interface UserDelta {
  available: number;
  locked: number;
  /** Per outcome index. */
  shares: number[];
  lockedShares: number[];
  netPaid: number;
}

export function userDeltas(before: MarketState, after: MarketState, users: Iterable<string>): Map<string, UserDelta> {
  const deltas = new Map<string, UserDelta>();
  for (const userId of users) {
    const b = before.balances[userId] ?? { available: 0, locked: 0 };
    const a = after.balances[userId] ?? b;
    const pos = (state: MarketState, o: string) => state.positions[userId]?.[o] ?? { shares: 0, lockedShares: 0 };
    deltas.set(userId, {
      available: a.available - b.available,
      locked: a.locked - b.locked,
      shares: after.outcomes.map((o) => pos(after, o).shares - pos(before, o).shares),
      lockedShares: after.outcomes.map((o) => pos(after, o).lockedShares - pos(before, o).lockedShares),
      netPaid: (after.netPaid[userId] ?? 0) - (before.netPaid[userId] ?? 0),
    });
  }
  return deltas;
}

/** Shares bought and cents paid for them (fees excluded), per user and outcome index: the average-price basis. */
export type Purchases = Map<string, { bought: number[]; cost: number[] }>;

export function purchasesOf(outcomes: readonly string[], taker: Order, fills: readonly Fill[], into: Purchases = new Map()): Purchases {
  const record = (userId: string, outcome: string, quantity: number, cents: number) => {
    const i = outcomes.indexOf(outcome);
    if (i < 0) return;
    const p = into.get(userId) ?? { bought: outcomes.map(() => 0), cost: outcomes.map(() => 0) };
    p.bought[i] = (p.bought[i] ?? 0) + quantity;
    p.cost[i] = (p.cost[i] ?? 0) + cents;
    into.set(userId, p);
  };
  const other = outcomes.find((o) => o !== taker.outcome) ?? taker.outcome;
  for (const fill of fills) {
    const maker = fill.makerUserId;
    const makerCents = (fill.makerPrice ?? 0) * fill.quantity;
    if (taker.side === 'buy' && (fill.kind === 'amm' || fill.kind === 'transfer')) record(taker.userId, taker.outcome, fill.quantity, fill.amount);
    else if (fill.kind === 'transfer' && maker) record(maker, taker.outcome, fill.quantity, makerCents);
    else if (fill.kind === 'mint') {
      record(taker.userId, taker.outcome, fill.quantity, fill.amount);
      if (maker) record(maker, other, fill.quantity, makerCents);
    }
    // merge, and AMM sells: nobody buys.
  }
  return into;
}
