import { settleBatch, voidRefund, type MarketState } from '../trading/index.js';
import { ConditionFailedError, StoreError } from '../store/errors.js';
import type { Item } from '../store/port.js';
import { cancelRun } from './cancels.js';
import { iso, readMany, type ServiceContext } from './context.js';
import { buildEngineState, num, positionAttr, userDeltas } from './engine-state.js';
import { ContentionError, MarketsError, TaskNotFoundError } from './errors.js';
import { addAccountOps, identifyEntries, putLedgerOps } from './item-ops.js';
import { gsi, keys, marketCommandId, TABLE } from './keys.js';
import { unsettledPositions } from './snapshot.js';
import { engine } from './market-command.js';
import { fromMetaItem, metaStatusOp } from './market-records.js';
import { done, RETRY, withRetries, type Attempt } from './retry.js';
import { fromStateItem, restingTuples, toStateItem, type MarketStateRecord, type StoredVoidPlan } from './state-record.js';
import { claimOp, finishOp, fromTaskItem, progressOp, releaseOp, taskView, type TaskRecord } from './task-records.js';
import type { TaskView } from './views.js';
import { commit, WriteBatch } from './write-batch.js';

/**
 * The settlement worker. Each step is ONE atomic write that also renews the task's lease and
 * adds its progress, conditioned on the market's sequence and on the task's owner:
 *  1. cancel up to CANCEL_BATCH resting orders (releasing their locks);
 *  2. on a void, fix the refund totals over every position (voidRefund's Σ claims);
 *  3. settle up to SETTLE_BATCH users: pay them (100 per winning share, or their refund), zero
 *     their position, mark it settled and take it off the settlement index — each position op
 *     is conditioned on `settled <> true`, so a re-run batch pays nobody twice;
 *  4. when every participant is settled: market → settled, task → succeeded.
 */
export const CANCEL_BATCH = 15;
/** Users per settlement write: 3 items each (position, account, posting) + state, journal, task = 93. */
export const SETTLE_BATCH = 30;

type Step = 'more' | 'done' | 'lease' | 'later';

const stateOp = (record: MarketStateRecord, next: MarketStateRecord) =>
  ({ type: 'put', table: TABLE, item: toStateItem(next), condition: { kind: 'compare', name: 'sequence', op: '=', value: record.sequence } }) as const;

const outcomeOf = (result: { ok: true } | { ok: false; reason: 'race' | 'lease' }): Attempt<Step> =>
  result.ok ? done('more') : result.reason === 'lease' ? done('lease') : RETRY;

async function planVoid(ctx: ServiceContext, record: MarketStateRecord): Promise<StoredVoidPlan | null> {
  const positions = await unsettledPositions(ctx, record.marketId);
  // An index that has not caught up would leave someone out of Σ claims: come back later.
  if (positions.length + record.settledCount < record.participants) return null;
  const claims = positions.map((p) => Math.max(0, num(p.netPaid)));
  const totalClaims = claims.reduce((a, c) => a + c, 0);
  const pool = record.amm ? record.amm.cash : record.escrow;
  const refunds = claims.reduce((a, c) => a + voidRefund(c, pool, totalClaims), 0);
  const subsidyRefund = record.amm ? Math.min(pool - refunds, record.amm.subsidy) : 0;
  return { pool, totalClaims, subsidyRefund, residual: pool - refunds - subsidyRefund };
}

function settleWrite(record: MarketStateRecord, positions: Item[], nowMs: number): WriteBatch {
  const known = new Map(positions.map((p) => [p.userId as string, { available: 0, position: p }]));
  const built = buildEngineState(record, known);
  const plan = record.voidPlan;
  const voidPlan =
    record.phase === 'voided' && plan
      ? { refunds: Object.fromEntries([...known].map(([u, k]) => [u, voidRefund(Math.max(0, num(k.position.netPaid)), plan.pool, plan.totalClaims)])), subsidyRefund: plan.subsidyRefund, residual: plan.residual }
      : null;
  const state: MarketState = { ...built.state, voidPlan };
  const result = engine(() => settleBatch(state, [...known.keys()]));
  const at = iso(nowMs);
  const next: MarketStateRecord = {
    ...record,
    sequence: result.state.sequence,
    escrow: result.state.escrow,
    pairs: result.state.pairs,
    amm: result.state.amm,
    settledCount: record.settledCount + known.size,
  };
  const batch = new WriteBatch().add(stateOp(record, next), 'race');
  addAccountOps(batch, userDeltas(state, result.state, known.keys()));
  const payouts = new Map(result.payouts.map((p) => [p.userId, p.amount]));
  for (const userId of known.keys()) {
    const zeroed = Object.fromEntries(record.outcomes.flatMap((_, i) => [[positionAttr.shares(i), 0], [positionAttr.locked(i), 0]]));
    batch.add(
      {
        type: 'update',
        table: TABLE,
        key: keys.position(userId, record.marketId),
        update: { set: { ...zeroed, settled: true, settledAt: at, payout: payouts.get(userId) ?? 0 }, remove: ['gsi1pk', 'gsi1sk'] },
        condition: { kind: 'compare', name: 'settled', op: '<>', value: true },
      },
      'race',
    );
  }
  putLedgerOps(batch, { commandId: marketCommandId(record.marketId, record.sequence + 1), marketId: record.marketId, at, entries: identifyEntries(record.marketId, result.entries) });
  return batch;
}

