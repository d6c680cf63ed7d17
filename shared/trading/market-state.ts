import {
  BINARY_OUTCOMES,
  ENGINE,
  LEDGER_REASON,
  MARKET_PHASE,
  MAX_AMOUNT_CENTS,
  MAX_FEE_BPS,
  MAX_LIQUIDITY_B,
  MAX_OUTCOMES,
  MIN_OUTCOMES,
  type Engine,
} from './constants.js';
import { MarketDraft } from './draft.js';
import { DuplicateUserError, InsufficientFundsError, InvalidAmountError, InvalidMarketConfigError, UnknownUserError } from './errors.js';
import type { LedgerEntry } from './ledger.js';
import { lmsrSubsidy } from './lmsr.js';
import { emptyBook } from './order-book.js';
import type { CashBalance, Changes, MarketState, Position } from './types.js';

/** What it takes to start a market. Users (id → starting available cents) may also be added later. */
export interface MarketConfig {
  readonly marketId: string;
  readonly engine: Engine;
  /** Defaults to YES/NO; the order book supports only those. */
  readonly outcomes?: readonly string[];
  readonly feeBps?: number;
  readonly users?: Readonly<Record<string, number>>;
  /** Required for AMM markets: liquidity b (shares) and the user who pays the subsidy. */
  readonly amm?: { readonly b: number; readonly creatorId: string };
}

/** Throws unless `amount` is a whole number of cents in range (0 allowed when `allowZero`). */
export function assertAmount(amount: number, what: string, allowZero = false): void {
  const ok = Number.isSafeInteger(amount) && amount <= MAX_AMOUNT_CENTS && (allowZero ? amount >= 0 : amount > 0);
  if (!ok) throw new InvalidAmountError(`${what} must be a whole number of cents, ${allowZero ? '0' : '1'} to ${MAX_AMOUNT_CENTS}`);
}

function validateOutcomes(config: MarketConfig): readonly string[] {
  const outcomes = config.outcomes ?? BINARY_OUTCOMES;
  if (outcomes.length < MIN_OUTCOMES || outcomes.length > MAX_OUTCOMES) {
    throw new InvalidMarketConfigError(`A market has ${MIN_OUTCOMES} to ${MAX_OUTCOMES} outcomes`);
  }
  if (new Set(outcomes).size !== outcomes.length || outcomes.some((o) => o.length === 0)) {
    throw new InvalidMarketConfigError('Outcome names must be unique and non-empty');
  }
  const binary = outcomes.length === 2 && BINARY_OUTCOMES.every((o) => outcomes.includes(o));
  if (config.engine === ENGINE.orderbook && !binary) {
    throw new InvalidMarketConfigError('The order book runs binary YES/NO markets only');
  }
  return config.engine === ENGINE.orderbook ? BINARY_OUTCOMES : outcomes;
}

/**
 * A new market state, with the AMM subsidy already paid by its creator for AMM markets.
 * The returned entries (the subsidy) are what a persistence layer writes with the market.
 */
export function createMarket(config: MarketConfig): { state: MarketState; entries: readonly LedgerEntry[] } {
  if (config.marketId.length === 0) throw new InvalidMarketConfigError('A market needs an id');
  const feeBps = config.feeBps ?? 0;
  if (!Number.isSafeInteger(feeBps) || feeBps < 0 || feeBps > MAX_FEE_BPS) {
    throw new InvalidMarketConfigError(`feeBps must be a whole number from 0 to ${MAX_FEE_BPS}`);
  }
  const outcomes = validateOutcomes(config);
  const isAmm = config.engine === ENGINE.amm;
  if (isAmm !== (config.amm !== undefined)) throw new InvalidMarketConfigError('AMM settings belong to AMM markets only');
  const b = config.amm?.b ?? 0;
  if (isAmm && !(Number.isFinite(b) && b > 0 && b <= MAX_LIQUIDITY_B)) {
    throw new InvalidMarketConfigError(`Liquidity b must be a number in (0, ${MAX_LIQUIDITY_B}]`);
  }
  const empty: MarketState = {
    marketId: config.marketId,
    engine: config.engine,
    outcomes,
    feeBps,
    phase: MARKET_PHASE.open,
    winningOutcome: null,
    sequence: -1,
    balances: {},
    positions: {},
    book: isAmm ? {} : emptyBook(outcomes),
    escrow: 0,
    pairs: 0,
    amm: config.amm
      ? { b, q: Object.fromEntries(outcomes.map((o) => [o, 0])), cash: 0, subsidy: 0, creatorId: config.amm.creatorId }
      : null,
    fees: 0,
    netPaid: {},
    settled: {},
    voidPlan: null,
    openingBalances: {},
    ledgerTotals: {},
  };
  // Creation is command 0: the draft numbers it so.
  const d = new MarketDraft(empty);
  for (const [userId, available] of Object.entries(config.users ?? {})) {
    assertAmount(available, `Starting balance of ${userId}`, true);
    d.introduceUser(userId, available);
  }
  if (config.amm) {
    const subsidy = lmsrSubsidy(b, outcomes.length);
    const creator = config.amm.creatorId;
    if (!d.hasUser(creator)) throw new UnknownUserError(creator);
    if (d.cash(creator).available < subsidy) {
      throw new InsufficientFundsError(`The creator cannot pay the ${subsidy} cent subsidy`);
    }
    d.move({ kind: 'amm' }, { kind: 'available', userId: creator }, subsidy, LEDGER_REASON.amm_subsidy, null);
    d.ammState().subsidy = subsidy;
  }
  const state = d.finish();
  return { state, entries: d.entries };
}

/** Introduces a user with their current available cash (no ledger entry: the cash was theirs already). */
export function addUser(state: MarketState, userId: string, available: number): Changes {
  if (userId.length === 0) throw new InvalidAmountError('A user needs an id');
  if (state.balances[userId]) throw new DuplicateUserError(userId);
  assertAmount(available, 'Starting balance', true);
  const d = new MarketDraft(state);
  d.introduceUser(userId, available);
  return d.changes();
}

/**
 * Tells the market that a user's available cash changed elsewhere (another market, a
 * withdrawal). Only the opening balance moves; this market's ledger is untouched.
 */
export function syncAvailable(state: MarketState, userId: string, available: number): Changes {
  assertAmount(available, 'Available balance', true);
  const d = new MarketDraft(state);
  d.rebaseAvailable(userId, available);
  return d.changes();
}

/** Funds a user from `external:funding` (an admin credit), ledger-backed. */
export function creditUser(state: MarketState, userId: string, amount: number): Changes {
  assertAmount(amount, 'Credit');
  const d = new MarketDraft(state);
  d.move({ kind: 'available', userId }, { kind: 'funding' }, amount, LEDGER_REASON.credit, null);
  return d.changes();
}

/** A user's cash; throws for users the market does not know. */
export function cashOf(state: MarketState, userId: string): CashBalance {
  const balance = state.balances[userId];
  if (!balance) throw new UnknownUserError(userId);
  return balance;
}

/** A user's position in one outcome (zero when they never held any). */
export function positionOf(state: MarketState, userId: string, outcome: string): Position {
  return state.positions[userId]?.[outcome] ?? { shares: 0, lockedShares: 0 };
}

/** Shares of `outcome` held by all users, free and locked. */
export function sharesOutstanding(state: MarketState, outcome: string): number {
  let total = 0;
  for (const byOutcome of Object.values(state.positions)) {
    const p = byOutcome[outcome];
    if (p) total += p.shares + p.lockedShares;
  }
  return total;
}
