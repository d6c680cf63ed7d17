import { SIDE, type LedgerReason, type MarketPhase, type Side } from './constants.js';
import { EngineInvariantError, UnknownUserError } from './errors.js';
import { addEntries, nameAccount, type Account, type AccountRef, type LedgerEntry } from './ledger.js';
import type { AmmState, BookSides, CashBalance, Changes, MarketState, Order, Position, VoidPlan } from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const NO_POSITION: Position = { shares: 0, lockedShares: 0 };

/**
 * A copy-on-write working copy of a MarketState for one command. Collections are copied
 * shallowly on construction and their members (balances, positions, orders) are replaced,
 * never mutated, so the state passed in stays valid and shares everything unchanged.
 * Cash moves only through `move`, which writes the ledger entry and the balance together:
 * the ledger and the balances cannot drift apart.
 */
export class MarketDraft {
  readonly sequence: number;
  readonly entries: LedgerEntry[] = [];
  phase: MarketPhase;
  winningOutcome: string | null;
  escrow: number;
  pairs: number;
  voidPlan: VoidPlan | null;
  private readonly balances: Record<string, CashBalance>;
  private readonly positions: Record<string, Readonly<Record<string, Position>>>;
  private readonly book: Record<string, BookSides>;
  private readonly amm: Mutable<AmmState> | null;
  private readonly q: Record<string, number>;
  private fees: number;
  private readonly netPaid: Record<string, number>;
  private readonly settled: Record<string, true>;
  private readonly openingBalances: Record<AccountRef, number>;
  private readonly changedOrders = new Map<string, Order>();
  private readonly touched = new Set<string>();

  constructor(readonly base: MarketState) {
    this.sequence = base.sequence + 1;
    this.phase = base.phase;
    this.winningOutcome = base.winningOutcome;
    this.escrow = base.escrow;
    this.pairs = base.pairs;
    this.voidPlan = base.voidPlan;
    this.balances = { ...base.balances };
    this.positions = { ...base.positions };
    this.book = { ...base.book };
    this.q = { ...(base.amm?.q ?? {}) };
    this.amm = base.amm ? { ...base.amm } : null;
    this.fees = base.fees;
    this.netPaid = { ...base.netPaid };
    this.settled = { ...base.settled };
    this.openingBalances = { ...base.openingBalances };
  }

  get marketId(): string {
    return this.base.marketId;
  }

  /** Moves `amount` cents from `credit` to `debit` and records the entry; 0 moves nothing. */
  move(debit: Account, credit: Account, amount: number, reason: LedgerReason, ref: string | null): void {
    if (amount === 0) return;
    if (!Number.isSafeInteger(amount) || amount < 0) throw new EngineInvariantError(`Bad ledger amount ${amount}`);
    this.apply(debit, amount);
    this.apply(credit, -amount);
    this.entries.push({
      sequence: this.sequence,
      debit: nameAccount(this.marketId, debit),
      credit: nameAccount(this.marketId, credit),
      amount,
      reason,
      ref,
    });
  }

  cash(userId: string): CashBalance {
    const balance = this.balances[userId];
    if (!balance) throw new UnknownUserError(userId);
    return balance;
  }

  hasUser(userId: string): boolean {
    return this.balances[userId] !== undefined;
  }

  /** Adds a user with starting cash that arrived before this ledger began (no entry: it is not a movement). */
  introduceUser(userId: string, available: number): void {
    this.balances[userId] = { available, locked: 0 };
    this.positions[userId] = Object.fromEntries(this.base.outcomes.map((o) => [o, NO_POSITION]));
    this.netPaid[userId] = 0;
    this.openingBalances[nameAccount(this.marketId, { kind: 'available', userId })] = available;
    this.touched.add(userId);
  }

  /** Shifts a user's opening balance so `available` matches cash that changed outside this market. */
  rebaseAvailable(userId: string, available: number): void {
    const current = this.cash(userId);
    const ref = nameAccount(this.marketId, { kind: 'available', userId });
    this.openingBalances[ref] = (this.openingBalances[ref] ?? 0) + available - current.available;
    this.balances[userId] = { ...current, available };
    this.touched.add(userId);
  }

  position(userId: string, outcome: string): Position {
    return this.positions[userId]?.[outcome] ?? NO_POSITION;
  }

