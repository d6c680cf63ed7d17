import type { APIGatewayProxyEvent } from 'aws-lambda';
import { HttpError } from '../../http/errors.js';
import { type ApiMiddleware, type ApiRequest, stateOf } from '../../http/middleware/request-state.js';
import { TooManyRequestsError } from './errors.js';
import { type HttpRateLimitPolicies, RATE_LIMIT_POLICIES } from './policies.js';
import type { BudgetPolicy, FailureTracker, RateLimiter, RateLimitLogger } from './port.js';
import { rateLimitKey } from './subject-key.js';

export interface RateLimitOptions {
  readonly limiter: RateLimiter & FailureTracker;
  readonly logger: RateLimitLogger;
  readonly policies?: HttpRateLimitPolicies;
  /** HMAC secret for subject keys (see `rateLimitKey`); the same in every container. */
  readonly keySecret?: string;
}

/** This middleware's own slice of `request.internal`, beside the shared request state. */
interface RateLimitState {
  ipKey: string;
}

const STATE_KEY = 'fundcast.rateLimit';
/** Status codes that count as an authentication or authorisation failure of the calling IP. */
const AUTH_FAILURE_STATUSES = new Set([401, 403]);
const AUTH_PATH_PREFIX = '/auth/';

/** The caller's address as API Gateway saw it (never a client-supplied header such as X-Forwarded-For). */
export function sourceIpOf(event: APIGatewayProxyEvent | undefined): string {
  return event?.requestContext?.identity?.sourceIp ?? 'unknown';
}

function pathOf(request: ApiRequest): string {
  // The matched route when matchRoute ran first; otherwise the resource, so unmatched paths
  // (404 scans) are limited too when this middleware runs before routing.
  return stateOf(request).route?.path ?? request.event.resource ?? request.event.path ?? '';
}

function statusOf(request: ApiRequest): number | undefined {
  if (request.error instanceof HttpError) return request.error.status;
  return request.response?.statusCode;
}

function refuse(logger: RateLimitLogger, policy: string, retryAfterSeconds: number, subject: string): never {
  // A security event: which policy refused whom (by hashed key, never the raw IP or account).
  logger.warn('request refused by rate limit', { policy, retryAfterSeconds, subject });
  throw new TooManyRequestsError(retryAfterSeconds);
}

/**
 * Per-IP budgets (tighter on `/auth/*`) and escalating back-off for IPs that collect 401/403
 * answers. `before` refuses with 429 + Retry-After; `after`/`onError` count a 401/403 against
 * the IP. Place it right after the response-finalising middleware, before routing and auth.
 */
export function rateLimit(options: RateLimitOptions): ApiMiddleware {
  const { limiter, logger, keySecret } = options;
  const policies = options.policies ?? RATE_LIMIT_POLICIES;

  const recordAuthFailure = async (request: ApiRequest): Promise<void> => {
    const state = (request.internal as Record<string, unknown>)[STATE_KEY] as RateLimitState | undefined;
    const status = statusOf(request);
    if (!state || status === undefined || !AUTH_FAILURE_STATUSES.has(status)) return;
    // Awaited, not fire-and-forget: Lambda may freeze the container as soon as we return.
    const decision = await limiter.recordFailure(state.ipKey, policies.authFailuresPerIp);
    if (decision.blocked && decision.newBreach) {
      logger.warn('client IP blocked after repeated 401/403 answers', {
        policy: policies.authFailuresPerIp.name,
        breach: decision.breach,
        retryAfterSeconds: decision.retryAfterSeconds,
        subject: state.ipKey,
      });
    }
  };

  return {
    before: async (request) => {
      const ipKey = rateLimitKey('ip', sourceIpOf(request.event), keySecret);
      (request.internal as Record<string, unknown>)[STATE_KEY] = { ipKey } satisfies RateLimitState;
      const budget = pathOf(request).startsWith(AUTH_PATH_PREFIX) ? policies.ipAuth : policies.ip;
      const [block, decision] = await Promise.all([
        limiter.isBlocked(ipKey, policies.authFailuresPerIp),
        limiter.consume(ipKey, budget),
      ]);
      if (block.blocked) refuse(logger, policies.authFailuresPerIp.name, block.retryAfterSeconds, ipKey);
      if (!decision.allowed) refuse(logger, budget.name, decision.retryAfterSeconds, ipKey);
    },
    after: recordAuthFailure,
    onError: recordAuthFailure,
  };
}

export interface UserBudgetOptions {
  readonly logger?: RateLimitLogger;
  readonly policy?: BudgetPolicy;
  readonly keySecret?: string;
}

/**
 * Takes one request from the authenticated user's budget; throws TooManyRequestsError when it is
 * spent. Call it once the principal is known (the authorisation step), with `principal.subject`.
 */
export async function consumeUserBudget(limiter: RateLimiter, subject: string, options: UserBudgetOptions = {}): Promise<void> {
  const policy = options.policy ?? RATE_LIMIT_POLICIES.user;
  const key = rateLimitKey('user', subject, options.keySecret);
  const decision = await limiter.consume(key, policy);
  if (decision.allowed) return;
  if (options.logger) refuse(options.logger, policy.name, decision.retryAfterSeconds, key);
  throw new TooManyRequestsError(decision.retryAfterSeconds);
}
