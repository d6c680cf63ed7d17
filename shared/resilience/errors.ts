/** Base of every resilience failure; `code` is stable and safe to show callers. */
export class ResilienceError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ResilienceError';
    this.code = code;
  }
}

/** The breaker refused the call without running it; the dependency may be tried after `retryAfterSeconds`. */
export class BreakerOpenError extends ResilienceError {
  readonly breaker: string;
  readonly retryAfterSeconds: number;
  constructor(breaker: string, retryAfterSeconds: number, options?: ErrorOptions) {
    super('BREAKER_OPEN', `The ${breaker} dependency is temporarily unavailable`, options);
    this.name = 'BreakerOpenError';
    this.breaker = breaker;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** No breaker has that name; the HTTP layer answers 404. */
export class UnknownBreakerError extends ResilienceError {
  readonly httpStatus = 404;
  readonly breaker: string;
  constructor(breaker: string) {
    super('UNKNOWN_BREAKER', `No circuit breaker named ${JSON.stringify(breaker)}`);
    this.name = 'UnknownBreakerError';
    this.breaker = breaker;
  }
}

/** A call that ran past its allowed time (a half-open probe, or the shared-state read). */
export class CallTimeoutError extends ResilienceError {
  constructor(what: string, timeoutMs: number) {
    super('CALL_TIMEOUT', `${what} did not finish within ${timeoutMs} ms`);
    this.name = 'CallTimeoutError';
  }
}
