import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteItemStore } from '../../../shared/adapters/store/sqlite/index.js';
import {
  ConditionFailedError,
  InvalidCursorError,
  InvalidStoreRequestError,
  StoreUnavailableError,
} from '../../../shared/store/errors.js';
import type { Item, ItemKey, ItemStore, Page, Query, WriteOp } from '../../../shared/store/port.js';
import type { TableName } from '../../../shared/store/tables.js';
import { ItemStoreBreakerStateStore } from '../../../shared/resilience/breaker-table.js';
import { GuardedItemStore, StoreCircuitOpenError } from '../../../shared/resilience/guarded-store.js';
import { BreakerRegistry } from '../../../shared/resilience/registry.js';
import { BREAKER_SETTINGS } from '../../../shared/resilience/settings.js';

/** Counts calls that reach the real store underneath; it fakes nothing. */
class CallCounter implements ItemStore {
  calls = 0;
  constructor(readonly inner: ItemStore) {}
  get(table: TableName, key: ItemKey) {
    this.calls += 1;
    return this.inner.get(table, key);
  }
  batchGet(table: TableName, keys: ItemKey[]): Promise<Item[]> {
    this.calls += 1;
    return this.inner.batchGet(table, keys);
  }
  query(table: TableName, query: Query): Promise<Page> {
    this.calls += 1;
    return this.inner.query(table, query);
  }
  write(ops: WriteOp[]): Promise<void> {
    this.calls += 1;
    return this.inner.write(ops);
  }
  close() {
    return this.inner.close();
  }
}

const key = { pk: 'p', sk: 's' };

describe('GuardedItemStore (database breaker over a real SQLite store)', () => {
  let sqlite: SqliteItemStore;
  let breakerTable: SqliteItemStore;
  let counter: CallCounter;
  let store: GuardedItemStore;
  let registry: BreakerRegistry;
  const clock = { time: 1_000_000, now() { return this.time; } };

  beforeEach(() => {
    sqlite = new SqliteItemStore({ path: ':memory:' });
    breakerTable = new SqliteItemStore({ path: ':memory:' });
    counter = new CallCounter(sqlite);
    registry = new BreakerRegistry({ clock, owner: 'test', store: new ItemStoreBreakerStateStore(breakerTable) });
    store = new GuardedItemStore(counter, registry.get('database'));
  });

  afterEach(async () => {
    await sqlite.close();
    await breakerTable.close();
  });

  it('passes results through', async () => {
    await store.write([{ type: 'put', table: 'main', item: { ...key, n: 1 } }]);
    expect(await store.get('main', key)).toMatchObject({ n: 1 });
    expect((await store.query('main', { partition: 'p' })).items).toHaveLength(1);
    expect(await store.batchGet('main', [key])).toHaveLength(1);
  });

  it('never opens on caller errors: failed conditions, invalid requests and cursors', async () => {
    await store.write([{ type: 'put', table: 'main', item: key }]);
    for (let i = 0; i < 10; i += 1) {
      await expect(store.write([{ type: 'put', table: 'main', item: key, condition: { kind: 'itemNotExists' } }])).rejects.toBeInstanceOf(ConditionFailedError);
      await expect(store.batchGet('main', Array.from({ length: 101 }, (_, n) => ({ pk: 'p', sk: String(n) })))).rejects.toBeInstanceOf(InvalidStoreRequestError);
      await expect(store.query('main', { partition: 'p', cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
    }
    expect(registry.snapshots().find((s) => s.name === 'database')).toMatchObject({ state: 'CLOSED', failureRate: 0 });
  });

  it('opens on unavailability, then refuses fast with a StoreUnavailableError that carries Retry-After, without touching the store', async () => {
    await store.get('main', key);
    await store.get('main', key);
    await store.get('main', key);
    await sqlite.close(); // the real store now fails every call with StoreUnavailableError
    for (let i = 0; i < 3; i += 1) await expect(store.get('main', key)).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(registry.get('database').state).toBe('OPEN');
    const before = counter.calls;
    const refused = await store.write([{ type: 'put', table: 'main', item: key }]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StoreUnavailableError);
    expect(refused).toBeInstanceOf(StoreCircuitOpenError);
    expect(refused).toMatchObject({ code: 'STORE_UNAVAILABLE', retryAfterSeconds: BREAKER_SETTINGS.database.recoveryTimeoutMs / 1000 });
    expect(counter.calls).toBe(before);
  });

  it('keeps the breaker table reachable while the guarded store refuses', async () => {
    await sqlite.close();
    for (let i = 0; i < 6; i += 1) await expect(store.get('main', key)).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(registry.snapshots().find((s) => s.name === 'database')).toMatchObject({ state: 'OPEN', version: 1, sharedStateReachable: true });
  });
});
