import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbItemStore } from '../../../shared/adapters/store/dynamodb/index.js';
import { createDynaliteClient, createFreshTables, startDynalite, type DynaliteServer } from '../../helpers/dynalite-server.js';
import { installDynaliteTransactions, type DynaliteTransactions } from '../../helpers/dynalite-transactions.js';
import { ammMarket, binaryMarket, expectInvariants, harness, limit, marketOrder, type Harness } from './support.js';

/**
 * The trading repositories against a real DynamoDB API (dynalite): every put, update (set, add,
 * remove), condition (item (not) exists, =, >=, <, <>, and/or) and GSI query the service issues
 * is accepted and evaluated by the server. dynalite has no TransactWriteItems, so the helper
 * checks each transaction's shape and applies its items one by one (docs/store.md); atomicity
 * under concurrency is proven on SQLite (concurrent-orders.test.ts).
 */
describe('TradingService on DynamoDB (dynalite)', () => {
  let server: DynaliteServer;
  let client: DynamoDBClient;
  let transactions: DynaliteTransactions;
  let h: Harness;

  beforeAll(async () => {
    server = await startDynalite();
    client = createDynaliteClient(server.endpoint);
    transactions = installDynaliteTransactions(client);
  });

  afterAll(async () => {
    client.destroy();
    await server.stop();
  });

  beforeEach(async () => {
    const tableNames = await createFreshTables(client, 'markets');
    h = harness({ inner: new DynamoDbItemStore({ client, tableNames }) });
    transactions.requests.length = 0;
  });

  afterEach(() => h.close());

  it('credits, creates a market, places, matches and cancels: one TransactWriteItems per placement', async () => {
    for (const u of ['A', 'B', 'C']) await h.credit(u, 10_000);
    const { id } = await h.service.createMarket('admin', binaryMarket());

    transactions.requests.length = 0;
    await h.service.placeOrder('A', id, limit('YES', 'buy', 60, 10));
    const mint = await h.service.placeOrder('B', id, limit('NO', 'buy', 40, 10));
    await h.service.placeOrder('A', id, limit('YES', 'sell', 70, 4));
    const transfer = await h.service.placeOrder('C', id, limit('YES', 'buy', 70, 4));
    expect(transactions.requests).toHaveLength(4);
    expect(transactions.requests.every((r) => r.items.length <= 100)).toBe(true);
    expect(mint.fills).toEqual([{ kind: 'mint', price: 40, quantity: 10 }]);
    expect(transfer.fills).toEqual([{ kind: 'transfer', price: 70, quantity: 4 }]);

    const resting = await h.service.placeOrder('C', id, limit('NO', 'buy', 10, 5));
    await expect(h.service.cancelOrder('B', id, resting.order.id)).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
    expect((await h.service.cancelOrder('C', id, resting.order.id)).order.status).toBe('cancelled');
    await h.service.placeOrder('C', id, limit('NO', 'buy', 11, 1));
    expect((await h.service.cancelAll('C', id)).cancelled).toHaveLength(1);

    expect(await h.service.account('A')).toEqual({ userId: 'A', available: 10_000 - 600 + 280, locked: 0 });
    expect((await h.service.trades(id)).items.map((t) => t.kind)).toEqual(['transfer', 'mint']);
    expect((await h.service.myOrders('C', { marketId: id })).items).toHaveLength(3);
    expect((await h.service.positions('A')).positions).toMatchObject([{ outcome: 'YES', shares: 6, averagePrice: 60, markPrice: 70 }]);
    expect((await h.service.ledger('A')).items.length).toBeGreaterThan(4);
    await expectInvariants(h, [id]);
  });

  it('refuses a debit the account cannot cover: the conditional update is evaluated by the server', async () => {
    await h.credit('Z', 1_000);
    await expect(h.service.createMarket('Z', ammMarket())).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    await h.credit('Z', 100_000);
    const market = await h.service.createMarket('Z', ammMarket());
    expect(await h.service.account('Z')).toEqual({ userId: 'Z', available: 101_000 - 6_932, locked: 0 });
    expect((await h.service.listMarkets({ status: 'open' })).items.map((m) => m.id)).toEqual([market.id]);
    await expectInvariants(h, [market.id]);
  });

  it('pauses and resumes a market, and refuses orders while paused', async () => {
    await h.credit('A', 10_000);
    const id = (await h.service.createMarket('admin', binaryMarket())).id;
    expect((await h.service.setPaused(id, true)).status).toBe('paused');
    await expect(h.service.placeOrder('A', id, limit('YES', 'buy', 50, 1))).rejects.toMatchObject({ code: 'MARKET_NOT_OPEN' });
    expect((await h.service.setPaused(id, false)).status).toBe('open');
    expect((await h.service.placeOrder('A', id, limit('YES', 'buy', 50, 1))).order.status).toBe('open');
    await expectInvariants(h, [id]);
  });

  it('resolves and runs the settlement task: claim, cancel batch, settle batch, finish', async () => {
    for (const u of ['A', 'B']) await h.credit(u, 10_000);
    await h.credit('Z', 100_000);
    const book = (await h.service.createMarket('admin', binaryMarket())).id;
    const amm = (await h.service.createMarket('Z', ammMarket({ category: 'exits' }))).id;
    await h.service.placeOrder('A', book, limit('YES', 'buy', 55, 4));
    await h.service.placeOrder('B', book, limit('NO', 'buy', 45, 4));
    await h.service.placeOrder('A', book, limit('YES', 'buy', 20, 3));
    await h.service.placeOrder('A', amm, marketOrder('NO', 'buy', 10));

    const { taskId } = await h.service.requestResolution(book, 'YES');
    expect((await h.service.pendingTasks()).map((t) => t.id)).toEqual([taskId]);
    expect(await h.service.runTask(taskId)).toEqual({ id: taskId, type: 'settle', status: 'succeeded', marketId: book, progress: { done: 3, total: 3 } });
    // A: 4 minted at 55, paid 100 each as winner, the resting bid's lock released; and the AMM buy.
    expect(await h.service.account('A')).toEqual({ userId: 'A', available: 10_000 - 220 + 400 - ammCost(await h.service.ledger('A')), locked: 0 });
    expect(await h.service.account('B')).toEqual({ userId: 'B', available: 10_000 - 180, locked: 0 });

    const voiding = await h.service.requestVoid(amm);
    expect((await h.service.runTask(voiding.taskId)).status).toBe('succeeded');
    expect((await h.service.listMarkets({ status: 'settled' })).items.map((m) => m.id).sort()).toEqual([book, amm].sort());
    expect(await h.service.pendingTasks()).toEqual([]);
    expect(transactions.requests.every((r) => r.items.length <= 100)).toBe(true);
    await expectInvariants(h, [book, amm]);
  });
});

/** What A paid the AMM, from A's own ledger rows. */
function ammCost(page: { items: { reason: string; amount: number }[] }): number {
  return -page.items.filter((r) => r.reason === 'amm_buy').reduce((sum, r) => sum + r.amount, 0);
}
