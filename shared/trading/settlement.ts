import { ENGINE, LEDGER_REASON, MARKET_PHASE, PAYOUT_CENTS } from './constants.js';
import { MarketDraft } from './draft.js';
import { MarketPhaseError, UnknownOutcomeError, UnknownUserError } from './errors.js';
import type { Account } from './ledger.js';
import { cancelResting } from './matching.js';
import { restingOrders } from './order-book.js';
import type { CancelResult, MarketState, SettleResult, VoidPlan } from './types.js';

function assertOpen(state: MarketState): void {
  if (state.phase !== MARKET_PHASE.open) throw new MarketPhaseError(`The market is already ${state.phase}`);
}

/** The account settlement pays from: escrow for the order book, the AMM's cash for LMSR markets. */
function poolAccount(state: MarketState): Account {
  return state.engine === ENGINE.amm ? { kind: 'amm' } : { kind: 'escrow' };
}

function cancelEverything(d: MarketDraft, state: MarketState) {
  return restingOrders(state.book).map((order) => cancelResting(d, order));
}

/**
 * Resolves the market to `winningOutcome`: cancels every resting order (releasing its lock)
 * and fixes the winner. Payouts happen in `settleBatch`, so a large market settles in batches.
 */
export function resolveMarket(state: MarketState, winningOutcome: string): CancelResult {
  assertOpen(state);
  if (!state.outcomes.includes(winningOutcome)) throw new UnknownOutcomeError(winningOutcome);
  const d = new MarketDraft(state);
  const cancelled = cancelEverything(d, state);
  d.phase = MARKET_PHASE.resolved;
  d.winningOutcome = winningOutcome;
  return { ...d.changes(), cancelled };
}

/**
 * Each user's refund when the market is voided: their net paid (cash paid for shares minus
 * cash received for shares, fees excluded) when positive. Users who took out more than they
 * put in cannot be clawed back, so if the pool cannot cover every claim, claims are scaled
 * down pro rata (rounded down); what rounding leaves is the residual. On AMM markets the
 * creator then gets back what remains of the subsidy.
 */
function planVoid(d: MarketDraft, state: MarketState, pool: number): VoidPlan {
  const claims = Object.keys(state.balances).map((userId) => [userId, Math.max(0, d.netPaidOf(userId))] as const);
  const total = claims.reduce((sum, [, claim]) => sum + claim, 0);
  const refunds: Record<string, number> = {};
  let paid = 0;
  for (const [userId, claim] of claims) {
    const refund = voidRefund(claim, pool, total);
    if (refund > 0) refunds[userId] = refund;
    paid += refund;
  }
  const left = pool - paid;
  const subsidyRefund = state.amm ? Math.min(left, state.amm.subsidy) : 0;
  return { refunds, subsidyRefund, residual: left - subsidyRefund };
}

/**
 * One user's void refund: their claim (positive net paid) in full when the pool covers every
 * claim, else ⌊claim × pool / Σ claims⌋. Exported so a caller that settles a large market in
 * batches can apply the same rule with Σ claims computed over all users (see planVoid).
 */
export function voidRefund(claim: number, pool: number, totalClaims: number): number {
  if (claim <= 0) return 0;
  // BigInt: claim × pool can pass 2^53 for large markets.
  return totalClaims <= pool ? claim : Number((BigInt(claim) * BigInt(pool)) / BigInt(totalClaims));
}

/** Voids the market: cancels resting orders and fixes every user's refund (see `planVoid`). */
export function voidMarket(state: MarketState): CancelResult {
  assertOpen(state);
  const d = new MarketDraft(state);
  const cancelled = cancelEverything(d, state);
  const pool = state.amm ? d.ammState().cash : d.escrow;
  d.voidPlan = planVoid(d, state, pool);
  // The pairs are dissolved: their collateral is now owed as refunds.
  d.pairs = 0;
  d.phase = MARKET_PHASE.voided;
  return { ...d.changes(), cancelled };
}

/**
 * Pays the users in `userIds` who are not settled yet and marks them settled: 100 cents per
 * winning share after resolution, the planned refund after a void. Positions are cleared.
 * Users already settled are skipped, so re-running a batch pays nothing twice; a batch that
 * settles nobody returns the same state object.
 */
export function settleBatch(state: MarketState, userIds: readonly string[]): SettleResult {
  if (state.phase === MARKET_PHASE.open) throw new MarketPhaseError('Resolve or void the market before settling');
  const batch = [...new Set(userIds)];
  for (const userId of batch) if (!state.balances[userId]) throw new UnknownUserError(userId);
  const skipped = batch.filter((userId) => state.settled[userId]);
  const due = batch.filter((userId) => !state.settled[userId]);
  if (due.length === 0) return { state, entries: [], orders: [], users: [], payouts: [], skipped };
  const d = new MarketDraft(state);
  const pool = poolAccount(state);
  const payouts = due.map((userId) => {
    const me = { kind: 'available', userId } as const;
    let amount = 0;
    if (state.phase === MARKET_PHASE.resolved) {
      const win = d.position(userId, state.winningOutcome ?? '');
      const shares = win.shares + win.lockedShares;
      amount = PAYOUT_CENTS * shares;
      d.move(me, pool, amount, LEDGER_REASON.settlement_payout, null);
      if (state.engine === ENGINE.orderbook) d.pairs -= shares;
    } else {
      const plan = state.voidPlan;
      const refund = plan?.refunds[userId] ?? 0;
      const subsidy = state.amm?.creatorId === userId ? (plan?.subsidyRefund ?? 0) : 0;
      d.move(me, pool, refund, LEDGER_REASON.void_refund, null);
      d.move(me, pool, subsidy, LEDGER_REASON.subsidy_refund, null);
      amount = refund + subsidy;
    }
    if (state.amm) {
      // Keep q = shares outstanding: the settled user's shares leave the market.
      for (const outcome of state.outcomes) {
        const p = d.position(userId, outcome);
        d.adjustAmmShares(outcome, -(p.shares + p.lockedShares));
      }
    }
    d.clearPositions(userId);
    d.markSettled(userId);
    return { userId, amount };
  });
  return { ...d.changes(), payouts, skipped };
}

/** Users known to the market and not settled yet, in a stable order (for batching). */
export function unsettledUsers(state: MarketState): string[] {
  return Object.keys(state.balances)
    .filter((userId) => !state.settled[userId])
    .sort();
}

/** True once the market is resolved or voided and every user has been settled. */
export function isFullySettled(state: MarketState): boolean {
  return state.phase !== MARKET_PHASE.open && unsettledUsers(state).length === 0;
}
