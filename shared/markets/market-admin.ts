import { createMarket as engineCreate, resolveMarket, UnknownOutcomeError, voidMarket, type MarketState } from '../trading/index.js';
import { iso, readMany, type ServiceContext } from './context.js';
import { buildEngineState, num } from './engine-state.js';
import { InvalidMarketInputError, MarketNotFoundError, MarketNotOpenError } from './errors.js';
import { addAccountOps, addPositionOps, identifyEntries, putLedgerOps } from './item-ops.js';
import { keys, marketCommandId, TABLE } from './keys.js';
import { engine } from './market-command.js';
import { fromMetaItem, marketView, metaStatusOp, putMetaOp, type MarketMeta, type StoredStatus } from './market-records.js';
import { done, RETRY, withRetries, type Attempt } from './retry.js';
import { fromStateItem, restingCount, toStateItem, type MarketStateRecord } from './state-record.js';
import { newTaskOp, type TaskType } from './task-records.js';
import type { CreateMarketRequest, Market, TaskAccepted } from './views.js';
import { commit, WriteBatch } from './write-batch.js';

/** LMSR liquidity b (shares) when the request gives none: subsidy ⌈100 · 100 · ln n⌉ cents. */
export const DEFAULT_LIQUIDITY = 100;
const BINARY = ['YES', 'NO'];

function outcomesOf(input: CreateMarketRequest): string[] {
  if (input.type === 'binary') {
    const given = input.outcomes;
    const yesNo = given === undefined || (given.length === 2 && BINARY.every((o) => given.includes(o)));
    if (!yesNo) throw new InvalidMarketInputError('A binary market has the outcomes YES and NO');
    return BINARY;
  }
  if (input.engine !== 'amm') throw new InvalidMarketInputError('Categorical markets run on the amm engine');
  const outcomes = input.outcomes;
  if (outcomes === undefined || outcomes.length < 2 || outcomes.length > 10) throw new InvalidMarketInputError('A categorical market needs 2 to 10 outcomes');
  if (new Set(outcomes).size !== outcomes.length) throw new InvalidMarketInputError('Outcome names must be unique');
  return [...outcomes];
}

function initialRecord(meta: MarketMeta, state: MarketState): MarketStateRecord {
  return {
    marketId: meta.id,
    engine: state.engine,
    outcomes: [...state.outcomes],
    feeBps: state.feeBps,
    closesAt: meta.closesAt,
    sequence: state.sequence,
    phase: state.phase,
    winningOutcome: null,
    paused: false,
    settled: false,
    escrow: state.escrow,
    pairs: state.pairs,
    fees: state.fees,
    amm: state.amm,
    book: Object.fromEntries(Object.keys(state.book).map((o) => [o, { bids: [], asks: [] }])),
    lastPrices: {},
    volume: 0,
    participants: state.amm ? 1 : 0,
    settledCount: 0,
    sweep: null,
    voidPlan: null,
  };
}

/**
 * Creates a market: META and STATE items in one write. On an AMM market the creator pays the
 * LMSR subsidy in that same write (ledger entry, account debit conditioned on the cash being
 * there, a position item so a void can refund the subsidy).
 */
export async function createMarket(ctx: ServiceContext, actorId: string, input: CreateMarketRequest): Promise<Market> {
  const now = ctx.clock.now();
  const closesAtMs = Date.parse(input.closesAt);
  if (!Number.isFinite(closesAtMs) || closesAtMs <= now) throw new InvalidMarketInputError('closesAt must be in the future');
  const outcomes = outcomesOf(input);
  if (input.engine !== 'amm' && input.liquidity !== undefined) throw new InvalidMarketInputError('liquidity applies to amm markets only');
  const b = input.engine === 'amm' ? (input.liquidity ?? DEFAULT_LIQUIDITY) : null;
  const meta: MarketMeta = {
    id: ctx.ids(),
    title: input.title,
    description: input.description,
    category: input.category,
    type: input.type,
    engine: input.engine,
    outcomes,
    closesAt: iso(closesAtMs),
    feeBps: input.feeBps ?? 0,
    liquidity: b,
    createdAt: iso(now),
    createdBy: actorId,
    status: 'open',
    resolvedOutcome: null,
  };
  return withRetries(ctx.retry, async (): Promise<Attempt<Market>> => {
    const account = b === null ? undefined : await ctx.store.get(TABLE, keys.account(actorId));
    const created = engine(() =>
      engineCreate({
        marketId: meta.id,
        engine: meta.engine,
        outcomes,
        feeBps: meta.feeBps,
        ...(b === null ? {} : { users: { [actorId]: num(account?.available) }, amm: { b, creatorId: actorId } }),
      }),
    );
    const record = initialRecord(meta, created.state);
    const batch = new WriteBatch()
      .add(putMetaOp(meta), 'exists')
      .add({ type: 'put', table: TABLE, item: toStateItem(record), condition: { kind: 'itemNotExists' } }, 'exists');
    if (b !== null) {
      const subsidy = created.state.amm?.subsidy ?? 0;
      addAccountOps(batch, new Map([[actorId, { available: -subsidy, locked: 0 }]]));
      addPositionOps(batch, meta.id, new Map(), new Map(), new Set([actorId]));
      putLedgerOps(batch, { commandId: marketCommandId(meta.id, created.state.sequence), marketId: meta.id, at: meta.createdAt, entries: identifyEntries(meta.id, created.entries) });
    }
    return (await commit(ctx.store, batch)).ok ? done(marketView(meta, record, now)) : RETRY;
  });
}

