/**
 * The rate-limiting ports. The domain owns these interfaces; `shared/adapters/redis/rate-limiter.ts`
 * implements them on Redis with a per-container fallback. Callers only ever pass hashed subjects
 * (see `rateLimitKey`), so no store key carries an IP address or an e-mail.
 */

/** A request budget: at most `points` per fixed window of `windowSeconds`, counted across containers. */
export interface BudgetPolicy {
  readonly kind: 'budget';
  /** Stable name; part of every store key, so renaming it resets the counters. */
  readonly name: string;
  readonly points: number;
  readonly windowSeconds: number;
}

/**
 * Escalating back-off: `maxFailures` within `windowSeconds` is a breach and blocks the subject.
 * Breach n blocks for `baseBlockSeconds × 2^(n−1)`, capped at `maxBlockSeconds`; breaches are
 * remembered until `historySeconds` after the latest block ends (so a long block cannot outlive
 * the memory of why it was given, and the next breach escalates instead of starting over).
 */
export interface BackoffPolicy {
  readonly kind: 'backoff';
  readonly name: string;
  readonly maxFailures: number;
  readonly windowSeconds: number;
  readonly baseBlockSeconds: number;
  readonly maxBlockSeconds: number;
  readonly historySeconds: number;
}

export type RateLimitDecision =
  | { readonly allowed: true; readonly remaining: number }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

export type BlockStatus = { readonly blocked: false } | { readonly blocked: true; readonly retryAfterSeconds: number };

export type FailureDecision =
  /** Not blocked; `failuresLeft` more failures in this window trigger the next breach. */
  | { readonly blocked: false; readonly failuresLeft: number }
  /** Blocked: by this failure (`newBreach`, breach number `breach`) or already before it. */
  | { readonly blocked: true; readonly retryAfterSeconds: number; readonly breach: number; readonly newBreach: boolean };

/** Consumes request budgets. Never throws for a store outage: it degrades to a per-container limit. */
export interface RateLimiter {
  /** Takes `cost` (a positive integer, default 1) from the subject's budget. */
  consume(key: string, policy: BudgetPolicy, cost?: number): Promise<RateLimitDecision>;
}

/**
 * Counts failures (wrong passwords, 401/403 answers) and blocks with escalating back-off.
 * Never throws for a store outage: it degrades to a per-container tracker.
 */
export interface FailureTracker {
  /** Records one failure; the decision says whether the subject is (now) blocked. */
  recordFailure(key: string, policy: BackoffPolicy): Promise<FailureDecision>;
  /** Cheap check before doing the work that could fail (e.g. verifying a password). */
  isBlocked(key: string, policy: BackoffPolicy): Promise<BlockStatus>;
  /**
   * Forgets the failures of the current window (a successful login) but keeps the breach
   * history, so a client that alternates one success with bursts of guesses still escalates.
   * An active block is kept too: a success cannot happen while blocked, and a stolen session
   * must not be able to lift it.
   */
  reset(key: string, policy: BackoffPolicy): Promise<void>;
}

/** What the rate limiter says about itself; Powertools' Logger satisfies it. */
export interface RateLimitLogger {
  warn(message: string, attributes?: Record<string, unknown>): void;
  info(message: string, attributes?: Record<string, unknown>): void;
}
