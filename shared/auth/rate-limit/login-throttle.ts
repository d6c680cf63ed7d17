import { TooManyRequestsError } from './errors.js';
import { RATE_LIMIT_POLICIES } from './policies.js';
import type { BackoffPolicy, FailureDecision, FailureTracker, RateLimitLogger } from './port.js';
import { rateLimitKey } from './subject-key.js';

export interface LoginThrottleOptions {
  readonly tracker: FailureTracker;
  readonly policy?: BackoffPolicy;
  /** HMAC secret for subject keys (see `rateLimitKey`); the same in every container. */
  readonly keySecret?: string;
  readonly logger?: RateLimitLogger;
}

/**
 * Brute-force protection of one account, whatever IP the guesses come from. The login route
 * calls `assertAllowed` before verifying anything (so a blocked account costs no hashing and
 * reveals nothing), `failed` on a wrong password or TOTP code, `succeeded` once both check out.
 */
export interface LoginThrottle {
  /** Throws TooManyRequestsError (429, Retry-After) while the account is blocked. */
  assertAllowed(email: string): Promise<void>;
  /** Counts a failure; the decision tells whether it blocked the account (answer 401 anyway: the next try gets 429). */
  failed(email: string): Promise<FailureDecision>;
  /** Forgets the failures of this window; the breach history stays (see FailureTracker.reset). */
  succeeded(email: string): Promise<void>;
}

export function loginThrottle(options: LoginThrottleOptions): LoginThrottle {
  const { tracker, keySecret, logger } = options;
  const policy = options.policy ?? RATE_LIMIT_POLICIES.loginFailuresPerAccount;
  // Unknown e-mails are throttled like real ones: different behaviour would enumerate accounts.
  const keyOf = (email: string): string => rateLimitKey('account', email, keySecret);

  return {
    assertAllowed: async (email) => {
      const status = await tracker.isBlocked(keyOf(email), policy);
      if (!status.blocked) return;
      logger?.warn('login refused: account blocked after repeated failures', {
        policy: policy.name,
        retryAfterSeconds: status.retryAfterSeconds,
        subject: keyOf(email),
      });
      throw new TooManyRequestsError(status.retryAfterSeconds, 'Too many failed sign-in attempts; retry after the delay in Retry-After');
    },
    failed: async (email) => {
      const decision = await tracker.recordFailure(keyOf(email), policy);
      if (decision.blocked && decision.newBreach) {
        logger?.warn('account blocked after repeated login failures', {
          policy: policy.name,
          breach: decision.breach,
          retryAfterSeconds: decision.retryAfterSeconds,
          subject: keyOf(email),
        });
      }
      return decision;
    },
    succeeded: (email) => tracker.reset(keyOf(email), policy),
  };
}
