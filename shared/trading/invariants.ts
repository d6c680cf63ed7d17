import { ENGINE, MARKET_PHASE, OUTCOME, PAYOUT_CENTS, SIDE } from './constants.js';
import { accountRef, type AccountRef, type LedgerEntry, parseAccountRef } from './ledger.js';
import { sharesOutstanding } from './market-state.js';
import { remainingOf, restingOrders } from './order-book.js';
import type { MarketState } from './types.js';

/** One broken rule; `code` names the rule, `message` the numbers. */
export interface Violation {
  readonly code: string;
  readonly message: string;
}

type Report = (code: string, message: string) => void;

/** Violations of well-formedness in a command's entries: positive whole amounts between two different accounts. */
export function checkEntries(entries: readonly LedgerEntry[]): Violation[] {
  const violations: Violation[] = [];
  for (const entry of entries) {
    if (!Number.isSafeInteger(entry.amount) || entry.amount <= 0) violations.push({ code: 'ledger-amount', message: `Entry amount ${entry.amount} is not a positive integer` });
    if (entry.debit === entry.credit) violations.push({ code: 'ledger-self', message: `Entry moves cash from ${entry.debit} to itself` });
  }
  return violations;
}

function checkLedger(state: MarketState, report: Report): void {
  let sum = 0;
  const balances = new Map(Object.entries(state.ledgerTotals) as [AccountRef, number][]);
  for (const balance of balances.values()) sum += balance;
  if (sum !== 0) report('ledger-sum', `Ledger sums to ${sum}, not 0`);
  const expected = new Map<string, number>();
  for (const [userId, cash] of Object.entries(state.balances)) {
    expected.set(accountRef.available(userId), cash.available);
    expected.set(accountRef.locked(userId), cash.locked);
  }
  expected.set(accountRef.escrow(state.marketId), state.escrow);
  expected.set(accountRef.amm(state.marketId), state.amm?.cash ?? 0);
  expected.set(accountRef.fees, state.fees);
  for (const ref of balances.keys()) {
    const parsed = parseAccountRef(ref);
    const known = expected.has(ref) || parsed?.account.kind === 'funding';
    if (!known) report('ledger-account', `Entry touches unknown account ${ref}`);
  }
  for (const [ref, value] of expected) {
    const fromLedger = (state.openingBalances[ref] ?? 0) + (balances.get(ref) ?? 0);
    if (fromLedger !== value) report('ledger-balance', `${ref}: ledger says ${fromLedger}, state says ${value}`);
  }
}

function checkNonNegative(state: MarketState, report: Report): void {
  for (const [userId, cash] of Object.entries(state.balances)) {
    if (cash.available < 0 || cash.locked < 0) report('negative-cash', `${userId} has ${cash.available}/${cash.locked}`);
  }
  for (const [userId, byOutcome] of Object.entries(state.positions)) {
    for (const [outcome, p] of Object.entries(byOutcome)) {
      if (p.shares < 0 || p.lockedShares < 0) report('negative-position', `${userId} ${outcome}: ${p.shares}/${p.lockedShares}`);
    }
  }
  if (state.escrow < 0 || state.pairs < 0 || state.fees < 0) report('negative-pool', 'Escrow, pairs or fees below 0');
}

function checkBook(state: MarketState, report: Report): void {
  const lockedCash = new Map<string, number>();
  const lockedShares = new Map<string, number>();
  const ids = new Set<string>();
  for (const order of restingOrders(state.book)) {
    if (ids.has(order.id)) report('book-duplicate', `Order ${order.id} rests twice`);
    ids.add(order.id);
    const price = order.price ?? 0;
    if (remainingOf(order) <= 0 || order.type !== 'limit' || order.timeInForce !== 'GTC') report('book-order', `Order ${order.id} should not rest`);
    if (order.side === SIDE.buy) lockedCash.set(order.userId, (lockedCash.get(order.userId) ?? 0) + remainingOf(order) * price);
    else {
      const key = `${order.userId}\u0000${order.outcome}`;
      lockedShares.set(key, (lockedShares.get(key) ?? 0) + remainingOf(order));
    }
  }
  for (const [userId, cash] of Object.entries(state.balances)) {
    const want = lockedCash.get(userId) ?? 0;
    if (cash.locked !== want) report('locked-cash', `${userId} has ${cash.locked} locked, resting buys need ${want}`);
    for (const outcome of state.outcomes) {
      const held = state.positions[userId]?.[outcome]?.lockedShares ?? 0;
      const need = lockedShares.get(`${userId}\u0000${outcome}`) ?? 0;
      if (held !== need) report('locked-shares', `${userId} ${outcome}: ${held} locked, resting sells need ${need}`);
    }
  }
  const best = (outcome: string, side: 'bids' | 'asks') => state.book[outcome]?.[side][0]?.price ?? null;
  const [yb, ya, nb, na] = [best(OUTCOME.YES, 'bids'), best(OUTCOME.YES, 'asks'), best(OUTCOME.NO, 'bids'), best(OUTCOME.NO, 'asks')];
  const crossed =
    (yb !== null && ya !== null && yb >= ya) ||
    (nb !== null && na !== null && nb >= na) ||
    (yb !== null && nb !== null && yb + nb >= PAYOUT_CENTS) ||
    (ya !== null && na !== null && ya + na <= PAYOUT_CENTS);
  if (crossed) report('book-crossed', `Resting orders cross: YES ${yb}/${ya}, NO ${nb}/${na}`);
}

