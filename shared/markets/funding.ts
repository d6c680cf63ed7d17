import { accountRef, LEDGER_REASON, MAX_AMOUNT_CENTS } from '../trading/index.js';
import { iso, type ServiceContext } from './context.js';
import { InvalidAmountError } from './errors.js';
import { addAccountOps, putLedgerOps, type StoredEntry } from './item-ops.js';
import { keys, TABLE } from './keys.js';
import type { CreditResult } from './views.js';
import { done, RETRY, withRetries } from './retry.js';
import { commit, WriteBatch } from './write-batch.js';

/**
 * Funds a user from `external:funding`: the ledger entry (journal + posting, with the admin's
 * note and id) and the account credit in one atomic write; the account item is created if absent.
 * `available` is read back after the write (other markets may move it at the same moment).
 */
export async function credit(ctx: ServiceContext, userId: string, amount: number, reason: string, actorId: string): Promise<CreditResult> {
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > MAX_AMOUNT_CENTS) {
    throw new InvalidAmountError(`A credit is a whole number of cents from 1 to ${MAX_AMOUNT_CENTS}`);
  }
  const commandId = `credit-${ctx.ids()}`;
  const entry: StoredEntry = { id: `${commandId}#0`, debit: accountRef.available(userId), credit: accountRef.funding, amount, reason: LEDGER_REASON.credit, ref: null };
  await withRetries(ctx.retry, async () => {
    const batch = new WriteBatch();
    addAccountOps(batch, new Map([[userId, { available: amount, locked: 0 }]]));
    putLedgerOps(batch, { commandId, marketId: null, at: iso(ctx.clock.now()), entries: [entry], memo: { note: reason, actorId } });
    return (await commit(ctx.store, batch)).ok ? done(undefined) : RETRY;
  });
  const account = await ctx.store.get(TABLE, keys.account(userId));
  return { entryId: entry.id, available: typeof account?.available === 'number' ? account.available : amount };
}
