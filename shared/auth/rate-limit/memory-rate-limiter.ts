import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { toRetryAfterSeconds } from './escalation.js';
import { MemoryFailureTracker } from './memory-failure-tracker.js';
import type { BackoffPolicy, BlockStatus, BudgetPolicy, FailureDecision, FailureTracker, RateLimitDecision, RateLimiter } from './port.js';

/**
 * Budgets and back-off in this container only: what the service uses when it has no Redis at all
 * (a local run without redis-server). Limits still hold per container; they are just not shared.
 */
export class MemoryRateLimiter implements RateLimiter, FailureTracker {
  private readonly budgets = new Map<string, RateLimiterMemory>();
  private readonly tracker = new MemoryFailureTracker();

  async consume(key: string, policy: BudgetPolicy, cost = 1): Promise<RateLimitDecision> {
    const id = `${policy.name}/${policy.points}/${policy.windowSeconds}`;
    let budget = this.budgets.get(id);
    if (!budget) {
      budget = new RateLimiterMemory({ keyPrefix: policy.name, points: policy.points, duration: policy.windowSeconds });
      this.budgets.set(id, budget);
    }
    try {
      const result = await budget.consume(key, cost);
      return { allowed: true, remaining: result.remainingPoints };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: toRetryAfterSeconds(rejection.msBeforeNext) };
      throw rejection;
    }
  }

  recordFailure(key: string, policy: BackoffPolicy): Promise<FailureDecision> {
    return this.tracker.recordFailure(key, policy);
  }

  isBlocked(key: string, policy: BackoffPolicy): Promise<BlockStatus> {
    return this.tracker.isBlocked(key, policy);
  }

  reset(key: string, policy: BackoffPolicy): Promise<void> {
    return this.tracker.reset(key, policy);
  }
}
