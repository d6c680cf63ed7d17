import type {
  Engine,
  FillKind,
  MarketPhase,
  OrderStatus,
  OrderType,
  RejectReason,
  Side,
  TimeInForce,
} from './constants.js';
import type { AccountRef, LedgerEntry } from './ledger.js';

/** A user's cash as this market sees it: `available` is the user's spendable cash, `locked` what this market's orders hold. */
export interface CashBalance {
  readonly available: number;
  readonly locked: number;
}

/** Shares of one outcome: `shares` are free to sell, `lockedShares` back resting sell orders. */
export interface Position {
  readonly shares: number;
  readonly lockedShares: number;
}

/**
 * An order as the engine records it. `price` is the limit price in cents (null for market
 * orders); `sequence` is the market sequence at which it was accepted and gives time priority.
 */
export interface Order {
  readonly id: string;
  readonly userId: string;
  readonly outcome: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly price: number | null;
  readonly quantity: number;
  readonly filledQuantity: number;
  readonly status: OrderStatus;
  readonly sequence: number;
  readonly maxCost: number | null;
  readonly rejectReason: RejectReason | null;
}

/** The resting orders of one outcome, each list in priority order (best price, then oldest). */
export interface BookSides {
  readonly bids: readonly Order[];
  readonly asks: readonly Order[];
}
export type OrderBook = Readonly<Record<string, BookSides>>;

/** LMSR state: `q` is shares outstanding per outcome; `cash` is what `market:<id>:amm` holds. */
export interface AmmState {
  readonly b: number;
  readonly q: Readonly<Record<string, number>>;
  readonly cash: number;
  readonly subsidy: number;
  readonly creatorId: string;
}

/** Fixed at void time for every user, so settling in batches pays the same amounts in any order. */
export interface VoidPlan {
  /** Net-paid refund per user (see docs/trading-engine.md): their positive net paid, scaled down pro rata if the pool is short. */
  readonly refunds: Readonly<Record<string, number>>;
  /** AMM only: what goes back to the creator of the subsidy after traders are refunded (≤ the subsidy). */
  readonly subsidyRefund: number;
  /** Part of the pool nobody is owed (rounding of a pro-rata refund, or an AMM surplus); it stays in the pool. */
  readonly residual: number;
}

/**
 * Everything the engine knows about one market. Values of this type are never mutated:
 * each command returns a new state that shares unchanged parts with the old one.
 */
export interface MarketState {
  readonly marketId: string;
  readonly engine: Engine;
  readonly outcomes: readonly string[];
  readonly feeBps: number;
  readonly phase: MarketPhase;
  readonly winningOutcome: string | null;
  /** Advances by exactly one per command that changes anything; a persistence layer conditions its write on it. */
  readonly sequence: number;
  readonly balances: Readonly<Record<string, CashBalance>>;
  readonly positions: Readonly<Record<string, Readonly<Record<string, Position>>>>;
  readonly book: OrderBook;
  /** Cents in `market:<id>:escrow` (order book). */
  readonly escrow: number;
  /** YES+NO pairs minted and not merged or redeemed (order book). */
  readonly pairs: number;
  readonly amm: AmmState | null;
  /** Taker fees this market has paid into `platform:fees`. */
  readonly fees: number;
  /** Per user: cash paid for shares minus cash received for shares, fees excluded (the void refund basis). */
  readonly netPaid: Readonly<Record<string, number>>;
  readonly settled: Readonly<Record<string, true>>;
  readonly voidPlan: VoidPlan | null;
  /** Balance of each account before the first entry in `ledger` (users' starting cash). */
  readonly openingBalances: Readonly<Record<AccountRef, number>>;
  /**
   * Σ debits − Σ credits of every entry so far, per account. The entries themselves are not kept
   * in the state (each command returns its own, for storage): a growing list copied on every
   * command would make the engine quadratic.
   */
  readonly ledgerTotals: Readonly<Record<AccountRef, number>>;
}

/**
 * One execution against the incoming (taker) order. `price` is what the taker paid or got per
 * share; `makerPrice` is the maker's own limit (they differ for mint and merge, where the
 * taker's price is 100 − makerPrice). `amount` = price × quantity for the book; for the AMM it
 * is the exact cost or proceeds and `price` is that average rounded to the cent, for display.
 */
export interface Fill {
  readonly kind: FillKind;
  readonly price: number;
  readonly makerPrice: number | null;
  readonly quantity: number;
  readonly amount: number;
  readonly fee: number;
  readonly makerOrderId: string | null;
  readonly makerUserId: string | null;
}

/** What a command changed, so a persistence layer writes exactly those items and entries. */
export interface Changes {
  readonly state: MarketState;
  /** Ledger entries appended by this command, in order. */
  readonly entries: readonly LedgerEntry[];
  /** Orders created or changed (taker, makers, cancelled), in their new form. */
  readonly orders: readonly Order[];
  /** Users whose balance or position changed. */
  readonly users: readonly string[];
}

export interface PlaceOrderResult extends Changes {
  readonly order: Order;
  readonly fills: readonly Fill[];
  /** Resting orders cancelled by self-trade prevention. */
  readonly cancelled: readonly Order[];
  /** Present when `maxMakers` stopped the match while crossing orders were still resting. */
  readonly truncated?: true;
}

export interface CancelResult extends Changes {
  readonly cancelled: readonly Order[];
}

export interface SettleResult extends Changes {
  readonly payouts: readonly { readonly userId: string; readonly amount: number }[];
  /** Users in the batch that were already settled. */
  readonly skipped: readonly string[];
}
