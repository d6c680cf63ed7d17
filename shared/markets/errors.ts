/**
 * Domain errors of the trading service. Each carries a stable `code` (safe to show callers) and
 * an `httpStatus` hint that the HTTP layer maps to a problem+json answer; messages never name
 * tables, SDKs or other users.
 */
export class MarketsError extends Error {
  readonly code: string;
  readonly httpStatus: number;
  constructor(code: string, httpStatus: number, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MarketsError';
    this.code = code;
    this.httpStatus = httpStatus;
  }
}

/** No market with that id. */
export class MarketNotFoundError extends MarketsError {
  constructor(marketId: string) {
    super('MARKET_NOT_FOUND', 404, `No market ${JSON.stringify(marketId)}`);
    this.name = 'MarketNotFoundError';
  }
}

/** No open order with that id belongs to the caller (someone else's order is reported the same way). */
export class OrderNotFoundError extends MarketsError {
  constructor(orderId: string, options?: ErrorOptions) {
    super('ORDER_NOT_FOUND', 404, `No open order ${JSON.stringify(orderId)}`, options);
    this.name = 'OrderNotFoundError';
  }
}

/** No task with that id. */
export class TaskNotFoundError extends MarketsError {
  constructor(taskId: string) {
    super('TASK_NOT_FOUND', 404, `No task ${JSON.stringify(taskId)}`);
    this.name = 'TaskNotFoundError';
  }
}

/** The market does not accept this action in its current state (paused, closed, resolved…). */
export class MarketNotOpenError extends MarketsError {
  readonly status: string;
  constructor(status: string, message = `The market is ${status}`, options?: ErrorOptions) {
    super('MARKET_NOT_OPEN', 409, message, options);
    this.name = 'MarketNotOpenError';
    this.status = status;
  }
}

/** The caller cannot pay (e.g. an AMM market's subsidy). Rejected orders are not errors: they come back `rejected`. */
export class InsufficientFundsError extends MarketsError {
  constructor(message: string, options?: ErrorOptions) {
    super('INSUFFICIENT_FUNDS', 422, message, options);
    this.name = 'InsufficientFundsError';
  }
}

/** A market definition that breaks a rule (outcomes, engine/type combination, closesAt in the past…). */
export class InvalidMarketInputError extends MarketsError {
  constructor(message: string, options?: ErrorOptions) {
    super('INVALID_MARKET_INPUT', 400, message, options);
    this.name = 'InvalidMarketInputError';
  }
}

/** A well-formed order that the market's engine refuses (unknown outcome, GTC market order, maxCost on a sell…). */
export class InvalidOrderError extends MarketsError {
  constructor(message: string, options?: ErrorOptions) {
    super('INVALID_ORDER', 422, message, options);
    this.name = 'InvalidOrderError';
  }
}

/** The order book is full: a resting order would push the market's state past what one item holds. */
export class BookFullError extends MarketsError {
  constructor(limit: number) {
    super('BOOK_FULL', 422, `The order book holds at most ${limit} resting orders; use IOC or try later`);
    this.name = 'BookFullError';
  }
}

/** A pagination cursor this service did not issue, or that was edited. */
export class InvalidPageCursorError extends MarketsError {
  constructor(options?: ErrorOptions) {
    super('INVALID_CURSOR', 400, 'The pagination cursor is not valid', options);
    this.name = 'InvalidPageCursorError';
  }
}

/**
 * Too many writers raced for the same market and the retries ran out. Safe to retry later:
 * the HTTP layer answers 503 with `Retry-After: retryAfterSeconds`.
 */
export class ContentionError extends MarketsError {
  readonly retryAfterSeconds: number;
  readonly attempts: number;
  constructor(attempts: number, options?: ErrorOptions) {
    super('CONTENTION', 503, 'The market is busy; try again shortly', options);
    this.name = 'ContentionError';
    this.attempts = attempts;
    this.retryAfterSeconds = 1;
  }
}

/** Something that cannot happen if the stored data is consistent; never a caller's fault (500). */
export class MarketsInternalError extends MarketsError {
  constructor(message: string, options?: ErrorOptions) {
    super('INTERNAL', 500, message, options);
    this.name = 'MarketsInternalError';
  }
}

/** An amount that is not a whole number of cents in range (credits). */
export class InvalidAmountError extends MarketsError {
  constructor(message: string) {
    super('INVALID_AMOUNT', 400, message);
    this.name = 'InvalidAmountError';
  }
}
