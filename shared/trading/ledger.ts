import type { LedgerReason } from './constants.js';

/**
 * A ledger account, named as a string so entries can be stored and queried as they are:
 * `user:<id>:available`, `user:<id>:locked`, `market:<id>:escrow`, `market:<id>:amm`,
 * `platform:fees`, `external:funding`.
 */
export type AccountRef = string;

/** The accounts a market can move cash between, before they are named. */
export type Account =
  | { readonly kind: 'available'; readonly userId: string }
  | { readonly kind: 'locked'; readonly userId: string }
  | { readonly kind: 'escrow' }
  | { readonly kind: 'amm' }
  | { readonly kind: 'fees' }
  | { readonly kind: 'funding' };

/**
 * One double-entry movement: `amount` cents leave `credit` and arrive in `debit`.
 * An account's balance is Σ debits − Σ credits (asset convention), so every entry adds
 * +amount and −amount and the signed sum over all accounts is always 0.
 * `sequence` is the market sequence of the command that produced it; `ref` names the
 * order it pays for, when there is one. Together with the entry's position in the command's
 * list they give a stable id (`<marketId>#<sequence>#<index>`).
 */
export interface LedgerEntry {
  readonly sequence: number;
  readonly debit: AccountRef;
  readonly credit: AccountRef;
  readonly amount: number;
  readonly reason: LedgerReason;
  readonly ref: string | null;
}

/** Builders for account names, so no module spells them by hand. */
export const accountRef = {
  available: (userId: string): AccountRef => `user:${userId}:available`,
  locked: (userId: string): AccountRef => `user:${userId}:locked`,
  escrow: (marketId: string): AccountRef => `market:${marketId}:escrow`,
  amm: (marketId: string): AccountRef => `market:${marketId}:amm`,
  fees: 'platform:fees' as AccountRef,
  funding: 'external:funding' as AccountRef,
} as const;

/** The name of an account of market `marketId`. */
export function nameAccount(marketId: string, account: Account): AccountRef {
  switch (account.kind) {
    case 'available':
      return accountRef.available(account.userId);
    case 'locked':
      return accountRef.locked(account.userId);
    case 'escrow':
      return accountRef.escrow(marketId);
    case 'amm':
      return accountRef.amm(marketId);
    case 'fees':
      return accountRef.fees;
    case 'funding':
      return accountRef.funding;
  }
}

/**
 * Reads an account name back. User ids may contain `:`, so the id is everything between the
 * `user:` prefix and the last `:`. Returns `null` for names the engine never writes.
 */
export function parseAccountRef(ref: AccountRef): { account: Account; marketId: string | null } | null {
  if (ref === accountRef.fees) return { account: { kind: 'fees' }, marketId: null };
  if (ref === accountRef.funding) return { account: { kind: 'funding' }, marketId: null };
  const last = ref.lastIndexOf(':');
  if (last <= 0) return null;
  const head = ref.slice(0, last);
  const tail = ref.slice(last + 1);
  if (head.startsWith('user:') && head.length > 'user:'.length) {
    const userId = head.slice('user:'.length);
    if (tail === 'available' || tail === 'locked') return { account: { kind: tail, userId }, marketId: null };
  }
  if (head.startsWith('market:') && head.length > 'market:'.length) {
    const marketId = head.slice('market:'.length);
    if (tail === 'escrow' || tail === 'amm') return { account: { kind: tail }, marketId };
  }
  return null;
}

/** Balance of every account the entries touch (Σ debits − Σ credits). */
export function ledgerBalances(entries: readonly LedgerEntry[]): Map<AccountRef, number> {
  const balances = new Map<AccountRef, number>();
  for (const entry of entries) {
    balances.set(entry.debit, (balances.get(entry.debit) ?? 0) + entry.amount);
    balances.set(entry.credit, (balances.get(entry.credit) ?? 0) - entry.amount);
  }
  return balances;
}

/** Running totals with `entries` applied (a new object; the input is left as it was). */
export function addEntries(totals: Readonly<Record<AccountRef, number>>, entries: readonly LedgerEntry[]): Record<AccountRef, number> {
  const next: Record<AccountRef, number> = { ...totals };
  for (const entry of entries) {
    next[entry.debit] = (next[entry.debit] ?? 0) + entry.amount;
    next[entry.credit] = (next[entry.credit] ?? 0) - entry.amount;
  }
  return next;
}

/** Signed sum over all accounts; 0 for any well-formed ledger. */
export function ledgerSum(entries: readonly LedgerEntry[]): number {
  let sum = 0;
  for (const balance of ledgerBalances(entries).values()) sum += balance;
  return sum;
}
