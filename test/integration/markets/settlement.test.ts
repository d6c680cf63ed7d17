import { afterEach, describe, expect, it } from 'vitest';
import { SqliteItemStore } from '../../../shared/adapters/store/sqlite/index.js';
import { CANCEL_BATCH, InvalidMarketInputError, MarketNotOpenError, SETTLE_BATCH, TaskNotFoundError } from '../../../shared/markets/index.js';
import { StoreUnavailableError } from '../../../shared/store/errors.js';
import type { Item, ItemKey, ItemStore, WriteOp } from '../../../shared/store/port.js';
import type { TableName } from '../../../shared/store/tables.js';
import { createMarket, placeOrder, settleBatch, voidMarket, type MarketState, type PlaceOrderInput } from '../../../shared/trading/index.js';
import { ammMarket, binaryMarket, expectInvariants, harness, limit, marketOrder, type Harness } from './support.js';

/** A real store whose write number `failAt` fails, before or after it is applied (a worker dying at that moment). */
class CrashingStore implements ItemStore {
  writes = 0;
  failAt = 0;
  applied = false;
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
    this.writes += 1;
    if (this.writes !== this.failAt) return this.inner.write(ops);
    if (this.applied) await this.inner.write(ops);
    throw new StoreUnavailableError();
  }
  close() {
    return this.inner.close();
  }
}

