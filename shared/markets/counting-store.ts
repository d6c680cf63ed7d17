import type { Item, ItemKey, ItemStore, Page, Query, WriteOp, WriteOptions } from '../store/port.js';
import type { TableName } from '../store/tables.js';

/** Calls made through a CountingItemStore, per port method. */
export interface RoundTrips {
  get: number;
  batchGet: number;
  query: number;
  write: number;
  /** Every call above: one network round trip each on DynamoDB (batchGet retries of unprocessed keys aside). */
  total: number;
}

const zero = (): RoundTrips => ({ get: 0, batchGet: 0, query: 0, write: 0, total: 0 });

/**
 * An ItemStore decorator that counts round trips at the port, for tests and the benchmark
 * (docs/data-model.md quotes the per-placement count). `take()` returns the counts since the
 * last `take()` (or construction) and starts again from zero.
 */
export class CountingItemStore implements ItemStore {
  #counts = zero();

  constructor(private readonly inner: ItemStore) {}

  get counts(): Readonly<RoundTrips> {
    return { ...this.#counts };
  }

  take(): RoundTrips {
    const counts = this.#counts;
    this.#counts = zero();
    return counts;
  }

  get(table: TableName, key: ItemKey, options?: { consistent?: boolean }): Promise<Item | undefined> {
    this.#count('get');
    return this.inner.get(table, key, options);
  }

  batchGet(table: TableName, keys: ItemKey[]): Promise<Item[]> {
    this.#count('batchGet');
    return this.inner.batchGet(table, keys);
  }

  query(table: TableName, query: Query): Promise<Page> {
    this.#count('query');
    return this.inner.query(table, query);
  }

  write(ops: WriteOp[], options?: WriteOptions): Promise<void> {
    this.#count('write');
    return this.inner.write(ops, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  #count(method: Exclude<keyof RoundTrips, 'total'>): void {
    this.#counts[method] += 1;
    this.#counts.total += 1;
  }
}
