import { HttpError } from '../../http/errors.js';

/** Stable codes of this module's errors: they appear in problem types and logs, so never rename them. */
export const RATE_LIMIT_ERROR_CODES = { tooManyRequests: 'too-many-requests' } as const;

/**
 * A request refused by a budget or a back-off block: 429 with Retry-After in whole seconds (≥ 1).
 * The detail says which kind of limit it was but nothing about keys or counters.
 */
export class TooManyRequestsError extends HttpError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number, detail = 'Too many requests; retry after the delay in Retry-After', options?: ErrorOptions) {
    const seconds = Math.max(1, Math.ceil(Number.isFinite(retryAfterSeconds) ? retryAfterSeconds : 1));
    super(429, RATE_LIMIT_ERROR_CODES.tooManyRequests, 'Too Many Requests', detail, {
      ...options,
      headers: { 'Retry-After': String(seconds) },
    });
    this.name = 'TooManyRequestsError';
    this.retryAfterSeconds = seconds;
  }
}