async function readMarket(ctx: ServiceContext, marketId: string): Promise<{ meta: MarketMeta; record: MarketStateRecord }> {
  const [meta, state] = await readMany(ctx.store, [keys.marketMeta(marketId), keys.marketState(marketId)]);
  if (!meta || !state) throw new MarketNotFoundError(marketId);
  return { meta: fromMetaItem(meta), record: fromStateItem(state) };
}

const stateOp = (record: MarketStateRecord, next: MarketStateRecord) =>
  ({ type: 'put', table: TABLE, item: toStateItem(next), condition: { kind: 'compare', name: 'sequence', op: '=', value: record.sequence } }) as const;

/** Pauses or resumes trading (an open or closed market only); bumps the sequence so no placement that read the old flag can commit. */
export async function setPaused(ctx: ServiceContext, marketId: string, paused: boolean): Promise<Market> {
  return withRetries(ctx.retry, async (): Promise<Attempt<Market>> => {
    const { meta, record } = await readMarket(ctx, marketId);
    if (record.phase !== 'open') throw new MarketNotOpenError(meta.status, `The market is ${meta.status}; it cannot be paused or resumed`);
    const now = ctx.clock.now();
    if (record.paused === paused) return done(marketView(meta, record, now));
    const status: StoredStatus = paused ? 'paused' : 'open';
    const next = { ...record, paused, sequence: record.sequence + 1 };
    const batch = new WriteBatch().add(stateOp(record, next), 'race').add(metaStatusOp(meta, status));
    return (await commit(ctx.store, batch)).ok ? done(marketView({ ...meta, status }, next, now)) : RETRY;
  });
}

/**
 * Ends trading and queues the settlement task, atomically: the STATE item moves to resolved or
 * voided (the engine validates the move; resting orders stay for the worker to cancel in
 * bounded batches), the META item follows and the task item is created.
 */
export async function requestEnd(ctx: ServiceContext, marketId: string, taskType: TaskType, outcome?: string): Promise<TaskAccepted> {
  const taskId = ctx.ids();
  return withRetries(ctx.retry, async (): Promise<Attempt<TaskAccepted>> => {
    const { meta, record } = await readMarket(ctx, marketId);
    if (record.phase !== 'open') throw new MarketNotOpenError(meta.status, `The market is already ${meta.status}`);
    const { state } = buildEngineState(record, new Map(), { withBook: false });
    const ended = engine(() => {
      try {
        return taskType === 'settle' ? resolveMarket(state, outcome ?? '') : voidMarket(state);
      } catch (error) {
        if (error instanceof UnknownOutcomeError) throw new InvalidMarketInputError(`The market has no outcome ${JSON.stringify(outcome)}`, { cause: error });
        throw error;
      }
    });
    const next: MarketStateRecord = {
      ...record,
      sequence: ended.state.sequence,
      phase: ended.state.phase,
      winningOutcome: ended.state.winningOutcome,
      pairs: ended.state.pairs,
      sweep: null,
      // Refund totals need every position; the worker computes them before paying anyone.
      voidPlan: null,
    };
    const createdAt = iso(ctx.clock.now());
    const status: StoredStatus = taskType === 'settle' ? 'resolved' : 'voided';
    const batch = new WriteBatch()
      .add(stateOp(record, next), 'race')
      .add(metaStatusOp(meta, status, { resolvedOutcome: ended.state.winningOutcome }))
      .add(
        newTaskOp({
          id: taskId,
          taskType,
          status: 'pending',
          marketId,
          done: 0,
          total: restingCount(record.book) + record.participants,
          createdAt,
          leaseUntil: 0,
          owner: null,
          error: null,
        }),
        'exists',
      );
    return (await commit(ctx.store, batch)).ok ? done({ taskId }) : RETRY;
  });
}
