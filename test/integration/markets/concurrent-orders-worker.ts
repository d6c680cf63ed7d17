/**
 * One OS process of concurrent-orders.test.ts, like one Lambda container: its own SQLite
 * connection to the shared WAL file and its own TradingService. After the parent's "go" it fires
 * random crossing orders (and a few cancels) at one market for several users.
 */
import { systemClock } from '../../../shared/adapters/clock.js';
import { SqliteItemStore } from '../../../shared/adapters/store/sqlite/index.js';
import { ContentionError, CountingItemStore, TradingService, type PlaceOrderRequest } from '../../../shared/markets/index.js';

export interface WorkerStats {
  worker: number;
  placed: number;
  rejected: number;
  fills: number;
  cancels: number;
  contention: number;
  /** Store round trips at the port (batchGet + write per attempt; retries show as extra pairs). */
  batchGets: number;
  writes: number;
  /** Round trips of each placement (2 when it won its first race). */
  tripsPerPlacement: number[];
  /** Anything but a ContentionError: must stay empty. */
  errors: string[];
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;
const between = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1));

function randomOrder(): PlaceOrderRequest {
  const side = pick(['buy', 'buy', 'sell'] as const);
  const outcome = pick(['YES', 'NO'] as const);
  if (Math.random() < 0.05) return { outcome, side, type: 'market', quantity: between(1, 5), ...(side === 'buy' ? { maxCost: 400 } : {}) };
  // Now and then a large aggressive order that takes several makers at once.
  if (Math.random() < 0.04) return { outcome, side, type: 'limit', price: side === 'buy' ? 65 : 35, quantity: between(30, 60), timeInForce: pick(['GTC', 'IOC'] as const) };
  // Prices around 50 on both books: YES bids cross NO bids (mint) and asks cross bids (transfer).
  return { outcome, side, type: 'limit', price: between(40, 60), quantity: between(1, 8), timeInForce: pick(['GTC', 'GTC', 'GTC', 'IOC', 'FOK'] as const) };
}

async function run(path: string, worker: number, orders: number, marketId: string, users: string[]): Promise<WorkerStats> {
  const store = new CountingItemStore(new SqliteItemStore({ path, busyTimeoutMs: 10_000 }));
  const service = new TradingService({ store, clock: systemClock, retry: { attempts: 10, baseDelayMs: 2, maxDelayMs: 100 } });
  const stats: WorkerStats = { worker, placed: 0, rejected: 0, fills: 0, cancels: 0, contention: 0, batchGets: 0, writes: 0, tripsPerPlacement: [], errors: [] };
  const resting: { userId: string; orderId: string }[] = [];
  process.send?.({ type: 'ready' });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  for (let n = 0; n < orders; n += 1) {
    const userId = pick(users);
    const cancel = resting.length > 0 && Math.random() < 0.08;
    try {
      if (cancel) {
        const [target] = resting.splice(Math.floor(Math.random() * resting.length), 1);
        if (target) {
          await service.cancelOrder(target.userId, marketId, target.orderId).catch((error: unknown) => {
            // Filled meanwhile by another process: "not found" is the right answer.
            if ((error as { code?: string }).code !== 'ORDER_NOT_FOUND') throw error;
          });
        }
        stats.cancels += 1;
        continue;
      }
      const { order, fills } = await service.placeOrder(userId, marketId, randomOrder());
      stats.tripsPerPlacement.push(store.counts.total);
      stats.placed += 1;
      if (order.status === 'rejected') stats.rejected += 1;
      stats.fills += fills.length;
      if (order.status === 'open' || order.status === 'partially_filled') resting.push({ userId, orderId: order.id });
    } catch (error) {
      if (error instanceof ContentionError) stats.contention += 1;
      else stats.errors.push(String((error as Error).stack ?? error));
    } finally {
      const trips = store.take();
      if (!cancel) stats.batchGets += trips.batchGet;
      stats.writes += trips.write;
    }
  }
  await store.close();
  return stats;
}

const [path = '', worker = '0', orders = '0', marketId = '', users = '[]'] = process.argv.slice(2);
run(path, Number(worker), Number(orders), marketId, JSON.parse(users) as string[]).then(
  (stats) => process.send?.({ type: 'done', stats }, () => process.exit(0)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