function checkPools(state: MarketState, report: Report): void {
  const settledHolding = Object.keys(state.settled).filter((userId) =>
    Object.values(state.positions[userId] ?? {}).some((p) => p.shares + p.lockedShares > 0),
  );
  if (settledHolding.length > 0) report('settled-position', `Settled users still hold shares: ${settledHolding.join(', ')}`);
  const netPaid = Object.values(state.netPaid).reduce((a, v) => a + v, 0);
  if (state.phase === MARKET_PHASE.voided) {
    const plan = state.voidPlan;
    let owed = plan?.residual ?? 0;
    for (const [userId, refund] of Object.entries(plan?.refunds ?? {})) if (!state.settled[userId]) owed += refund;
    if (state.amm && !state.settled[state.amm.creatorId]) owed += plan?.subsidyRefund ?? 0;
    const pool = state.amm ? state.amm.cash : state.escrow;
    if (pool !== owed) report('void-pool', `Pool holds ${pool}, refunds still owed plus residual are ${owed}`);
  }
  if (state.engine === ENGINE.orderbook) {
    if (state.escrow !== PAYOUT_CENTS * state.pairs && state.phase !== MARKET_PHASE.voided) report('escrow', `Escrow ${state.escrow} ≠ 100 × ${state.pairs} pairs`);
    const yes = sharesOutstanding(state, OUTCOME.YES);
    const no = sharesOutstanding(state, OUTCOME.NO);
    if (state.phase === MARKET_PHASE.open) {
      if (yes !== state.pairs || no !== state.pairs) report('pairs', `YES ${yes}, NO ${no}, pairs ${state.pairs}`);
      if (netPaid !== state.escrow) report('net-paid', `Net paid sums to ${netPaid}, escrow is ${state.escrow}`);
    }
    if (state.phase === MARKET_PHASE.resolved) {
      const win = sharesOutstanding(state, state.winningOutcome ?? '');
      if (win !== state.pairs) report('pairs', `Winning shares ${win} ≠ pairs ${state.pairs}`);
    }
    if (state.phase === MARKET_PHASE.voided && state.pairs !== 0) report('pairs', 'A voided market has no pairs');
    return;
  }
  const amm = state.amm;
  if (!amm) return report('amm-missing', 'An AMM market without AMM state');
  if (restingOrders(state.book).length > 0) report('amm-book', 'An AMM market has resting orders');
  for (const outcome of state.outcomes) {
    const q = amm.q[outcome] ?? 0;
    if (q !== sharesOutstanding(state, outcome)) report('amm-q', `q[${outcome}] = ${q}, users hold ${sharesOutstanding(state, outcome)}`);
  }
  if (amm.cash < 0) report('amm-cash', `AMM cash ${amm.cash} below 0`);
  if (state.phase === MARKET_PHASE.open) {
    const maxQ = Math.max(...state.outcomes.map((o) => amm.q[o] ?? 0));
    if (amm.cash < PAYOUT_CENTS * maxQ) report('amm-solvency', `AMM cash ${amm.cash} < 100 × ${maxQ}`);
    if (amm.cash !== amm.subsidy + netPaid) report('net-paid', `AMM cash ${amm.cash} ≠ subsidy ${amm.subsidy} + net paid ${netPaid}`);
  }
  if (state.phase === MARKET_PHASE.resolved) {
    const win = amm.q[state.winningOutcome ?? ''] ?? 0;
    if (amm.cash < PAYOUT_CENTS * win) report('amm-solvency', `AMM cash ${amm.cash} < 100 × ${win} winning shares`);
  }
}

/**
 * Every invariant of a market state, as a list of violations (empty when all hold): ledger
 * entries well-formed and summing to 0, ledger balances equal to state balances, nothing
 * negative, locks equal to what resting orders need, an uncrossed book, escrow = 100 × pairs
 * and YES = NO = pairs (order book), AMM solvency (cash ≥ 100 × max q), void refunds covered.
 */
export function checkInvariants(state: MarketState): Violation[] {
  const violations: Violation[] = [];
  const report: Report = (code, message) => violations.push({ code, message });
  checkLedger(state, report);
  checkNonNegative(state, report);
  checkBook(state, report);
  checkPools(state, report);
  return violations;
}
