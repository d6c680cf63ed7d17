import { ConditionFailedError, TransactionConflictError } from '../store/errors.js';
import { MAX_WRITE_ITEMS, type ItemStore, type WriteOp } from '../store/port.js';
import { MarketsInternalError } from './errors.js';

/**
 * Why an op carries a condition, so a failed write can be told apart:
 * - `race`: another writer got there first (the market's sequence moved, the user's cash was
 *   spent elsewhere, a user was settled by another worker) — read again and retry;
 * - `lease`: the settlement worker lost its claim on the task — stop;
 * - `exists`: an item that must be new already exists (an id collision) — a bug.
 */
export type ConditionTag = 'race' | 'lease' | 'exists';

export type CommitResult = { ok: true } | { ok: false; reason: 'race' | 'lease' };

/** The ops of one atomic write, with a tag per conditioned op. */
export class WriteBatch {
  readonly ops: WriteOp[] = [];
  readonly #tags = new Map<number, ConditionTag>();

  add(op: WriteOp, tag?: ConditionTag): this {
    if (tag !== undefined) this.#tags.set(this.ops.length, tag);
    this.ops.push(op);
    return this;
  }

  tagAt(index: number | undefined): ConditionTag | undefined {
    return index === undefined ? undefined : this.#tags.get(index);
  }

  get size(): number {
    return this.ops.length;
  }
}

/**
 * Sends the batch as ONE atomic conditional write. A lost race (a `race` condition, or the
 * store's own TransactionConflictError) is returned for the caller to retry; a lost lease is
 * returned too; any other failed condition means the stored data is not what the service
 * wrote, and is thrown.
 */
export async function commit(store: ItemStore, batch: WriteBatch): Promise<CommitResult> {
  if (batch.size > MAX_WRITE_ITEMS) throw new MarketsInternalError(`A write of ${batch.size} items exceeds the store's limit`);
  try {
    await store.write(batch.ops);
    return { ok: true };
  } catch (error) {
    if (error instanceof TransactionConflictError) return { ok: false, reason: 'race' };
    if (!(error instanceof ConditionFailedError)) throw error;
    const tag = batch.tagAt(error.failedIndex);
    // A store that cannot say which condition failed: the sequence is the likely one; retrying is safe.
    if (error.failedIndex === undefined || tag === 'race') return { ok: false, reason: 'race' };
    if (tag === 'lease') return { ok: false, reason: 'lease' };
    throw new MarketsInternalError('A write found data it did not expect', { cause: error });
  }
}
