import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { blockSchedule, assertValidBackoffPolicy, toRetryAfterSeconds } from '../../auth/rate-limit/escalation.js';
import { MemoryFailureTracker } from '../../auth/rate-limit/memory-failure-tracker.js';
import type {
  BackoffPolicy,
  BlockStatus,
  BudgetPolicy,
  FailureDecision,
  FailureTracker,
  RateLimitDecision,
  RateLimiter,
  RateLimitLogger,
} from '../../auth/rate-limit/port.js';
import type { RedisConnection } from './client.js';
import { RateLimiterOutageLog } from './rate-limiter-outage.js';
import { backoffKeys, defineRecordFailure } from './rate-limiter-scripts.js';

export { backoffKeys, type BackoffKeys } from './rate-limiter-scripts.js';

export const DEFAULT_RATE_LIMIT_KEY_PREFIX = 'fc:rl:';

export interface RedisRateLimiterOptions {
  /**
   * Must have a command timeout and no offline queue (`createRedisClient` does both): the limiter
   * falls back when a call fails, so a call that hangs would hang the request instead.
   */
  readonly client: RedisConnection;
  readonly logger: RateLimitLogger;
  /** Namespace of every key this limiter writes. */
  readonly keyPrefix?: string;
}

/** Options object identity marks a consume the insurance limiter answered (see InsuranceLimiter). */
type ConsumeMarker = Record<string, never>;

/**
 * rate-limiter-flexible's fallback: it calls this limiter with the same arguments when Redis
 * rejects. Overriding consume is how we learn that it did, to log the outage.
 */
class InsuranceLimiter extends RateLimiterMemory {
  constructor(
    policy: BudgetPolicy,
    private readonly served: WeakSet<object>,
  ) {
    super({ points: policy.points, duration: policy.windowSeconds });
  }

  override consume(key: string | number, points?: number, options: ConsumeMarker = {}): Promise<RateLimiterRes> {
    this.served.add(options);
    return super.consume(key, points, options);
  }
}

function assertValidBudget(policy: BudgetPolicy, cost: number): void {
  if (![policy.points, policy.windowSeconds, cost].every((value) => Number.isInteger(value) && value > 0)) {
    throw new RangeError(`Budget "${policy.name}" needs positive integer points, windowSeconds and cost`);
  }
}

/**
 * Request budgets and failure back-off in Redis, shared by every container. When Redis is down or
 * slow, a per-container limiter answers instead: clients are still limited (never fail open),
 * nothing throws, and the outage is logged once.
 */
export class RedisRateLimiter implements RateLimiter, FailureTracker {
  private readonly client: RedisConnection;
  private readonly prefix: string;
  private readonly outage: RateLimiterOutageLog;
  private readonly budgets = new Map<string, RateLimiterRedis>();
  private readonly servedByInsurance = new WeakSet<object>();
  private readonly fallbackTracker = new MemoryFailureTracker();
  private readonly recordFailureScript: ReturnType<typeof defineRecordFailure>;

  constructor(options: RedisRateLimiterOptions) {
    this.client = options.client;
    this.prefix = options.keyPrefix ?? DEFAULT_RATE_LIMIT_KEY_PREFIX;
    this.outage = new RateLimiterOutageLog(options.logger);
    this.recordFailureScript = defineRecordFailure(this.client);
  }

  async consume(key: string, policy: BudgetPolicy, cost = 1): Promise<RateLimitDecision> {
    assertValidBudget(policy, cost);
    this.connectIfIdle();
    const marker: ConsumeMarker = {};
    try {
      const result = await this.budget(policy).consume(key, cost, marker);
      this.noteAnswer(marker);
      return { allowed: true, remaining: result.remainingPoints };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        this.noteAnswer(marker);
        return { allowed: false, retryAfterSeconds: toRetryAfterSeconds(rejection.msBeforeNext) };
      }
      // Both Redis and the in-memory insurance failed, which the memory limiter never does; refuse
      // rather than let the request through unmetered, and say so.
      this.outage.fellBack('consume', this.client.status, rejection);
      return { allowed: false, retryAfterSeconds: 1 };
    }
  }

  async recordFailure(key: string, policy: BackoffPolicy): Promise<FailureDecision> {
    assertValidBackoffPolicy(policy);
    return this.guarded('recordFailure', async () => {
      const [blocked, value, breach, newBreach] = await this.recordFailureScript(backoffKeys(this.prefix, policy, key), policy, blockSchedule(policy));
      return blocked === 1
        ? { blocked: true, retryAfterSeconds: toRetryAfterSeconds(value), breach, newBreach: newBreach === 1 }
        : { blocked: false, failuresLeft: value };
    }, () => this.fallbackTracker.recordFailure(key, policy));
  }

  async isBlocked(key: string, policy: BackoffPolicy): Promise<BlockStatus> {
    return this.guarded('isBlocked', async () => {
      const remainingMs = await this.client.pttl(backoffKeys(this.prefix, policy, key).block);
      return remainingMs > 0 ? { blocked: true, retryAfterSeconds: toRetryAfterSeconds(remainingMs) } : { blocked: false };
    }, () => this.fallbackTracker.isBlocked(key, policy));
  }

  async reset(key: string, policy: BackoffPolicy): Promise<void> {
    // The fallback forgets too: a success proves the password whichever store counted the misses.
    await this.fallbackTracker.reset(key, policy);
    await this.guarded('reset', async () => {
      await this.client.del(backoffKeys(this.prefix, policy, key).failures);
    }, async () => undefined);
  }

  /** Runs a Redis call; on any failure (down, timeout, not ready) answers from the fallback instead. */
  private async guarded<T>(operation: string, viaRedis: () => Promise<T>, viaFallback: () => Promise<T>): Promise<T> {
    this.connectIfIdle();
    let result: T;
    try {
      // Same rule as the budgets (`rejectIfRedisNotReady`): don't queue behind a reconnect.
      if (this.client.status !== 'ready') throw new Error(`Redis connection is ${this.client.status}`);
      result = await viaRedis();
    } catch (error) {
      this.outage.fellBack(operation, this.client.status, error);
      return viaFallback();
    }
    this.outage.redisAnswered();
    return result;
  }

  private noteAnswer(marker: ConsumeMarker): void {
    if (this.servedByInsurance.has(marker)) this.outage.fellBack('consume', this.client.status);
    else this.outage.redisAnswered();
  }

  /** A lazily connecting client that nobody connected yet would otherwise never leave the fallback. */
  private connectIfIdle(): void {
    if (this.client.status === 'wait') this.client.connect().catch(() => undefined);
  }

  private budget(policy: BudgetPolicy): RateLimiterRedis {
    const id = `${policy.name}/${policy.points}/${policy.windowSeconds}`;
    let limiter = this.budgets.get(id);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: this.client,
        keyPrefix: `${this.prefix}${policy.name}`,
        points: policy.points,
        duration: policy.windowSeconds,
        // Straight to the insurance limiter while disconnected, instead of waiting on a reconnect.
        rejectIfRedisNotReady: true,
        insuranceLimiter: new InsuranceLimiter(policy, this.servedByInsurance),
      });
      this.budgets.set(id, limiter);
    }
    return limiter;
  }
}
