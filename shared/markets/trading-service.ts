import { randomUUID } from 'node:crypto';
import type { Clock } from '../adapters/clock.js';
import type { ItemStore } from '../store/port.js';
import * as accounts from './account-queries.js';
import { cancelAll, cancelOrder } from './cancels.js';
import type { ServiceContext } from './context.js';
import { credit } from './funding.js';
import { createMarket, requestEnd, setPaused } from './market-admin.js';
import * as markets from './market-queries.js';
import { placeOrder } from './placement.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
import { getTask, pendingTasks, runTask } from './settlement-worker.js';
import { marketSnapshot, type MarketSnapshot } from './snapshot.js';
import { MAX_RESTING_ORDERS } from './state-record.js';
import { taskView } from './task-records.js';
import type {
  AccountView,
  BookView,
  CancelAllResponse,
  CancelOrderResponse,
  CreateMarketRequest,
  CreditResult,
  LedgerPage,
  Market,
  MarketPage,
  MarketStatus,
  OrderPage,
  PageRequest,
  PlaceOrderRequest,
  PlaceOrderResponse,
  Positions,
  TaskAccepted,
  TaskView,
  TradePage,
} from './views.js';

/**
 * Resting orders one placement may touch. A fill writes at most 5 items (maker order, account,
 * position, posting, trade); the taker adds 4 (order, account, position, posting) and the market
 * 2 (STATE, journal): 15 × 5 + 6 = 81 ≤ 100 (docs/data-model.md).
 */
export const MAX_MAKERS_PER_WRITE = 15;
export const DEFAULT_LEASE_MS = 30_000;

export interface TradingServiceOptions {
  store: ItemStore;
  clock: Clock;
  /** Ids of markets, orders, tasks and credits; random UUIDs by default. */
  ids?: () => string;
  retry?: RetryPolicy;
  maxMakers?: number;
  /** Resting orders per market; default MAX_RESTING_ORDERS (keeps the STATE item far below 400 KB). */
  maxRestingOrders?: number;
  leaseMs?: number;
}

/**
 * The trading application service: markets, orders, accounts, the ledger and settlement, on the
 * store port. Every state change is one atomic conditional write; see docs/data-model.md for
 * the items, keys and access patterns. Errors are MarketsError subclasses (errors.ts).
 */
export class TradingService {
  readonly #ctx: ServiceContext;

  constructor(options: TradingServiceOptions) {
    this.#ctx = {
      store: options.store,
      clock: options.clock,
      ids: options.ids ?? randomUUID,
      retry: options.retry ?? DEFAULT_RETRY_POLICY,
      maxMakers: Math.min(options.maxMakers ?? MAX_MAKERS_PER_WRITE, MAX_MAKERS_PER_WRITE),
      maxRestingOrders: options.maxRestingOrders ?? MAX_RESTING_ORDERS,
      leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
    };
  }

  /** Creates a market; on the amm engine the creator pays the LMSR subsidy in the same write. */
  createMarket(actorId: string, input: CreateMarketRequest): Promise<Market> {
    return createMarket(this.#ctx, actorId, input);
  }

  listMarkets(filter: { status?: MarketStatus; category?: string }, page: PageRequest = {}): Promise<MarketPage> {
    return markets.listMarkets(this.#ctx, filter, page);
  }

  getMarket(marketId: string): Promise<Market> {
    return markets.getMarket(this.#ctx, marketId);
  }

  bookDepth(marketId: string): Promise<BookView> {
    return markets.bookDepth(this.#ctx, marketId);
  }

  trades(marketId: string, page: PageRequest = {}): Promise<TradePage> {
    return markets.trades(this.#ctx, marketId, page);
  }

  /** One batchGet and one conditional write per placement (plus sweep rounds for a GTC order cut short by the maker cap). */
  placeOrder(userId: string, marketId: string, input: PlaceOrderRequest): Promise<PlaceOrderResponse> {
    return placeOrder(this.#ctx, userId, marketId, input);
  }

  async cancelOrder(userId: string, marketId: string, orderId: string): Promise<CancelOrderResponse> {
    return { order: await cancelOrder(this.#ctx, userId, marketId, orderId) };
  }

  async cancelAll(userId: string, marketId: string): Promise<CancelAllResponse> {
    return { cancelled: await cancelAll(this.#ctx, userId, marketId) };
  }

  account(userId: string): Promise<AccountView> {
    return accounts.account(this.#ctx, userId);
  }

  myOrders(userId: string, filter: { marketId?: string } = {}, page: PageRequest = {}): Promise<OrderPage> {
    return accounts.myOrders(this.#ctx, userId, filter, page);
  }

  async positions(userId: string): Promise<Positions> {
    return { positions: await accounts.positions(this.#ctx, userId) };
  }

  ledger(userId: string, page: PageRequest = {}): Promise<LedgerPage> {
    return accounts.ledger(this.#ctx, userId, page);
  }

  /** Funds `userId` from external:funding (ledger-backed); `reason` is kept as the entry's note. */
  credit(userId: string, amount: number, reason: string, actorId: string): Promise<CreditResult> {
    return credit(this.#ctx, userId, amount, reason, actorId);
  }

  setPaused(marketId: string, paused: boolean): Promise<Market> {
    return setPaused(this.#ctx, marketId, paused);
  }

  /** Resolves the market (no more trading) and queues its settlement task, atomically. */
  requestResolution(marketId: string, outcome: string): Promise<TaskAccepted> {
    return requestEnd(this.#ctx, marketId, 'settle', outcome);
  }

  /** Voids the market (no more trading) and queues its refund task, atomically. */
  requestVoid(marketId: string): Promise<TaskAccepted> {
    return requestEnd(this.#ctx, marketId, 'void');
  }

  async getTask(taskId: string): Promise<TaskView> {
    return taskView(await getTask(this.#ctx, taskId));
  }

  /** The worker step: claims the task and works it to the end (or until another worker takes over). */
  runTask(taskId: string): Promise<TaskView> {
    return runTask(this.#ctx, taskId);
  }

  /** Tasks for a poller to run: pending ones, then running ones whose lease expired. */
  pendingTasks(limit = 10): Promise<TaskView[]> {
    return pendingTasks(this.#ctx, limit);
  }

  /** Σ debits − Σ credits per account over every stored ledger entry; the values sum to 0. */
  ledgerTotals(): Promise<Record<string, number>> {
    return accounts.ledgerTotals(this.#ctx);
  }

  /** The whole market as one engine state, for audits and tests (reads every position). */
  marketSnapshot(marketId: string): Promise<MarketSnapshot> {
    return marketSnapshot(this.#ctx, marketId);
  }
}
