import { ContentionError } from './errors.js';

/** Back-off for optimistic-concurrency retries: full jitter, exponential, capped. */
export interface RetryPolicy {
  /** Attempts in all (the first try included). */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 16, baseDelayMs: 4, maxDelayMs: 250 };

/** What one attempt answers: a value, or "lost a race, try again". */
export type Attempt<T> = { done: true; value: T } | { done: false };

export const RETRY: { done: false } = { done: false };
export const done = <T>(value: T): Attempt<T> => ({ done: true, value });

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it is done. Between tries it sleeps a random time in
 * [0, min(maxDelay, base × 2^n)] ("full jitter"), so racing containers spread out instead of
 * colliding again in lockstep. After `policy.attempts` lost races it throws ContentionError.
 */
export async function withRetries<T>(policy: RetryPolicy, attempt: (n: number) => Promise<Attempt<T>>): Promise<T> {
  for (let n = 0; n < policy.attempts; n += 1) {
    if (n > 0) await sleep(Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** n));
    const result = await attempt(n);
    if (result.done) return result.value;
  }
  throw new ContentionError(policy.attempts);
}
