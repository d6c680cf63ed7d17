import { blockSecondsFor, toRetryAfterSeconds } from './escalation.js';
import type { BackoffPolicy, BlockStatus, FailureDecision, FailureTracker } from './port.js';

interface Entry {
  failures: number;
  failuresUntil: number;
  breaches: number;
  breachesUntil: number;
  blockedUntil: number;
}

export interface MemoryFailureTrackerOptions {
  /** Milliseconds since the epoch; tests pass a fake clock. */
  readonly now?: () => number;
  /** Bound on remembered subjects, so a flood of fresh IPs during an outage cannot exhaust memory. */
  readonly maxEntries?: number;
}

/**
 * The per-container back-off used while Redis is unreachable: the same rules as the Redis script,
 * in one process. A container sees only its own traffic, so a guesser spread over N containers
 * gets up to N× the failures; that is the price of staying up, and the adapter logs it.
 */
export class MemoryFailureTracker implements FailureTracker {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly maxEntries: number;

  constructor(options: MemoryFailureTrackerOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxEntries = options.maxEntries ?? 50_000;
  }

  async recordFailure(key: string, policy: BackoffPolicy): Promise<FailureDecision> {
    const now = this.now();
    const id = `${policy.name}:${key}`;
    const entry = this.live(id, now) ?? this.create(id);
    if (entry.blockedUntil > now) {
      return { blocked: true, retryAfterSeconds: toRetryAfterSeconds(entry.blockedUntil - now), breach: entry.breaches, newBreach: false };
    }
    if (entry.failuresUntil <= now) {
      entry.failures = 0;
      entry.failuresUntil = now + policy.windowSeconds * 1000;
    }
    entry.failures += 1;
    if (entry.failures < policy.maxFailures) return { blocked: false, failuresLeft: policy.maxFailures - entry.failures };

    entry.failures = 0;
    entry.failuresUntil = 0;
    entry.breaches = entry.breachesUntil > now ? entry.breaches + 1 : 1;
    const blockSeconds = blockSecondsFor(policy, entry.breaches);
    entry.blockedUntil = now + blockSeconds * 1000;
    entry.breachesUntil = entry.blockedUntil + policy.historySeconds * 1000;
    return { blocked: true, retryAfterSeconds: blockSeconds, breach: entry.breaches, newBreach: true };
  }

  async isBlocked(key: string, policy: BackoffPolicy): Promise<BlockStatus> {
    const now = this.now();
    const entry = this.live(`${policy.name}:${key}`, now);
    if (!entry || entry.blockedUntil <= now) return { blocked: false };
    return { blocked: true, retryAfterSeconds: toRetryAfterSeconds(entry.blockedUntil - now) };
  }

  async reset(key: string, policy: BackoffPolicy): Promise<void> {
    const entry = this.live(`${policy.name}:${key}`, this.now());
    if (entry) entry.failures = 0;
  }

  /** The entry if anything in it still matters; a fully expired one is dropped. */
  private live(id: string, now: number): Entry | undefined {
    const entry = this.entries.get(id);
    if (entry && Math.max(entry.failuresUntil, entry.blockedUntil, entry.breachesUntil) <= now) {
      this.entries.delete(id);
      return undefined;
    }
    return entry;
  }

  private create(id: string): Entry {
    if (this.entries.size >= this.maxEntries) this.evict();
    const entry: Entry = { failures: 0, failuresUntil: 0, breaches: 0, breachesUntil: 0, blockedUntil: 0 };
    this.entries.set(id, entry);
    return entry;
  }

  /** Drops expired entries, then the oldest tenth if still full: forgetting some subjects beats running out of memory. */
  private evict(): void {
    const now = this.now();
    for (const id of [...this.entries.keys()]) this.live(id, now);
    if (this.entries.size < this.maxEntries) return;
    let toDrop = Math.ceil(this.maxEntries / 10);
    for (const id of this.entries.keys()) {
      if (toDrop-- <= 0) break;
      this.entries.delete(id);
    }
  }
}
