import {
  InsufficientFundsError as EngineInsufficientFundsError,
  InvalidAmountError,
  InvalidMarketConfigError,
  InvalidOrderError as EngineInvalidOrderError,
  MarketPhaseError,
  NumericRangeError,
  OrderNotFoundError as EngineOrderNotFoundError,
  TradingError,
  UnknownOutcomeError,
  type Fill,
  type LedgerEntry,
  type MarketState,
  type Order,
} from '../trading/index.js';
import { userDeltas, type Purchases } from './engine-state.js';
import {
  InsufficientFundsError,
  InvalidMarketInputError,
  InvalidOrderError,
  MarketNotOpenError,
  MarketsInternalError,
  type MarketsError,
  OrderNotFoundError,
} from './errors.js';
import { addAccountOps, addPositionOps, identifyEntries, putLedgerOps, putOrderOps, putTradeOps, type TradeRecord } from './item-ops.js';
import { marketCommandId, TABLE } from './keys.js';
import { encodeBook, toStateItem, type MarketStateRecord } from './state-record.js';
import { WriteBatch } from './write-batch.js';

/** The status a caller sees: a live market past its closesAt is `closed`. */
export function liveStatus(record: Pick<MarketStateRecord, 'phase' | 'paused' | 'settled' | 'closesAt'>, nowMs: number): string {
  if (record.settled) return 'settled';
  if (record.phase !== 'open') return record.phase;
  if (nowMs >= Date.parse(record.closesAt)) return 'closed';
  return record.paused ? 'paused' : 'open';
}

/** Trading needs an open market: not paused, not past closesAt, not resolved or voided. */
export function assertTradable(record: MarketStateRecord, nowMs: number): void {
  const status = liveStatus(record, nowMs);
  if (status !== 'open') throw new MarketNotOpenError(status, `The market is ${status}; it accepts no orders`);
}

/** Engine errors as domain errors: the caller's mistakes become 4xx, anything else stays a 500. */
export function asDomainError(error: unknown): MarketsError | unknown {
  if (!(error instanceof TradingError)) return error;
  if (error instanceof EngineInvalidOrderError || error instanceof UnknownOutcomeError || error instanceof InvalidAmountError || error instanceof NumericRangeError) {
    return new InvalidOrderError(error.message, { cause: error });
  }
  if (error instanceof InvalidMarketConfigError) return new InvalidMarketInputError(error.message, { cause: error });
  if (error instanceof EngineInsufficientFundsError) return new InsufficientFundsError(error.message, { cause: error });
  if (error instanceof MarketPhaseError) return new MarketNotOpenError('not open', error.message, { cause: error });
  if (error instanceof EngineOrderNotFoundError) return new OrderNotFoundError('', { cause: error });
  return new MarketsInternalError('The trading engine refused a command it should not have', { cause: error });
}

/** Runs an engine command, translating its errors. */
export function engine<T>(command: () => T): T {
  try {
    return command();
  } catch (error) {
    throw asDomainError(error);
  }
}

/** One trade record per fill, numbered within the command's sequence. */
export function tradesOf(taker: Order, fills: readonly Fill[], sequence: number, at: string): TradeRecord[] {
  return fills.map((f, index) => ({
    sequence,
    index,
    outcome: taker.outcome,
    price: f.price,
    quantity: f.quantity,
    amount: f.amount,
    fee: f.fee,
    kind: f.kind,
    takerOrderId: taker.id,
    takerUserId: taker.userId,
    makerOrderId: f.makerOrderId,
    makerUserId: f.makerUserId,
    at,
  }));
}

const isResting = (book: MarketState['book'], orderId: string) =>
  Object.values(book).some((s) => s.bids.some((o) => o.id === orderId) || s.asks.some((o) => o.id === orderId));

/** The STATE record after an engine command: pools, book and phase from the engine; counters from the trades. */
export function advanceRecord(
  record: MarketStateRecord,
  after: MarketState,
  createdAt: ReadonlyMap<string, string>,
  extra: { trades?: readonly TradeRecord[]; newParticipants?: number; sweep?: MarketStateRecord['sweep'] } = {},
): MarketStateRecord {
  const lastPrices = { ...record.lastPrices };
  let volume = record.volume;
  const binary = record.engine === 'orderbook';
  for (const t of extra.trades ?? []) {
    volume += t.amount;
    lastPrices[t.outcome] = t.price;
    const other = record.outcomes.find((o) => o !== t.outcome);
    if (binary && other !== undefined) lastPrices[other] = 100 - t.price;
  }
  let sweep = extra.sweep === undefined ? record.sweep : extra.sweep;
  // The order a sweep was for is gone from the book (filled, cancelled): nothing left to sweep.
  if (sweep !== null && !isResting(after.book, sweep.orderId)) sweep = null;
  return {
    ...record,
    sequence: after.sequence,
    phase: after.phase,
    winningOutcome: after.winningOutcome,
    escrow: after.escrow,
    pairs: after.pairs,
    fees: after.fees,
    amm: after.amm,
    book: encodeBook(after.book, createdAt),
    lastPrices,
    volume,
    participants: record.participants + (extra.newParticipants ?? 0),
    sweep,
  };
}

/** What an engine command (or a run of them) changed, for `commandBatch`. */
export interface CommandOutcome {
  before: MarketState;
  after: MarketState;
  entries: readonly LedgerEntry[];
  orders: readonly Order[];
  users: Iterable<string>;
  createdAt: ReadonlyMap<string, string>;
  purchases?: Purchases;
  trades?: readonly TradeRecord[];
  /** Users whose position item must exist after the write (the taker of an accepted order). */
  ensurePositions?: ReadonlySet<string>;
}

/**
 * The one atomic write of a market command: the STATE item (conditioned on the sequence read),
 * account and position deltas, changed orders, trades, the journal item and the users' postings.
 */
export function commandBatch(record: MarketStateRecord, next: MarketStateRecord, outcome: CommandOutcome, at: string): WriteBatch {
  const batch = new WriteBatch();
  batch.add(
    { type: 'put', table: TABLE, item: toStateItem(next), condition: { kind: 'compare', name: 'sequence', op: '=', value: record.sequence } },
    'race',
  );
  const deltas = userDeltas(outcome.before, outcome.after, outcome.users);
  addAccountOps(batch, deltas);
  addPositionOps(batch, record.marketId, deltas, outcome.purchases ?? new Map(), outcome.ensurePositions);
  const latest = new Map(outcome.orders.map((o) => [o.id, o]));
  putOrderOps(batch, record.marketId, [...latest.values()], outcome.createdAt);
  putTradeOps(batch, record.marketId, outcome.trades ?? []);
  putLedgerOps(batch, {
    commandId: marketCommandId(record.marketId, record.sequence + 1),
    marketId: record.marketId,
    at,
    entries: identifyEntries(record.marketId, outcome.entries),
  });
  return batch;
}
