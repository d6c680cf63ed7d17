import { expect } from 'vitest';
import { SqliteItemStore } from '../../../shared/adapters/store/sqlite/index.js';
import { CountingItemStore, TradingService, type CreateMarketRequest, type PlaceOrderRequest, type TradingServiceOptions } from '../../../shared/markets/index.js';
import type { Item, ItemKey, ItemStore, WriteOp } from '../../../shared/store/port.js';
import type { TableName } from '../../../shared/store/tables.js';
import { checkInvariants } from '../../../shared/trading/index.js';

export const START = Date.parse('2026-01-01T00:00:00.000Z');
export const FUTURE = '2030-01-01T00:00:00.000Z';

/** A clock the test moves; every reading advances 1 ms so stamps are distinct and ordered. */
export class TestClock {
  constructor(public ms = START) {}
  now(): number {
    this.ms += 1;
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface Harness {
  store: CountingItemStore;
  inner: ItemStore;
  clock: TestClock;
  service: TradingService;
  /** Cents credited so far (the invariant's right-hand side). */
  credited: Map<string, number>;
  credit(userId: string, amount: number): Promise<void>;
  close(): Promise<void>;
}

/** A TradingService on a real SQLite store (`:memory:` unless a path is given), counting round trips. */
export function harness(options: Partial<TradingServiceOptions> & { path?: string; inner?: ItemStore } = {}): Harness {
  const inner = options.inner ?? new SqliteItemStore({ path: options.path ?? ':memory:' });
  const store = new CountingItemStore(inner);
  const clock = new TestClock();
  const service = new TradingService({ ...options, store, clock });
  const credited = new Map<string, number>();
  return {
    store,
    inner,
    clock,
    service,
    credited,
    async credit(userId, amount) {
      await service.credit(userId, amount, 'test funding', 'admin');
      credited.set(userId, (credited.get(userId) ?? 0) + amount);
    },
    close: () => store.close(),
  };
}

export const binaryMarket = (extra: Partial<CreateMarketRequest> = {}): CreateMarketRequest => ({
  title: 'Will Acme close a Series A by 2027-06-30?',
  description: 'Resolves YES on a public announcement.',
  category: 'funding',
  type: 'binary',
  engine: 'orderbook',
  closesAt: FUTURE,
  ...extra,
});

export const ammMarket = (extra: Partial<CreateMarketRequest> = {}): CreateMarketRequest => binaryMarket({ engine: 'amm', liquidity: 100, ...extra });

export const limit = (outcome: string, side: 'buy' | 'sell', price: number, quantity: number, timeInForce?: 'GTC' | 'IOC' | 'FOK'): PlaceOrderRequest => ({
  outcome,
  side,
  type: 'limit',
  price,
  quantity,
  ...(timeInForce ? { timeInForce } : {}),
});

export const marketOrder = (outcome: string, side: 'buy' | 'sell', quantity: number, extra: Partial<PlaceOrderRequest> = {}): PlaceOrderRequest => ({
  outcome,
  side,
  type: 'market',
  quantity,
  ...extra,
});

/**
 * Every money invariant, from what is stored:
 * - the stored ledger sums to 0, and every user's account equals its ledger balance;
 * - each market's pools equal their ledger balances, and an open or resolved market read back
 *   as one engine state passes every engine invariant (locks, escrow = 100 × pairs, YES = NO…);
 * - Σ users' available + locked + escrow + AMM cash + fees = Σ credits.
 */
export async function expectInvariants(h: Harness, marketIds: readonly string[]): Promise<void> {
  const totals = await h.service.ledgerTotals();
  expect(Object.values(totals).reduce((a, b) => a + b, 0)).toBe(0);
  let held = 0;
  for (const userId of h.credited.keys()) {
    const account = await h.service.account(userId);
    expect({ userId, available: totals[`user:${userId}:available`] ?? 0, locked: totals[`user:${userId}:locked`] ?? 0 }).toEqual(account);
    expect(account.available).toBeGreaterThanOrEqual(0);
    held += account.available + account.locked;
  }
  let fees = 0;
  for (const marketId of marketIds) {
    const { record, state } = await h.service.marketSnapshot(marketId);
    expect(totals[`market:${marketId}:escrow`] ?? 0).toBe(record.escrow);
    expect(totals[`market:${marketId}:amm`] ?? 0).toBe(record.amm?.cash ?? 0);
    if (record.phase !== 'voided') expect(checkInvariants(state)).toEqual([]);
    held += record.escrow + (record.amm?.cash ?? 0);
    fees += record.fees;
  }
  expect(totals['platform:fees'] ?? 0).toBe(fees);
  const credits = [...h.credited.values()].reduce((a, b) => a + b, 0);
  expect(held + fees).toBe(credits);
  expect(-(totals['external:funding'] ?? 0)).toBe(credits);
}

/** Delegates to a real store; `onWrite` runs test code just before each write (another container acting, or a fault). */
export class HookedStore implements ItemStore {
  onWrite: ((ops: WriteOp[]) => Promise<void>) | undefined;
  constructor(private readonly inner: ItemStore) {}
  get(table: TableName, key: ItemKey) {
    return this.inner.get(table, key);
  }
  batchGet(table: TableName, keys: ItemKey[]): Promise<Item[]> {
    return this.inner.batchGet(table, keys);
  }
  query(...args: Parameters<ItemStore['query']>) {
    return this.inner.query(...args);
  }
  async write(ops: WriteOp[]): Promise<void> {
    if (this.onWrite) await this.onWrite(ops);
    return this.inner.write(ops);
  }
  close() {
    return this.inner.close();
  }
}