describe('TradingService resolution, void and the settlement worker', () => {
  let h: Harness;
  afterEach(() => h.close());

  /** `users` users each minting 1 pair with `m`, plus `resting` resting orders spread over them. */
  async function busyMarket(users: number, resting: number, inner?: ItemStore) {
    h = harness(inner ? { inner } : {});
    const names = Array.from({ length: users }, (_, i) => `u${String(i).padStart(2, '0')}`);
    for (const u of [...names, 'm']) await h.credit(u, 10_000);
    const id = (await h.service.createMarket('admin', binaryMarket())).id;
    for (const u of names) {
      await h.service.placeOrder('m', id, limit('NO', 'buy', 40, 1));
      await h.service.placeOrder(u, id, limit('YES', 'buy', 60, 1));
    }
    for (let i = 0; i < resting; i += 1) await h.service.placeOrder(names[i % users] ?? 'm', id, limit('YES', 'buy', 10 + (i % 20), 1));
    return { id, names };
  }

  it(`cancels resting orders ${CANCEL_BATCH} per write and settles users ${SETTLE_BATCH} per write, then ends succeeded`, async () => {
    const { id, names } = await busyMarket(40, 20);
    const { taskId } = await h.service.requestResolution(id, 'YES');
    expect(await h.service.getTask(taskId)).toEqual({ id: taskId, type: 'settle', status: 'pending', marketId: id, progress: { done: 0, total: 20 + 41 } });
    await expectInvariants(h, [id]);
    h.store.take();
    const task = await h.service.runTask(taskId);
    expect(task).toEqual({ id: taskId, type: 'settle', status: 'succeeded', marketId: id, progress: { done: 61, total: 61 } });
    // claim + 2 cancel writes + 2 settle writes + the final write.
    expect(h.store.take().write).toBe(1 + Math.ceil(20 / CANCEL_BATCH) + Math.ceil(41 / SETTLE_BATCH) + 1);
    for (const u of names) expect(await h.service.account(u)).toEqual({ userId: u, available: 10_000 - 60 + 100, locked: 0 });
    expect(await h.service.account('m')).toEqual({ userId: 'm', available: 10_000 - 40 * 40, locked: 0 });
    expect((await h.service.getMarket(id)).status).toBe('settled');
    await expectInvariants(h, [id]);
  });

  it('lets owners cancel their own orders after resolution; the worker cancels the rest and still ends at done = total', async () => {
    const { id, names } = await busyMarket(2, 4);
    const { taskId } = await h.service.requestResolution(id, 'NO');
    expect((await h.service.cancelAll(names[0] ?? '', id)).cancelled).toHaveLength(2);
    expect(await h.service.runTask(taskId)).toMatchObject({ status: 'succeeded', progress: { done: 7, total: 7 } });
    for (const u of names) expect(await h.service.account(u)).toEqual({ userId: u, available: 10_000 - 60, locked: 0 });
    await expectInvariants(h, [id]);
  });

  it('is idempotent: a finished task runs no more, a settled user is never paid twice', async () => {
    const { id } = await busyMarket(3, 0);
    const { taskId } = await h.service.requestResolution(id, 'NO');
    await h.service.runTask(taskId);
    const before = await h.service.ledgerTotals();
    h.store.take();
    expect((await h.service.runTask(taskId)).status).toBe('succeeded');
    expect(h.store.take().write).toBe(0);
    expect(await h.service.ledgerTotals()).toEqual(before);
    expect(await h.service.account('m')).toEqual({ userId: 'm', available: 10_000 - 120 + 300, locked: 0 });
  });

  it.each([
    ['before its batch is written', false],
    ['after its batch is written', true],
  ])('a worker that dies %s: once the lease expires another run finishes, paying each user exactly once', async (_when, applied) => {
    const crashing = new CrashingStore(new SqliteItemStore({ path: ':memory:' }));
    const { id, names } = await busyMarket(35, 0, crashing);
    const { taskId } = await h.service.requestResolution(id, 'YES');
    // Write 1 claims the task, write 2 settles the first 30 users, write 3 would settle the rest.
    crashing.failAt = crashing.writes + 3;
    crashing.applied = applied;
    await expect(h.service.runTask(taskId)).rejects.toBeInstanceOf(StoreUnavailableError);
    expect((await h.service.getTask(taskId)).status).toBe('running');
    // Another worker cannot take it while the lease holds…
    expect((await h.service.runTask(taskId)).progress.done).toBe(applied ? 36 : 30);
    expect(await h.service.pendingTasks()).toEqual([]);
    // …and can once it ran out.
    h.clock.advance(31_000);
    expect((await h.service.pendingTasks()).map((t) => t.id)).toEqual([taskId]);
    expect(await h.service.runTask(taskId)).toMatchObject({ status: 'succeeded', progress: { done: 36, total: 36 } });
    for (const u of names) expect((await h.service.account(u)).available).toBe(10_000 - 60 + 100);
    await expectInvariants(h, [id]);
  });

  it('pendingTasks lists queued tasks oldest first; getTask of an unknown id is TaskNotFoundError', async () => {
    h = harness();
    const a = (await h.service.createMarket('admin', binaryMarket())).id;
    const b = (await h.service.createMarket('admin', binaryMarket())).id;
    const first = await h.service.requestResolution(a, 'YES');
    const second = await h.service.requestVoid(b);
    expect((await h.service.pendingTasks()).map((t) => [t.id, t.type, t.status])).toEqual([
      [first.taskId, 'settle', 'pending'],
      [second.taskId, 'void', 'pending'],
    ]);
    expect((await h.service.pendingTasks(1)).map((t) => t.id)).toEqual([first.taskId]);
    await h.service.runTask(first.taskId);
    expect((await h.service.pendingTasks()).map((t) => t.id)).toEqual([second.taskId]);
    await expect(h.service.getTask('nope')).rejects.toBeInstanceOf(TaskNotFoundError);
    await expect(h.service.runTask('nope')).rejects.toMatchObject({ httpStatus: 404 });
  });

  it('resolution needs an outcome of the market and an open market', async () => {
    h = harness();
    const id = (await h.service.createMarket('admin', binaryMarket())).id;
    await expect(h.service.requestResolution(id, 'MAYBE')).rejects.toBeInstanceOf(InvalidMarketInputError);
    await h.service.requestResolution(id, 'YES');
    await expect(h.service.requestResolution(id, 'NO')).rejects.toBeInstanceOf(MarketNotOpenError);
    await expect(h.service.requestVoid(id)).rejects.toMatchObject({ code: 'MARKET_NOT_OPEN', httpStatus: 409 });
  });

  it('void on the order book: every user gets back what they paid net (the SPEC trades undone)', async () => {
    h = harness();
    for (const u of ['A', 'B', 'C']) await h.credit(u, 10_000);
    const id = (await h.service.createMarket('admin', binaryMarket())).id;
    await h.service.placeOrder('A', id, limit('YES', 'buy', 60, 10));
    await h.service.placeOrder('B', id, limit('NO', 'buy', 40, 10));
    await h.service.placeOrder('A', id, limit('YES', 'sell', 70, 4));
    await h.service.placeOrder('C', id, limit('YES', 'buy', 70, 4));
    await h.service.placeOrder('C', id, limit('NO', 'buy', 5, 10));
    const { taskId } = await h.service.requestVoid(id);
    expect((await h.service.getMarket(id)).status).toBe('voided');
    expect(await h.service.runTask(taskId)).toMatchObject({ type: 'void', status: 'succeeded' });
    for (const u of ['A', 'B', 'C']) expect(await h.service.account(u)).toEqual({ userId: u, available: 10_000, locked: 0 });
    await expectInvariants(h, [id]);
  });

  it('void on an AMM: traders get their net paid back, the creator what is left of the subsidy, as in the pure engine', async () => {
    h = harness();
    const cash = { A: 50_000, B: 50_000, Z: 50_000 };
    for (const [u, amount] of Object.entries(cash)) await h.credit(u, amount);
    const id = (await h.service.createMarket('Z', ammMarket({ liquidity: 10 }))).id;
    const orders: [string, ReturnType<typeof marketOrder>][] = [
      ['A', marketOrder('YES', 'buy', 30)],
      ['B', marketOrder('YES', 'buy', 60)],
      ['A', marketOrder('YES', 'sell', 30)],
      ['B', marketOrder('NO', 'buy', 5)],
    ];
    let engine: MarketState = createMarket({ marketId: id, engine: 'amm', users: cash, amm: { b: 10, creatorId: 'Z' } }).state;
    for (const [i, [user, order]] of orders.entries()) {
      await h.service.placeOrder(user, id, order);
      const input: PlaceOrderInput = { orderId: `o${i}`, userId: user, outcome: order.outcome, side: order.side, type: 'market', quantity: order.quantity };
      engine = placeOrder(engine, input).state;
    }
    engine = settleBatch(voidMarket(engine).state, ['A', 'B', 'Z']).state;
    // A sold at a profit (nothing to refund); the subsidy covers it, so Z gets only part of it back.
    expect(engine.voidPlan?.subsidyRefund).toBeLessThan(694);
    const { taskId } = await h.service.requestVoid(id);
    expect((await h.service.runTask(taskId)).status).toBe('succeeded');
    for (const u of ['A', 'B', 'Z']) expect((await h.service.account(u)).available).toBe(engine.balances[u]?.available);
    expect((await h.service.marketSnapshot(id)).record.amm?.cash).toBe(engine.amm?.cash);
    await expectInvariants(h, [id]);
  });

  it('void where a seller took out more than they paid: the pool is shared pro rata, exactly as the pure engine does', async () => {
    h = harness();
    const cash = { A: 10_000, B: 10_000, C: 10_000 };
    for (const [u, amount] of Object.entries(cash)) await h.credit(u, amount);
    const id = (await h.service.createMarket('admin', binaryMarket())).id;
    const orders: [string, ReturnType<typeof limit>][] = [
      ['A', limit('YES', 'buy', 60, 10)],
      ['B', limit('NO', 'buy', 40, 10)],
      ['A', limit('YES', 'sell', 90, 10)],
      ['C', limit('YES', 'buy', 90, 10)],
    ];
    let engine: MarketState = createMarket({ marketId: id, engine: 'orderbook', users: cash }).state;
    for (const [i, [user, order]] of orders.entries()) {
      await h.service.placeOrder(user, id, order);
      engine = placeOrder(engine, { orderId: `o${i}`, userId: user, outcome: order.outcome, side: order.side, type: 'limit', price: order.price ?? null, quantity: order.quantity }).state;
    }
    engine = settleBatch(voidMarket(engine).state, ['A', 'B', 'C']).state;
    // Claims 400 (B) + 900 (C) against 1 000 in escrow: ⌊400 · 1000 / 1300⌋ and ⌊900 · 1000 / 1300⌋.
    expect(engine.voidPlan?.refunds).toEqual({ B: 307, C: 692 });
    const { taskId } = await h.service.requestVoid(id);
    expect((await h.service.runTask(taskId)).status).toBe('succeeded');
    for (const u of ['A', 'B', 'C']) expect((await h.service.account(u)).available).toBe(engine.balances[u]?.available);
    expect((await h.service.marketSnapshot(id)).record.escrow).toBe(1);
    await expectInvariants(h, [id]);
  });

  it('a task that meets data it cannot settle ends failed, visibly, and the market stays resolved', async () => {
    h = harness();
    for (const u of ['A', 'B']) await h.credit(u, 1_000);
    const id = (await h.service.createMarket('admin', binaryMarket())).id;
    await h.service.placeOrder('A', id, limit('YES', 'buy', 50, 2));
    await h.service.placeOrder('B', id, limit('NO', 'buy', 50, 2));
    const { taskId } = await h.service.requestResolution(id, 'YES');
    // Corrupt the stored escrow: paying the winner would take it below zero.
    const state = (await h.inner.get('main', { pk: `MARKET#${id}`, sk: 'STATE' })) as Item;
    await h.inner.write([{ type: 'put', table: 'main', item: { ...state, escrow: 100 } }]);
    expect(await h.service.runTask(taskId)).toMatchObject({ status: 'failed' });
    expect((await h.service.getMarket(id)).status).toBe('resolved');
    expect(await h.service.pendingTasks()).toEqual([]);
  });
});
