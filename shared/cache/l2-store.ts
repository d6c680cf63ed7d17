/**
 * The port the cache talks to for its shared (L2) layer. The Redis implementation lives in
 * shared/adapters/redis/l2-store.ts, the only place allowed to name the driver.
 */
export interface L2Store {
  /** The stored bytes, or undefined when the key is absent. */
  get(key: string): Promise<Buffer | undefined>;
  /** Stores `value` under `key` for `ttlMs` milliseconds (SET PX). */
  set(key: string, value: Buffer, ttlMs: number): Promise<void>;
  /** Removes the keys (UNLINK); no-op for an empty list. */
  del(keys: readonly string[]): Promise<void>;
  /** The integer at `key`; an absent key is first set to `seed` (atomically), so a lost key never restarts at 0. */
  generation(key: string, seed: number): Promise<number>;
  /** Atomically increments the integer at `key` (an absent key starts from `seed`) and returns the new value. */
  bumpGeneration(key: string, seed: number): Promise<number>;
  /** SET NX PX: true when this caller created the key. */
  setNx(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Deletes `key` only if it still holds `token` (atomic compare-and-delete); true when it did. */
  releaseLease(key: string, token: string): Promise<boolean>;
  /** Deletes every key starting with `prefix` by SCAN + UNLINK (never FLUSHALL); returns how many. */
  scanDelete(prefix: string): Promise<number>;
}
