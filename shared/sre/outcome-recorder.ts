import type { ItemKey, ItemStore, WriteOp } from '../store/port.js';
import {
  bucketExpiresAt,
  bucketKey,
  floorTo,
  HOUR_MS,
  MINUTE_MS,
  SRE_ITEM_TYPE,
  SRE_TABLE,
  type Resolution,
} from './bucket-keys.js';
import type { Clock } from './clock.js';
import { addOutcome, addTotals, COUNTER_ATTRIBUTES, emptyTotals, HISTOGRAM_ATTRIBUTES, type OutcomeTotals } from './totals.js';

/** One answered request. `at` is epoch milliseconds (when the answer went out). */
export interface RequestOutcome {
  status: number;
  latencyMs: number;
  at: number;
}

export interface FlushResult {
  /** Items whose counts reached the store. */
  written: number;
  /** Items that failed and are kept for the next flush. */
  failed: number;
  /** Items given up because they were past their retention: nobody would read them. */
  dropped: number;
}

export interface OutcomeRecorderOptions {
  store: ItemStore;
  clock: Clock;
  /** `record` starts a flush once this long has passed since the last one. Default 5000. */
  flushIntervalMs?: number;
  /** Told about each failed item write; the counts stay pending. Must not throw (it is guarded anyway). */
  onFlushError?: (error: unknown, item: ItemKey) => void;
}

interface PendingBucket {
  resolution: Resolution;
  start: number;
  totals: OutcomeTotals;
}

export const DEFAULT_FLUSH_INTERVAL_MS = 5_000;
/** Item writes in flight at once during one flush. */
const WRITE_BATCH = 10;

/**
 * Sums request outcomes in the container and adds them into shared per-minute and per-hour
 * items. Each item is its own `update` with `add`: DynamoDB applies an ADD atomically per item,
 * so any number of containers can add into the same bucket, whereas a transaction over hot
 * counter items would conflict with every other container's flush. Because each item succeeds
 * or fails alone, a failed item's counts go back into the pending sums and nothing is counted
 * twice.
 */
export class OutcomeRecorder {
  readonly #store: ItemStore;
  readonly #clock: Clock;
  readonly #intervalMs: number;
  readonly #onFlushError: (error: unknown, item: ItemKey) => void;
  #pending = new Map<string, PendingBucket>();
  #lastFlushAt: number;
  #flushing: Promise<FlushResult> | undefined;

  constructor(options: OutcomeRecorderOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#intervalMs = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
    this.#onFlushError = options.onFlushError ?? (() => undefined);
    this.#lastFlushAt = this.#clock.now();
  }

  /** Counts one outcome; never throws and never waits for the store. */
  record(outcome: RequestOutcome): void {
    // A bad timestamp would make an unwritable key; the recorder's own clock is the next best.
    const at = Number.isFinite(outcome.at) ? outcome.at : this.#clock.now();
    for (const [resolution, unit] of [['minute', MINUTE_MS], ['hour', HOUR_MS]] as const) {
      const start = floorTo(at, unit);
      const id = `${resolution}@${start}`;
      let bucket = this.#pending.get(id);
      if (bucket === undefined) {
        bucket = { resolution, start, totals: emptyTotals() };
        this.#pending.set(id, bucket);
      }
      addOutcome(bucket.totals, outcome.status, outcome.latencyMs);
    }
    if (this.#flushing === undefined && this.#clock.now() - this.#lastFlushAt >= this.#intervalMs) {
      void this.flush();
    }
  }

  /** Requests counted in this container and not yet in the store. */
  get pendingRequests(): number {
    let requests = 0;
    for (const bucket of this.#pending.values()) if (bucket.resolution === 'minute') requests += bucket.totals.requests;
    return requests;
  }

  /**
   * Writes everything pending. Never rejects. A flush already running is awaited first, so
   * whatever was recorded before this call has been tried once the promise settles.
   */
  flush(): Promise<FlushResult> {
    const previous = this.#flushing ?? Promise.resolve(undefined);
    const current = previous
      .then(() => this.#flushOnce())
      .catch((error: unknown) => {
        // Only a bug lands here; a rejected promise from record()'s background flush would crash Node.
        this.#report(error, { pk: 'SRE', sk: 'flush' });
        return { written: 0, failed: 0, dropped: 0 };
      });
    this.#flushing = current;
    void current.finally(() => {
      if (this.#flushing === current) this.#flushing = undefined;
    });
    return current;
  }

  async #flushOnce(): Promise<FlushResult> {
    const now = this.#clock.now();
    this.#lastFlushAt = now;
    const batch = [...this.#pending.values()];
    this.#pending = new Map();
    const result: FlushResult = { written: 0, failed: 0, dropped: 0 };
    const live = batch.filter((bucket) => bucketExpiresAt(bucket.resolution, bucket.start) * 1000 > now);
    result.dropped = batch.length - live.length;
    for (let i = 0; i < live.length; i += WRITE_BATCH) {
      const slice = live.slice(i, i + WRITE_BATCH);
      const outcomes = await Promise.allSettled(slice.map(async (bucket) => this.#store.write([updateOf(bucket)])));
      outcomes.forEach((outcome, j) => {
        const bucket = slice[j] as PendingBucket;
        if (outcome.status === 'fulfilled') {
          result.written += 1;
          return;
        }
        result.failed += 1;
        this.#keep(bucket);
        this.#report(outcome.reason, bucketKey(bucket.resolution, bucket.start));
      });
    }
    return result;
  }

  #keep(bucket: PendingBucket): void {
    const id = `${bucket.resolution}@${bucket.start}`;
    const newer = this.#pending.get(id);
    if (newer === undefined) this.#pending.set(id, bucket);
    else addTotals(newer.totals, bucket.totals);
  }

  #report(error: unknown, item: ItemKey): void {
    try {
      this.#onFlushError(error, item);
    } catch {
      // A broken logger must not turn a lost write into a failed request.
    }
  }
}

function updateOf(bucket: PendingBucket): WriteOp {
  const add: Record<string, number> = {};
  for (const name of COUNTER_ATTRIBUTES) if (bucket.totals[name] !== 0) add[name] = bucket.totals[name];
  bucket.totals.histogram.forEach((count, i) => {
    if (count !== 0) add[HISTOGRAM_ATTRIBUTES[i] as string] = count;
  });
  return {
    type: 'update',
    table: SRE_TABLE,
    key: bucketKey(bucket.resolution, bucket.start),
    update: {
      set: { type: SRE_ITEM_TYPE[bucket.resolution], expiresAt: bucketExpiresAt(bucket.resolution, bucket.start) },
      add,
    },
  };
}
