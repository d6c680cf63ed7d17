import { cancelOrder as engineCancel, type LedgerEntry, type MarketState, type Order } from '../trading/index.js';
import { iso, type ServiceContext } from './context.js';
import { buildEngineState } from './engine-state.js';
import { MarketNotFoundError, OrderNotFoundError } from './errors.js';
import { orderView } from './item-ops.js';
import { keys, TABLE } from './keys.js';
import { advanceRecord, commandBatch, engine } from './market-command.js';
import { done, RETRY, withRetries, type Attempt } from './retry.js';
import { fromStateItem, restingTuples, type MarketStateRecord } from './state-record.js';
import type { OrderView } from './views.js';
import { commit } from './write-batch.js';

/**
 * Cancels: a get of the STATE item and one atomic write, conditioned on the sequence. The
 * owner's account and position are not read: a cancel only releases (available up, locked
 * down; locked shares back to free shares), which the writer applies as `add` deltas.
 */

/** Orders one cancel write handles: each adds an order item to the five fixed ones (state, account, position, journal, posting). */
export const CANCEL_CHUNK = 90;

async function readState(ctx: ServiceContext, marketId: string): Promise<MarketStateRecord> {
  const item = await ctx.store.get(TABLE, keys.marketState(marketId));
  if (!item) throw new MarketNotFoundError(marketId);
  return fromStateItem(item);
}

/**
 * Cancels `orderIds` (resting orders of their owners) as a run of engine commands in ONE write.
 * Users are whoever owns them; `extraOps` lets the settlement worker add its task update.
 */
export function cancelRun(record: MarketStateRecord, orderIds: readonly string[], nowMs: number) {
  const built = buildEngineState(record, new Map());
  let state: MarketState = built.state;
  const entries: LedgerEntry[] = [];
  const orders: Order[] = [];
  const users = new Set<string>();
  for (const orderId of orderIds) {
    const owner = restingTuples(record.book).find((t) => t[0] === orderId)?.[1] ?? '';
    const result = engine(() => engineCancel(state, { orderId, userId: owner }));
    state = result.state;
    entries.push(...result.entries);
    orders.push(...result.orders);
    result.users.forEach((u) => users.add(u));
  }
  const next = advanceRecord(record, state, built.createdAt);
  const batch = commandBatch(record, next, { before: built.state, after: state, entries, orders, users, createdAt: built.createdAt }, iso(nowMs));
  return { batch, cancelled: orders, createdAt: built.createdAt };
}

export async function cancelOrder(ctx: ServiceContext, userId: string, marketId: string, orderId: string): Promise<OrderView> {
  return withRetries(ctx.retry, async (): Promise<Attempt<OrderView>> => {
    const record = await readState(ctx, marketId);
    const mine = restingTuples(record.book).find((t) => t[0] === orderId && t[1] === userId);
    // Someone else's order, an unknown one and one no longer resting all look the same: nothing leaks.
    if (!mine) throw new OrderNotFoundError(orderId);
    const { batch, cancelled, createdAt } = cancelRun(record, [orderId], ctx.clock.now());
    const order = cancelled.find((o) => o.id === orderId);
    if (!order) throw new OrderNotFoundError(orderId);
    return (await commit(ctx.store, batch)).ok ? done(orderView(marketId, order, createdAt.get(orderId) ?? '')) : RETRY;
  });
}

/** Cancels every resting order of `userId` in the market, in writes of up to CANCEL_CHUNK orders. */
export async function cancelAll(ctx: ServiceContext, userId: string, marketId: string): Promise<OrderView[]> {
  const cancelled: OrderView[] = [];
  for (;;) {
    const chunk = await withRetries(ctx.retry, async (): Promise<Attempt<OrderView[]>> => {
      const record = await readState(ctx, marketId);
      const mine = restingTuples(record.book).filter((t) => t[1] === userId).slice(0, CANCEL_CHUNK).map((t) => t[0]);
      if (mine.length === 0) return done([]);
      const run = cancelRun(record, mine, ctx.clock.now());
      const views = run.cancelled.map((o) => orderView(marketId, o, run.createdAt.get(o.id) ?? ''));
      return (await commit(ctx.store, run.batch)).ok ? done(views) : RETRY;
    });
    cancelled.push(...chunk);
    if (chunk.length < CANCEL_CHUNK) return cancelled;
  }
}
