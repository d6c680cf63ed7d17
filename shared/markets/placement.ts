import { placeOrder as enginePlace, resumeOrder, type Fill, type Order, type PlaceOrderInput, type PlaceOrderResult } from '../trading/index.js';
import { iso, readMany, type ServiceContext } from './context.js';
import { buildEngineState, num, purchasesOf, type Purchases } from './engine-state.js';
import { BookFullError, MarketNotFoundError } from './errors.js';
import { orderItemToView, orderView, putOrderOps } from './item-ops.js';
import { keys, TABLE } from './keys.js';
import { advanceRecord, assertTradable, commandBatch, engine, tradesOf } from './market-command.js';
import { done, RETRY, withRetries, type Attempt } from './retry.js';
import { fromStateItem, restingCount, type MarketStateRecord } from './state-record.js';
import type { OrderView, PlaceOrderRequest, PlaceOrderResponse } from './views.js';
import { commit, WriteBatch } from './write-batch.js';

/**
 * Order placement: ONE batchGet (the market's STATE item, the taker's account and position) and
 * ONE atomic write conditioned on the market's sequence, retried with jittered back-off when
 * another writer won the race. When the maker cap cut a GTC order short, its remainder rests
 * and the same call continues it ("sweep") in further read-and-write rounds until it no longer
 * crosses, so every write is a whole match and the book ends uncrossed.
 */

/** Sweep rounds one call performs at most (15 makers each); a later command finishes what is left. */
const MAX_SWEEP_ROUNDS = 20;

interface StepResult {
  order: Order;
  fills: readonly Fill[];
  /** The order still has crossing liquidity to take (its sweep marker is set). */
  sweeping: boolean;
}

const rests = (order: Order) => order.status === 'open' || order.status === 'partially_filled';

async function readForUser(ctx: ServiceContext, marketId: string, userId: string) {
  const [stateItem, account, position] = await readMany(ctx.store, [keys.marketState(marketId), keys.account(userId), keys.position(userId, marketId)]);
  if (!stateItem) throw new MarketNotFoundError(marketId);
  return { record: fromStateItem(stateItem), account, position };
}

/** Writes one engine placement or resume result; false when the write lost a race. */
async function writeResult(
  ctx: ServiceContext,
  record: MarketStateRecord,
  built: ReturnType<typeof buildEngineState>,
  result: PlaceOrderResult,
  options: { userId: string; hadPosition: boolean; at: string },
): Promise<boolean> {
  const order = result.order;
  if (rests(order) && restingCount(result.state.book) > ctx.maxRestingOrders) throw new BookFullError(ctx.maxRestingOrders);
  const trades = tradesOf(order, result.fills, result.state.sequence, options.at);
  const purchases: Purchases = purchasesOf(record.outcomes, order, result.fills);
  const sweep = result.truncated && rests(order) ? { orderId: order.id, userId: order.userId } : record.sweep?.orderId === order.id ? null : undefined;
  const next = advanceRecord(record, result.state, built.createdAt, { trades, newParticipants: options.hadPosition ? 0 : 1, sweep });
  const batch = commandBatch(
    record,
    next,
    { before: built.state, after: result.state, entries: result.entries, orders: result.orders, users: result.users, createdAt: built.createdAt, purchases, trades, ensurePositions: new Set([options.userId]) },
    options.at,
  );
  return (await commit(ctx.store, batch)).ok;
}

