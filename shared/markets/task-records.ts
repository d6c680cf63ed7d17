import type { AttributeValue, Item, WriteOp } from '../store/port.js';
import { gsi, ITEM_TYPE, keys, TABLE } from './keys.js';
import type { TaskView } from './views.js';

/**
 * Background tasks (settle after resolution, refund after a void). A task is on gsi1 under
 * `TASKS#pending` or `TASKS#running` while it has work, so a poller finds it with one Query; a
 * finished task leaves the index (sparse). A worker holds a task through a lease: `owner` and
 * `leaseUntil`, renewed by every batch it writes; each batch write is conditioned on the owner.
 */
export type TaskType = 'settle' | 'void';
export type TaskStatus = TaskView['status'];

export interface TaskRecord {
  id: string;
  taskType: TaskType;
  status: TaskStatus;
  marketId: string;
  done: number;
  total: number;
  createdAt: string;
  leaseUntil: number;
  owner: string | null;
  error: string | null;
}

const indexKeys = (task: Pick<TaskRecord, 'createdAt' | 'id'>, status: TaskStatus) => ({ gsi1pk: gsi.tasksByStatus(status), gsi1sk: `${task.createdAt}#${task.id}` });

export function newTaskOp(task: TaskRecord): WriteOp {
  return {
    type: 'put',
    table: TABLE,
    item: { ...keys.task(task.id), type: ITEM_TYPE.task, ...task, ...indexKeys(task, task.status) },
    condition: { kind: 'itemNotExists' },
  };
}

export function fromTaskItem(item: Item): TaskRecord {
  return {
    id: item.id as string,
    taskType: item.taskType as TaskType,
    status: item.status as TaskStatus,
    marketId: item.marketId as string,
    done: item.done as number,
    total: item.total as number,
    createdAt: item.createdAt as string,
    leaseUntil: (item.leaseUntil as number | undefined) ?? 0,
    owner: (item.owner as string | null | undefined) ?? null,
    error: (item.error as string | null | undefined) ?? null,
  };
}

export function taskView(task: TaskRecord): TaskView {
  return { id: task.id, type: task.taskType, status: task.status, marketId: task.marketId, progress: { done: task.done, total: task.total } };
}

/** Claims a pending task, or a running one whose lease ran out (a crashed or stuck worker). */
export function claimOp(task: TaskRecord, owner: string, nowMs: number, leaseMs: number): WriteOp {
  return {
    type: 'update',
    table: TABLE,
    key: keys.task(task.id),
    update: { set: { status: 'running', owner, leaseUntil: nowMs + leaseMs, ...indexKeys(task, 'running') } },
    condition: {
      kind: 'or',
      conditions: [
        { kind: 'compare', name: 'status', op: '=', value: 'pending' },
        { kind: 'and', conditions: [{ kind: 'compare', name: 'status', op: '=', value: 'running' }, { kind: 'compare', name: 'leaseUntil', op: '<', value: nowMs }] },
      ],
    },
  };
}

/** Progress of one batch, written with the batch; fails (lease) when another worker took the task over. */
export function progressOp(task: TaskRecord, owner: string, done: number, leaseUntil: number): WriteOp {
  const update = done > 0 ? { set: { leaseUntil }, add: { done } } : { set: { leaseUntil } };
  return { type: 'update', table: TABLE, key: keys.task(task.id), update, condition: { kind: 'compare', name: 'owner', op: '=', value: owner } };
}

/**
 * Ends the task (it leaves the pending/running index). A succeeded task shows done = total even
 * when owners cancelled some of the orders counted at resolution themselves.
 */
export function finishOp(task: TaskRecord, owner: string, status: 'succeeded' | 'failed', error: string | null = null): WriteOp {
  const set: Record<string, AttributeValue> = { status, error, leaseUntil: 0 };
  if (status === 'succeeded') set.done = task.total;
  return {
    type: 'update',
    table: TABLE,
    key: keys.task(task.id),
    update: { set, remove: ['gsi1pk', 'gsi1sk'] },
    condition: { kind: 'compare', name: 'owner', op: '=', value: owner },
  };
}

/** Hands a task back (its work is not finished, e.g. an index still catching up): due again at once. */
export function releaseOp(task: TaskRecord, owner: string): WriteOp {
  return { type: 'update', table: TABLE, key: keys.task(task.id), update: { set: { leaseUntil: 0 } }, condition: { kind: 'compare', name: 'owner', op: '=', value: owner } };
}
