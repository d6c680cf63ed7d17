import { expect } from 'vitest';
import { ConditionFailedError } from '../../../shared/store/errors.js';
import type { Item, ItemKey, ItemStore } from '../../../shared/store/port.js';
import type { TableName } from '../../../shared/store/tables.js';

export interface ContractContext {
  /** The store under test; a fresh, empty one for every test. */
  readonly store: ItemStore;
}

/** Awaits a call that must fail and returns what it threw. */
export async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.fail('expected the call to be rejected');
}

export async function expectConditionFailed(promise: Promise<unknown>, failedIndex: number): Promise<void> {
  const error = await failureOf(promise);
  expect(error).toBeInstanceOf(ConditionFailedError);
  expect((error as ConditionFailedError).failedIndex).toBe(failedIndex);
}

export async function putAll(store: ItemStore, items: Item[], table: TableName = 'main'): Promise<void> {
  // Chunks of 25 keep each write well inside the 100-op limit on either store.
  for (let i = 0; i < items.length; i += 25) {
    await store.write(items.slice(i, i + 25).map((item) => ({ type: 'put' as const, table, item })));
  }
}

/** Snapshot of several items, so a test can assert a failed write changed none of them. */
export async function snapshot(store: ItemStore, keys: ItemKey[], table: TableName = 'main') {
  return Promise.all(keys.map((key) => store.get(table, key)));
}

/** UTF-8 byte order, DynamoDB's string order, computed independently of the code under test. */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
