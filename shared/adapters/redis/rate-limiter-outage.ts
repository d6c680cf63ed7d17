import type { RateLimitLogger } from '../../auth/rate-limit/port.js';

/**
 * Says once, per outage, that limits have become per-container, and once when Redis is back.
 * Every request during an outage hits the fallback; logging each would flood the logs (and the
 * bill) exactly when operators need them readable.
 */
export class RateLimiterOutageLog {
  private degraded = false;

  constructor(private readonly logger: RateLimitLogger) {}

  get isDegraded(): boolean {
    return this.degraded;
  }

  /** A Redis call failed or timed out and the in-container fallback answered instead. */
  fellBack(operation: string, redisStatus: string, error?: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    this.logger.warn('Rate limiter cannot reach Redis: limits are now enforced per container until it returns', {
      operation,
      redisStatus,
      // The library's insurance path hides the error itself; the connection state tells the two cases apart.
      reason: error instanceof Error ? error.message : redisStatus === 'ready' ? 'command failed or timed out' : 'not connected',
    });
  }

  /** Redis answered a rate-limit call. */
  redisAnswered(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.logger.info('Rate limiter reaches Redis again: limits are shared across containers');
  }
}