async function step(ctx: ServiceContext, task: TaskRecord, owner: string): Promise<Attempt<Step>> {
  const [stateItem, metaItem] = await readMany(ctx.store, [keys.marketState(task.marketId), keys.marketMeta(task.marketId)]);
  if (!stateItem || !metaItem) throw new TaskNotFoundError(task.id);
  const record = fromStateItem(stateItem);
  const now = ctx.clock.now();
  const lease = now + ctx.leaseMs;
  const resting = restingTuples(record.book).slice(0, CANCEL_BATCH).map((t) => t[0]);
  if (resting.length > 0) {
    const { batch } = cancelRun(record, resting, now);
    return outcomeOf(await commit(ctx.store, batch.add(progressOp(task, owner, resting.length, lease), 'lease')));
  }
  if (record.phase === 'voided' && record.voidPlan === null) {
    const plan = await planVoid(ctx, record);
    if (plan === null) return done('later');
    const batch = new WriteBatch().add(stateOp(record, { ...record, voidPlan: plan, sequence: record.sequence + 1 }), 'race').add(progressOp(task, owner, 0, lease), 'lease');
    return outcomeOf(await commit(ctx.store, batch));
  }
  const positions = await unsettledPositions(ctx, task.marketId, SETTLE_BATCH);
  if (positions.length > 0) {
    const batch = settleWrite(record, positions.slice(0, SETTLE_BATCH), now);
    return outcomeOf(await commit(ctx.store, batch.add(progressOp(task, owner, Math.min(positions.length, SETTLE_BATCH), lease), 'lease')));
  }
  if (record.settledCount < record.participants) return done('later');
  const batch = new WriteBatch()
    .add(stateOp(record, { ...record, settled: true, sequence: record.sequence + 1 }), 'race')
    .add(metaStatusOp(fromMetaItem(metaItem), 'settled'))
    .add(finishOp(task, owner, 'succeeded'), 'lease');
  const result = await commit(ctx.store, batch);
  return result.ok ? done('done') : outcomeOf(result);
}

export async function getTask(ctx: ServiceContext, taskId: string): Promise<TaskRecord> {
  const item = await ctx.store.get(TABLE, keys.task(taskId));
  if (!item) throw new TaskNotFoundError(taskId);
  return fromTaskItem(item);
}

/**
 * One worker run: claims the task (pending, or running with an expired lease), works it until it
 * is done, another worker takes it over, or it must wait (an index catching up). A bug or bad
 * data fails the task visibly; a store outage or exhausted retries leave it claimed until the
 * lease runs out.
 */
export async function runTask(ctx: ServiceContext, taskId: string): Promise<TaskView> {
  let task = await getTask(ctx, taskId);
  if (task.status === 'succeeded' || task.status === 'failed') return taskView(task);
  const owner = ctx.ids();
  try {
    await ctx.store.write([claimOp(task, owner, ctx.clock.now(), ctx.leaseMs)]);
  } catch (error) {
    // Someone else holds it (or it just finished): report what it looks like now.
    if (error instanceof ConditionFailedError) return taskView(await getTask(ctx, taskId));
    throw error;
  }
  task = { ...task, status: 'running', owner };
  try {
    for (;;) {
      const outcome = await withRetries(ctx.retry, () => step(ctx, task, owner));
      if (outcome === 'later') await ctx.store.write([releaseOp(task, owner)]);
      if (outcome !== 'more') break;
    }
  } catch (error) {
    // Transient: the task stays claimed until its lease runs out, then any worker resumes it.
    if (error instanceof StoreError || error instanceof ContentionError) throw error;
    const code = error instanceof MarketsError ? error.code : 'INTERNAL';
    await ctx.store.write([finishOp(task, owner, 'failed', code)]).catch(() => undefined);
  }
  return taskView(await getTask(ctx, taskId));
}

/** Tasks a poller should run, oldest first: pending ones, then running ones whose lease ran out. */
export async function pendingTasks(ctx: ServiceContext, limit: number): Promise<TaskView[]> {
  const size = Math.max(1, Math.min(limit, 100));
  const pending = await ctx.store.query(TABLE, { index: 'gsi1', partition: gsi.tasksByStatus('pending'), limit: size });
  const tasks = pending.items.map(fromTaskItem);
  if (tasks.length < size) {
    const running = await ctx.store.query(TABLE, { index: 'gsi1', partition: gsi.tasksByStatus('running'), limit: 100 });
    const now = ctx.clock.now();
    tasks.push(...running.items.map(fromTaskItem).filter((t) => t.leaseUntil < now).slice(0, size - tasks.length));
  }
  return tasks.map(taskView);
}