async function placementAttempt(
  ctx: ServiceContext,
  userId: string,
  marketId: string,
  input: Omit<PlaceOrderInput, 'userId'>,
  createdAt: string,
): Promise<Attempt<StepResult>> {
  const { record, account, position } = await readForUser(ctx, marketId, userId);
  const now = ctx.clock.now();
  assertTradable(record, now);
  if (record.sweep !== null) {
    // A sweep a crashed call left behind: finish its round first, so the book is uncrossed before we match.
    await sweepAttempt(ctx, marketId, record.sweep.userId, record.sweep.orderId);
    return RETRY;
  }
  const built = buildEngineState(record, new Map([[userId, { available: num(account?.available), position }]]));
  built.createdAt.set(input.orderId, createdAt);
  const result = engine(() => enginePlace(built.state, { ...input, userId }, { maxMakers: ctx.maxMakers }));
  if (result.order.status === 'rejected') {
    // A refusal changes nothing; the order is kept for the user's history only.
    const batch = new WriteBatch();
    putOrderOps(batch, marketId, [result.order], built.createdAt);
    return (await commit(ctx.store, batch)).ok ? done({ order: result.order, fills: [], sweeping: false }) : RETRY;
  }
  const ok = await writeResult(ctx, record, built, result, { userId, hadPosition: position !== undefined, at: iso(now) });
  return ok ? done({ order: result.order, fills: result.fills, sweeping: result.truncated === true && rests(result.order) }) : RETRY;
}

/** One continuation round of a cut-short GTC order; `null` when there is nothing (more) to sweep. */
async function sweepAttempt(ctx: ServiceContext, marketId: string, ownerId: string, orderId: string): Promise<Attempt<StepResult | null>> {
  const { record, account, position } = await readForUser(ctx, marketId, ownerId);
  const now = ctx.clock.now();
  const live = record.phase === 'open' && !record.paused && now < Date.parse(record.closesAt);
  if (record.sweep?.orderId !== orderId || !live) return done(null);
  const built = buildEngineState(record, new Map([[ownerId, { available: num(account?.available), position }]]));
  const result = engine(() => resumeOrder(built.state, { orderId, userId: ownerId }, { maxMakers: ctx.maxMakers }));
  const ok = await writeResult(ctx, record, built, result, { userId: ownerId, hadPosition: position !== undefined, at: iso(now) });
  return ok ? done({ order: result.order, fills: result.fills, sweeping: result.truncated === true && rests(result.order) }) : RETRY;
}

/** The latest stored form of an order (after a sweep another caller finished). */
async function storedOrder(ctx: ServiceContext, userId: string, createdAt: string, orderId: string): Promise<OrderView | undefined> {
  const item = await ctx.store.get(TABLE, keys.order(userId, createdAt, orderId));
  return item ? orderItemToView(item) : undefined;
}

function toInput(orderId: string, input: PlaceOrderRequest): Omit<PlaceOrderInput, 'userId'> {
  return {
    orderId,
    outcome: input.outcome,
    side: input.side,
    type: input.type,
    quantity: input.quantity,
    price: input.price ?? null,
    maxCost: input.maxCost ?? null,
    ...(input.timeInForce ? { timeInForce: input.timeInForce } : {}),
  };
}

export async function placeOrder(ctx: ServiceContext, userId: string, marketId: string, input: PlaceOrderRequest): Promise<PlaceOrderResponse> {
  const orderId = ctx.ids();
  const createdAt = iso(ctx.clock.now());
  const first = await withRetries(ctx.retry, () => placementAttempt(ctx, userId, marketId, toInput(orderId, input), createdAt));
  const fills: Fill[] = [...first.fills];
  let last: StepResult | null = first;
  for (let round = 0; last?.sweeping === true && round < MAX_SWEEP_ROUNDS; round += 1) {
    const next: StepResult | null = await withRetries(ctx.retry, () => sweepAttempt(ctx, marketId, userId, orderId));
    if (next) fills.push(...next.fills);
    last = next;
  }
  const fillViews = fills.map((f) => ({ price: f.price, quantity: f.quantity, kind: f.kind }));
  if (last === null) {
    // Someone else's command finished (or cancelled) the sweep: report the order as stored.
    const stored = await storedOrder(ctx, userId, createdAt, orderId);
    if (stored) return { order: stored, fills: fillViews };
  }
  return { order: orderView(marketId, (last ?? first).order, createdAt), fills: fillViews };
}
