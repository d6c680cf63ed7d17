/** Where read counts of all containers add up: a sorted set per UTC day in Redis. */
export interface PopularityStore {
  add(day: string, counts: ReadonlyMap<string, number>): Promise<void>;
  /** Ids by reads on `day`, most read first. */
  top(day: string, limit: number): Promise<{ id: string; reads: number }[]>;
}

const DAY_MS = 86_400_000;
const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export interface ReadTrackerOptions {
  /** Absent: counts stay in this container (no Redis). */
  store?: PopularityStore | undefined;
  now: () => number;
  /** Counts are sent at most this often: a read costs no Redis call; a frozen container loses at most this much. */
  flushEveryMs?: number;
  /** Upper bound of one flush or read on a request path; past it the counts wait for the next flush. */
  timeoutMs?: number;
}

/**
 * Counts market reads so the cache warmer knows what is most read. Reads are counted in the
 * container and flushed in one pipelined call at most every few seconds; the ranking is today's
 * plus yesterday's counts, so yesterday's favourites still warm the cache just after midnight.
 */
export class ReadTracker {
  private pending = new Map<string, number>();
  /** Everything this container counted: the ranking when there is no shared store. */
  private readonly local = new Map<string, number>();
  private lastFlush: number;
  private readonly flushEveryMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: ReadTrackerOptions) {
    this.lastFlush = options.now();
    this.flushEveryMs = options.flushEveryMs ?? 5_000;
    this.timeoutMs = options.timeoutMs ?? 50;
  }

  record(id: string): void {
    this.pending.set(id, (this.pending.get(id) ?? 0) + 1);
    this.local.set(id, (this.local.get(id) ?? 0) + 1);
  }

  /** Sends the pending counts when the interval has passed (or when `force`); never throws. */
  async flush(force = false): Promise<void> {
    const now = this.options.now();
    if (!force && now - this.lastFlush < this.flushEveryMs) return;
    this.lastFlush = now;
    const { store } = this.options;
    if (!store || this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const sent = await this.bounded(store.add(utcDay(now), batch));
    if (!sent) for (const [id, n] of batch) this.pending.set(id, (this.pending.get(id) ?? 0) + n); // retried next time
  }

  /** The most-read ids, all containers together when the store answers, else this container's own. */
  async top(limit: number): Promise<string[]> {
    const { store } = this.options;
    const now = this.options.now();
    const totals = new Map<string, number>();
    const days = store ? await this.bounded(Promise.all([store.top(utcDay(now), limit), store.top(utcDay(now - DAY_MS), limit)])) : false;
    // With the store: everyone's flushed counts plus ours not yet sent; without: ours alone.
    const own = days ? this.pending : this.local;
    const rows = [...(days ? days.flat() : []), ...[...own].map(([id, reads]) => ({ id, reads }))];
    for (const { id, reads } of rows) totals.set(id, (totals.get(id) ?? 0) + reads);
    return [...totals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit).map(([id]) => id);
  }

  private async bounded<T>(work: Promise<T>): Promise<T | false> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([work, new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.timeoutMs)))]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
