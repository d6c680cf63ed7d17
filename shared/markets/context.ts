import type { Clock } from '../adapters/clock.js';
import type { Item, ItemKey, ItemStore } from '../store/port.js';
import { TABLE } from './keys.js';
import type { RetryPolicy } from './retry.js';

/** What every part of the service shares: the store port, time, ids and the tuning knobs. */
export interface ServiceContext {
  readonly store: ItemStore;
  readonly clock: Clock;
  readonly ids: () => string;
  readonly retry: RetryPolicy;
  /** Resting orders one placement write may touch (fills + self-trade cancels); bounds the write below 100 items. */
  readonly maxMakers: number;
  /** Resting orders one market's STATE item holds at most (see MAX_RESTING_ORDERS). */
  readonly maxRestingOrders: number;
  /** How long a settlement worker's claim on a task lasts without progress. */
  readonly leaseMs: number;
}

export const iso = (ms: number) => new Date(ms).toISOString();

/** One batchGet for several keys; answers per key (undefined when absent). */
export async function readMany(store: ItemStore, wanted: readonly ItemKey[]): Promise<(Item | undefined)[]> {
  const found = await store.batchGet(TABLE, [...wanted]);
  const byKey = new Map(found.map((item) => [`${item.pk}\u0000${item.sk}`, item]));
  return wanted.map((key) => byKey.get(`${key.pk}\u0000${key.sk}`));
}