  /** Changes a position by deltas; a negative result is an engine bug. */
  adjustPosition(userId: string, outcome: string, shares: number, lockedShares: number): void {
    const current = this.position(userId, outcome);
    const next = { shares: current.shares + shares, lockedShares: current.lockedShares + lockedShares };
    if (next.shares < 0 || next.lockedShares < 0) {
      throw new EngineInvariantError(`Position of ${userId} in ${outcome} would go negative`);
    }
    this.positions[userId] = { ...this.positions[userId], [outcome]: next };
    this.touched.add(userId);
  }

  clearPositions(userId: string): void {
    this.positions[userId] = Object.fromEntries(this.base.outcomes.map((o) => [o, NO_POSITION]));
    this.touched.add(userId);
  }

  addNetPaid(userId: string, delta: number): void {
    this.netPaid[userId] = (this.netPaid[userId] ?? 0) + delta;
  }

  netPaidOf(userId: string): number {
    return this.netPaid[userId] ?? 0;
  }

  markSettled(userId: string): void {
    this.settled[userId] = true;
    this.touched.add(userId);
  }

  /** Resting orders on one side of one outcome, best first. */
  side(outcome: string, side: Side): readonly Order[] {
    const sides = this.book[outcome];
    if (!sides) return [];
    return side === SIDE.buy ? sides.bids : sides.asks;
  }

  setSide(outcome: string, side: Side, orders: readonly Order[]): void {
    const sides = this.book[outcome] ?? { bids: [], asks: [] };
    this.book[outcome] = side === SIDE.buy ? { ...sides, bids: orders } : { ...sides, asks: orders };
  }

  /** The AMM working copy; only called on AMM markets. */
  ammState(): Mutable<AmmState> {
    if (!this.amm) throw new EngineInvariantError('Not an AMM market');
    return this.amm;
  }

  ammShares(outcome: string): number {
    return this.q[outcome] ?? 0;
  }

  adjustAmmShares(outcome: string, delta: number): void {
    const next = this.ammShares(outcome) + delta;
    if (next < 0) throw new EngineInvariantError(`AMM shares of ${outcome} would go negative`);
    this.q[outcome] = next;
  }

  /** Records the new form of an order for the command's change list. */
  recordOrder(order: Order): void {
    this.changedOrders.set(order.id, order);
    this.touched.add(order.userId);
  }

  touch(userId: string): void {
    this.touched.add(userId);
  }

  finish(): MarketState {
    return {
      ...this.base,
      phase: this.phase,
      winningOutcome: this.winningOutcome,
      sequence: this.sequence,
      balances: this.balances,
      positions: this.positions,
      book: this.book,
      escrow: this.escrow,
      pairs: this.pairs,
      amm: this.amm ? { ...this.amm, q: this.q } : null,
      fees: this.fees,
      netPaid: this.netPaid,
      settled: this.settled,
      voidPlan: this.voidPlan,
      openingBalances: this.openingBalances,
      ledgerTotals: this.entries.length === 0 ? this.base.ledgerTotals : addEntries(this.base.ledgerTotals, this.entries),
    };
  }

  /** The finished state plus what changed, for results. */
  changes(): Changes {
    return {
      state: this.finish(),
      entries: this.entries,
      orders: [...this.changedOrders.values()],
      users: [...this.touched],
    };
  }

  private apply(account: Account, delta: number): void {
    switch (account.kind) {
      case 'available':
      case 'locked': {
        const balance = this.cash(account.userId);
        const next = { ...balance, [account.kind]: balance[account.kind] + delta };
        this.guard(next[account.kind], account.kind);
        this.balances[account.userId] = next;
        this.touched.add(account.userId);
        return;
      }
      case 'escrow':
        this.escrow += delta;
        return this.guard(this.escrow, 'escrow');
      case 'amm': {
        const amm = this.ammState();
        amm.cash += delta;
        return this.guard(amm.cash, 'amm');
      }
      case 'fees':
        this.fees += delta;
        return this.guard(this.fees, 'fees');
      case 'funding':
        // The outside world's account: it goes negative by design as it funds users.
        return;
    }
  }

  private guard(value: number, what: string): void {
    if (value < 0) throw new EngineInvariantError(`Account ${what} would go negative`);
  }
}
