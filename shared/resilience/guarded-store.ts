import { StoreUnavailableError } from '../store/errors.js';
import type { Item, ItemKey, ItemStore, Page, Query, WriteOp, WriteOptions } from '../store/port.js';
import type { TableName } from '../store/tables.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import { BreakerOpenError } from './errors.js';

/**
 * What the guarded store throws while the `database` breaker is open: still a
 * StoreUnavailableError (→ 503), now carrying when to retry.
 */
export class StoreCircuitOpenError extends StoreUnavailableError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number, options?: ErrorOptions) {
    super(options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * An ItemStore whose every call goes through the `database` breaker. Which errors count is the
 * breaker's classifier (by default: unavailability and timeouts do; failed conditions, invalid
 * requests or cursors and write contention do not). Wrap the main store only: the breaker table
 * is read through the raw store so the breaker can still open and close while this one refuses.
 */
export class GuardedItemStore implements ItemStore {
  readonly #inner: ItemStore;
  readonly #breaker: CircuitBreaker;

  constructor(inner: ItemStore, breaker: CircuitBreaker) {
    this.#inner = inner;
    this.#breaker = breaker;
  }

  get(table: TableName, key: ItemKey, options?: { consistent?: boolean }): Promise<Item | undefined> {
    return this.#guard(() => this.#inner.get(table, key, options));
  }

  batchGet(table: TableName, keys: ItemKey[]): Promise<Item[]> {
    return this.#guard(() => this.#inner.batchGet(table, keys));
  }

  query(table: TableName, query: Query): Promise<Page> {
    return this.#guard(() => this.#inner.query(table, query));
  }

  write(ops: WriteOp[], options?: WriteOptions): Promise<void> {
    return this.#guard(() => this.#inner.write(ops, options));
  }

  /** Closing is not a call to the dependency: it is never refused. */
  close(): Promise<void> {
    return this.#inner.close();
  }

  async #guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await this.#breaker.execute(call);
    } catch (error) {
      if (error instanceof BreakerOpenError) throw new StoreCircuitOpenError(error.retryAfterSeconds, { cause: error });
      throw error;
    }
  }
}
